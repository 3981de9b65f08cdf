"""Plain text: decode article bytes, split an article into sentences that keep their offsets."""

from __future__ import annotations

import codecs
import contextlib
import errno
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

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
        raise TypeError(f"split_sentences() needs a str, not {type(text).__name__}")
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


# -- decoding -------------------------------------------------------------------------------
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of binary files people mistake for articles.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc or .xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"BZh", "bzip2-compressed"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"GOVTEXT-MODEL", "a govtext model file"),
)
_SAMPLE_BYTES = 64 * 1024
# What codecs say when the input ends inside a character (UTF-8; GB18030, Big5; UTF-16, UTF-32).
_CUT_OFF = frozenset({"unexpected end of data", "incomplete multibyte sequence", "truncated data"})
_NO_ENCODING_HINT = "give its encoding with --encoding (e.g. gb18030, big5)"


def decode(data: bytes, *, encoding: str | None = None, source: str = "<bytes>") -> str:
    """Decode the bytes of an article, finding the encoding unless *encoding* is given.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, then the encodings
    charset-normalizer suggests together with GB18030 and Big5; of those that decode the whole
    input strictly, the one whose text holds the most common Chinese characters wins.  Binary data
    and undecodable text raise :class:`~govtext.InputError` naming *source*.

    >>> decode("政府工作报告".encode("gb18030"))
    '政府工作报告'
    >>> decode("政府工作報告".encode("big5"))
    '政府工作報告'
    """
    return _decode(data, encoding=encoding, source=source)


def _decode(data: bytes, *, encoding: str | None, source: str, hint: str | None = None) -> str:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode() needs bytes, not {type(data).__name__}")
    data = bytes(data)
    if encoding is not None:
        return _decode_as(data, encoding, source)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], name, source)
    _refuse_binary(data, source)
    try:
        text = _strict(data, "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    else:
        _refuse_control_characters(text, source)
        return text
    candidates = [_codec_name(name) for name in (hint, *_detected(data), "gb18030", "big5")]
    best: tuple[int, str] | None = None
    for name in dict.fromkeys(c for c in candidates if c is not None):
        try:
            text = _strict(data, name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _chinese_score(text[:20000])
        if score is not None and (best is None or score > best[0]):
            best = (score, text)
    if best is None:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            f"cannot decode as UTF-8 at byte {utf8_error.start}, nor as GB18030 or Big5; {_NO_ENCODING_HINT}",
            path=source,
            line=line,
        )
    _refuse_control_characters(best[1], source)
    return best[1]


def _strict(data: bytes, encoding: str) -> str:
    """*data* decoded strictly, except that a character cut off at the very end (a truncated
    download) is dropped."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        cut_off = error.reason in _CUT_OFF and error.end == len(data) and len(data) - error.start <= 3
        if not cut_off or error.start == 0:
            raise
        return data[: error.start].decode(encoding)


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    try:
        text = _strict(data, encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=source) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"cannot decode as {encoding} at byte {error.start}; is it in another encoding?", path=source, line=line
        ) from None
    return text.removeprefix("\ufeff")


def _refuse_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"looks like {what}, not text", path=source)
    if b"\x00" in data[:_SAMPLE_BYTES]:
        raise InputError(
            "looks like a binary file (it holds NUL bytes), not text; for UTF-16 without a byte-order mark "
            "give --encoding utf-16",
            path=source,
        )


def _refuse_control_characters(text: str, source: str) -> None:
    """Text decoded from a legacy encoding that is mostly control characters was binary after all."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\x0b\x0c")
    if sample and controls / len(sample) > 0.1:
        raise InputError("looks like a binary file (mostly control characters), not text", path=source)


def _detected(data: bytes) -> list[str]:
    """Encodings charset-normalizer suggests for a sample of *data*, most likely first."""
    from charset_normalizer import from_bytes

    sample = data[:_SAMPLE_BYTES]
    return [match.encoding for match in from_bytes(sample)]


