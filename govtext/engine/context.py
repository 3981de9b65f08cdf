"""Article context and calibration: the arithmetic applied after the sentence classifier.

A sentence alone is often too short to tell ("这批项目建成后，将新增产值50亿元。"); its neighbours and
the article as a whole usually tell.  The context stage is a second logistic regression over
features made from the sentence classifier's probabilities:

- the sentence's own probabilities and their logarithms,
- the mean probabilities of its neighbours at distance 1, and within ``window``,
- the mean probabilities of the rest of the article,
- its position (relative position, first, last, article length),
- heading and fragment signals of its text (length, no end punctuation, digits, a label-like colon).

Both stages are calibrated by temperature scaling (``softmax(logits / T)``), fitted on out-of-fold
predictions of the training corpus.  Everything here is numpy: prediction needs no scikit-learn;
fitting lives in :mod:`govtext.training`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import messages

EPSILON = 1e-4
_END_PUNCTUATION = frozenset("。！？；!?;…”’\"')）】」』")
_POSITION_AND_TEXT_FEATURES = 9


def n_context_features(n_labels: int) -> int:
    """How many features the context stage has for a scheme with *n_labels* labels."""
    return 5 * n_labels + _POSITION_AND_TEXT_FEATURES


def context_features(proba: np.ndarray, texts: Sequence[str], window: int = 2) -> np.ndarray:
    """Features of each sentence of one article, in order; *proba* has one row per sentence.

    >>> context_features(np.array([[0.9, 0.1], [0.2, 0.8]]), ["标题", "正文一句。"]).shape
    (2, 19)
    """
    n, n_labels = proba.shape
    if n == 0:
        return np.zeros((0, n_context_features(n_labels)))
    padded = np.vstack([np.zeros((window, n_labels)), proba, np.zeros((window, n_labels))])
    present = np.concatenate([np.zeros(window), np.ones(n), np.zeros(window)])
    near_sum, near_count = np.zeros_like(proba), np.zeros(n)
    wide_sum, wide_count = np.zeros_like(proba), np.zeros(n)
    for distance in range(1, window + 1):
        for shift in (-distance, distance):
            rows = padded[window + shift : window + shift + n]
            there = present[window + shift : window + shift + n]
            wide_sum += rows
            wide_count += there
            if distance == 1:
                near_sum += rows
                near_count += there
    near = near_sum / np.maximum(near_count, 1)[:, None]
    wide = wide_sum / np.maximum(wide_count, 1)[:, None]
    rest = (proba.sum(axis=0, keepdims=True) - proba) / max(n - 1, 1)
    position = np.arange(n) / max(n - 1, 1)
    lengths = np.array([len(t) for t in texts], dtype=np.float64)
    signals = np.column_stack(
        [
            position,
            position == 0,
            position == 1 if n > 1 else np.zeros(n),
            np.full(n, np.log1p(n) / 4),
            np.minimum(lengths / 100, 1.5),
            lengths <= 12,
            [not t or t[-1] not in _END_PUNCTUATION for t in texts],
            [any(c.isdigit() for c in t) for t in texts],
            [("：" in t[:8] or ":" in t[:8]) for t in texts],
        ]
    ).astype(np.float64)
    features: np.ndarray = np.hstack([proba, np.log(proba + EPSILON), near, wide, rest, signals])
    return features


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax; a column of ``-inf`` gets probability 0."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    out: np.ndarray = np.exp(shifted)
    out /= out.sum(axis=1, keepdims=True)
    return out


def rescale(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities with their logits divided by *temperature* (1.0 leaves them as they are).

    >>> rescale(np.array([[0.8, 0.2, 0.0]]), 2.0).round(3).tolist()
    [[0.667, 0.333, 0.0]]
    """
    if temperature == 1.0 or proba.size == 0:
        return proba
    with np.errstate(divide="ignore"):
        logits = np.log(proba) / temperature
    return softmax(logits)


@dataclass(frozen=True, eq=False)
class ContextStage:
    """The fitted second stage: logistic-regression weights over :func:`context_features`.

    ``coef`` has one row per label (in the model's label order) and ``intercept`` one value per
    label; a label the stage never saw has intercept ``-inf``.  ``temperature`` calibrates its
    output.
    """

    coef: np.ndarray
    intercept: np.ndarray
    window: int = 2
    temperature: float = 1.0

    def __post_init__(self) -> None:
        if self.coef.ndim != 2 or self.intercept.shape != (self.coef.shape[0],):
            raise ValueError(messages.context_shapes_disagree(self.coef.shape, self.intercept.shape))
        if self.coef.shape[1] != n_context_features(self.coef.shape[0]):
            raise ValueError(messages.context_features_disagree(self.coef.shape[1], self.coef.shape[0]))
        if not (self.window >= 1 and self.temperature > 0):
            raise ValueError(messages.context_settings_out_of_range())

    def decision_function(self, proba: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated logits of one article's sentences."""
        return np.asarray(context_features(proba, texts, self.window) @ self.coef.T + self.intercept)

    def apply(self, proba: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The context stage's calibrated probabilities for one article's sentences."""
        if len(texts) == 0:
            return proba
        return softmax(self.decision_function(proba, texts) / self.temperature)

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "context_coef": self.coef,
            "context_intercept": self.intercept,
            "context_config": np.array([float(self.window), self.temperature]),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray] | object) -> ContextStage | None:
        """The stage stored by :meth:`to_arrays` in *arrays* (an npz file or a dict), or None."""
        try:
            coef = arrays["context_coef"]  # type: ignore[index]
        except KeyError:
            return None
        window, temperature = (float(v) for v in arrays["context_config"])  # type: ignore[index]
        return cls(np.asarray(coef), np.asarray(arrays["context_intercept"]), int(window), temperature)  # type: ignore[index]


def expected_calibration_error(proba: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top scores: the mean over equal-width score bins of
    |accuracy - mean score|, weighted by how many predictions fall in each.

    >>> expected_calibration_error(np.array([[0.9, 0.1], [0.6, 0.4]]), np.array([True, False]))
    0.35
    """
    if len(correct) == 0:
        return 0.0
    scores = proba.max(axis=1)
    which = np.minimum((scores * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.sum() * abs(correct[inside].mean() - scores[inside].mean())
    return round(float(total / len(correct)), 10)


def reliability_bins(proba: np.ndarray, correct: np.ndarray, bins: int = 10) -> list[tuple[float, float, float, int]]:
    """(bin low, mean score, accuracy, count) of each non-empty score bin: a reliability diagram's data."""
    scores = proba.max(axis=1) if len(correct) else np.zeros(0)
    which = np.minimum((scores * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        inside = which == b
        if inside.any():
            out.append((b / bins, float(scores[inside].mean()), float(correct[inside].mean()), int(inside.sum())))
    return out


__all__ = [
    "ContextStage",
    "context_features",
    "expected_calibration_error",
    "n_context_features",
    "reliability_bins",
    "rescale",
    "softmax",
]
