"""The one labelling front end: input checks, repeated sentences scored once, script conversion,
batches, the article-context stage and the result objects, for every kind of predictor.

A :class:`Predictor` only has to say how to score a batch of (simplified-script, distinct)
sentences; ``predict``, ``predict_proba``, ``classify`` and ``classify_many`` are written once,
here.  :class:`~govtext.engine.compiled.CompiledModel` scores with numpy arrays,
:class:`~govtext.engine.adapter.SklearnPredictor` with a fitted scikit-learn pipeline (for
feature sets that cannot be compiled); :class:`~govtext.Classifier` predicts through one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol

import numpy as np

from .. import messages
from ..dates import date_in_text
from ..results import ArticleResult, SentenceResult
from ..schemes import Scheme
from ..text import split_sentences
from .context import ContextStage
from .script import to_simplified_all

BATCH_SIZE = 2000


class Labeller(Protocol):
    """What labelling needs: provided by :class:`Predictor` and by :class:`~govtext.Classifier`."""

    @property
    def labels(self) -> tuple[str, ...]: ...

    @property
    def scheme_(self) -> Scheme: ...

    def predict_proba(self, X: Any) -> np.ndarray: ...

    def predict(self, X: Any) -> list[str]: ...

    def classify(
        self, article: str, *, top_k: int = 1, min_score: float = 0.0, context: bool = True
    ) -> ArticleResult: ...

    def classify_many(
        self, articles: Any, *, top_k: int = 1, min_score: float = 0.0, context: bool = True
    ) -> list[ArticleResult]: ...


def as_sentences(values: Any, name: str = "X") -> list[str]:
    """*values* as a list of sentences: any iterable of str (list, tuple, numpy array, pandas
    Series, generator).  A single str (or bytes, or None) is a TypeError, not a list of characters.

    >>> as_sentences(s for s in ["一。", "二。"])
    ['一。', '二。']
    >>> as_sentences("项目争速")
    Traceback (most recent call last):
    TypeError: X must be a list of sentences, not str; for one article use classify()
    """
    if isinstance(values, (str, bytes, bytearray)) or values is None or isinstance(values, dict):
        raise TypeError(messages.not_sentences(name, values))
    try:
        texts = list(values)
    except TypeError:
        raise TypeError(messages.not_sentences(name, values)) from None
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(messages.not_a_str(f"{name}[{position}]", text))
    return texts


def check_article(article: Any) -> str:
    """*article* if it is a str; a clear TypeError otherwise (bytes: decode them first)."""
    if isinstance(article, str):
        return article
    raise TypeError(messages.not_an_article(article))


class Predictor:
    """Labels sentences and articles; subclasses provide :meth:`score_batch`.

    ``labels`` are the column order of :meth:`predict_proba`; ``temperature`` calibrates the
    sentence scores; ``context`` is the optional article-context stage.
    """

    labels: tuple[str, ...]
    scheme: Scheme
    temperature: float
    context: ContextStage | None

    @property
    def scheme_(self) -> Scheme:
        """The scheme (same name as on Classifier, so either can be used to label)."""
        return self.scheme

    def score_batch(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities (``labels`` order) of distinct, simplified-script *texts*."""
        raise NotImplementedError

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities, shape (n, len(labels)), columns in ``labels`` order, rows summing to 1.

        Repeated sentences are scored once; traditional script is converted to simplified for the
        features only; work goes in batches so memory stays bounded for long inputs.
        """
        texts = as_sentences(X, "X")
        if not texts:
            return np.zeros((0, len(self.labels)))
        return score_distinct(texts, len(self.labels), self.score_batch)

    def predict(self, X: Any) -> list[str]:
        """One label per sentence."""
        proba = self.predict_proba(X)
        return [self.labels[i] for i in proba.argmax(axis=1)]

    def classify(self, article: str, *, top_k: int = 1, min_score: float = 0.0, context: bool = True) -> ArticleResult:
        """Split *article* into sentences and label each; offsets point into *article*.  The result's
        ``date`` is a dateline found near the top of the text, if any (:func:`govtext.dates.date_in_text`)."""
        result = self.classify_many([check_article(article)], top_k=top_k, min_score=min_score, context=context)[0]
        return replace(result, date=date_in_text(article))

    def classify_many(
        self, articles: Any, *, top_k: int = 1, min_score: float = 0.0, context: bool = True
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


def score_distinct(texts: Sequence[str], n_columns: int, score_batch: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Rows of *score_batch* for *texts*, shape (len(texts), n_columns).

    Repeated sentences (page furniture, boilerplate) are scored once; traditional script is
    converted to simplified for the features only; work goes in batches of ``BATCH_SIZE`` so
    memory stays bounded for long inputs.

    >>> score_distinct(["甲", "乙", "甲"], 1, lambda batch: np.array([[len(batch)]] * len(batch))).ravel().tolist()
    [2.0, 2.0, 2.0]
    """
    row_of: dict[str, int] = {}
    rows = np.fromiter((row_of.setdefault(t, len(row_of)) for t in texts), dtype=np.intp, count=len(texts))
    unique = list(row_of)
    scores = np.zeros((len(unique), n_columns))
    for begin in range(0, len(unique), BATCH_SIZE):
        batch = to_simplified_all(unique[begin : begin + BATCH_SIZE])
        scores[begin : begin + len(batch)] = score_batch(batch)
    return scores[rows]


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


__all__ = ["BATCH_SIZE", "Labeller", "Predictor", "as_sentences", "check_article", "score_distinct"]
