"""The wording of govtext's error messages, in one place, worded for the Python API.

Each function returns the text of one kind of complaint; the exception class stays where it is
raised (:mod:`govtext.errors`).  The command line prints these as they are and adds its flag
hints (``--force``, ``--trust``, ``--encoding``) through :func:`cli_hint`.

Longer than 400 lines on purpose: it is the catalogue of every complaint govtext makes, one
section per room of the package, so that wordings can be compared and kept consistent.

>>> already_exists("out.csv")
'out.csv: already exists; pass overwrite=True to replace it'
>>> cli_hint(already_exists("out.csv"))
'out.csv: already exists; use --force to replace it'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import shown_path

# API wording -> what the command line says instead.  Each room of govtext keeps its own pairs in
# its section below; cli_hint applies them all.
_CLI_HINTS: dict[str, str] = {}


def cli_hint(message: str) -> str:
    """*message* with the command line's flag named beside the API's argument."""
    for api, cli in _CLI_HINTS.items():
        if api in message and cli not in message:
            message = message.replace(api, cli)
    return message


# == files and text input ===========================================================================
# (io/, text, segment, dates)
_CLI_HINTS.update(
    {
        "pass overwrite=True to replace it": "use --force to replace it",
    }
)


def already_exists(path: str | Path) -> str:
    return f"{shown_path(path)}: already exists; pass overwrite=True to replace it"


def appeared_while_writing(path: str | Path) -> str:
    return f"{shown_path(path)}: appeared while writing; pass overwrite=True to replace it"


def is_a_folder(path: str | Path) -> str:
    return f"{shown_path(path)}: is a folder, not a file"


# -- end of files and text input --


# == corpus =========================================================================================
# (corpus, corpus_check)


# -- end of corpus --


# == schemes ========================================================================================
# (schemes)


_CLI_HINTS.update(
    {
        "(or pass a Scheme: govtext.load_scheme_file(path))": "(or give a scheme file with --scheme-file)",
    }
)


def not_a_scheme(value: Any) -> str:
    return f"a scheme is a name or a Scheme, not {type(value).__name__}"


def unknown_scheme(name: str, available: tuple[str, ...]) -> str:
    """
    >>> unknown_scheme("shanghai", ("ningbo", "yuecheng"))
    "unknown scheme 'shanghai'; available: ningbo, yuecheng (or pass a Scheme: govtext.load_scheme_file(path))"
    >>> cli_hint(unknown_scheme("shanghai", ("ningbo",)))
    "unknown scheme 'shanghai'; available: ningbo (or give a scheme file with --scheme-file)"
    """
    return (
        f"unknown scheme {name!r}; available: {', '.join(available)} (or pass a Scheme: govtext.load_scheme_file(path))"
    )


def scheme_without_name() -> str:
    return "a scheme needs a non-empty name"


def scheme_without_categories(name: str) -> str:
    return f"scheme {name!r} has no categories"


def category_twice(name: str, labels: list[str]) -> str:
    return f"scheme {name!r} names a category twice: {', '.join(labels)}"


def other_label_reserved(name: str, other: str) -> str:
    return f"scheme {name!r}: {other!r} is reserved for sentences outside every category"


def in_scheme_source(source: str | Path, reason: str | Exception) -> str:
    """*reason*, a complaint about a scheme, said of the file (or other source) it came from."""
    return f"{shown_path(source)}: {reason}"


def scheme_not_a_table(source: str | Path) -> str:
    return f"{shown_path(source)}: a scheme is a table/object with 'name' and 'categories'"


def scheme_name_not_a_string(source: str | Path) -> str:
    return f"{shown_path(source)}: 'name' must be a non-empty string"


def scheme_categories_not_a_list(source: str | Path) -> str:
    return f"{shown_path(source)}: 'categories' must be a non-empty list"


def category_without_label(source: str | Path, number: int) -> str:
    return f"{shown_path(source)}: category {number} needs a non-empty 'label'"


def category_terms_not_strings(source: str | Path, label: str) -> str:
    return f"{shown_path(source)}: category {label!r}: 'terms' must be a list of strings"


def cannot_read_scheme_file(path: str | Path, error: OSError) -> str:
    return f"{shown_path(path)}: cannot read scheme file: {error.strerror or error}"


def invalid_scheme_file(path: str | Path, error: Exception) -> str:
    kind = Path(path).suffix.lstrip(".").upper() or "JSON"
    return f"{shown_path(path)}: not a valid {kind} scheme file: {error}"


# -- end of schemes --


# == inputs of the API ==============================================================================
# (model, engine/, active and the other public functions)


def not_sentences(name: str, value: Any) -> str:
    hint = "; for one article use classify()" if isinstance(value, str) else ""
    return f"{name} must be a list of sentences, not {type(value).__name__}{hint}"


def not_a_str(name: str, value: Any) -> str:
    return f"{name} must be a str, not {type(value).__name__}"


def not_an_article(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "classify() needs the article as a str, not bytes; decode it first (govtext.io.decode)"
    return f"classify() needs the article as a str, not {type(value).__name__}"


def needs(function: str, what: str, value: Any) -> str:
    return f"{function}() needs {what}, not {type(value).__name__}"


def at_least(name: str, minimum: int, value: Any) -> str:
    return f"{name} must be at least {minimum}, not {value}"


def one_of(name: str, choices: tuple[str, ...] | list[str], value: Any) -> str:
    return f"{name} must be one of {', '.join(choices)}, not {value!r}"


def not_a_model(value: Any) -> str:
    return f"a model is a scheme name or a path, not {type(value).__name__}"


def not_labels(name: str, value: Any) -> str:
    return f"{name} must be a list of labels, not {type(value).__name__}"


def is_empty(name: str) -> str:
    return f"{name} is empty"


def lengths_differ(sentences: int, labels: int) -> str:
    return f"X has {sentences} sentences but y has {labels} labels"


def labels_not_in_scheme(scheme: str, unknown: list[str], valid: tuple[str, ...]) -> str:
    return f"labels not in scheme {scheme!r}: {', '.join(unknown)}; valid: {', '.join(valid)}"


def one_label_only(label: str) -> str:
    return f"every sentence has the label {label!r}; training needs sentences of at least two labels"


def corpus_for_another_scheme(corpus: str, scheme: str) -> str:
    return f"corpus is for scheme {corpus!r}, not {scheme!r}"


# -- end of inputs of the API --


# == models and model files =========================================================================
# (model, training, stacking, engine/, explain, modelfile/, errors)
_CLI_HINTS.update(
    {
        "load it with trusted=True": "load it with trusted=True (command line: --trust)",
        "retrain it with govtext.train()": "retrain it with `govtext train`",
    }
)


def not_fitted() -> str:
    return "this Classifier is not trained yet: call fit(), govtext.train() or govtext.load()"


def header_disagrees(path: str | Path, what: str) -> str:
    verb = "disagree" if what.endswith("s") else "disagrees"
    return f"{shown_path(path)}: the model's {what} {verb} with its header"


def untrusted(path: str | Path) -> str:
    return (
        f"{shown_path(path)}: not a bundled model and not one saved by this user; unpickling it could run code "
        "from the file. If you trust its source, load it with trusted=True"
    )


def no_such_model(name: str, bundled: tuple[str, ...]) -> str:
    return f"no bundled model or file named {name!r}; bundled models: {', '.join(bundled)}"


def segmenter_changed(path: str | Path, what: str) -> str:
    return (
        f"{shown_path(path)}: model was trained with {what}; its tokens differ here, so predictions may differ: "
        "retrain it with govtext.train() to be sure"
    )


def sklearn_changed(path: str | Path, saved: str | None, installed: str) -> str:
    return (
        f"{shown_path(path)}: model was saved with scikit-learn {saved}, this is {installed}; "
        "predictions may differ: retrain it with govtext.train() to be sure"
    )


def cannot_unpickle(path: str | Path, error: Exception, saved: str | None) -> str:
    return (
        f"{shown_path(path)}: cannot unpickle the model ({type(error).__name__}: {error}); it was saved with "
        f"scikit-learn {saved}: retrain it with govtext.train()"
    )


def not_a_classifier(path: str | Path, value: Any) -> str:
    return f"{shown_path(path)}: holds a {type(value).__name__}, not a govtext Classifier"


def bundled_model_missing(path: str | Path, name: str) -> str:
    return (
        f"{shown_path(path)}: the bundled model file is missing; reinstall govtext, or call govtext.load({name!r}) "
        "to rebuild it from the bundled corpus"
    )


def built_with_sklearn(version: str | None) -> str:
    return f"it was built with scikit-learn {version}"


def retraining_bundled(name: str, reason: str, sklearn: str, cached: str | Path | None) -> str:
    kept = f" (kept in {shown_path(cached)})" if cached else ""
    return (
        f"bundled model {name!r} cannot be used as shipped ({reason}); retraining it from the bundled corpus "
        f"for scikit-learn {sklearn}{kept}"
    )


def cannot_write_model(path: str | Path, error: OSError) -> str:
    return f"{shown_path(path)}: cannot write model: {error.strerror or error}"


def cannot_read_model(path: str | Path, error: OSError) -> str:
    return f"{shown_path(path)}: cannot read model file: {error.strerror or error}"


def no_such_model_file(path: str | Path) -> str:
    return f"{shown_path(path)}: no such model file"


def not_a_model_file(path: str | Path) -> str:
    return f"{shown_path(path)}: not a govtext model file (no govtext header)"


def header_truncated(path: str | Path) -> str:
    return f"{shown_path(path)}: model header is truncated or too long"


def header_not_json(path: str | Path) -> str:
    return f"{shown_path(path)}: model header is not valid JSON (damaged file)"


def header_not_govtext(path: str | Path) -> str:
    return f"{shown_path(path)}: model header does not describe a govtext model"


def header_lacks(path: str | Path, key: str) -> str:
    return f"{shown_path(path)}: model header lacks {key!r} (damaged or foreign file)"


def header_malformed(path: str | Path, what: str) -> str:
    """
    >>> header_malformed("m.joblib", "segmenter field")
    'm.joblib: model header has a malformed segmenter field (damaged or foreign file)'
    """
    return f"{shown_path(path)}: model header has a malformed {what} (damaged or foreign file)"


def unreadable_format(path: str | Path, version: Any, govtext_version: str) -> str:
    return (
        f"{shown_path(path)}: model file format {version!r} is not one this govtext ({govtext_version}) reads; "
        "upgrade govtext or retrain the model"
    )


def truncated_or_padded(path: str | Path, expected: tuple[int, int], found: tuple[int, int]) -> str:
    """*expected* and *found*: the sizes of the pickled payload and of the prediction section."""
    return (
        f"{shown_path(path)}: model is truncated or padded (header says {expected[0]} + {expected[1]} bytes, "
        f"file has {found[0]} + {found[1]})"
    )


def digest_mismatch(path: str | Path, section: str) -> str:
    return f"{shown_path(path)}: {section} does not match its SHA-256 digest (tampered or damaged file)"


def section_unreadable(path: str | Path, error: Exception) -> str:
    return f"{shown_path(path)}: prediction section is unreadable ({error})"


def section_disagrees(what: str) -> str:
    """Why a prediction section's parts do not fit together (:func:`section_unreadable` adds the file)."""
    return f"the header and the data disagree on {what}"


def context_shapes_disagree(coef: tuple[int, ...], intercept: tuple[int, ...]) -> str:
    return f"context stage: coef {coef} and intercept {intercept} disagree"


def context_features_disagree(features: int, labels: int) -> str:
    return f"context stage: {features} features for {labels} labels"


def context_settings_out_of_range() -> str:
    return "context stage: window must be >= 1 and temperature > 0"


def opencc_missing(error: Exception) -> str:
    return (
        f"OpenCC is not available ({type(error).__name__}: {error}); traditional-script text is classified "
        "as it is, less accurately: pip install opencc"
    )


# -- end of models and model files --


# == labelling ======================================================================================
# (labelling, label_server, label_page, active)


# -- end of labelling --


# == reports and outputs ============================================================================
# (batch, results, parquet, palette, report/, notebook)


# -- end of reports and outputs --


# == command line ===================================================================================
# (cli/, __main__, __init__)


# -- end of command line --
