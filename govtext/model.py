"""The Classifier: TF-IDF over jieba words and characters, then logistic regression.

It follows the scikit-learn estimator contract: ``__init__`` stores keyword-only parameters as
given, ``fit`` validates, learns and returns ``self``, learned state ends in ``_``; so
``sklearn.base.clone``, grid search and pickling work.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from . import messages
from .engine.compiler import predictor_for
from .engine.context import ContextStage
from .engine.predictor import Predictor, as_sentences
from .engine.script import to_simplified_all
from .explain import Explanation, explain
from .modelfile.format import save_model
from .results import ArticleResult
from .schemes import DEFAULT_SCHEME, Scheme, get_scheme
from .segment import Segmenter

FEATURE_SETS = ("word", "char", "word+char")


class Classifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Sentence classifier for one scheme.

    Parameters
    ----------
    scheme: the scheme's name or a :class:`~govtext.Scheme` (stored as given; ``govtext.train``
        and ``govtext.load`` pass the Scheme, and ``scheme_`` holds it after ``fit``).
    features: ``"word"`` (jieba n-grams), ``"char"`` (character n-grams) or ``"word+char"``.
    word_ngram_range, char_ngram_range: n-gram ranges of the two TF-IDF parts.
    word_weight: how much the word part counts against the character part (both are l2-normalised).
    C: inverse regularisation strength of the logistic regression.
    class_weight: ``"balanced"`` (default: the corpus is mostly 其他), None or a dict.
    sublinear_tf: use 1 + log(tf) in TF-IDF.
    max_iter, random_state: passed to LogisticRegression.

    >>> texts = ["项目开工建设", "重大项目签约", "天气晴朗", "周末去公园"]
    >>> clf = Classifier().fit(texts, ["项目争速", "项目争速", "其他", "其他"])
    >>> clf.predict(["项目开工"]), clf.labels[-1]
    (['项目争速'], '其他')
    """

    def __init__(
        self,
        *,
        scheme: str | Scheme = DEFAULT_SCHEME,
        features: str = "word+char",
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        word_weight: float = 0.35,
        C: float = 10.0,
        class_weight: str | dict[str, float] | None = "balanced",
        sublinear_tf: bool = True,
        max_iter: int = 2000,
        random_state: int | None = 0,
    ) -> None:
        self.scheme = scheme
        self.features = features
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.word_weight = word_weight
        self.C = C
        self.class_weight = class_weight
        self.sublinear_tf = sublinear_tf
        self.max_iter = max_iter
        self.random_state = random_state

    # -- learning -------------------------------------------------------------------------
    def fit(self, X: Sequence[str], y: Sequence[str]) -> Classifier:
        """Learn from sentences *X* and their labels *y* (labels of the scheme); returns self."""
        texts = _check_texts(X, "X")
        labels = [str(label) for label in _check_sequence(y, "y")]
        if len(texts) != len(labels):
            raise ValueError(messages.lengths_differ(len(texts), len(labels)))
        scheme = get_scheme(self.scheme)
        unknown = sorted(set(labels) - set(scheme.labels))
        if unknown:
            raise ValueError(messages.labels_not_in_scheme(scheme.name, unknown, scheme.labels))
        if len(set(labels)) < 2:
            raise ValueError(messages.one_label_only(labels[0]))
        if self.features not in FEATURE_SETS:
            raise ValueError(messages.one_of("features", FEATURE_SETS, self.features))
        self.scheme_ = scheme
        self.segmenter_ = Segmenter(() if scheme.bundled else scheme.terms)
        self.pipeline_ = Pipeline([("features", self._features()), ("logreg", self._logreg())])
        self.pipeline_.fit(to_simplified_all(texts), labels)
        self.labels_ = scheme.labels
        self.classes_ = np.array(self.labels_, dtype=object)
        known = list(self.pipeline_.classes_)
        # predict_proba's columns follow the scheme; labels without training examples stay 0.
        self.column_index_ = np.array([known.index(label) if label in known else -1 for label in self.labels_])
        return self

    def _features(self) -> FeatureUnion:
        parts: list[tuple[str, TfidfVectorizer]] = []
        if self.features in ("word", "word+char"):
            parts.append(
                (
                    "words",
                    TfidfVectorizer(
                        tokenizer=self.segmenter_,
                        token_pattern=None,
                        ngram_range=tuple(self.word_ngram_range),
                        sublinear_tf=self.sublinear_tf,
                    ),
                )
            )
        if self.features in ("char", "word+char"):
            parts.append(
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char", ngram_range=tuple(self.char_ngram_range), sublinear_tf=self.sublinear_tf
                    ),
                )
            )
        has_words = self.features in ("word", "word+char")
        weights = {"words": float(self.word_weight)} if has_words and self.word_weight != 1.0 else None
        return FeatureUnion(parts, transformer_weights=weights)

    def _logreg(self) -> LogisticRegression:
        return LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=self.random_state
        )

    # -- prediction -----------------------------------------------------------------------
    @property
    def labels(self) -> tuple[str, ...]:
        """Label names: the scheme's categories then 其他; the column order of predict_proba."""
        self._check_fitted()
        return tuple(self.labels_)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities, shape (n, len(labels)), columns in ``labels`` order, rows summing to 1.

        Sentences in traditional script are converted to simplified for the features only.

        >>> import govtext
        >>> govtext.load().predict_proba(["项目争速是主要抓手"]).shape
        (1, 7)
        """
        return self.predictor().predict_proba(X)

    def predict(self, X: Any) -> list[str]:
        """One label per sentence (any iterable of str; a single str is a TypeError)."""
        return self.predictor().predict(X)

    @property
    def temperature(self) -> float:
        """The sentence stage's calibration temperature (1.0: uncalibrated)."""
        return float(getattr(self, "temperature_", 1.0))

    @property
    def context_stage(self) -> ContextStage | None:
        """The fitted article-context stage, or None when the model has none."""
        return getattr(self, "context_stage_", None)

    def classify(self, article: str, *, top_k: int = 1, min_score: float = 0.0, context: bool = True) -> ArticleResult:
        """Split *article* into sentences and label each; offsets point into *article*.

        Traditional-script sentences are classified through their simplified form but reported
        as written.  An empty article gives a result with no sentences.

        ``top_k`` > 1 keeps the best labels with probabilities; sentences whose score is below
        ``min_score`` are marked ``low_confidence``.  With ``context`` (default) a model that has an
        article-context stage labels each sentence in the light of its neighbours and the whole
        article; ``context=False`` labels each sentence alone, as :meth:`predict` does.
        """
        return self.predictor().classify(article, top_k=top_k, min_score=min_score, context=context)

    def classify_many(
        self, articles: Any, *, top_k: int = 1, min_score: float = 0.0, context: bool = True
    ) -> list[ArticleResult]:
        """:meth:`classify` for each of *articles*, with one batched prediction."""
        return self.predictor().classify_many(articles, top_k=top_k, min_score=min_score, context=context)

    def predictor(self) -> Predictor:
        """What this model labels with: the pipeline compiled to numpy arrays, or (for feature sets
        that do not compile) a scikit-learn adapter with the same interface.  Built once per fit."""
        self._check_fitted()
        cache = self.__dict__.get("_predictor")
        if cache is None or cache[0] is not self.pipeline_:
            cache = (self.pipeline_, predictor_for(self.pipeline_, self.labels_, self.scheme_, self.segmenter_))
            self.__dict__["_predictor"] = cache
        predictor: Predictor = cache[1]
        predictor.temperature, predictor.context = self.temperature, self.context_stage  # set after fit (train)
        return predictor

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_predictor", None)
        return dict(state)

    def explain(self, sentence: str, *, top: int = 5) -> Explanation:
        """The terms, with weights, that pushed *sentence* toward its label and toward the runner-up
        (terms of its simplified-script form, which is what the features see)."""
        return explain(self, sentence, top=top)

    # -- persistence ----------------------------------------------------------------------
    def save(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the model and its metadata atomically; refuses to replace a file unless *overwrite*."""
        return save_model(self, path, overwrite=overwrite)

    @property
    def metadata(self) -> dict[str, Any]:
        """What the model file records: scheme, labels, versions, corpus digest, evaluation."""
        self._check_fitted()
        return dict(getattr(self, "metadata_", {}))

    def _check_fitted(self) -> None:
        if not hasattr(self, "pipeline_"):
            raise _not_fitted()

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


def _not_fitted() -> Exception:
    error: Exception = NotFittedError(messages.not_fitted())
    return error


def _check_sequence(values: Any, name: str) -> list[Any]:
    if isinstance(values, (str, bytes)) or values is None or not hasattr(values, "__iter__"):
        raise TypeError(messages.not_labels(name, values))
    return list(values)


def _check_texts(values: Any, name: str, *, allow_empty: bool = False) -> list[str]:
    texts = as_sentences(values, name)
    if not texts and not allow_empty:
        raise ValueError(messages.is_empty(name))
    return texts


__all__ = ["FEATURE_SETS", "Classifier"]
