"""Sentence results as text: JSON lines, CSV, or an aligned table for the terminal."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, TextIO

from ._display import align_table, colour
from .results import ArticleResult


def render_results(
    results: list[tuple[str, ArticleResult]], fmt: str, *, top_k: int, colours: dict[str, str] | None = None
) -> str:
    """Sentence results as ``jsonl`` (one JSON object per sentence), ``csv`` or an aligned ``table``."""
    out = io.StringIO()
    if fmt == "jsonl":
        for name, result in results:
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
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["file", "date", "index", "start", "end", "text", "label", "score", "low_confidence"])
        for name, result in results:
            date = result.date.isoformat() if result.date else ""
            for s in result.sentences:
                writer.writerow(
                    [name, date, s.index, s.start, s.end, s.text, s.label, f"{s.score:.4f}", int(s.low_confidence)]
                )
    else:
        render_table(results, out, top_k=top_k, colours=colours)
    return out.getvalue()


def render_table(
    results: list[tuple[str, ArticleResult]], out: TextIO, *, top_k: int, colours: dict[str, str] | None = None
) -> None:
    """Aligned by display width (CJK counts two columns); labels coloured when *colours* is given."""

    def paint(label: str) -> str:
        return colour(label, colours[label]) if colours and label in colours else label

    for number, (name, result) in enumerate(results):
        if number:
            out.write("\n")
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


__all__ = ["render_results", "render_table"]
