"""Word segmentation: jieba with govtext's domain dictionary, silent and process-safe.

jieba keeps a global tokenizer, logs to stderr and caches its prefix dictionary in the shared
temporary folder.  govtext uses private ``jieba.Tokenizer()`` instances instead, one per set of
extra terms and process, with the cache in the per-user cache folder and jieba's logger muted.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ._files import DATA_DIR, writable_cache_dir

DOMAIN_DICTIONARY = DATA_DIR / "domain_dict.txt"
_lock = threading.Lock()
_tokenizers: dict[tuple[str, ...], Any] = {}


@lru_cache(maxsize=1)
def domain_terms() -> tuple[str, ...]:
    """The campaign terms shipped with govtext, in file order."""
    terms: list[str] = []
    for line in DOMAIN_DICTIONARY.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line.split()[0])
    return tuple(dict.fromkeys(terms))


class Segmenter:
    """A picklable callable that segments a sentence into jieba tokens.

    It pickles as its list of extra terms only, so a model that carries one loads in a fresh
    process or a Dask worker and rebuilds the same tokenizer there (once per process).

    >>> Segmenter()("全力推进六争攻坚")
    ['全力', '推进', '六争攻坚']
    """

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        self.extra_terms: tuple[str, ...] = tuple(sorted({t.strip() for t in extra_terms if t.strip()}))

    def __call__(self, sentence: str) -> list[str]:
        tokenizer = _tokenizer(self.extra_terms)
        return [token for token in tokenizer.lcut(sentence, HMM=False) if not token.isspace()]

    def __reduce__(self) -> tuple[type[Segmenter], tuple[tuple[str, ...]]]:
        return (Segmenter, (self.extra_terms,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Segmenter) and other.extra_terms == self.extra_terms

    def __hash__(self) -> int:
        return hash(self.extra_terms)

    def __repr__(self) -> str:
        return f"Segmenter(extra_terms={self.extra_terms!r})" if self.extra_terms else "Segmenter()"


def tokenize(sentence: str) -> list[str]:
    """Segment *sentence* with jieba and the domain dictionary; whitespace tokens are dropped.

    >>> tokenize("项目争速是实现高质量发展的主要抓手")[:2]
    ['项目争速', '是']
    """
    if not isinstance(sentence, str):
        raise TypeError(f"tokenize() needs a str, not {type(sentence).__name__}")
    return _DEFAULT(sentence)


_DEFAULT = Segmenter()


def _tokenizer(extra_terms: tuple[str, ...]) -> Any:
    tokenizer = _tokenizers.get(extra_terms)
    if tokenizer is None:
        with _lock:
            tokenizer = _tokenizers.get(extra_terms)
            if tokenizer is None:
                tokenizer = _build_tokenizer(extra_terms)
                _tokenizers[extra_terms] = tokenizer
    return tokenizer


def _import_jieba() -> Any:
    # jieba 0.42 (2020) warns on import (pkg_resources, invalid escapes) and attaches a
    # DEBUG-level stderr handler to its logger; none of that may reach govtext's users.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    return jieba


def _build_tokenizer(extra_terms: tuple[str, ...]) -> Any:
    jieba = _import_jieba()
    tokenizer = jieba.Tokenizer()
    cache = writable_cache_dir()
    # Without a writable per-user cache (read-only HOME), use a private temporary folder:
    # never a shared, predictable file in the system's temporary folder.
    if cache is None:
        folder = tempfile.mkdtemp(prefix="govtext-jieba-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    else:
        folder = str(cache)
    tokenizer.tmp_dir = folder
    tokenizer.cache_file = f"jieba-{jieba.__version__}.cache"
    jieba_logger = logging.getLogger("jieba")
    level = jieba_logger.level
    jieba_logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenizer.initialize()
            for term in (*domain_terms(), *extra_terms):
                tokenizer.add_word(term)
    finally:
        jieba_logger.setLevel(level)
    return tokenizer


__all__ = ["DOMAIN_DICTIONARY", "Segmenter", "domain_terms", "tokenize"]
