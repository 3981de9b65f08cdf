"""Where govtext reads and writes: bundled resources, the per-user cache, atomic writes."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .. import messages

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"


def bundled_dir(kind: str) -> Path:
    """The folder of bundled ``models`` or ``corpus``.

    In a source checkout they are the repository's top-level ``models/`` and ``corpus/``;
    an installed package carries copies under ``govtext/_bundled/``.
    """
    installed = PACKAGE_DIR / "_bundled" / kind
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / kind


def cache_dir() -> Path:
    """The per-user cache folder (``GOVTEXT_CACHE_DIR`` overrides); not created here."""
    override = os.environ.get("GOVTEXT_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "govtext" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "govtext"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govtext"


def writable_cache_dir() -> Path | None:
    """The cache folder, created if needed, or None when it cannot be written (read-only HOME)."""
    path = cache_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


@contextlib.contextmanager
def atomic_write(path: str | Path, *, overwrite: bool = False, binary: bool = True) -> Iterator[IO[bytes]]:
    """Open a temporary file beside *path*; on success rename it over *path*.

    If the block fails or the process is interrupted, *path* keeps its old content (or stays
    absent) and the temporary file is removed; if the process is killed outright, a hidden
    ``.NAME.*.tmp`` file may stay behind, which nothing in govtext reads.  Refuses to replace an
    existing file unless *overwrite*, also when one appears while writing.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(messages.is_a_folder(target))
    if target.exists() and not overwrite:
        raise FileExistsError(messages.already_exists(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp_name, _new_file_mode(target))
        with os.fdopen(fd, "wb" if binary else "w") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp_name, target)
        else:
            _publish_new(tmp_name, target)
        _sync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _publish_new(tmp_name: str, target: Path) -> None:
    """Give the finished temporary file its name, failing if *target* exists by now."""
    try:
        os.link(tmp_name, target)  # atomic, and never replaces an existing file
    except FileExistsError:
        raise FileExistsError(messages.appeared_while_writing(target)) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(messages.appeared_while_writing(target)) from None
        os.replace(tmp_name, target)
    else:
        os.unlink(tmp_name)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _new_file_mode(target: Path) -> int:
    """Keep an existing file's mode; new files get the usual 0o666 less the umask (mkstemp uses 0o600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | Path, text: str, *, overwrite: bool = False, encoding: str = "utf-8") -> None:
    """Write *text* to *path* atomically (see :func:`atomic_write`)."""
    with atomic_write(path, overwrite=overwrite) as handle:
        handle.write(text.encode(encoding))


def data_home() -> Path:
    """The per-user data folder (``GOVTEXT_DATA_DIR`` overrides): where trusted model digests live."""
    override = os.environ.get("GOVTEXT_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "govtext"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "govtext"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "govtext"


__all__ = ["atomic_write", "bundled_dir", "cache_dir", "data_home", "writable_cache_dir", "write_text_atomic"]
