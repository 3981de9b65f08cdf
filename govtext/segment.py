"""Word segmentation: jieba with govtext's domain dictionary, silent and process-safe.

jieba keeps a global tokenizer, logs to stderr and caches its prefix dictionary in the shared
temporary folder.  govtext uses private ``jieba.Tokenizer()`` instances instead, one per set of
extra terms and process, with the cache in the per-user cache folder and jieba's logger muted.

Engines: with the optional ``rjieba`` package (jieba-rs, ``pip install 'govtext[fast]'``)
installed, the default configuration (HMM off, the domain dictionary with its frequencies)
segments through rjieba, about 17 times faster and token for token identical to jieba (the test
suite checks it over the whole corpus).  Segmenters with extra terms (user schemes) use jieba,
whose frequency suggestions for new words rjieba does not reproduce exactly.  The environment
variable ``GOVTEXT_SEGMENTER=jieba`` forces jieba everywhere.

The HMM stays off: with it, jieba guesses new words, rjieba's guesses differ from jieba's on ASCII
dates and URLs, and it did not raise accuracy (benchmarks/README.md).
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from importlib import metadata as importlib_metadata
from typing import Any

from . import messages
from .io.files import DATA_DIR, writable_cache_dir

DOMAIN_DICTIONARY = DATA_DIR / "domain_dict.txt"
SEPARATOR = "\n"  # what Segmenter.cut_joined puts between sentences
_lock = threading.Lock()
_jieba_lock = threading.Lock()
_tokenizers: dict[tuple[str, ...], Any] = {}
_cutters: dict[tuple[str, ...], Callable[[str], list[str]]] = {}


@lru_cache(maxsize=1)
def domain_dictionary() -> tuple[tuple[str, int], ...]:
    """The campaign terms shipped with govtext and their frequencies, in file order."""
    entries: dict[str, int] = {}
    for line in DOMAIN_DICTIONARY.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#"):
            entries.setdefault(fields[0], int(fields[1]) if len(fields) > 1 else 1)
    return tuple(entries.items())


def dictionary_digest(extra_terms: Iterable[str] = ()) -> str:
    """SHA-256 of what decides the tokens besides the engine: the domain dictionary (terms and
    frequencies) and a scheme's *extra_terms*.  A model records it; loading compares.

    >>> len(dictionary_digest()), dictionary_digest() == dictionary_digest(["新词"])
    (64, False)
    """
    lines = [f"{term} {freq}" for term, freq in domain_dictionary()]
    lines += ["--", *Segmenter(extra_terms).extra_terms]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def jieba_version() -> str:
    """The installed jieba's version (read from its metadata: jieba is not imported)."""
    try:
        return importlib_metadata.version("jieba")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - broken install
        return "unknown"


def domain_terms() -> tuple[str, ...]:
    """The campaign terms shipped with govtext, in file order."""
    return tuple(term for term, _ in domain_dictionary())


def engine_name(extra_terms: Iterable[str] = ()) -> str:
    """``"rjieba"`` or ``"jieba"``: the engine a Segmenter with *extra_terms* uses in this process."""
    if tuple(extra_terms) or os.environ.get("GOVTEXT_SEGMENTER", "").lower() == "jieba":
        return "jieba"
    return "rjieba" if _rjieba_available() else "jieba"


@lru_cache(maxsize=1)
def _rjieba_available() -> bool:
    try:
        import rjieba  # noqa: F401  # lazy: optional
    except ImportError:
        return False
    return True


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
        return [token for token in _cutter(self.extra_terms)(sentence) if not token.isspace()]

    def cut_joined(self, sentences: Sequence[str]) -> list[str]:
        """Every token of *sentences* (whitespace included), with ``SEPARATOR`` alone between sentences.

        The sentences are cut as one text, which is faster than one call each and gives the same
        tokens: jieba's blocks never span a line break.  A sentence that holds a line break itself
        is cut on its own and its line-break tokens become spaces, so ``SEPARATOR`` tokens only ever
        mark where one sentence ends.
        """
        cut = _cutter(self.extra_terms)
        joined = SEPARATOR.join(sentences)
        if joined.count(SEPARATOR) == len(sentences) - 1:
            tokens = cut(joined)
            if tokens.count(SEPARATOR) == len(sentences) - 1:  # no "\r" merged into a "\r\n" token
                return tokens
        tokens = []
        for index, sentence in enumerate(sentences):
            if index:
                tokens.append(SEPARATOR)
            tokens.extend(" " if token == SEPARATOR else token for token in cut(sentence))
        return tokens

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
        raise TypeError(messages.needs("tokenize", "a str", sentence))
    return _DEFAULT(sentence)


_DEFAULT = Segmenter()


def _cutter(extra_terms: tuple[str, ...]) -> Callable[[str], list[str]]:
    """The cut function (HMM off) for *extra_terms*, built once per process."""
    cut = _cutters.get(extra_terms)
    if cut is None:
        with _lock:
            cut = _cutters.get(extra_terms)
            if cut is None:
                if engine_name(extra_terms) == "rjieba":
                    cut = _build_rjieba()
                else:
                    tokenizer = _tokenizer(extra_terms)
                    cut = partial(tokenizer.lcut, HMM=False)
                _cutters[extra_terms] = cut
    return cut


def _build_rjieba() -> Callable[[str], list[str]]:
    import rjieba  # lazy: optional

    engine = rjieba.Jieba()
    for term, freq in domain_dictionary():
        engine.add_word(term, freq, None)
    return partial(engine.cut, hmm=False)


def _tokenizer(extra_terms: tuple[str, ...]) -> Any:
    """A private jieba.Tokenizer with the domain dictionary and *extra_terms* (caller holds no lock)."""
    tokenizer = _tokenizers.get(extra_terms)
    if tokenizer is None:
        with _jieba_lock:
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
        import jieba  # lazy: heavy (its dictionary), and rjieba may do the cutting
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
            for term, freq in domain_dictionary():
                tokenizer.add_word(term, freq)
            for term in extra_terms:
                tokenizer.add_word(term)
    finally:
        jieba_logger.setLevel(level)
    return tokenizer


__all__ = [
    "DOMAIN_DICTIONARY",
    "Segmenter",
    "dictionary_digest",
    "domain_dictionary",
    "domain_terms",
    "engine_name",
    "jieba_version",
    "tokenize",
]
