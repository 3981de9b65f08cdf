"""Fast prediction without scikit-learn: the trained pipeline compiled to numpy arrays.

A :class:`CompiledModel` holds exactly what prediction needs (vocabularies, idf weights,
coefficients) as plain arrays, so it

- reproduces the scikit-learn pipeline's probabilities (same features, same TF-IDF, same
  logistic regression; equal to float rounding) while doing in whole-batch numpy passes what
  scikit-learn does one string at a time: one segmenter call per batch of sentences, n-grams as
  integer keys, hash-table look-ups, term counts from one sort of packed integers, and one
  sparse product (scipy.sparse) with the coefficients;
- is stored in model files as an ``.npz`` section read with ``allow_pickle=False``: data only,
  nothing in it can run code, and reading it needs no scikit-learn import at all.

Supported: word n-grams and character n-grams up to length 3, TF-IDF with l2 norm, linear
logistic regression; :func:`compile_pipeline` returns None for anything else.

With numba installed, long jobs compute the features with the compiled loops of ``kernel.py``
instead of the numpy passes here (same numbers; see :func:`_kernel_for` for when).
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat
from types import ModuleType
from typing import Any, Protocol

import numpy as np

from .context import ContextStage
from .dates import date_in_text
from .results import ArticleResult, SentenceResult
from .schemes import Scheme
from .script import to_simplified_all
from .segment import SEPARATOR, Segmenter
from .text import WHITESPACE, split_sentences

_BASE = 0x110001  # one more than the largest code point: n-gram keys of code points + 1 never collide
_WHITESPACE_RUN = re.compile(r"\s\s+")  # what scikit-learn's char analyzer folds into one space
MAX_N = 3
_WHITESPACE_ID, _SEPARATOR_ID = -1, -2
_WHITESPACE_TOKENS = ("\r\n", *WHITESPACE)
BATCH_SIZE = 2000
logger = logging.getLogger(__name__)
# The compiled kernel's first use costs a process about a second (numba's import and cache load),
# which it wins back after some 100,000 sentences; until then a process stays on numpy.
KERNEL_AFTER = 100_000
_scored = 0  # sentences this process has scored so far


@dataclass(frozen=True)
class _Part:
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


class Labeller(Protocol):
    """What labelling needs, provided by both :class:`~govtext.Classifier` and :class:`CompiledModel`."""

    @property
    def labels(self) -> tuple[str, ...]: ...

    @property
    def scheme_(self) -> Scheme: ...

    def predict_proba(self, X: Sequence[str]) -> np.ndarray: ...

    def predict(self, X: Sequence[str]) -> list[str]: ...

    def classify(
        self, article: str, *, top_k: int = 1, min_score: float = 0.0, context: bool = True
    ) -> ArticleResult: ...


def as_sentences(values: Any, name: str = "X") -> list[str]:
    """*values* as a list of sentences: any iterable of str (list, tuple, numpy array, pandas
    Series, generator).  A single str (or bytes, or None) is a TypeError, not a list of characters.

    >>> as_sentences(s for s in ["一。", "二。"])
    ['一。', '二。']
    """
    if isinstance(values, (str, bytes, bytearray)) or values is None or isinstance(values, dict):
        hint = "; for one article use classify()" if isinstance(values, str) else ""
        raise TypeError(f"{name} must be a list of sentences, not {type(values).__name__}{hint}")
    try:
        texts = list(values)
    except TypeError:
        raise TypeError(f"{name} must be a list of sentences, not {type(values).__name__}") from None
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"{name}[{position}] must be a str, not {type(text).__name__}")
    return texts


def check_article(article: Any) -> str:
    """*article* if it is a str; a clear TypeError otherwise (bytes: decode them first)."""
    if isinstance(article, str):
        return article
    if isinstance(article, (bytes, bytearray)):
        raise TypeError("classify() needs the article as a str, not bytes; decode it first (govtext.text.decode)")
    raise TypeError(f"classify() needs the article as a str, not {type(article).__name__}")


class CompiledModel:
    """Prediction arrays of a trained pipeline (see the module docstring)."""

    def __init__(
        self,
        labels: Sequence[str],
        scheme: Scheme,
        classes: Sequence[str],
        intercept: np.ndarray,
        parts: Sequence[_Part],
        segmenter: Segmenter,
        *,
        temperature: float = 1.0,
        context: ContextStage | None = None,
    ) -> None:
        self.labels = tuple(labels)
        self.temperature = float(temperature)
        self.context = context
        self.scheme = scheme
        self.classes = tuple(classes)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.parts = tuple(parts)
        self.segmenter = segmenter
        self._token_ids = [None if p.tokens is None else _token_id_map(p.tokens) for p in self.parts]
        self._lookups = [_Lookup(p.keys, p.columns, _base(p)) for p in self.parts]
        self._kernel_tables: list[_KernelTables] | None = None
        known = list(self.classes)
        self._columns = np.array([known.index(label) if label in known else -1 for label in self.labels])

    @property
    def scheme_(self) -> Scheme:
        """The scheme (same name as on Classifier, so either can be used to label)."""
        return self.scheme

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_kernel_tables"] = None  # rebuilt where needed: it is large, and numba's to build
        return state

    # -- prediction -------------------------------------------------------------------------
    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """Logits of the trained classes (``classes`` order), shape (n, n_classes or 1)."""
        logits = np.zeros((len(texts), self.intercept.shape[0]))
        lowered = [t.lower() for t in texts] if any(p.lowercase for p in self.parts) else texts
        kernel = _kernel_for(len(texts))
        joined: dict[bool, _Joined] = {}
        for i, (part, token_ids, lookup) in enumerate(zip(self.parts, self._token_ids, self._lookups, strict=True)):
            part_texts = lowered if part.lowercase else texts
            if kernel is not None:
                if part.lowercase not in joined:  # parts that see the same texts share one _Joined
                    joined[part.lowercase] = _Joined(part_texts)
                batch = joined[part.lowercase]
                if self._kernel_logits(kernel, i, batch, logits):
                    continue
            logits += self._part_logits(part, token_ids, lookup, part_texts)
        return logits + self.intercept

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities in ``labels`` order; labels never seen in training get 0.

        Repeated sentences are scored once; traditional script is converted to simplified for the
        features only; work goes in batches so memory stays bounded for long inputs.
        """
        texts = as_sentences(texts, "X")
        if not texts:
            return np.zeros((0, len(self.labels)))
        return score_distinct(texts, len(self.labels), self._predict_batch)

    def _predict_batch(self, texts: Sequence[str]) -> np.ndarray:
        logits = self.decision_function(texts) / self.temperature
        if logits.shape[1] == 1:  # binary: scikit-learn's expit on the single logit
            positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            raw = np.column_stack([1.0 - positive, positive])
        else:
            logits -= logits.max(axis=1, keepdims=True)
            raw = np.exp(logits)
            raw /= raw.sum(axis=1, keepdims=True)
        out = np.zeros((len(texts), len(self.labels)))
        present = self._columns >= 0
        out[:, present] = raw[:, self._columns[present]]
        return out

    def _part_logits(
        self, part: _Part, token_ids: dict[str, int] | None, lookup: _Lookup, texts: Sequence[str]
    ) -> np.ndarray:
        if part.kind == "char":
            grams = _char_grams(texts, part.min_n, part.max_n)
        else:
            assert token_ids is not None
            grams = _word_grams(texts, self.segmenter, token_ids, part.min_n, part.max_n, _base(part))
        docs, columns = [], []
        for n, gram_docs, keys in grams:
            found = lookup.get(keys, n)
            known = found >= 0
            docs.append(gram_docs[known])
            columns.append(found[known])
        if not docs:
            return np.zeros((len(texts), part.coef.shape[1]))
        return _tfidf_logits(np.concatenate(docs), np.concatenate(columns), part, len(texts))

    def _kernel_logits(self, kernel: ModuleType, i: int, batch: _Joined, logits: np.ndarray) -> bool:
        """Add part *i*'s logits for *batch* with the compiled kernel; False when it cannot (then
        *logits* is unchanged)."""
        if self._kernel_tables is None:
            self._kernel_tables = [_KernelTables(kernel, p) for p in self.parts]
        part, tables = self.parts[i], self._kernel_tables[i]
        if not tables.usable:
            return False
        out = np.zeros_like(logits)
        common = (part.min_n, part.max_n, tables.grams, tables.weights, part.sublinear_tf, out)
        if tables.char_ids is not None:
            kernel.char_logits(batch.codes, batch.starts, batch.ends, _SPACE, tables.char_ids, *common)
        else:
            assert tables.tokens is not None
            token_lengths = batch.token_lengths(self.segmenter)
            if token_lengths is None or not kernel.word_logits(
                batch.codes, batch.starts, batch.ends, token_lengths, _SPACE, tables.tokens, *common
            ):
                return False
        logits += out
        return True

    # -- the labelling API shared with Classifier -----------------------------------------------
    def predict(self, texts: Sequence[str]) -> list[str]:
        proba = self.predict_proba(texts)
        return [self.labels[i] for i in proba.argmax(axis=1)]

    def classify(self, article: str, *, top_k: int = 1, min_score: float = 0.0, context: bool = True) -> ArticleResult:
        return classify_with(
            self.predict_proba,
            self.labels,
            self.scheme.name,
            article,
            top_k=top_k,
            min_score=min_score,
            context=self.context if context else None,
        )

    def classify_many(
        self, articles: Sequence[str], *, top_k: int = 1, min_score: float = 0.0, context: bool = True
    ) -> list[ArticleResult]:
        """Classify several articles with one batched prediction (faster than one call per article)."""
        split = [split_sentences(check_article(a)) for a in as_sentences(articles, "articles")]
        proba = self.predict_proba([s.text for sentences in split for s in sentences])
        stage = self.context if context else None
        results, start = [], 0
        for sentences in split:
            rows = proba[start : start + len(sentences)]
            start += len(sentences)
            if stage is not None:
                rows = stage.apply(rows, [s.text for s in sentences])
            results.append(_results(sentences, rows, self.labels, self.scheme.name, top_k, min_score))
        return results

    # -- storage ----------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {"intercept": self.intercept, "temperature": np.array([self.temperature])}
        if self.context is not None:
            arrays.update(self.context.to_arrays())
        for i, p in enumerate(self.parts):
            prefix = f"part{i}_"
            arrays[prefix + "keys"] = p.keys
            arrays[prefix + "columns"] = p.columns
            arrays[prefix + "idf"] = p.idf
            arrays[prefix + "coef"] = p.coef
            arrays[prefix + "config"] = np.array([p.min_n, p.max_n, int(p.lowercase), int(p.sublinear_tf)])
            if p.tokens is not None:
                arrays[prefix + "tokens"] = p.tokens
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
        return buffer.getvalue()

    def describe(self) -> dict[str, Any]:
        """What the header must record to rebuild this model from :meth:`to_bytes`."""
        return {
            "labels": list(self.labels),
            "classes": list(self.classes),
            "parts": [p.kind for p in self.parts],
            "segmenter": {"extra_terms": list(self.segmenter.extra_terms)},
            "temperature": self.temperature,
            "context": None if self.context is None else {"window": self.context.window},
        }

    @classmethod
    def from_bytes(cls, data: bytes, description: dict[str, Any], scheme: Scheme) -> CompiledModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            parts = []
            for i, kind in enumerate(description["parts"]):
                prefix = f"part{i}_"
                min_n, max_n, lowercase, sublinear = (int(v) for v in npz[prefix + "config"])
                tokens = npz[prefix + "tokens"] if kind == "word" else None
                parts.append(
                    _Part(
                        kind,
                        min_n,
                        max_n,
                        bool(lowercase),
                        bool(sublinear),
                        npz[prefix + "keys"],
                        npz[prefix + "columns"],
                        npz[prefix + "idf"],
                        npz[prefix + "coef"],
                        tokens,
                    )
                )
            intercept = npz["intercept"]
            temperature = float(npz["temperature"][0]) if "temperature" in npz.files else 1.0
            context = ContextStage.from_arrays(npz) if "context_coef" in npz.files else None
        if (context is None) != (description.get("context") is None):
            raise ValueError("the header and the data disagree on the context stage")
        if context is not None and context.coef.shape[0] != len(description["labels"]):
            raise ValueError("the context stage's labels disagree with the model's")
        segmenter = Segmenter(description["segmenter"]["extra_terms"])
        return cls(
            description["labels"],
            scheme,
            description["classes"],
            intercept,
            parts,
            segmenter,
            temperature=temperature,
            context=context,
        )


