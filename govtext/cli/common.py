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


def fail(message: str, *, status: int = 2) -> int:
    """Print *message* as one error line (with the command line's flag hints); return *status*."""
    print(f"govtext: error: {messages.cli_hint(message)}", file=sys.stderr)
    return status


def say(message: str) -> None:
    print(f"govtext: {message}", file=sys.stderr, flush=True)


def show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    print(f"govtext: warning: {message}", file=sys.stderr)


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
            raise InputError("is a folder; give a file name", path=output)
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise InputError(f"cannot write there: {blocker} is a file, not a folder", path=output)
        folder = path.parent
        if not folder.is_dir():
            raise InputError(f"cannot write there: folder {folder} does not exist; create it first", path=output)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(f"cannot write there: folder {folder} is not writable", path=output)
        if path.exists() and not force:
            raise FileExistsError(messages.cli_hint(messages.already_exists(output)))


def refuse_input_as_output(inputs: Sequence[str], *outputs: str | None) -> None:
    """Refuse to write an output over one of the inputs (it would be read and replaced at once)."""
    for output in outputs:
        if output in (None, "-") or not Path(output).exists():
            continue
        for name in inputs:
            with contextlib.suppress(OSError):
                if name != "-" and os.path.samefile(name, output):
                    raise InputError("is also an input; write the output to another file", path=output)


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
    "show_warning",
    "with_progress",
]
