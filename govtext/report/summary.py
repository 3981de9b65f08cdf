"""Corpus-wide view: sentence counts and shares per category, one row per article (or per month,
quarter or year of the articles' dates), plus totals.

>>> from govtext.results import ArticleResult, SentenceResult
>>> def article(*labels):
...     sentences = tuple(SentenceResult("句", label, 0.9, i, i + 1, i) for i, label in enumerate(labels))
...     return ArticleResult(sentences, ("项目争速", "其他"))
>>> summary = summarize([("a.txt", article("项目争速", "其他")), ("b.txt", article("其他", "其他"))])
>>> summary.total.counts, summary.total.shares["项目争速"]
({'项目争速': 1, '其他': 3}, 0.25)
>>> print(summary.to_csv().replace("\\r\\n", "\\n"), end="")
file,date,sentences,n_项目争速,n_其他,share_项目争速,share_其他
a.txt,,2,1,1,0.5000,0.5000
b.txt,,2,0,2,0.0000,1.0000
TOTAL,,4,1,3,0.2500,0.7500

By period, from each result's ``date`` (undated articles get their own row):

>>> import datetime as dt
>>> from dataclasses import replace
>>> dated = [("a", replace(article("项目争速"), date=dt.date(2021, 1, 5))),
...          ("b", replace(article("其他", "项目争速"), date=dt.date(2021, 2, 1))), ("c", article("其他"))]
>>> print(summarize(dated, by="quarter").to_csv().replace("\\r\\n", "\\n"), end="")
period,articles,sentences,n_项目争速,n_其他,share_项目争速,share_其他
2021Q1,2,3,2,1,0.6667,0.3333
undated,1,1,0,1,0.0000,1.0000
TOTAL,3,4,2,2,0.5000,0.5000
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import messages
from ..dates import PERIODS, UNDATED, period_of, period_start
from ..io.files import write_text_atomic
from ..notebook import table_html
from ..parquet import write_summary
from ..results import ArticleResult
from .display import align_table
from .plots import plot_shares, plot_trend

TOTAL = "TOTAL"


@dataclass(frozen=True)
class SummaryRow:
    """One article, period or the total: how many sentences, and how many of them each label got.

    ``name`` is the file name, or the period (``2021-07``, ``2021Q3``, ``2021``, ``undated``);
    ``articles`` counts the articles in the row, ``date`` is an article's date.
    """

    name: str
    sentences: int
    counts: Mapping[str, int]
    articles: int = 1
    date: dt.date | None = None

    @property
    def shares(self) -> dict[str, float]:
        """Share of the row's sentences per label (all zero when it has none)."""
        return {label: (n / self.sentences if self.sentences else 0.0) for label, n in self.counts.items()}


