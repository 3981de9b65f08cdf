"""Features as integers: the n-grams of a batch of sentences (characters or segmenter tokens) as
integer keys, and their l2-normalised (sublinear) TF-IDF times the coefficients, in whole-batch
numpy passes.  This is what scikit-learn's ``TfidfVectorizer`` computes one string at a time.

>>> [(n, keys.tolist()) for n, _, keys in char_grams(["ab"], 1, 2)]
[(1, [98, 99]), (2, [109183173])]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from ..segment import SEPARATOR, Segmenter
from ..text import WHITESPACE

BASE = 0x110001  # one more than the largest code point: n-gram keys of code points + 1 never collide
_WHITESPACE_RUN = re.compile(r"\s\s+")  # what scikit-learn's char analyzer folds into one space
MAX_N = 3
_WHITESPACE_ID, _SEPARATOR_ID = -1, -2
_WHITESPACE_TOKENS = ("\r\n", *WHITESPACE)


@dataclass(frozen=True)
class Part:
    """One TF-IDF block: its n-gram keys (sorted), their columns, idf, and coefficient rows."""

    kind: str  # "word" or "char"
    min_n: int
    max_n: int
    lowercase: bool
    sublinear_tf: bool
    keys: np.ndarray  # int64, sorted
    columns: np.ndarray  # int64, column of each key in this block
    idf: np.ndarray  # float64, per column
    coef: np.ndarray  # float64, (n_columns, n_classes)
    tokens: np.ndarray | None = None  # word blocks: token strings, position = token id + 1


Grams = list[tuple[int, np.ndarray, np.ndarray]]  # (n, document index, key) of the n-grams of each length


def char_grams(texts: Sequence[str], min_n: int, max_n: int) -> Grams:
    """The character n-grams of *texts*, as scikit-learn's char analyzer makes them."""
    folded = [_WHITESPACE_RUN.sub(" ", t) for t in texts]
    lengths = np.fromiter((len(t) for t in folded), dtype=np.int64, count=len(folded))
    codes = np.frombuffer("".join(folded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1
    return ngrams(codes, lengths, min_n, max_n, BASE)


def word_grams(
    texts: Sequence[str], segmenter: Segmenter, token_ids: dict[str, int], min_n: int, max_n: int, base: int
) -> Grams:
    """The word n-grams of *texts*; unknown tokens get id 0, which no key uses."""
    tokens = segmenter.cut_joined(texts)
    ids = np.fromiter(map(token_ids.get, tokens, repeat(0)), dtype=np.int64, count=len(tokens))
    doc_of = np.cumsum(ids == _SEPARATOR_ID)
    kept = ids >= 0  # whitespace and separators go; unknown tokens stay, as gaps in the n-grams
    lengths = np.bincount(doc_of[kept], minlength=len(texts))
    return ngrams(ids[kept], lengths, min_n, max_n, base)


def token_id_map(tokens: np.ndarray) -> dict[str, int]:
    """Token -> id (its 1-based position in *tokens*), whitespace -> -1, the separator -> -2: the
    tokens of :meth:`Segmenter.cut_joined` become ids with one dictionary look-up each.  jieba
    yields whitespace one character at a time, except for ``"\\r\\n"``."""
    ids = {str(t): i + 1 for i, t in enumerate(tokens)}
    ids.update(dict.fromkeys(_WHITESPACE_TOKENS, _WHITESPACE_ID))
    ids[SEPARATOR] = _SEPARATOR_ID
    return ids


def part_base(part: Part) -> int:
    """The base in which *part*'s n-gram keys write their codes: one more than the largest code."""
    return BASE if part.tokens is None else len(part.tokens) + 1


def ngrams(codes: np.ndarray, lengths: np.ndarray, min_n: int, max_n: int, base: int) -> Grams:
    """The n-grams of *codes* (documents of *lengths* laid end to end) that stay inside one document
    and hold no unknown code 0, for each n; key = codes as digits in *base*, so that the keys of
    n-grams lie in [base ** (n - 1), base ** n)."""
    ends = np.repeat(np.cumsum(lengths), lengths)
    positions = np.arange(len(codes))
    doc_of = np.repeat(np.arange(len(lengths)), lengths)
    grams: Grams = []
    key = np.zeros(len(codes), dtype=np.int64)
    for n in range(1, max_n + 1):
        usable = len(codes) - n + 1
        if usable <= 0:
            break
        key = codes[:usable] if n == 1 else key[:usable] * base + codes[n - 1 : n - 1 + usable]
        if n >= min_n:
            valid = (positions[:usable] + n <= ends[:usable]) & _all_known(codes, usable, n)
            grams.append((n, doc_of[:usable][valid], key[valid]))
    return grams


def _all_known(codes: np.ndarray, usable: int, n: int) -> np.ndarray:
    known = np.ones(usable, dtype=bool)
    for k in range(n):
        known &= codes[k : k + usable] > 0
    return known


# Below this many (document, column) pairs (about 170 sentences) a batch sums its logits in numpy;
# above it, in one scipy.sparse product.  numpy is as fast up to a hundred sentences or so and slower
# beyond (2-6x at 500-2,000: `python benchmarks/bench.py logitsum`), but a small job (one sentence,
# one article) is spared importing scipy.sparse, a tenth of a second or more of its start-up.
SPARSE_PRODUCT_FROM = 20_000


def tfidf_logits(docs: np.ndarray, columns: np.ndarray, part: Part, n_docs: int) -> np.ndarray:
    """Sum, per document, of l2-normalised (sublinear) tf-idf times the coefficients.

    Each (document, column) pair is packed into one integer, 32 bits wide when it fits, and the
    pairs are sorted once: equal pairs form runs whose length is the term frequency, and the runs
    come out in CSR order (documents ascending), ready to be summed per document.
    """
    n_classes = part.coef.shape[1]
    if not len(docs):
        return np.zeros((n_docs, n_classes))
    width = len(part.idf)
    bits = max(1, (width - 1).bit_length())
    dtype = np.uint32 if n_docs << bits <= 1 << 32 else np.uint64
    shift, low = dtype(bits), dtype((1 << bits) - 1)
    packed: np.ndarray = np.bitwise_or(np.left_shift(docs.astype(dtype), shift), columns.astype(dtype))
    packed.sort(kind="stable")
    first = np.empty(len(packed), dtype=bool)
    first[0] = True
    np.not_equal(packed[1:], packed[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    tf = np.diff(np.append(starts, len(packed))).astype(np.float64)
    pairs = packed[starts]
    doc = (pairs >> shift).astype(np.intp)
    column = (pairs & low).astype(np.intp)
    if part.sublinear_tf:
        np.log(tf, out=tf)
        tf += 1.0
    value = tf * part.idf[column]
    norm = np.sqrt(np.bincount(doc, weights=value * value, minlength=n_docs))
    value /= norm[doc]
    if len(value) < SPARSE_PRODUCT_FROM:
        return summed_in_numpy(doc, column, value, part.coef, n_docs)
    return summed_as_sparse_product(doc, column, value, part.coef, n_docs)


def summed_in_numpy(
    doc: np.ndarray, column: np.ndarray, value: np.ndarray, coef: np.ndarray, n_docs: int
) -> np.ndarray:
    """Per document (*doc* ascending), the sum of *value* times the coefficient row of *column*."""
    terms = coef[column]
    terms *= value[:, None]
    heads = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    logits = np.zeros((n_docs, coef.shape[1]))
    logits[doc[heads]] = np.add.reduceat(terms, heads, axis=0)
    return logits


def summed_as_sparse_product(
    doc: np.ndarray, column: np.ndarray, value: np.ndarray, coef: np.ndarray, n_docs: int
) -> np.ndarray:
    """What :func:`summed_in_numpy` computes, as one CSR matrix times the coefficients."""
    from scipy.sparse import csr_matrix  # lazy: a heavy import, worth it only for large batches

    indptr = np.zeros(n_docs + 1, dtype=np.intp)
    np.cumsum(np.bincount(doc, minlength=n_docs), out=indptr[1:])
    logits: np.ndarray = csr_matrix((value, column, indptr), shape=(n_docs, len(coef))) @ coef
    return logits


__all__ = [
    "BASE",
    "MAX_N",
    "SPARSE_PRODUCT_FROM",
    "Grams",
    "Part",
    "char_grams",
    "ngrams",
    "part_base",
    "summed_as_sparse_product",
    "summed_in_numpy",
    "tfidf_logits",
    "token_id_map",
    "word_grams",
]
