"""The prediction engine: one front end (:class:`Predictor`) over compiled numpy arrays or a
scikit-learn adapter, the n-gram features and hash tables behind the arrays, the compiler from a
fitted pipeline, the article-context stage with temperature calibration, and script conversion.
Nothing here imports scikit-learn (the adapter only calls the pipeline it is given)."""

from __future__ import annotations

from .compiled import CompiledModel
from .predictor import Labeller, Predictor, as_sentences, check_article

__all__ = ["CompiledModel", "Labeller", "Predictor", "as_sentences", "check_article"]