class _Joined:
    """A batch of sentences as the compiled kernel reads it: code points of the sentences joined by
    ``SEPARATOR``, where each sentence starts and ends, and (on demand) the segmenter's token lengths."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.codes = np.frombuffer(SEPARATOR.join(texts).encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.ends = np.cumsum(lengths + 1) - 1
        self.starts = self.ends - lengths
        self._token_lengths: np.ndarray | None = None

    def token_lengths(self, segmenter: Segmenter) -> np.ndarray | None:
        """Length of each token of ``segmenter.cut_joined``; None if they do not tile the codes."""
        if self._token_lengths is None:
            tokens = segmenter.cut_joined(self.texts)
            self._token_lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        return self._token_lengths if int(self._token_lengths.sum()) == len(self.codes) else None


class _KernelTables:
    """A part's vocabulary as the kernel's arguments (see ``kernel.py``): keys rewritten in a small
    alphabet (token ids; for characters, ids of the characters the vocabulary uses), a direct array
    for single grams, a packed hash table for each longer n, idf and coefficients side by side, and
    for word parts the table of tokens."""

    def __init__(self, kernel: ModuleType, part: _Part) -> None:
        base = _base(part)
        digits = np.zeros((len(part.keys), MAX_N), dtype=np.int64)  # least significant first
        rest = part.keys.copy()
        for k in range(MAX_N):
            digits[:, k] = rest % base
            rest //= base
        self.char_ids: np.ndarray | None = None
        if part.kind == "char":  # code point + 1 -> id in the characters the vocabulary uses
            alphabet = np.unique(digits[digits > 0])
            digits[digits > 0] = np.searchsorted(alphabet, digits[digits > 0]) + 1
            self.char_ids = np.zeros(_BASE - 1, dtype=np.int32)
            self.char_ids[alphabet - 1] = np.arange(1, len(alphabet) + 1, dtype=np.int32)
            base = len(alphabet) + 1
        column_bits = max(1, (len(part.idf) - 1).bit_length())
        self.usable = (base**part.max_n - 1).bit_length() + column_bits <= 63  # key and column in one int64
        self.grams: tuple[Any, ...] = ()
        self.weights = np.zeros((0, 0))
        self.tokens: tuple[Any, ...] | None = None
        if not self.usable:
            return
        lengths = (digits > 0).sum(axis=1)
        keys = (digits * base ** np.arange(MAX_N, dtype=np.int64)).sum(axis=1)
        # Columns renumbered from the most frequent n-gram (lowest idf) on: the rows real text reads
        # most often then share cache lines.
        order = np.argsort(part.idf, kind="stable")
        rank = np.empty(len(part.idf), dtype=np.int64)
        rank[order] = np.arange(len(part.idf))
        columns = rank[part.columns]
        single = np.full(base, -1, dtype=np.int32)
        single[keys[lengths == 1]] = columns[lengths == 1]
        tables: list[Any] = []
        for n in (2, 3):
            chosen = lengths == n
            tables += kernel.build_gram_table(keys[chosen], columns[chosen], column_bits)
        self.grams = (base, single, column_bits, *tables)
        self.weights = np.ascontiguousarray(np.column_stack([part.idf, part.coef])[order])
        if part.tokens is not None:
            names = [str(t) for t in part.tokens]
            codes = np.frombuffer("".join(names).encode("utf-32-le"), dtype=np.uint32)
            offsets = np.zeros(len(names) + 1, dtype=np.int64)
            np.cumsum([len(t) for t in names], out=offsets[1:])
            self.tokens = (*kernel.build_token_table(codes, offsets), codes, offsets)


def _kernel_for(n_texts: int) -> ModuleType | None:
    """The compiled kernel for the next *n_texts* sentences, or None to stay on numpy.

    ``GOVTEXT_KERNEL=numpy`` never uses it, ``GOVTEXT_KERNEL=numba`` always does (when numba is
    installed); by default a process starts using it after ``KERNEL_AFTER`` sentences.
    """
    global _scored
    _scored += n_texts
    mode = os.environ.get("GOVTEXT_KERNEL", "auto").lower()
    if mode == "numpy" or (mode != "numba" and _scored <= KERNEL_AFTER):
        return None
    return _kernel()


@lru_cache(maxsize=1)
def _kernel() -> ModuleType | None:
    """The compiled kernel module, when numba is installed and can cache what it compiles."""
    try:
        from . import kernel
    except ImportError:
        return None
    except RuntimeError as error:  # numba found no writable cache folder (install folder and HOME read-only)
        logger.warning("govtext: compiled kernel off, the numpy path runs instead (%s)", error)
        return None
    return kernel


_SPACE = np.zeros(0x3001, dtype=np.bool_)  # which code points are whitespace (str.isspace)
_SPACE[[ord(c) for c in WHITESPACE]] = True


def score_distinct(texts: Sequence[str], n_columns: int, score_batch: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Rows of *score_batch* for *texts*, shape (len(texts), n_columns).

    Repeated sentences (page furniture, boilerplate) are scored once; traditional script is
    converted to simplified for the features only; work goes in batches of ``BATCH_SIZE`` so
    memory stays bounded for long inputs.
    """
    row_of: dict[str, int] = {}
    rows = np.fromiter((row_of.setdefault(t, len(row_of)) for t in texts), dtype=np.intp, count=len(texts))
    unique = list(row_of)
    scores = np.zeros((len(unique), n_columns))
    for begin in range(0, len(unique), BATCH_SIZE):
        batch = to_simplified_all(unique[begin : begin + BATCH_SIZE])
        scores[begin : begin + len(batch)] = score_batch(batch)
    return scores[rows]


