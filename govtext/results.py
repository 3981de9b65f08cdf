"""Results of classifying an article: small frozen dataclasses with names."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from itertools import starmap
from typing import Any

from . import messages
from .notebook import article_html


@dataclass(frozen=True, slots=True)
class SentenceResult:
    """One sentence's label: ``article[start:end] == text``; ``score`` is the label's probability.

    ``top`` holds the best labels with their probabilities, best first, when asked for.

    >>> SentenceResult("项目开工。", "项目争速", 0.9, 0, 5).to_dict()["label"]
    '项目争速'
    """

    text: str
    label: str
    score: float
    start: int
    end: int
    index: int = 0
    top: tuple[tuple[str, float], ...] = ()
    low_confidence: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["top"] = [list(pair) for pair in self.top]
        if not self.top:
            del data["top"]
        return data


@dataclass(frozen=True)
class ArticleResult:
    """Every sentence of an article with its label, and how many sentences each label got.

    ``date`` is when the article appeared, when known (see :mod:`govtext.dates`).

    >>> result = ArticleResult((SentenceResult("项目开工。", "项目争速", 0.9, 0, 5),), ("项目争速", "其他"))
    >>> result.counts, len(result)
    ({'项目争速': 1, '其他': 0}, 1)
    """

    sentences: tuple[SentenceResult, ...]
    labels: tuple[str, ...]
    scheme: str = ""
    source: str | None = field(default=None, compare=False)
    error: str | None = field(default=None, compare=False)
    date: dt.date | None = field(default=None, compare=False)

    @property
    def counts(self) -> dict[str, int]:
        """Sentences per label, every label of the scheme present (zeros included), in scheme order."""
        counts = dict.fromkeys(self.labels, 0)
        for sentence in self.sentences:
            counts[sentence.label] = counts.get(sentence.label, 0) + 1
        return counts

    @property
    def shares(self) -> dict[str, float]:
        """Share of sentences per label (all zero for an article with no sentences)."""
        total = len(self.sentences)
        return {label: (n / total if total else 0.0) for label, n in self.counts.items()}

    def __len__(self) -> int:
        return len(self.sentences)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Rows of plain values pickle several times faster than the objects: this is what workers
        # send back in batch classification, and unpickling is the one serial step there.
        rows = [(s.text, s.label, s.score, s.start, s.end, s.index, s.top, s.low_confidence) for s in self.sentences]
        return (_from_rows, (rows, self.labels, self.scheme, self.source, self.error, self.date))

    def __repr__(self) -> str:
        """Short, whatever the article's length: name, date, scheme, sentences and counts."""
        parts = [repr(self.source) if self.source else "", self.date.isoformat() if self.date else ""]
        parts += [f"scheme {self.scheme!r}" if self.scheme else "", f"{len(self.sentences)} sentences"]
        counts = {label: n for label, n in self.counts.items() if n}
        text = ", ".join(p for p in parts if p)
        return f"<ArticleResult {text}, counts {counts}{' (error)' if self.error else ''}>"

    def _repr_html_(self) -> str:
        """The article as the HTML report shows it, for Jupyter (see :mod:`govtext.notebook`)."""
        return article_html(self)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.sentences]

    def to_frame(self) -> Any:
        """The sentences as a pandas DataFrame (needs the optional ``pandas`` extra)."""
        try:
            import pandas as pd  # lazy: optional
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(messages.needs_extra("to_frame()", "pandas", "pandas")) from None
        columns = ["index", "start", "end", "text", "label", "score", "low_confidence"]
        return pd.DataFrame([{c: getattr(s, c) for c in columns} for s in self.sentences], columns=columns)


def _from_rows(
    rows: list[tuple[Any, ...]],
    labels: tuple[str, ...],
    scheme: str,
    source: str | None,
    error: str | None,
    date: dt.date | None = None,
) -> ArticleResult:
    return ArticleResult(tuple(starmap(SentenceResult, rows)), labels, scheme, source, error, date)


__all__ = ["ArticleResult", "SentenceResult"]
