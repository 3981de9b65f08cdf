"""Explanations: which terms pushed a sentence toward its label, and which toward the runner-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import messages
from .engine.script import to_simplified
from .notebook import explanation_html
from .report.display import align_table

if TYPE_CHECKING:
    from .model import Classifier

FEATURE_KINDS = {"words": "word", "chars": "char"}


@dataclass(frozen=True)
class Term:
    """A feature of the sentence (``kind`` is ``word`` or ``char`` n-gram) and its weight toward a label."""

    term: str
    kind: str
    weight: float


@dataclass(frozen=True)
class Explanation:
    """Why *sentence* got *label* rather than *runner_up*.

    ``toward_label`` holds the sentence's terms that raise the label's score over the runner-up's,
    strongest first; ``toward_runner_up`` the terms pulling the other way.  Weights are
    contributions to the difference of the two labels' logits (tf-idf value times coefficient
    difference), so they add up, with ``intercept``, to that difference.
    """

    sentence: str
    label: str
    score: float
    runner_up: str
    runner_up_score: float
    toward_label: tuple[Term, ...]
    toward_runner_up: tuple[Term, ...]
    intercept: float

    def to_dict(self) -> dict[str, Any]:
        def terms(items: tuple[Term, ...]) -> list[dict[str, Any]]:
            return [{"term": t.term, "kind": t.kind, "weight": round(t.weight, 4)} for t in items]

        return {
            "sentence": self.sentence,
            "label": self.label,
            "score": round(self.score, 4),
            "runner_up": self.runner_up,
            "runner_up_score": round(self.runner_up_score, 4),
            "toward_label": terms(self.toward_label),
            "toward_runner_up": terms(self.toward_runner_up),
        }

    def __repr__(self) -> str:
        sentence = self.sentence if len(self.sentence) <= 30 else self.sentence[:29] + "…"
        return (
            f"<Explanation {sentence!r}: {self.label} {self.score:.2f}, runner-up {self.runner_up} "
            f"{self.runner_up_score:.2f}>"
        )

    def _repr_html_(self) -> str:
        """The sentence, its label and the terms toward it and the runner-up, as HTML, for Jupyter."""
        return explanation_html(self)

    def to_text(self) -> str:
        lines = [
            f"{self.sentence}",
            f"→ {self.label} {self.score:.2f}   (runner-up: {self.runner_up} {self.runner_up_score:.2f})",
        ]
        for title, items in (
            (f"toward {self.label}", self.toward_label),
            (f"toward {self.runner_up}", self.toward_runner_up),
        ):
            lines.append(f"{title}:")
            rows = [[f"  {t.term}", t.kind, f"{t.weight:+.3f}"] for t in items] or [["  (none)", "", ""]]
            lines += align_table(rows, right=(2,))
        return "\n".join(lines)


def explain(clf: Classifier, sentence: str, *, top: int = 5) -> Explanation:
    """Explain *clf*'s label for one *sentence* (see :class:`Explanation`); a sentence in traditional
    script is explained by the terms of its simplified form, which is what the features see.

    >>> import govtext
    >>> explain(govtext.load(), "項目爭速是主要抓手").toward_label[0].term in "项目争速是主要抓手"
    True
    """
    if not isinstance(sentence, str):
        raise TypeError(messages.needs("explain", "a sentence as a str", sentence))
    if top < 1:
        raise ValueError(messages.at_least("top", 1, top))
    clf._check_fitted()
    proba = clf.predict_proba([sentence])[0]
    order = np.argsort(-proba, kind="stable")
    best, second = int(order[0]), int(order[1])
    features = clf.pipeline_.named_steps["features"]
    logreg = clf.pipeline_.named_steps["logreg"]
    row = features.transform([to_simplified(sentence)]).tocsr()  # the text the features see
    names = features.get_feature_names_out()
    known = list(logreg.classes_)
    label, runner_up = clf.labels[best], clf.labels[second]
    coef = logreg.coef_
    intercept = logreg.intercept_
    if coef.shape[0] == 1:  # binary logistic regression keeps one row: the second class vs the first
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])

    def weights(name: str) -> tuple[np.ndarray, float]:
        if name not in known:
            return np.zeros(coef.shape[1]), 0.0
        i = known.index(name)
        return coef[i], float(intercept[i])

    (w_label, b_label), (w_runner, b_runner) = weights(label), weights(runner_up)
    contributions = row.data * (w_label[row.indices] - w_runner[row.indices])
    ranked = sorted(zip(row.indices, contributions, strict=True), key=lambda pair: -abs(pair[1]))
    positive = [_term(names[i], c) for i, c in ranked if c > 0][:top]
    negative = [_term(names[i], -c) for i, c in ranked if c < 0][:top]
    return Explanation(
        sentence,
        label,
        float(proba[best]),
        runner_up,
        float(proba[second]),
        tuple(positive),
        tuple(negative),
        b_label - b_runner,
    )


def _term(feature: str, weight: float) -> Term:
    part, _, term = str(feature).partition("__")
    return Term(term, FEATURE_KINDS.get(part, part), float(weight))


__all__ = ["Explanation", "Term", "explain"]
