"""HTML for Jupyter: ``_repr_html_`` of results, summaries, evaluation reports and explanations.

Every fragment is self-contained and safe to embed: styles are inline (a notebook's own CSS is
left alone and nothing depends on a ``<style>`` the notebook may strip), every piece of text is
escaped, and nothing is loaded from anywhere.  An article is drawn as the HTML report draws it:
each sentence highlighted in its label's colour, label and score on hover, a legend with counts.

>>> from govtext.results import ArticleResult, SentenceResult
>>> result = ArticleResult((SentenceResult("<b>项目</b>开工。", "项目争速", 0.9, 0, 11),), ("项目争速", "其他"))
>>> fragment = article_html(result)
>>> "&lt;b&gt;项目&lt;/b&gt;" in fragment, "<b>" in fragment, 'title="项目争速 · score 0.90"' in fragment
(True, False, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from .palette import label_colours, tint
from .schemes import OTHER

if TYPE_CHECKING:
    from .evaluation import Report
    from .explain import Explanation
    from .results import ArticleResult

# Articles longer than this show their first sentences and say how many more there are.
MAX_SENTENCES = 2000
_BOX = 'style="font-family: sans-serif; line-height: 1.7; max-width: 60rem"'
_CELL = "padding: 2px 8px; border-bottom: 1px solid #ddd"
_NUMERIC = f"{_CELL}; text-align: right; font-variant-numeric: tabular-nums"


def article_html(result: ArticleResult, *, other: str = OTHER) -> str:
    """One article: a heading (name, date, scheme, sentences), the legend with counts, the sentences.

    The text between sentences is not kept in a result, so sentences that were apart in the article
    are joined with a space.
    """
    labels = list(dict.fromkeys(result.labels))
    labels += [s.label for s in result.sentences if s.label not in labels]
    colours = label_colours(labels, other=other)
    counts = result.counts
    heading = [escape(result.source or "article")]
    if result.date:
        heading.append(result.date.isoformat())
    if result.scheme:
        heading.append(f"scheme {escape(result.scheme)}")
    heading.append(f"{len(result.sentences)} sentences")
    legend = "".join(
        f'<span class="govtext-legend" data-label="{escape(label)}" style="margin-right: 1rem; white-space: nowrap">'
        f'<span style="display: inline-block; width: .9em; height: .9em; border-radius: 2px; '
        f'background: {colours[label]}; vertical-align: middle"></span> {escape(label)} '
        f'<span style="color: #666">{counts.get(label, 0)}</span></span>'
        for label in labels
    )
    pieces: list[str] = []
    previous_end = None
    for s in result.sentences[:MAX_SENTENCES]:
        if previous_end is not None and s.start > previous_end:
            pieces.append(" ")
        previous_end = s.end
        colour = colours[s.label]
        shade = tint(colour, 0.15 if s.label == other else 0.35)
        hint = f"{s.label} · score {s.score:.2f}" + (" · low confidence" if s.low_confidence else "")
        if len(s.top) > 1:
            hint += " · then " + ", ".join(f"{label} {p:.2f}" for label, p in s.top[1:])
        border = "dashed" if s.low_confidence else "solid"
        pieces.append(
            f'<span class="govtext-s" data-label="{escape(s.label)}" data-score="{s.score:.4f}" '
            f'title="{escape(hint)}" style="background: {shade}; border-bottom: 2px {border} {colour}; '
            f'border-radius: 2px">{escape(s.text)}</span>'
        )
    more = len(result.sentences) - MAX_SENTENCES
    if more > 0:
        pieces.append(f'<p style="color: #666">… {more} more sentences (use to_frame() to see them all)</p>')
    error = f'<p style="color: #b00">{escape(result.error)}</p>' if result.error else ""
    return (
        f'<div class="govtext-article" {_BOX}>'
        f'<div style="font-weight: bold">{" · ".join(heading)}</div>{error}'
        f'<div style="margin: .3rem 0 .6rem; font-size: .9em">{legend}</div>'
        f'<div style="white-space: pre-wrap; overflow-wrap: anywhere">{"".join(pieces)}</div></div>'
    )


def table_html(rows: Sequence[Sequence[object]], *, caption: str = "", numeric_from: int = 1) -> str:
    """A table with a header row (the first of *rows*); columns from *numeric_from* on are right-aligned."""
    header, *body = rows
    head = "".join(f'<th style="{_CELL}; text-align: left">{escape(str(cell))}</th>' for cell in header)
    lines = []
    for row in body:
        cells = "".join(
            f'<td style="{_NUMERIC if i >= numeric_from else _CELL}">{escape(str(cell))}</td>'
            for i, cell in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    title = f'<caption style="text-align: left; font-weight: bold">{escape(caption)}</caption>' if caption else ""
    return (
        f'<table class="govtext-table" style="border-collapse: collapse; font-family: sans-serif">{title}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"
    )


def report_html(report: Report) -> str:
    """An evaluation report: per-label scores, the summary line and the confusion matrix."""
    scores: list[list[object]] = [["label", "precision", "recall", "F1", "support"]]
    scores += [[s.label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", s.support] for s in report.per_label]
    line = f"macro-F1 {report.macro_f1:.3f} · accuracy {report.accuracy:.3f} · sentences {report.n}"
    if report.ece is not None:
        line += f" · expected calibration error {report.ece:.3f}"
    confusion: list[list[object]] = [["true \\ predicted", *report.labels]]
    confusion += [[label, *row] for label, row in zip(report.labels, report.confusion, strict=True)]
    return (
        f"<div {_BOX}>"
        + table_html(scores, caption=report.title or "evaluation")
        + f"<p>{escape(line)}</p>"
        + table_html(confusion, caption="confusion (rows: true label, columns: predicted)")
        + "</div>"
    )


def explanation_html(explanation: Explanation) -> str:
    """An explanation: the sentence, its label and runner-up, and the terms toward each."""
    e = explanation
    parts = [
        f"<div {_BOX}><p>{escape(e.sentence)}</p>",
        f"<p>→ <b>{escape(e.label)}</b> {e.score:.2f} (runner-up: {escape(e.runner_up)} {e.runner_up_score:.2f})</p>",
    ]
    for title, terms in ((f"toward {e.label}", e.toward_label), (f"toward {e.runner_up}", e.toward_runner_up)):
        rows: list[list[object]] = [["term", "kind", "weight"]]
        rows += [[t.term, t.kind, f"{t.weight:+.3f}"] for t in terms]
        parts.append(table_html(rows, caption=title, numeric_from=2))
    return "".join(parts) + "</div>"


__all__ = ["MAX_SENTENCES", "article_html", "explanation_html", "report_html", "table_html"]
