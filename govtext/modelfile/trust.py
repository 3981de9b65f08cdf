"""The trust store: digests of the model files this user saved, so loading them needs no ``trusted=True``.

Unpickling runs code, so govtext only unpickles files it can trust: bundled models, files this
user saved with govtext (their digests are recorded in the per-user data folder), or a file the
caller vouches for with ``trusted=True``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..io.files import bundled_dir, data_home

TRUST_FILE = "trusted-models.txt"
logger = logging.getLogger(__name__)


def is_bundled(path: Path) -> bool:
    """Whether *path* is one of the model files shipped with govtext."""
    try:
        return path.resolve().parent == bundled_dir("models").resolve()
    except OSError:
        return False


def trust_file() -> Path:
    return data_home() / TRUST_FILE


def is_trusted(digest: str) -> bool:
    """Whether this user saved a model whose payload has SHA-256 *digest*."""
    try:
        lines = trust_file().read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return any(line.split(" ", 1)[0] == digest for line in lines)


def remember_trusted(digest: str, path: Path) -> None:
    """Record that this user saved a model with *digest*, so loading it later needs no trusted=True."""
    if is_trusted(digest):
        return
    try:
        store = trust_file()
        store.parent.mkdir(parents=True, exist_ok=True)
        with store.open("a", encoding="utf-8") as handle:
            handle.write(f"{digest} {path.resolve()}\n")
    except OSError as error:
        logger.info("could not record %s as trusted: %s", path, error)


__all__ = ["TRUST_FILE", "is_bundled", "is_trusted", "remember_trusted", "trust_file"]
