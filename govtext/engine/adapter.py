"""A fitted scikit-learn pipeline behind the :class:`~govtext.engine.predictor.Predictor` interface,
for feature sets the compiler does not reproduce (so every model labels through one front end)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..schemes import Scheme
from .context import ContextStage, rescale
from .predictor import Predictor


class SklearnPredictor(Predictor):
    """Scores with ``pipeline.predict_proba``; columns follow *labels* (labels never trained get 0)."""

    def __init__(
        self,
        pipeline: Any,
        labels: Sequence[str],
        scheme: Scheme,
        *,
        temperature: float = 1.0,
        context: ContextStage | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.labels = tuple(labels)
        self.scheme = scheme
        self.temperature = float(temperature)
        self.context = context
        known = [str(c) for c in pipeline.classes_]
        self._columns = np.array([known.index(label) if label in known else -1 for label in self.labels])

    def score_batch(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.labels)))
        present = self._columns >= 0
        out[:, present] = self.pipeline.predict_proba(texts)[:, self._columns[present]]
        return rescale(out, self.temperature)


__all__ = ["SklearnPredictor"]
