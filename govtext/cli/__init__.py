"""The ``govtext`` command: a thin layer over the Python API, and the only part of govtext that
prints or exits.  The parser is :mod:`.parser`; each command lives in the module that
:data:`COMMANDS` names, imported only when that command runs (so ``govtext classify`` never
imports training or scikit-learn)."""

from __future__ import annotations

import contextlib
import os
import signal
import warnings
from collections.abc import Iterator, Sequence
from importlib import import_module
from typing import Any

from .. import messages
from ..errors import GovtextError, GovtextWarning
from .common import discard_stdout, fail, os_error, show_warning
from .parser import build_parser

# command -> (module of govtext.cli, function in it)
COMMANDS = {
    "classify": ("classify", "classify"),
    "summarize": ("classify", "summarize"),
    "train": ("train", "train"),
    "evaluate": ("train", "evaluate"),
    "explain": ("explore", "explain"),
    "suggest": ("explore", "suggest"),
    "label": ("explore", "label"),
    "schemes": ("listing", "schemes"),
    "corpus": ("listing", "corpus"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); returns the exit status."""
    args = build_parser().parse_args(argv)
    module, function = COMMANDS[args.command]
    with warnings.catch_warnings(), _terminate_as_interrupt():
        warnings.simplefilter("always", GovtextWarning)
        warnings.showwarning = show_warning
        try:
            # lazy: each command imports only what it needs (training and scikit-learn are heavy)
            handler = getattr(import_module(f"{__name__}.{module}"), function)
            status: int = handler(args)
            return status
        except GovtextError as error:
            return fail(str(error))
        except (FileExistsError, IsADirectoryError) as error:
            return fail(str(error))
        except BrokenPipeError:  # the reader went away (`govtext classify ... | head`): not an error
            discard_stdout()
            return 0
        except OSError as error:
            return fail(os_error(error))
        except KeyboardInterrupt:
            return fail(messages.interrupted(), status=130)
        except MemoryError:
            return fail(messages.out_of_memory())
        except Exception as error:  # a bug: still one line, the traceback only on request
            if os.environ.get("GOVTEXT_DEBUG"):
                raise
            return fail(messages.internal_error(error))


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a plain ``kill``) unwinds like Ctrl-C, so temporary files are removed, not left behind."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


__all__ = ["COMMANDS", "build_parser", "main"]
