"""What every command shares: one-line errors and warnings, output checks before any work, writing
outputs (atomically to a file, or to standard output), loading the model, progress."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .. import messages
from ..engine.predictor import Predictor
from ..errors import InputError
from ..modelfile.loader import load_predictor

T = TypeVar("T")


def show_error(message: str) -> None:
    """Print *message* as one error line, with the command line's flag hints (every error line the
    command line prints comes through here)."""
    print(f"govtext: error: {messages.cli_hint(message)}", file=sys.stderr)


def fail(message: str, *, status: int = 2) -> int:
    """Print *message* as one error line (with the command line's flag hints); return *status*."""
    show_error(message)
    return status


def say(message: str) -> None:
    print(f"govtext: {message}", file=sys.stderr, flush=True)


def show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """Print a warning as one line, with the command line's flag hints (as ``warnings.showwarning``)."""
    print(f"govtext: warning: {messages.cli_hint(str(message))}", file=sys.stderr)


def os_error(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def discard_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def predictor(args: argparse.Namespace) -> Predictor:
    """The model for labelling: its data-only prediction section when the file has one (fast start,
    no scikit-learn import, nothing unpickled)."""
    return load_predictor(args.model or args.scheme, trusted=args.trust)


# -- outputs ----------------------------------------------------------------------------------
def check_outputs(*outputs: str | None, force: bool) -> None:
    """Fail before any work when an output cannot be written, or exists and --force was not given."""
    for output in outputs:
        if output is None or output == "-":
            continue
        path = Path(output)
        if path.is_dir():
            raise InputError(messages.output_is_a_folder(), path=output)
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise InputError(messages.output_under_a_file(blocker), path=output)
        folder = path.parent
        if not folder.is_dir():
            raise InputError(messages.output_folder_missing(folder), path=output)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(messages.output_folder_not_writable(folder), path=output)
        if path.exists() and not force:
            raise FileExistsError(messages.already_exists(output))  # the flag hint is added where it is printed


def refuse_input_as_output(inputs: Sequence[str], *outputs: str | None) -> None:
    """Refuse to write an output over one of the inputs (it would be read and replaced at once)."""
    for output in outputs:
        if output in (None, "-") or not Path(output).exists():
            continue
        for name in inputs:
            with contextlib.suppress(OSError):
                if name != "-" and os.path.samefile(name, output):
                    raise InputError(messages.output_is_an_input(), path=output)


def output_name(name: str) -> str:
    """A file name as outputs carry it: bytes that are not UTF-8 (kept by the OS as surrogates) as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def with_progress(items: Iterator[T], total: int, forced: bool, unit: str = "article") -> Iterator[T]:
    """A tqdm progress bar on stderr when it is a terminal (or when asked), counting *unit*."""
    if not (forced or sys.stderr.isatty()) or (total < 2 and not forced):
        yield from items
        return
    from tqdm import tqdm  # lazy: only a terminal (or --progress) needs it

    yield from tqdm(items, total=total, unit=unit, file=sys.stderr, disable=False)


__all__ = [
    "check_outputs",
    "discard_stdout",
    "fail",
    "os_error",
    "output_name",
    "predictor",
    "refuse_input_as_output",
    "say",
    "show_error",
    "show_warning",
    "with_progress",
]
