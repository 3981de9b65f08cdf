"""Messages have one home: every error and warning govtext raises or prints takes its words from
:mod:`govtext.messages` (worded for the API; the command line adds its flag hints)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from govtext import messages

PACKAGE = Path(__file__).resolve().parent.parent / "govtext"
# Calls that carry a complaint to the user: exception and warning classes, warnings.warn, argparse's
# parser.error, the command line's fail() and show_error(), the labelling server's _send().
_COMPLAINT_SUFFIXES = ("Error", "Exception", "Warning")
_COMPLAINT_FUNCTIONS = {"warn", "error", "fail", "show_error", "_send"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_literal_text(node: ast.expr) -> bool:
    """Words written at the call: a string, an f-string, a sum or %-format of them, or "...".format()."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_literal_text(node.left) or _is_literal_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_literal_text(node.func.value)
    return False


def literal_complaints(source: str) -> Iterator[int]:
    """Line numbers of the calls in *source* that word a complaint themselves.

    >>> list(literal_complaints('raise ValueError(f"bad {x}")\\nraise ValueError(messages.bad(x))'))
    [1]
    """
    for node in sorted((n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)), key=lambda n: n.lineno):
        name = _name(node.func)
        if not (name.endswith(_COMPLAINT_SUFFIXES) or name in _COMPLAINT_FUNCTIONS):
            continue
        arguments = [*node.args, *(k.value for k in node.keywords if k.arg in {"message", "msg"})]
        if name == "_send":  # the labelling server's replies: only what it sends as {"error": ...}
            arguments = []
        arguments += [
            value
            for argument in node.args
            if isinstance(argument, ast.Dict)
            for key, value in zip(argument.keys, argument.values, strict=True)
            if isinstance(key, ast.Constant) and key.value == "error"
        ]
        if any(_is_literal_text(argument) for argument in arguments):
            yield node.lineno


MODULES = sorted(str(path.relative_to(PACKAGE.parent)) for path in PACKAGE.rglob("*.py") if path.name != "messages.py")


@pytest.mark.parametrize("module", MODULES)
def test_module_takes_its_error_wording_from_messages(module: str) -> None:
    source = (PACKAGE.parent / module).read_text(encoding="utf-8")
    lines = list(literal_complaints(source))
    assert not lines, f"{module}: complaints worded in place at lines {lines}; move them to govtext/messages.py"


def test_the_checker_finds_words_written_at_the_call() -> None:
    found = list(
        literal_complaints(
            "raise InputError('not a JSON object', path=p, line=n)\n"
            "problems.append(InputError(f'{x} is bad'))\n"
            "warnings.warn('old ' + version, GovtextWarning)\n"
            "parser.error('{} bad'.format(x))\n"
            "raise ModelError(messages.untrusted(path))\n"
            "raise InputError(error.strerror or str(error), path=path)\n"
            "self._send(403, {'error': 'forbidden'})\n"
            "self._send(404, {'error': messages.no_such_route()})\n"
        )
    )
    assert found == [1, 2, 3, 4, 7]


def test_the_api_wording_names_no_command_line_flag() -> None:
    api = messages.already_exists("out.csv")
    assert "--" not in api and "overwrite=True" in api
    assert "--force" in messages.cli_hint(api)
