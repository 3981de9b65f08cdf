"""Fast prediction without scikit-learn: the trained pipeline compiled to numpy arrays.

A :class:`CompiledModel` holds exactly what prediction needs (vocabularies, idf weights,
coefficients) as plain arrays, so it

- reproduces the scikit-learn pipeline's probabilities (same features, same TF-IDF, same
  logistic regression; equal to float rounding) while doing in whole-batch numpy passes what
  scikit-learn does one string at a time (:mod:`govtext.engine.features`);
- is stored in model files as an ``.npz`` section read with ``allow_pickle=False``: data only,
  nothing in it can run code, and reading it needs no scikit-learn import at all.

Supported: word n-grams and character n-grams up to length 3, TF-IDF with l2 norm, linear
logistic regression (:func:`~govtext.engine.compiler.compile_pipeline` says what compiles).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import messages
from ..schemes import Scheme
from ..segment import Segmenter
from .context import ContextStage
from .features import Part, char_grams, part_base, tfidf_logits, token_id_map, word_grams
from .predictor import Predictor
from .tables import Lookup


class CompiledModel(Predictor):
    """Prediction arrays of a trained pipeline (see the module docstring).

    >>> from govtext.modelfile.loader import load_predictor
    >>> model = load_predictor("ningbo")
    >>> model.predict(["项目争速是实现高质量发展的主要抓手"])
    ['项目争速']
    """

    def __init__(
        self,
        labels: Sequence[str],
        scheme: Scheme,
        classes: Sequence[str],
        intercept: np.ndarray,
        parts: Sequence[Part],
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
        self._token_ids = [None if p.tokens is None else token_id_map(p.tokens) for p in self.parts]
        self._lookups = [Lookup(p.keys, p.columns, part_base(p)) for p in self.parts]
        known = list(self.classes)
        self._columns = np.array([known.index(label) if label in known else -1 for label in self.labels])

    # -- prediction -------------------------------------------------------------------------
    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """Logits of the trained classes (``classes`` order), shape (n, n_classes or 1)."""
        logits = np.zeros((len(texts), self.intercept.shape[0]))
        lowered = [t.lower() for t in texts] if any(p.lowercase for p in self.parts) else texts
        for part, token_ids, lookup in zip(self.parts, self._token_ids, self._lookups, strict=True):
            logits += self._part_logits(part, token_ids, lookup, lowered if part.lowercase else texts)
        return logits + self.intercept

    def score_batch(self, texts: list[str]) -> np.ndarray:
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
        self, part: Part, token_ids: dict[str, int] | None, lookup: Lookup, texts: Sequence[str]
    ) -> np.ndarray:
        if part.kind == "char":
            grams = char_grams(texts, part.min_n, part.max_n)
        else:
            assert token_ids is not None
            grams = word_grams(texts, self.segmenter, token_ids, part.min_n, part.max_n, part_base(part))
        docs, columns = [], []
        for n, gram_docs, keys in grams:
            found = lookup.get(keys, n)
            known = found >= 0
            docs.append(gram_docs[known])
            columns.append(found[known])
        if not docs:
            return np.zeros((len(texts), part.coef.shape[1]))
        return tfidf_logits(np.concatenate(docs), np.concatenate(columns), part, len(texts))

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
        """The model :meth:`to_bytes` wrote; *description* is what :meth:`describe` recorded.

        Raises ValueError (or KeyError) when the arrays and the description disagree.
        """
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            parts = []
            for i, kind in enumerate(description["parts"]):
                prefix = f"part{i}_"
                min_n, max_n, lowercase, sublinear = (int(v) for v in npz[prefix + "config"])
                tokens = npz[prefix + "tokens"] if kind == "word" else None
                parts.append(
                    Part(
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
            raise ValueError(messages.section_disagrees("the context stage"))
        if context is not None and context.coef.shape[0] != len(description["labels"]):
            raise ValueError(messages.section_disagrees("the context stage's labels"))
        if len(description["classes"]) != max(2, intercept.shape[0]) or any(
            p.coef.shape[1] != intercept.shape[0] for p in parts
        ):
            raise ValueError(messages.section_disagrees("the classes"))
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


__all__ = ["CompiledModel"]
