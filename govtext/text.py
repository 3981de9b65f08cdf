"""Plain text: split an article into sentences that keep their offsets (reading and decoding
files is :mod:`govtext.io`'s job)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import messages

# A sentence ends at 。！？!?；; (runs of them count once) plus any closing quotes or brackets
# that follow, or at a line break (every character str.splitlines() breaks at).
_CLOSERS = "”’」』）)】》〕］]\"'"
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BOUNDARY = re.compile(rf"[。！？!?；;]+[{re.escape(_CLOSERS)}]*|[{_LINE_BREAKS}]+")
# str.strip() already covers U+3000 and U+00A0; add the invisible characters scrapers leave behind.
# ... and the bidirectional marks and isolates (U+200E/F, U+061C, U+202A-E, U+2066-9) pasted text carries
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())  # what str.strip() strips; U+3000 is last
_TRIMMED = frozenset(WHITESPACE + _INVISIBLE)
# A "sentence" longer than this has lost its punctuation (a table, a scraped blob): it is cut at
# the last comma, colon or space before the limit (or at the limit), so that one line of many
# megabytes costs no more to classify than the same text with its full stops.
MAX_SENTENCE_CHARS = 1000
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


@dataclass(frozen=True, slots=True)
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
        raise TypeError(messages.needs("split_sentences", "a str", text))
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        is_line_break = match.group()[0] in _LINE_BREAKS
        end = match.start() if is_line_break else match.end()
        _append_trimmed(sentences, text, start, end)
        start = match.end()
    _append_trimmed(sentences, text, start, len(text))
    return sentences


def _append_trimmed(out: list[Sentence], text: str, start: int, end: int) -> None:
    if end - start <= MAX_SENTENCE_CHARS:  # the common cases first: nothing to cut, little or nothing to trim
        if end == start:
            return
        if text[start] not in _TRIMMED and text[end - 1] not in _TRIMMED:
            out.append(Sentence(text[start:end], start, end))
            return
    start, end = _trim(text, start, end)
    while end - start > MAX_SENTENCE_CHARS:
        cut = start + MAX_SENTENCE_CHARS
        for soft in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE_CHARS // 2, cut):
            cut = soft.end()
        piece_start, piece_end = _trim(text, start, cut)
        if piece_end > piece_start:
            out.append(Sentence(text[piece_start:piece_end], piece_start, piece_end))
        start, end = _trim(text, cut, end)
    if end > start:
        out.append(Sentence(text[start:end], start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of text[start:end] without surrounding whitespace and invisible characters.

    Looks only at the characters it trims (no copy of the range), so cutting one long line into
    pieces stays linear in its length.
    """
    while start < end and text[start] in _TRIMMED:
        start += 1
    while end > start and text[end - 1] in _TRIMMED:
        end -= 1
    return start, end


__all__ = ["MAX_SENTENCE_CHARS", "WHITESPACE", "Sentence", "split_sentences"]