def classify_with(
    predict_proba: Any,
    labels: tuple[str, ...],
    scheme: str,
    article: str,
    *,
    top_k: int = 1,
    min_score: float = 0.0,
    context: ContextStage | None = None,
) -> ArticleResult:
    """Split *article*, label each sentence with *predict_proba* and, when given, the *context*
    stage; offsets point into *article*."""
    sentences = split_sentences(check_article(article))
    texts = [s.text for s in sentences]
    proba = predict_proba(texts)
    if context is not None:
        proba = context.apply(proba, texts)
    result = _results(sentences, proba, labels, scheme, top_k, min_score)
    return replace(result, date=date_in_text(article))


def _results(
    sentences: Sequence[Any], proba: np.ndarray, labels: tuple[str, ...], scheme: str, top_k: int, min_score: float
) -> ArticleResult:
    results = []
    best = proba.argmax(axis=1) if len(sentences) else np.zeros(0, dtype=int)
    for index, (sentence, row, b) in enumerate(zip(sentences, proba, best, strict=True)):
        score = float(row[b])
        top: tuple[tuple[str, float], ...] = ()
        if top_k > 1:
            order = np.argsort(-row, kind="stable")[:top_k]
            top = tuple((labels[i], float(row[i])) for i in order)
        results.append(
            SentenceResult(sentence.text, labels[b], score, sentence.start, sentence.end, index, top, score < min_score)
        )
    return ArticleResult(tuple(results), labels, scheme)