@dataclass(frozen=True)
class Summary:
    """Rows of :func:`summarize`; ``total`` adds them up (its shares are of all sentences).

    ``by`` is ``None`` for one row per article, else ``month``, ``quarter`` or ``year``.
    """

    labels: tuple[str, ...]
    rows: tuple[SummaryRow, ...]
    by: str | None = None

    @property
    def total(self) -> SummaryRow:
        counts = {label: sum(row.counts.get(label, 0) for row in self.rows) for label in self.labels}
        articles = sum(row.articles for row in self.rows)
        return SummaryRow(TOTAL, sum(row.sentences for row in self.rows), counts, articles)

    @property
    def columns(self) -> list[str]:
        return [
            *self._key_columns(),
            "sentences",
            *(f"n_{label}" for label in self.labels),
            *(f"share_{label}" for label in self.labels),
        ]

    def _key_columns(self) -> list[str]:
        return ["period", "articles"] if self.by else ["file", "date"]

    def _key_values(self, row: SummaryRow) -> list[str]:
        if self.by:
            return [row.name, str(row.articles)]
        return [row.name, row.date.isoformat() if row.date else ""]

    def records(self) -> list[list[str]]:
        """The table as strings, header first and the TOTAL row last (shares with four decimals)."""
        table = [self.columns]
        for row in (*self.rows, self.total):
            shares = row.shares
            table.append(
                [
                    *self._key_values(row),
                    str(row.sentences),
                    *(str(row.counts.get(label, 0)) for label in self.labels),
                    *(f"{shares.get(label, 0.0):.4f}" for label in self.labels),
                ]
            )
        return table

    def column_values(self) -> dict[str, list[Any]]:
        """The rows (without TOTAL) as typed columns: names and dates, counts as ints, shares as floats."""
        columns: dict[str, list[Any]] = {}
        if self.by:
            columns["period"] = [row.name for row in self.rows]
            columns["start"] = [None if row.name == UNDATED else _period_start(row.name) for row in self.rows]
            columns["articles"] = [row.articles for row in self.rows]
        else:
            columns["file"] = [row.name for row in self.rows]
            columns["date"] = [row.date for row in self.rows]
        columns["sentences"] = [row.sentences for row in self.rows]
        for label in self.labels:
            columns[f"n_{label}"] = [row.counts.get(label, 0) for row in self.rows]
        for label in self.labels:
            columns[f"share_{label}"] = [row.shares.get(label, 0.0) for row in self.rows]
        return columns

    def to_frame(self) -> Any:
        """The rows (without TOTAL) as a pandas DataFrame (needs the optional ``pandas`` extra).

        By period, ``start`` is the first day of each period (a date; missing for ``undated``).
        """
        try:
            import pandas as pd  # lazy: optional
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(messages.needs_extra("to_frame()", "pandas", "pandas")) from None
        return pd.DataFrame(self.column_values())

    def save_parquet(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the rows (without TOTAL) as Parquet, atomically (needs the optional ``parquet`` extra)."""
        return write_summary(self, Path(path), overwrite=overwrite)

    def __repr__(self) -> str:
        kind = f"by {self.by}" if self.by else "by article"
        total = self.total
        return f"<Summary {kind}: {len(self.rows)} rows, {total.articles} articles, {total.sentences} sentences>"

    def _repr_html_(self) -> str:
        return table_html(self.records(), caption=repr(self)[1:-1], numeric_from=1)

    def to_csv(self) -> str:
        """The summary as CSV text (CRLF line ends, as Excel writes them)."""
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(self.records())
        return out.getvalue()

    def to_text(self) -> str:
        """An aligned table for a terminal: counts, then shares as percentages."""
        header = [*self._key_columns(), "sentences", *self.labels, *(f"{label}%" for label in self.labels)]
        rows = [header]
        for row in (*self.rows, self.total):
            shares = row.shares
            rows.append(
                [
                    *self._key_values(row),
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
        """Draw a PNG (needs matplotlib): shares per article as horizontal stacked bars or, by period,
        each category's share over time as lines."""
        if self.by:
            return plot_trend(self, Path(path), overwrite=overwrite, other=other)
        return plot_shares(self, Path(path), overwrite=overwrite, other=other)


def _period_start(period: str) -> dt.date:
    return period_start(period)


def summarize(
    results: Iterable[tuple[str, ArticleResult] | ArticleResult],
    labels: Sequence[str] | None = None,
    *,
    by: str | None = None,
) -> Summary:
    """Counts per label for each ``(name, result)`` (or result, named by its ``source``); *labels*
    default to the first result's (scheme order).  Only the counts are kept, so *results* may be a
    stream of any length.

    Labels found in the results but missing from *labels* are added at the end, so no sentence is lost.
    With *by* (``month``, ``quarter`` or ``year``) there is one row per period of the results' ``date``,
    in time order, and one ``undated`` row last for articles without a date.
    """
    if by is not None and by not in PERIODS:
        raise ValueError(messages.one_of_or_none("by", PERIODS, by))
    known: list[str] = list(dict.fromkeys(labels)) if labels is not None else []
    counted: list[tuple[str, int, Counter[str], dt.date | None]] = []
    for item in results:
        name, result = item if isinstance(item, tuple) else (item.source or "", item)
        if labels is None and not counted:
            known = list(dict.fromkeys(result.labels))
        counts = Counter(s.label for s in result.sentences)
        known += [label for label in counts if label not in known]
        counted.append((name, len(result.sentences), counts, result.date))
    if labels is None and not counted:
        raise ValueError(messages.nothing_to_summarize())
    rows = [
        SummaryRow(name, n, {label: counts.get(label, 0) for label in known}, 1, date)
        for name, n, counts, date in counted
    ]
    if by is None:
        return Summary(tuple(known), tuple(rows))
    groups: dict[str, list[SummaryRow]] = {}
    for row in sorted(rows, key=lambda r: (r.date is None, r.date or dt.date.min)):
        groups.setdefault(period_of(row.date, by) if row.date else UNDATED, []).append(row)
    periods = []
    for period, members in groups.items():
        totals = {label: sum(m.counts[label] for m in members) for label in known}
        periods.append(SummaryRow(period, sum(m.sentences for m in members), totals, len(members)))
    return Summary(tuple(known), tuple(periods), by)


__all__ = ["TOTAL", "UNDATED", "Summary", "SummaryRow", "summarize"]
