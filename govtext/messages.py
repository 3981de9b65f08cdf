"""The wording of govtext's error messages, in one place, worded for the Python API.

Each function returns the text of one kind of complaint; the exception class stays where it is
raised (the classes of :mod:`govtext.errors` import their own words from here, never the other
way).  The command line prints these as they are and adds its flag hints (``--force``,
``--trust``, ``--encoding``) through :func:`cli_hint`.

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


def shown_path(path: str | Path) -> str:
    r"""*path* as an error message shows it: as it is, or quoted with escapes when it holds a line
    break, a control character or bytes that are not text (so the message stays one printable line).

    >>> shown_path("a b.txt"), shown_path("a\nb.txt")
    ('a b.txt', "'a\\nb.txt'")
    """
    text = str(path)
    return text if text.isprintable() else repr(text)


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
        "pass its encoding, e.g. encoding='gb18030' or 'big5'": (
            "give its encoding with --encoding (e.g. gb18030, big5)"
        ),
        "pass encoding='utf-16'": "give --encoding utf-16",
    }
)


def already_exists(path: str | Path) -> str:
    return f"{shown_path(path)}: already exists; pass overwrite=True to replace it"


def appeared_while_writing(path: str | Path) -> str:
    return f"{shown_path(path)}: appeared while writing; pass overwrite=True to replace it"


def is_a_folder(path: str | Path) -> str:
    return f"{shown_path(path)}: is a folder, not a file"


def no_such_file(*, or_folder: bool = False) -> str:
    return "no such file or folder" if or_folder else "no such file"


def cannot_read(error: OSError) -> str:
    return f"cannot read: {error.strerror or error}"


def symlink_loop() -> str:
    return "is a loop of symbolic links"


def article_is_a_folder() -> str:
    return "is a folder; give the files in it (or use a glob)"


def not_a_regular_file(kind: str | None = None, *, stdin_hint: bool = False) -> str:
    """A path that is neither a file nor a folder; *kind* says what it is (a named pipe, a device).

    >>> not_a_regular_file("a device", stdin_hint=True)
    'is a device, not a regular file; to read a stream, pipe it to - (stdin)'
    """
    what = f"is {kind}, not a regular file" if kind else "is not a regular file"
    return what + ("; to read a stream, pipe it to - (stdin)" if stdin_hint else "")


def too_large(limit_bytes: int) -> str:
    return f"is larger than {limit_bytes // 2**20} MB; split it into articles"


def folder_holds_no(what: str, suffixes: tuple[str, ...]) -> str:
    return f"folder holds no {what} files ({', '.join(suffixes)})"


def unknown_encoding(encoding: str) -> str:
    return f"unknown encoding {encoding!r}"


def undecodable(byte: int) -> str:
    """Bytes that are neither UTF-8 nor a legacy Chinese encoding govtext recognises.

    >>> undecodable(10).split("; ")[1]
    "pass its encoding, e.g. encoding='gb18030' or 'big5'"
    >>> cli_hint(undecodable(10)).split("; ")[1]
    'give its encoding with --encoding (e.g. gb18030, big5)'
    """
    return (
        f"cannot decode as UTF-8 at byte {byte}, nor as GB18030 or Big5; "
        "pass its encoding, e.g. encoding='gb18030' or 'big5'"
    )


def cannot_decode_as(encoding: str, byte: int) -> str:
    return f"cannot decode as {encoding} at byte {byte}; is it in another encoding?"


def looks_like(what: str) -> str:
    return f"looks like {what}, not text"


def holds_nul_bytes() -> str:
    return (
        "looks like a binary file (it holds NUL bytes), not text; for UTF-16 without a byte-order mark "
        "pass encoding='utf-16'"
    )


def mostly_control_characters() -> str:
    return "looks like a binary file (mostly control characters), not text"


# == corpus =========================================================================================
# (corpus, corpus_check, errors.CorpusError)


def not_a_corpus_file(suffix: str, suffixes: tuple[str, ...]) -> str:
    expected = f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"
    return f"not a corpus file: expected {expected}, got {suffix or 'no suffix'!r}"


def not_utf8() -> str:
    return "not UTF-8 text (a corpus must be UTF-8)"


def not_valid_json(reason: str, column: int) -> str:
    return f"not valid JSON: {reason} (column {column})"


def line_not_json_object(value: Any) -> str:
    return f"expected a JSON object, got {type(value).__name__}"


def unreadable_header(reason: object) -> str:
    return f"unreadable header: {reason}"


def csv_header_lacks(missing: list[str], header: list[str], delimiter: str, seen: str | None) -> str:
    """A CSV/TSV header without the required columns; *seen* is another separator its names hold.

    >>> csv_header_lacks(["text", "label"], ["text;label"], ",", ";")
    "header lacks column text, label (has: text;label); the columns seem to be separated by ';', not ','"
    """
    hint = "" if seen is None else f"; the columns seem to be separated by {seen!r}, not {delimiter!r}"
    return f"header lacks column {', '.join(missing)} (has: {', '.join(header)}){hint}"


def malformed_row(reason: object) -> str:
    return f"malformed row: {reason}"


def unclosed_quote() -> str:
    return "a quote opened in this row is never closed (the row runs to the end of the file)"


def column_count(expected: int, got: int) -> str:
    return f"expected {expected} columns, got {got}"


def missing_field(name: str) -> str:
    return f"missing field {name!r}"


def field_not_a_string(name: str, value: Any) -> str:
    return f"field {name!r} must be a string, got {type(value).__name__}"


def empty_field(name: str) -> str:
    return f"field {name!r} is empty"


def article_without_index() -> str:
    return "fields 'article' and 'index' go together: give both or neither"


def empty_article_name() -> str:
    return "field 'article' must be a non-empty string"


def bad_index(value: Any) -> str:
    return f"field 'index' must be a whole number >= 0, got {value!r}"


def other_scheme(named: str, scheme: str) -> str:
    return f"sentence is for scheme {named!r}, not {scheme!r}"


def unknown_label(label: str, scheme: str, labels: tuple[str, ...]) -> str:
    return f"unknown label {label!r} for scheme {scheme!r}; valid labels: {', '.join(labels)}"


def conflicting_labels(label: str, first_label: str, first_where: str) -> str:
    return f"conflicting labels: {label!r} here but {first_label!r} at {first_where}"


def duplicate_of(first_where: str) -> str:
    return f"duplicate of {first_where}"


def no_sentences() -> str:
    return "corpus holds no sentences"


def index_again(article: str, index: int | None, first_line: int) -> str:
    return f"article {article!r}: index {index} again (first at line {first_line})"


def index_missing(article: str, index: int) -> str:
    return f"article {article!r}: no sentence with index {index} (indexes run 0..n-1)"


def no_problems_given() -> str:
    return "CorpusError needs at least one problem"


def and_more_problems(more: int) -> str:
    """What follows the first problem of a corpus when there are *more*.

    >>> and_more_problems(0), and_more_problems(2)
    ('', ' (and 2 more problems)')
    """
    return f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""


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


# == models and model files =========================================================================
# (model, training, stacking, engine/, explain, modelfile/)
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


def model_header_lacks(path: str | Path, key: str) -> str:
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


# == labelling ======================================================================================
# (labelling, label_server, label_page, active)
_CLI_HINTS.update(
    {
        "give another path as output=...": "give another -o",
    }
)


def to_label_not_utf8() -> str:
    return "is not UTF-8 text; give the JSONL that govtext suggest wrote"


def row_not_json_object(detail: str | None = None) -> str:
    """A line of a file to label (or of a session's output) that is not a JSON object."""
    return f"not a JSON object ({detail})" if detail else "not a JSON object"


def row_without_text() -> str:
    return "no 'text' (a non-empty string)"


def context_not_strings() -> str:
    return "'context_before' and 'context_after' must be lists of strings"


def nothing_to_label() -> str:
    return "has no sentences to label"


def not_a_progress_file() -> str:
    return "is not a progress file govtext wrote; move it away to start over"


def output_of_another_session() -> str:
    """An output that a labelling session would rewrite, though it holds rows from elsewhere.

    >>> cli_hint(output_of_another_session())
    'holds sentences that are not in the file to label; give another -o'
    """
    return "holds sentences that are not in the file to label; give another path as output=..."


def no_such_item(item: Any, count: int) -> str:
    return f"no item {item!r}; items are 0 to {count - 1}"


def label_not_in_scheme(label: str, labels: tuple[str, ...]) -> str:
    return f"unknown label {label!r}; valid labels: {', '.join(labels)}"


def text_not_a_str(name: str, value: Any) -> str:
    """A named text (a ``(name, text)`` pair) whose text is not a str."""
    return not_a_str(f"the text of {name!r}", value)


def decision_without_label() -> str:
    return "give a 'label', or 'skip': true"


def bad_content_length() -> str:
    return "bad Content-Length"


def request_too_large() -> str:
    return "request too large"


def body_not_json_object() -> str:
    return "the body must be a JSON object"


def wrong_token() -> str:
    return "forbidden: this page needs the token of its address"


def no_such_route() -> str:
    return "not found"


def cannot_save(reason: str) -> str:
    return f"cannot save: {reason}"


# == reports and outputs ============================================================================
# (batch, results, parquet, palette, report/, notebook)
_CLI_HINTS.update(
    {
        "(see classify_many(date_from=...))": "(see --date-from)",
    }
)


def needs_extra(what: str, package: str, extra: str) -> str:
    """An optional dependency that is not installed.

    >>> needs_extra("plots", "matplotlib", "plot")
    "plots need matplotlib: pip install 'govtext[plot]'"
    """
    verb = "need" if what.endswith("s") else "needs"
    return f"{what} {verb} {package}: pip install 'govtext[{extra}]'"


def one_of_or_none(name: str, choices: tuple[str, ...] | list[str], value: Any) -> str:
    return f"{name} must be one of {', '.join(choices)} or None, not {value!r}"


def one_article_for_many(value: Any) -> str:
    return needs("classify_many", "an iterable of texts or paths", value) + "; for one article use classify()"


def item_tuple_size(index: int, size: int) -> str:
    return f"item {index}: give (name, text) or (name, text, date), not {size} values"


def item_text_not_a_str(index: int, name: str, value: Any) -> str:
    return f"item {index}: {text_not_a_str(name, value)}"


def item_date_not_a_date(index: int, name: str, value: Any) -> str:
    return f"item {index}: the date of {name!r} must be a datetime.date, not {type(value).__name__}"


def item_not_text_or_path(index: int, value: Any) -> str:
    return f"item {index} must be a str or a path, not {type(value).__name__}"


def not_a_colour(colour: str) -> str:
    return f"a colour is '#rrggbb', not {colour!r}"


def offsets_not_in_text(name: str, index: int, start: int, end: int) -> str:
    return f"{name}: sentence {index} ({start}-{end}) does not match the text given; pass the text that was classified"


def no_articles_to_plot() -> str:
    return "nothing to plot: the summary has no articles"


def no_dated_articles_to_plot() -> str:
    """A trend plot of articles that have no date.

    >>> cli_hint(no_dated_articles_to_plot())
    'nothing to plot: no article has a date (see --date-from)'
    """
    return "nothing to plot: no article has a date (see classify_many(date_from=...))"


def nothing_to_summarize() -> str:
    return "nothing to summarize: no articles and no labels given"


# == command line ===================================================================================
# (cli/, __main__, __init__)
# Wordings only the command line uses: they may name its flags.  Every error and warning line the
# command line prints goes through cli_hint (govtext.cli.common.show_error and show_warning).


def no_attribute(module: str, name: str) -> str:
    return f"module {module!r} has no attribute {name!r}"


def bad_usage(message: str, prog: str) -> str:
    """argparse's complaint *message* about how *prog* was called, and where to read more.  A missing
    or unknown argument may be a file name that starts with '-': how to give one is added.

    >>> bad_usage("argument --format: invalid choice: 'xml'", "govtext classify")
    "argument --format: invalid choice: 'xml' (see 'govtext classify --help')"
    """
    if message.startswith(("unrecognized arguments: -", "the following arguments are required")):
        message += "; a file name that starts with '-' goes after '--' (govtext classify -- -a.txt) or as ./-a.txt"
    return f"{message} (see '{prog} --help')"


def option_not_a_whole_number(value: str) -> str:
    return f"not a whole number: {value!r}"


def option_not_a_number(value: str) -> str:
    return f"not a number: {value!r}"


def option_must_be(expected: str, value: str) -> str:
    """An option's value outside what it allows (argparse puts "argument --FLAG: " before it).

    >>> option_must_be("between 0 and 1", "2")
    'must be between 0 and 1, not 2'
    """
    return f"must be {expected}, not {value}"


def option_unknown_encoding(value: str) -> str:
    return f"{unknown_encoding(value)} (try utf-8, gb18030, big5)"


def top_k_above_labels(top_k: int, labels: int) -> str:
    return f"argument --top-k: at most {labels} (the model's labels), not {top_k}"


def parquet_needs_output() -> str:
    return "--format parquet writes a binary file: give it with -o FILE.parquet"


def no_article_readable() -> str:
    return "no article could be read; nothing to summarize"


def output_is_a_folder() -> str:
    return "is a folder; give a file name"


def output_under_a_file(blocker: str | Path) -> str:
    return f"cannot write there: {shown_path(blocker)} is a file, not a folder"


def output_folder_missing(folder: str | Path) -> str:
    return f"cannot write there: folder {shown_path(folder)} does not exist; create it first"


def output_folder_not_writable(folder: str | Path) -> str:
    return f"cannot write there: folder {shown_path(folder)} is not writable"


def output_is_an_input() -> str:
    return "is also an input; write the output to another file"


def output_cannot_write(path: str | Path, error: OSError) -> str:
    return f"{shown_path(path)}: cannot write: {error.strerror or error}"


def interrupted() -> str:
    return "interrupted; nothing was written"


def out_of_memory() -> str:
    return "out of memory; give fewer or smaller files at a time"


def internal_error(error: BaseException) -> str:
    return f"internal error ({type(error).__name__}: {error}); set GOVTEXT_DEBUG=1 to see where"
