"""Sentence results as text: JSON lines, CSV, or an aligned table for the terminal.

Results are written as they come (:func:`write_results` takes any iterable), so a long stream of
articles never sits in memory; each result's file name is its ``source``.

>>> from govtext.results import ArticleResult, SentenceResult
>>> result = ArticleResult((SentenceResult("项目开工。", "项目争速", 0.9, 0, 5),), ("项目争速", "其他"), source="a.txt")
>>> row = json.loads(render_results([result], "jsonl", top_k=1))
>>> row["file"], row["date"], row["label"], row["score"]
('a.txt', None, '项目争速', 0.9)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from ..results import ArticleResult
from .display import align_table, colour

FORMATS = ("table", "jsonl", "csv")
CSV_COLUMNS = ["file", "date", "index", "start", "end", "text", "label", "score", "low_confidence"]


def render_results(
    results: Iterable[ArticleResult], fmt: str, *, top_k: int, colours: dict[str, str] | None = None
) -> str:
    """Sentence results as ``jsonl`` (one JSON object per sentence), ``csv`` or an aligned ``table``."""
    out = io.StringIO()
    write_results(results, out, fmt, top_k=top_k, colours=colours)
    return out.getvalue()


def write_results(
    results: Iterable[ArticleResult],
    out: TextIO,
    fmt: str,
    *,
    top_k: int,
    colours: dict[str, str] | None = None,
    name: Callable[[ArticleResult], str] | None = None,
) -> int:
    """Write each result to *out* as it comes (flushed after each); returns how many were written.
    *name* gives the file name shown for a result (default: its ``source``)."""
    named = name or (lambda result: result.source or "")
    csv_writer = None
    if fmt == "csv":
        csv_writer = csv.writer(out, lineterminator="\r\n")
        csv_writer.writerow(CSV_COLUMNS)
    count = 0
    for result in results:
        if fmt == "jsonl":
            _write_jsonl(named(result), result, out, top_k)
        elif csv_writer is not None:
            shown, date = named(result), result.date.isoformat() if result.date else ""
            for s in result.sentences:
                csv_writer.writerow(
                    [shown, date, s.index, s.start, s.end, s.text, s.label, f"{s.score:.4f}", int(s.low_confidence)]
                )
        else:
            if count:
                out.write("\n")
            _write_table(named(result), result, out, top_k, colours)
        out.flush()
        count += 1
    return count


def _write_jsonl(name: str, result: ArticleResult, out: TextIO, top_k: int) -> None:
    date = result.date.isoformat() if result.date else None
    for s in result.sentences:
        row: dict[str, Any] = {
            "file": name,
            "date": date,
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "label": s.label,
            "score": round(s.score, 4),
        }
        if top_k > 1:
            row["top"] = [[label, round(p, 4)] for label, p in s.top]
        if s.low_confidence:
            row["low_confidence"] = True
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_table(name: str, result: ArticleResult, out: TextIO, top_k: int, colours: dict[str, str] | None) -> None:
    """Aligned by display width (CJK counts two columns); labels coloured when *colours* is given."""

    def paint(label: str) -> str:
        return colour(label, colours[label]) if colours and label in colours else label

    dated = f", {result.date.isoformat()}" if result.date else ""
    out.write(f"== {name}: {len(result)} sentences{dated} ==\n")
    rows = [["#", "label", "score", "text"]]
    for s in result.sentences:
        score = f"{s.score:.2f}" + ("?" if s.low_confidence else "")
        if top_k > 1:
            score += " (" + ", ".join(f"{label} {p:.2f}" for label, p in s.top[1:]) + ")"
        rows.append([str(s.index), paint(s.label), score, s.text])
    for line in align_table(rows, right=(0,)):
        out.write(line + "\n")
    counts = ", ".join(f"{paint(label)} {n}" for label, n in result.counts.items())
    out.write(f"counts: {counts}\n")


__all__ = ["CSV_COLUMNS", "FORMATS", "render_results", "write_results"]
