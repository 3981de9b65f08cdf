"""Corpus-wide view: sentence counts and shares per category, one row per article, plus totals.

>>> from govtext.results import ArticleResult, SentenceResult
>>> def article(*labels):
...     sentences = tuple(SentenceResult("句", label, 0.9, i, i + 1, i) for i, label in enumerate(labels))
...     return ArticleResult(sentences, ("项目争速", "其他"))
>>> summary = summarize([("a.txt", article("项目争速", "其他")), ("b.txt", article("其他", "其他"))])
>>> summary.total.counts, summary.total.shares["项目争速"]
({'项目争速': 1, '其他': 3}, 0.25)
>>> print(summary.to_csv().replace("\\r\\n", "\\n"), end="")
file,sentences,n_项目争速,n_其他,share_项目争速,share_其他
a.txt,2,1,1,0.5000,0.5000
b.txt,2,0,2,0.0000,1.0000
TOTAL,4,1,3,0.2500,0.7500
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..io.files import write_text_atomic
from ..results import ArticleResult
from .display import align_table
from .plots import plot_shares

TOTAL = "TOTAL"


@dataclass(frozen=True)
class SummaryRow:
    """One article (or the total): how many sentences, and how many of them each label got."""

    name: str
    sentences: int
    counts: Mapping[str, int]

    @property
    def shares(self) -> dict[str, float]:
        """Share of the row's sentences per label (all zero when it has none)."""
        return {label: (n / self.sentences if self.sentences else 0.0) for label, n in self.counts.items()}


@dataclass(frozen=True)
class Summary:
    """Rows of :func:`summarize`; ``total`` adds them up (its shares are of all sentences)."""

    labels: tuple[str, ...]
    rows: tuple[SummaryRow, ...]

    @property
    def total(self) -> SummaryRow:
        counts = {label: sum(row.counts.get(label, 0) for row in self.rows) for label in self.labels}
        return SummaryRow(TOTAL, sum(row.sentences for row in self.rows), counts)

    @property
    def columns(self) -> list[str]:
        return [
            "file",
            "sentences",
            *(f"n_{label}" for label in self.labels),
            *(f"share_{label}" for label in self.labels),
        ]

    def records(self) -> list[list[str]]:
        """The table as strings, header first and the TOTAL row last (shares with four decimals)."""
        table = [self.columns]
        for row in (*self.rows, self.total):
            shares = row.shares
            table.append(
                [
                    row.name,
                    str(row.sentences),
                    *(str(row.counts.get(label, 0)) for label in self.labels),
                    *(f"{shares.get(label, 0.0):.4f}" for label in self.labels),
                ]
            )
        return table

    def to_csv(self) -> str:
        """The summary as CSV text (CRLF line ends, as Excel writes them)."""
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(self.records())
        return out.getvalue()

    def to_text(self) -> str:
        """An aligned table for a terminal: counts, then shares as percentages."""
        header = ["file", "sentences", *self.labels, *(f"{label}%" for label in self.labels)]
        rows = [header]
        for row in (*self.rows, self.total):
            shares = row.shares
            rows.append(
                [
                    row.name,
                    str(row.sentences),
                    *(str(row.counts.get(label, 0)) for label in self.labels),
                    *(f"{100 * shares.get(label, 0.0):.1f}" for label in self.labels),
                ]
            )
        return "\n".join(align_table(rows, right=tuple(range(1, len(header)))))

    def save_csv(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the CSV atomically, UTF-8 with a BOM so that Excel opens the Chinese labels right."""
        write_text_atomic(path, self.to_csv(), overwrite=overwrite, encoding="utf-8-sig")
        return Path(path)

    def plot(self, path: str | Path, *, overwrite: bool = False, other: str | None = None) -> Path:
        """Draw shares per article as horizontal stacked bars to a PNG (needs matplotlib)."""
        return plot_shares(self, Path(path), overwrite=overwrite, other=other)


def summarize(
    results: Iterable[tuple[str, ArticleResult] | ArticleResult], labels: Sequence[str] | None = None
) -> Summary:
    """Counts per label for each ``(name, result)`` (or result, named by its ``source``); *labels*
    default to the first result's (scheme order).  Only the counts are kept, so *results* may be a
    stream of any length.

    Labels found in the results but missing from *labels* are added at the end, so no sentence is lost.
    """
    known: list[str] = list(dict.fromkeys(labels)) if labels is not None else []
    rows: list[tuple[str, int, Counter[str]]] = []
    for item in results:
        name, result = item if isinstance(item, tuple) else (item.source or "", item)
        if labels is None and not rows:
            known = list(dict.fromkeys(result.labels))
        counts = Counter(s.label for s in result.sentences)
        known += [label for label in counts if label not in known]
        rows.append((name, len(result.sentences), counts))
    if labels is None and not rows:
        raise ValueError("nothing to summarize: no articles and no labels given")
    return Summary(
        tuple(known),
        tuple(SummaryRow(name, n, {label: counts.get(label, 0) for label in known}) for name, n, counts in rows),
    )


__all__ = ["TOTAL", "Summary", "SummaryRow", "summarize"]
