"""Reading articles: files and standard input in bounded chunks, HTML reduced to text, and
finding the article files of a folder."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .. import messages
from ..errors import InputError
from .decode import _BOMS, _codec_name, _decode, _refuse_binary
from .html import declared_charset, html_to_text, looks_like_html

MAX_ARTICLE_BYTES = 256 * 2**20  # an "article" larger than this is an archive or a device, not news
_CHUNK = 1 << 20


def _file_kind(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


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
            raise InputError(messages.too_large(MAX_ARTICLE_BYTES), path=name)
    return b"".join(chunks)


def read_text(path: str | Path, *, encoding: str | None = None) -> str:
    """Read an article file (``-`` for standard input) as text, with clear errors.

    The encoding is found as :func:`decode` does unless *encoding* is given.  An HTML page (a
    ``.html``/``.htm`` file, or content that starts like one) is reduced to its text: scripts,
    styles and navigation dropped, block elements on lines of their own.  Sentence offsets of
    a result then point into that extracted text, not into the HTML source.
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(messages.needs("read_text", "a path", path))
    name = str(path)
    if encoding is not None and _codec_name(encoding) is None:
        raise InputError(messages.unknown_encoding(encoding), path=name)
    if name == "-":
        name = "<stdin>"
        data = _read_bounded(sys.stdin.buffer, name, sniff=encoding is None)
    else:
        try:
            mode = os.stat(name).st_mode
        except FileNotFoundError:
            raise InputError(messages.no_such_file(), path=name) from None
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise InputError(messages.symlink_loop(), path=name) from None
            raise InputError(messages.cannot_read(error), path=name) from None
        if stat.S_ISDIR(mode):
            raise InputError(messages.article_is_a_folder(), path=name)
        if not stat.S_ISREG(mode):
            raise InputError(messages.not_a_regular_file(_file_kind(mode), stdin_hint=True), path=name)
        if os.stat(name).st_size > MAX_ARTICLE_BYTES:
            raise InputError(messages.too_large(MAX_ARTICLE_BYTES), path=name)
        try:
            with open(name, "rb") as handle:
                data = _read_bounded(handle, name, sniff=encoding is None)
        except FileNotFoundError:
            raise InputError(messages.no_such_file(), path=name) from None
        except OSError as error:
            raise InputError(messages.cannot_read(error), path=name) from None
    suffix_html = Path(name).suffix.lower() in (".html", ".htm")
    is_html = suffix_html or looks_like_html(data[:4096])
    hint = declared_charset(data[:4096]) if is_html else None
    text = _decode(data, encoding=encoding, source=name, hint=hint)
    return html_to_text(text) if is_html else text


ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


def find_articles(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str | InputError]:
    """The article files *inputs* name, in order: a file (or ``-``) as it is, a folder as the article
    files under it (sorted, hidden files skipped), or an :class:`~govtext.InputError` when a folder
    holds none.  Errors are yielded, not raised, so that one empty folder does not stop the rest.

    >>> list(find_articles(["-"]))
    ['-']
    """
    for item in inputs:
        name = os.fspath(item)
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
            )
            if not found:
                yield InputError(messages.folder_holds_no("article", ARTICLE_SUFFIXES), path=name)
            yield from map(str, found)
        else:
            yield name


__all__ = ["ARTICLE_SUFFIXES", "MAX_ARTICLE_BYTES", "find_articles", "read_text"]