# -- features --------------------------------------------------------------------------------------
Grams = list[tuple[int, np.ndarray, np.ndarray]]  # (n, document index, key) of the n-grams of each length


def _char_grams(texts: Sequence[str], min_n: int, max_n: int) -> Grams:
    """The character n-grams of *texts*, as scikit-learn's char analyzer makes them."""
    folded = [_WHITESPACE_RUN.sub(" ", t) for t in texts]
    lengths = np.fromiter((len(t) for t in folded), dtype=np.int64, count=len(folded))
    codes = np.frombuffer("".join(folded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1
    return _ngrams(codes, lengths, min_n, max_n, _BASE)


def _word_grams(
    texts: Sequence[str], segmenter: Segmenter, token_ids: dict[str, int], min_n: int, max_n: int, base: int
) -> Grams:
    """The word n-grams of *texts*; unknown tokens get id 0, which no key uses."""
    tokens = segmenter.cut_joined(texts)
    ids = np.fromiter(map(token_ids.get, tokens, repeat(0)), dtype=np.int64, count=len(tokens))
    doc_of = np.cumsum(ids == _SEPARATOR_ID)
    kept = ids >= 0  # whitespace and separators go; unknown tokens stay, as gaps in the n-grams
    lengths = np.bincount(doc_of[kept], minlength=len(texts))
    return _ngrams(ids[kept], lengths, min_n, max_n, base)


def _token_id_map(tokens: np.ndarray) -> dict[str, int]:
    """Token -> id (its 1-based position in *tokens*), whitespace -> -1, the separator -> -2: the
    tokens of :meth:`Segmenter.cut_joined` become ids with one dictionary look-up each.  jieba
    yields whitespace one character at a time, except for ``"\\r\\n"``."""
    ids = {str(t): i + 1 for i, t in enumerate(tokens)}
    ids.update(dict.fromkeys(_WHITESPACE_TOKENS, _WHITESPACE_ID))
    ids[SEPARATOR] = _SEPARATOR_ID
    return ids


def _base(part: _Part) -> int:
    """The base in which *part*'s n-gram keys write their codes: one more than the largest code."""
    return _BASE if part.tokens is None else len(part.tokens) + 1


def _ngrams(codes: np.ndarray, lengths: np.ndarray, min_n: int, max_n: int, base: int) -> Grams:
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


def _tfidf_logits(docs: np.ndarray, columns: np.ndarray, part: _Part, n_docs: int) -> np.ndarray:
    """Sum, per document, of l2-normalised (sublinear) tf-idf times the coefficients.

    Each (document, column) pair is packed into one integer, 32 bits wide when it fits, and the
    pairs are sorted once: equal pairs form runs whose length is the term frequency, and the runs
    come out in CSR order, ready for one sparse product with the coefficients.
    """
    from scipy.sparse import csr_matrix

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
    indptr = np.zeros(n_docs + 1, dtype=np.intp)
    np.cumsum(np.bincount(doc, minlength=n_docs), out=indptr[1:])
    logits: np.ndarray = csr_matrix((value, column, indptr), shape=(n_docs, width)) @ part.coef
    return logits


class _Lookup:
    """Columns of a part's n-gram keys: a plain array indexed by the key for single characters or
    tokens, an open-addressing hash table for each longer n."""

    def __init__(self, keys: np.ndarray, columns: np.ndarray, base: int) -> None:
        single = keys < base
        self._single = np.full(base, -1, dtype=np.int32)
        self._single[keys[single]] = columns[single]
        length = np.ones(len(keys), dtype=np.int64)  # n of each key's n-gram
        rest = keys // base
        while np.any(rest):
            length += rest > 0
            rest //= base
        self._longer = {int(n): _HashTable(keys[length == n], columns[length == n]) for n in np.unique(length[~single])}

    def get(self, keys: np.ndarray, n: int) -> np.ndarray:
        """The column of each key of an n-gram, -1 where the n-gram is not in the vocabulary."""
        if n == 1:
            single: np.ndarray = self._single[keys]
            return single
        table = self._longer.get(n)
        return np.full(len(keys), -1, dtype=np.int32) if table is None else table.get(keys)


class _HashTable:
    """An open-addressing hash table from int64 keys (never negative) to int32 values, probed for a
    whole array of keys at once.

    Faster than binary search over the sorted keys: most look-ups end at their first slot, and the
    few that collide walk on together, one numpy pass per step.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * 2^64/phi
    _EMPTY = -1

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        bits = max(4, (4 * len(keys)).bit_length())  # an eighth to a quarter of the slots used
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.full(1 << bits, self._EMPTY, dtype=np.int64)
        self._values = np.zeros(1 << bits, dtype=np.int32)
        slot = self._slots(keys)
        pending = np.arange(len(keys))
        while len(pending):
            slots = slot[pending]
            free = self._keys[slots] == self._EMPTY
            _, first = np.unique(slots[free], return_index=True)  # one key per free slot and round
            placed = pending[free][first]
            self._keys[slot[placed]] = keys[placed]
            self._values[slot[placed]] = values[placed]
            waiting = np.ones(len(keys), dtype=bool)
            waiting[placed] = False
            pending = pending[waiting[pending]]
            taken = pending[self._keys[slot[pending]] != self._EMPTY]
            slot[taken] = (slot[taken] + 1) & self._mask

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULTIPLIER) >> self._shift).astype(np.intp)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 where the key is absent."""
        out = np.full(len(keys), -1, dtype=np.int32)
        pending = np.arange(len(keys))
        slots = self._slots(keys)
        while len(pending):
            found = self._keys[slots]
            hit = found == keys
            out[pending[hit]] = self._values[slots[hit]]
            walk = ~hit & (found != self._EMPTY)
            pending, slots, keys = pending[walk], (slots[walk] + 1) & self._mask, keys[walk]
        return out


# -- compiling ---------------------------------------------------------------------------------------
def compile_pipeline(
    pipeline: Any, labels: Sequence[str], scheme: Scheme, segmenter: Segmenter
) -> CompiledModel | None:
    """Arrays for a fitted ``Pipeline([features: FeatureUnion of TfidfVectorizer, logreg])``, or None
    when it uses something the fast path does not reproduce."""
    union, logreg = pipeline.named_steps["features"], pipeline.named_steps["logreg"]
    coef = np.asarray(logreg.coef_, dtype=np.float64)
    parts, offset = [], 0
    weights = union.transformer_weights or {}
    for name, vectorizer in union.transformer_list:
        if not _supported(vectorizer):
            return None
        vocabulary: dict[str, int] = vectorizer.vocabulary_
        width = len(vocabulary)
        block = coef[:, offset : offset + width].T * float(weights.get(name, 1.0))
        offset += width
        min_n, max_n = vectorizer.ngram_range
        grams = list(vocabulary)
        columns = np.array([vocabulary[g] for g in grams], dtype=np.int64)
        tokens: np.ndarray | None = None
        if vectorizer.analyzer == "char":
            keys = np.array([_char_key(g) for g in grams], dtype=np.int64)
        else:
            names = sorted({t for g in grams for t in g.split(" ")})
            ids = {t: i + 1 for i, t in enumerate(names)}
            base = len(names) + 1
            keys = np.array([_word_key(g, ids, base) for g in grams], dtype=np.int64)
            tokens = np.array(names, dtype=str)
        order = np.argsort(keys, kind="stable")
        parts.append(
            _Part(
                "char" if vectorizer.analyzer == "char" else "word",
                min_n,
                max_n,
                bool(vectorizer.lowercase),
                bool(vectorizer.sublinear_tf),
                keys[order],
                columns[order],
                np.asarray(vectorizer.idf_, dtype=np.float64),
                block,
                tokens,
            )
        )
    if offset != coef.shape[1]:
        return None
    return CompiledModel(labels, scheme, [str(c) for c in logreg.classes_], logreg.intercept_, parts, segmenter)


def _supported(vectorizer: Any) -> bool:
    return bool(
        type(vectorizer).__name__ == "TfidfVectorizer"
        and vectorizer.ngram_range[1] <= MAX_N
        and vectorizer.norm == "l2"
        and vectorizer.use_idf
        and not vectorizer.binary
        and vectorizer.strip_accents is None
        and vectorizer.preprocessor is None
        and vectorizer.stop_words is None
        and (
            vectorizer.analyzer == "char"
            or (vectorizer.analyzer == "word" and isinstance(vectorizer.tokenizer, Segmenter))
        )
    )


def _char_key(gram: str) -> int:
    key = 0
    for ch in gram:
        key = key * _BASE + ord(ch) + 1
    return key


def _word_key(gram: str, ids: dict[str, int], base: int) -> int:
    key = 0
    for token in gram.split(" "):
        key = key * base + ids[token]
    return key


__all__ = ["CompiledModel", "Labeller", "classify_with", "compile_pipeline", "score_distinct"]
