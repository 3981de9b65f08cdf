"""Fitting what comes after the sentence classifier: calibration temperatures and the article-context
stage, both from out-of-fold predictions of the training corpus (never from the data they are
measured on).

The folds keep every whole article together (an article's sentences are predicted by a model that
saw none of them), so the context stage learns from first-stage probabilities as they look on
unseen articles.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .corpus import Article, Corpus, normalise_for_duplicates
from .engine.context import ContextStage, context_features, n_context_features, rescale, softmax

CONTEXT_C = 1.0
MIN_ARTICLES = 5


def out_of_fold_proba(
    clf: Any,
    corpus: Corpus,
    articles: Sequence[Article],
    *,
    folds: int = 5,
    random_state: int = 0,
    progress: Callable[[str], None] | None = None,
) -> np.ndarray:
    """Uncalibrated probabilities of every corpus sentence from a model that did not see it,
    shape (len(corpus), len(labels)); the sentences of one article share a fold."""
    from sklearn.base import clone  # lazy: scikit-learn is heavy
    from sklearn.model_selection import StratifiedGroupKFold

    texts, labels = corpus.texts, corpus.labels
    row_of = {normalise_for_duplicates(t): i for i, t in enumerate(texts)}
    groups = np.arange(len(texts)) + len(articles)
    for number, article in enumerate(articles):
        for text in article.texts:
            groups[row_of[normalise_for_duplicates(text)]] = number
    smallest = min(n for n in corpus.counts().values() if n > 0)
    n_splits = max(2, min(folds, smallest))
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    proba = np.zeros((len(texts), len(corpus.scheme.labels)))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        splits = list(splitter.split(texts, labels, groups))
    for fold, (train_index, test_index) in enumerate(splits, 1):
        if progress is not None:
            progress(f"cross-validation fold {fold}/{n_splits} (out-of-fold predictions)")
        model = clone(clf)
        model.fit([texts[i] for i in train_index], [labels[i] for i in train_index])
        proba[test_index] = model.predict_proba([texts[i] for i in test_index])
    return proba


def fit_temperature(proba: np.ndarray, labels: Sequence[str], label_names: Sequence[str]) -> float:
    """The temperature that minimises the negative log-likelihood of *labels* under *proba*.

    >>> p = np.array([[0.6, 0.4], [0.6, 0.4], [0.4, 0.6]] * 10)
    >>> round(fit_temperature(p, ["a", "a", "b"] * 10, ["a", "b"]), 2) < 1  # always right: sharpen
    True
    """
    from scipy.optimize import minimize_scalar  # lazy: heavy

    column = {label: i for i, label in enumerate(label_names)}
    truth = np.array([column[label] for label in labels])

    def loss(log_t: float) -> float:
        scaled = rescale(proba, float(np.exp(log_t)))
        return float(-np.log(scaled[np.arange(len(truth)), truth] + 1e-12).mean())

    best = minimize_scalar(loss, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return round(float(np.exp(best.x)), 4)


def fit_context_stage(
    article_proba: Sequence[np.ndarray],
    articles: Sequence[Article],
    label_names: Sequence[str],
    *,
    window: int = 2,
    folds: int = 5,
    C: float = CONTEXT_C,
    class_weight: str | None = "balanced",
) -> tuple[ContextStage, np.ndarray]:
    """The context stage fitted on calibrated first-stage probabilities of whole *articles*, and
    its own out-of-fold probabilities (articles concatenated), from which its temperature comes."""
    from sklearn.model_selection import GroupKFold  # lazy: heavy

    features = np.vstack([context_features(p, a.texts, window) for p, a in zip(article_proba, articles, strict=True)])
    labels = [label for a in articles for label in a.labels]
    groups = np.concatenate([np.full(len(a.examples), i) for i, a in enumerate(articles)])
    oof = np.zeros((len(labels), len(label_names)))
    for train_index, test_index in GroupKFold(n_splits=min(folds, len(articles))).split(features, labels, groups):
        if len({labels[i] for i in train_index}) < 2:
            oof[test_index] = np.vstack(article_proba)[test_index]
            continue
        stage = _fitted_stage(
            features[train_index], [labels[i] for i in train_index], label_names, window, C=C, class_weight=class_weight
        )
        oof[test_index] = softmax(features[test_index] @ stage.coef.T + stage.intercept)
    temperature = fit_temperature(oof, labels, label_names)
    final = _fitted_stage(features, labels, label_names, window, temperature, C=C, class_weight=class_weight)
    return final, rescale(oof, temperature)


def _fitted_stage(
    features: np.ndarray,
    labels: Sequence[str],
    label_names: Sequence[str],
    window: int,
    temperature: float = 1.0,
    *,
    C: float = CONTEXT_C,
    class_weight: str | None = "balanced",
) -> ContextStage:
    from sklearn.linear_model import LogisticRegression  # lazy: heavy

    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=5000)
    model.fit(features, list(labels))
    classes = [str(c) for c in model.classes_]
    coef = np.zeros((len(label_names), n_context_features(len(label_names))))
    intercept = np.full(len(label_names), -np.inf)
    fitted_coef, fitted_intercept = model.coef_, model.intercept_
    if len(classes) == 2:  # binary: softmax over logits (0, w.x + b) equals the logistic model
        fitted_coef = np.vstack([np.zeros_like(fitted_coef[0]), fitted_coef[0]])
        fitted_intercept = np.array([0.0, fitted_intercept[0]])
    for row, label in enumerate(classes):
        column = list(label_names).index(label)
        coef[column], intercept[column] = fitted_coef[row], fitted_intercept[row]
    return ContextStage(coef, intercept, window, temperature)


__all__ = ["MIN_ARTICLES", "fit_context_stage", "fit_temperature", "out_of_fold_proba"]
