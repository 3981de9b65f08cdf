"""Decoding article bytes: byte-order marks, strict UTF-8, then the legacy Chinese encodings."""

from __future__ import annotations

import codecs
import contextlib
from functools import lru_cache

from .. import messages
from ..errors import InputError

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
        raise TypeError(messages.needs("decode", "bytes", data))
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
        raise InputError(messages.undecodable(utf8_error.start), path=source, line=line)
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
        raise InputError(messages.unknown_encoding(encoding), path=source) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(messages.cannot_decode_as(encoding, error.start), path=source, line=line) from None
    return text.removeprefix("\ufeff")


def _refuse_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(messages.looks_like(what), path=source)
    if b"\x00" in data[:_SAMPLE_BYTES]:
        raise InputError(messages.holds_nul_bytes(), path=source)


def _refuse_control_characters(text: str, source: str) -> None:
    """Text decoded from a legacy encoding that is mostly control characters was binary after all."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\x0b\x0c")
    if sample and controls / len(sample) > 0.1:
        raise InputError(messages.mostly_control_characters(), path=source)


def _detected(data: bytes) -> list[str]:
    """Encodings charset-normalizer suggests for a sample of *data*, most likely first."""
    from charset_normalizer import from_bytes  # lazy: heavy, and UTF-8 input never needs it

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


__all__ = ["decode"]
