"""Evaluation: per-label precision/recall/F1, macro-F1, confusion matrix, cross-validation."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .corpus import Corpus, read_corpus
from .engine.context import expected_calibration_error, reliability_bins
from .notebook import report_html
from .report.display import align_table
from .report.plots import plot_confusion

if TYPE_CHECKING:
    from .engine.predictor import Labeller
    from .model import Classifier


@dataclass(frozen=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    """How well predictions match the truth.

    ``macro_f1`` averages F1 over the labels that occur in the truth or the predictions;
    ``confusion[i][j]`` counts sentences of ``labels[i]`` predicted as ``labels[j]``.
    """

    labels: tuple[str, ...]
    per_label: tuple[LabelScore, ...]
    macro_f1: float
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]
    n: int
    title: str = ""
    ece: float | None = None
    reliability: tuple[tuple[float, float, float, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "n": self.n,
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "labels": list(self.labels),
            "per_label": {
                s.label: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for s in self.per_label
            },
            "confusion": [list(row) for row in self.confusion],
            **({} if self.ece is None else {"ece": round(self.ece, 4)}),
            **({"reliability": [list(b) for b in self.reliability]} if self.reliability else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, prefix: str = "") -> Report:
        """The report :meth:`to_dict` wrote (as model metadata records it); *prefix* goes before its title.

        >>> r = report(["甲", "乙"], ["甲", "甲"], ["甲", "乙"], title="test")
        >>> again = Report.from_dict(r.to_dict(), prefix="held-out")
        >>> again.title, again.macro_f1 == round(r.macro_f1, 4)
        ('held-out: test', True)
        """
        per_label = tuple(
            LabelScore(label, v["precision"], v["recall"], v["f1"], v["support"])
            for label, v in data["per_label"].items()
        )
        return cls(
            tuple(data["labels"]),
            per_label,
            data["macro_f1"],
            data["accuracy"],
            tuple(tuple(r) for r in data["confusion"]),
            data["n"],
            f"{prefix}: {data.get('title', '')}".rstrip(": ") if prefix else data.get("title", ""),
            data.get("ece"),
            tuple((float(a), float(b), float(c), int(d)) for a, b, c, d in data.get("reliability", ())),
        )

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        return (
            f"<Report{title}: macro-F1 {self.macro_f1:.3f}, accuracy {self.accuracy:.3f}, "
            f"{self.n} sentences, {len(self.labels)} labels>"
        )

    def _repr_html_(self) -> str:
        """Per-label scores and the confusion matrix as HTML tables, for Jupyter."""
        return report_html(self)

    def to_text(self, *, confusion: bool = True) -> str:
        rows = [["label", "precision", "recall", "F1", "support"]]
        rows += [
            [s.label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support)] for s in self.per_label
        ]
        lines = [self.title] if self.title else []
        lines += align_table(rows, right=(1, 2, 3, 4))
        lines.append(f"macro-F1 {self.macro_f1:.3f}   accuracy {self.accuracy:.3f}   sentences {self.n}")
        if self.ece is not None:
            lines.append(
                f"expected calibration error of the scores {self.ece:.3f} (0: a score of 0.7 is right 70% of the time)"
            )
        if confusion:
            lines.append("")
            lines.append("confusion (rows: true label, columns: predicted)")
            header = ["", *(str(i + 1) for i in range(len(self.labels)))]
            table = [header] + [
                [f"{i + 1} {label}", *map(str, row)]
                for i, (label, row) in enumerate(zip(self.labels, self.confusion, strict=True))
            ]
            lines += align_table(table, right=tuple(range(1, len(header))))
        return "\n".join(lines)

    def plot(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Draw the confusion matrix, and the reliability diagram when the report has one, as a PNG
        (needs the optional matplotlib extra)."""
        return plot_confusion(self, Path(path), overwrite=overwrite)


def report(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str], *, title: str = "") -> Report:
    """Score predictions *y_pred* against *y_true*; *labels* fixes the row order."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support  # lazy: heavy

    labels = list(labels)
    extra = sorted((set(y_true) | set(y_pred)) - set(labels))
    labels += extra
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    seen = set(y_true) | set(y_pred)
    macro = [f for label, f in zip(labels, f1, strict=True) if label in seen]
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    return Report(
        labels=tuple(labels),
        per_label=tuple(
            LabelScore(label, float(p), float(r), float(f), int(s))
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        ),
        macro_f1=float(np.mean(macro)) if macro else 0.0,
        accuracy=float(np.mean([t == p for t, p in zip(y_true, y_pred, strict=True)])) if len(y_true) else 0.0,
        confusion=tuple(tuple(int(v) for v in row) for row in matrix),
        n=len(y_true),
        title=title,
    )


def evaluate(clf: Labeller, corpus: str | Path | Corpus | Iterable[str | Path], *, title: str = "") -> Report:
    """Score *clf* on a labelled corpus (paths or a :class:`Corpus`)."""
    data = corpus if isinstance(corpus, Corpus) else read_corpus(corpus, clf.scheme_)
    proba = clf.predict_proba(data.texts)
    predicted = [clf.labels[i] for i in proba.argmax(axis=1)]
    correct = np.array([p == t for p, t in zip(predicted, data.labels, strict=True)])
    scored = report(data.labels, predicted, clf.labels, title=title)
    return replace(
        scored, ece=expected_calibration_error(proba, correct), reliability=tuple(reliability_bins(proba, correct))
    )


def cross_validate(
    clf: Classifier,
    corpus: Corpus,
    *,
    folds: int = 5,
    random_state: int = 0,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Stratified k-fold cross-validation of an unfitted *clf* on *corpus* (out-of-fold predictions)."""
    from sklearn.base import clone  # lazy: scikit-learn is heavy, and scoring a predictor needs none
    from sklearn.model_selection import StratifiedKFold

    texts, labels = corpus.texts, corpus.labels
    smallest = min(n for n in corpus.counts().values() if n > 0)
    n_splits = max(2, min(folds, smallest)) if smallest >= 2 else 2
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    predicted = [""] * len(texts)
    with warnings.catch_warnings():
        # a label with fewer examples than folds is legal; sklearn's warning about it is noise here
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        splits = list(splitter.split(texts, labels))
    for fold, (train_index, test_index) in enumerate(splits, 1):
        if progress is not None:
            progress(f"cross-validation fold {fold}/{n_splits}")
        model = clone(clf).fit([texts[i] for i in train_index], [labels[i] for i in train_index])
        for i, label in zip(test_index, model.predict([texts[i] for i in test_index]), strict=True):
            predicted[i] = label
    return report(labels, predicted, corpus.scheme.labels, title=f"{n_splits}-fold cross-validation")


__all__ = ["LabelScore", "Report", "cross_validate", "evaluate", "report"]