def _codec_name(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _chinese_score(text: str) -> int | None:
    """How Chinese a decoding looks: common characters minus rare ones; None if it is not plausible.

    A wrong legacy decoding of Chinese bytes (Big5 read as GB18030, say) is full of rare
    characters; a right one is almost all common ones.  Text with no Chinese at all scores 0.
    """
    common = _common_characters()
    hanzi = rare = 0
    for ch in text:
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f":
            hanzi += 1
            if ch not in common:
                rare += 1
        elif "\ue000" <= ch <= "\uf8ff":  # private use: legacy encodings' unassigned codes
            rare += 1
    if hanzi and rare > (hanzi - rare):
        return None
    return hanzi - 2 * rare


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """The level-1 characters of GB2312 (3,755 simplified) and of Big5 (5,401 traditional)."""
    chars: set[str] = set()
    for lead, trails, codec in (
        (range(0xB0, 0xD8), range(0xA1, 0xFF), "gb2312"),
        (range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5"),
    ):
        for high in lead:
            for low in trails:
                with contextlib.suppress(UnicodeDecodeError):
                    chars.add(bytes((high, low)).decode(codec))
    return frozenset(chars)


MAX_ARTICLE_BYTES = 256 * 2**20  # an "article" larger than this is an archive or a device, not news
_CHUNK = 1 << 20


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_bounded(handle: BinaryIO, name: str, *, sniff: bool) -> bytes:
    """All of *handle*, in chunks.  With *sniff* (no encoding given), a stream whose first chunk is
    binary (no byte-order mark, NUL bytes, a known file signature) is refused at once; a stream longer
    than ``MAX_ARTICLE_BYTES`` (``/dev/zero``, a runaway pipe) is refused, not read to the end."""
    chunks: list[bytes] = []
    size = 0
    while chunk := handle.read(_CHUNK):
        if not chunks and sniff and not any(chunk.startswith(bom) for bom, _ in _BOMS):
            _refuse_binary(chunk, name)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_ARTICLE_BYTES:
            raise InputError(f"is larger than {MAX_ARTICLE_BYTES // 2**20} MB; split it into articles", path=name)
    return b"".join(chunks)


def read_text(path: str | Path, *, encoding: str | None = None) -> str:
    """Read an article file (``-`` for standard input) as text, with clear errors.

    The encoding is found as :func:`decode` does unless *encoding* is given.  An HTML page (a
    ``.html``/``.htm`` file, or content that starts like one) is reduced to its text: scripts,
    styles and navigation dropped, block elements on lines of their own.  Sentence offsets of
    a result then point into that extracted text, not into the HTML source.
    """
    import os
    import sys

    from .html_text import declared_charset, html_to_text, looks_like_html

    if not isinstance(path, (str, Path)):
        raise TypeError(f"read_text() needs a path, not {type(path).__name__}")
    name = str(path)
    if encoding is not None and _codec_name(encoding) is None:
        raise InputError(f"unknown encoding {encoding!r}", path=name)
    if name == "-":
        name = "<stdin>"
        data = _read_bounded(sys.stdin.buffer, name, sniff=encoding is None)
    else:
        try:
            mode = os.stat(name).st_mode
        except FileNotFoundError:
            raise InputError("no such file", path=name) from None
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise InputError("is a loop of symbolic links", path=name) from None
            raise InputError(f"cannot read: {error.strerror or error}", path=name) from None
        if stat.S_ISDIR(mode):
            raise InputError("is a folder; give the files in it (or use a glob)", path=name)
        if not stat.S_ISREG(mode):
            raise InputError(
                f"is {_file_kind(mode)}, not a regular file; to read a stream, pipe it to - (stdin)", path=name
            )
        if os.stat(name).st_size > MAX_ARTICLE_BYTES:
            raise InputError(f"is larger than {MAX_ARTICLE_BYTES // 2**20} MB; split it into articles", path=name)
        try:
            with open(name, "rb") as handle:
                data = _read_bounded(handle, name, sniff=encoding is None)
        except FileNotFoundError:
            raise InputError("no such file", path=name) from None
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", path=name) from None
    suffix_html = Path(name).suffix.lower() in (".html", ".htm")
    is_html = suffix_html or looks_like_html(data[:4096])
    hint = declared_charset(data[:4096]) if is_html else None
    text = _decode(data, encoding=encoding, source=name, hint=hint)
    return html_to_text(text) if is_html else text
