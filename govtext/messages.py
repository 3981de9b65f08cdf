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


# -- end of files and text input --


# == corpus =========================================================================================
# (corpus, corpus_check)


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


def header_lacks(missing: list[str], header: list[str], delimiter: str, seen: str | None) -> str:
    """A CSV/TSV header without the required columns; *seen* is another separator its names hold.

    >>> header_lacks(["text", "label"], ["text;label"], ",", ";")
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
