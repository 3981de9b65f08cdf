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


# -- end of inputs of the API --


# == models and model files =========================================================================
# (model, training, stacking, engine/, explain, modelfile/, errors)
_CLI_HINTS.update(
    {
        "load it with trusted=True": "load it with trusted=True (command line: --trust)",
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
        "retrain it with `govtext train` to be sure"
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
