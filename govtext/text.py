"""Plain text: split an article into sentences that keep their offsets into the original."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at 。！？!?；; (runs of them count once) plus any closing quotes or brackets
# that follow, or at a line break.
_CLOSERS = "”’」』）)】》〕］]\"'"
_BOUNDARY = re.compile(rf"[。！？!?；;]+[{re.escape(_CLOSERS)}]*|[\r\n\u2028\u2029]+")
# str.strip() already covers U+3000 and U+00A0; add the invisible characters scrapers leave behind.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


@dataclass(frozen=True)
class Sentence:
    """One sentence and where it sits: ``text[start:end] == sentence.text``."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split Chinese news into sentences with character offsets into *text*.

    Sentences end at 。！？!?；; and at line breaks; a closing quote or bracket stays with the
    sentence it closes.  Whitespace (including U+3000 and U+00A0) around a sentence is trimmed
    and empty pieces are dropped.

    >>> [s.text for s in split_sentences("他说：“好。”  我们走吧！\\n第二段")]
    ['他说：“好。”', '我们走吧！', '第二段']
    >>> s = split_sentences("  前言。正文")[1]
    >>> (s.text, s.start, s.end)
    ('正文', 5, 7)
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences() needs a str, not {type(text).__name__}")
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        is_line_break = match.group()[0] in "\r\n\u2028\u2029"
        end = match.start() if is_line_break else match.end()
        _append_trimmed(sentences, text, start, end)
        start = match.end()
    _append_trimmed(sentences, text, start, len(text))
    return sentences


def _append_trimmed(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


def decode(data: bytes, *, encoding: str | None = None, source: str = "<bytes>") -> str:
    """Decode bytes of an article: UTF-8 (with or without BOM) unless *encoding* is given.

    Binary data (NUL bytes) and undecodable text raise :class:`~govtext.InputError` naming *source*.
    """
    from .errors import InputError

    if b"\x00" in data[:8192] and not (encoding or "").lower().startswith("utf-16"):
        raise InputError("looks like a binary file, not text", path=source)
    try:
        return data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=source) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = "" if encoding else "; give its encoding with --encoding (e.g. gb18030, big5)"
        raise InputError(
            f"cannot decode as {encoding or 'UTF-8'} at byte {error.start}{hint}", path=source, line=line
        ) from None


def read_text(path: str, *, encoding: str | None = None) -> str:
    """Read an article file (``-`` for standard input) as text, with clear errors."""
    import os
    import sys

    from .errors import InputError

    if path == "-":
        return decode(sys.stdin.buffer.read(), encoding=encoding, source="<stdin>")
    if os.path.isdir(path):
        raise InputError("is a folder; give the files in it (or use a glob)", path=path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from None
    return decode(data, encoding=encoding, source=path)
