"""From a fitted scikit-learn pipeline to a predictor: compiled arrays when the pipeline is one the
engine reproduces exactly, else the scikit-learn adapter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..schemes import Scheme
from ..segment import Segmenter
from .adapter import SklearnPredictor
from .compiled import CompiledModel
from .context import ContextStage
from .features import BASE, MAX_N, Part
from .predictor import Predictor


def predictor_for(
    pipeline: Any,
    labels: Sequence[str],
    scheme: Scheme,
    segmenter: Segmenter,
    *,
    temperature: float = 1.0,
    context: ContextStage | None = None,
) -> Predictor:
    """The predictor for a fitted pipeline: :class:`CompiledModel` if it compiles, else :class:`SklearnPredictor`."""
    compiled = compile_pipeline(pipeline, labels, scheme, segmenter)
    if compiled is None:
        return SklearnPredictor(pipeline, labels, scheme, temperature=temperature, context=context)
    compiled.temperature, compiled.context = float(temperature), context
    return compiled


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
            Part(
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
        key = key * BASE + ord(ch) + 1
    return key


def _word_key(gram: str, ids: dict[str, int], base: int) -> int:
    key = 0
    for token in gram.split(" "):
        key = key * base + ids[token]
    return key


__all__ = ["compile_pipeline", "predictor_for"]
