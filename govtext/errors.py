"""Exceptions and warnings: the one home for what govtext can complain about.

Every error names what was wrong and where (file and line when there is one), so the
command line can print it as a single line without a traceback.
"""

from __future__ import annotations

from pathlib import Path

from . import messages
from .messages import shown_path


class GovtextError(Exception):
    """Base class of every error govtext raises on purpose."""


class InputError(GovtextError, ValueError):
    """An input file or text that govtext cannot read."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        self.reason = message
        super().__init__(_locate(message, self.path, line))


class CorpusError(InputError):
    """A labelled corpus with bad lines.  ``problems`` lists every one found."""

    def __init__(self, problems: list[InputError]):
        if not problems:
            raise ValueError(messages.no_problems_given())
        self.problems = list(problems)
        first = problems[0]
        more = len(problems) - 1
        message = first.reason + messages.and_more_problems(more)
        super().__init__(message, path=first.path, line=first.line)


class SchemeError(GovtextError, ValueError):
    """An unknown scheme name or a malformed scheme file."""


class ModelError(GovtextError):
    """A model file that cannot be written, read or trusted."""


class GovtextWarning(UserWarning):
    """Something worked, but not quite as asked (e.g. a model retrained for this scikit-learn)."""


def _locate(message: str, path: str | None, line: int | None) -> str:
    if path is None:
        return message
    path = shown_path(path)
    if line is None:
        return f"{path}: {message}"
    return f"{path}:{line}: {message}"
