"""A self-contained HTML page of classified articles: every sentence highlighted in its label's colour.

One file, no network: the CSS and the bar charts (SVG) are inline and there is no script.  Each
article reads as it was written (the text between sentences is kept), every sentence carries its
label and score on hover (with the runners-up when classified with ``top_k``), low-confidence
sentences get a dashed underline and a "?", and each article has a bar chart of sentences per
category.  With several articles an index comes first.

>>> from govtext.results import ArticleResult, SentenceResult
>>> text = "项目开工。\\n其他事情"
>>> result = ArticleResult(
...     (SentenceResult("项目开工。", "项目争速", 0.9, 0, 5), SentenceResult("其他事情", "其他", 0.4, 6, 10, 1)),
...     ("项目争速", "其他"),
... )
>>> page = render_html([("a.txt", text, result)], min_score=0.5)
>>> page.count('data-score='), 'title="项目争速 · score 0.90"' in page, "low confidence" in page
(2, True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .. import messages
from .._version import __version__
from ..palette import label_colours, tint
from ..results import ArticleResult
from ..schemes import OTHER

# How strongly a sentence's background takes its label's colour (1 = full colour, 0 = white).
HIGHLIGHT = 0.35
OTHER_HIGHLIGHT = 0.15

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.5rem 4rem; color: #222; background: #fff;
  font: 16px/1.8 "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "WenQuanYi Zen Hei", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; line-height: 1.3; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; line-height: 1.3; word-break: break-all; }
.meta, .stats { color: #555; margin: 0 0 1rem; font-size: .9rem; }
.legend ul { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .35rem 1.2rem; }
.legend li { display: flex; align-items: center; gap: .4rem; font-size: .95rem; }
.legend .n { color: #666; font-size: .85rem; }
.swatch { display: inline-block; width: 1rem; height: 1rem; border-radius: 3px; background: var(--c); }
.index ol { margin: 0 0 1rem; padding-left: 1.6rem; }
.index li { margin: .2rem 0; }
.index .n { color: #666; font-size: .85rem; margin-left: .5rem; }
.mini { display: inline-flex; width: 10rem; height: .7rem; margin-left: .6rem; vertical-align: middle;
  border-radius: 2px; overflow: hidden; background: #eee; }
.mini span { display: block; height: 100%; background: var(--c); }
.article { border-top: 1px solid #ddd; padding-top: 1.2rem; margin-top: 1.6rem; }
.chart { margin: 0 0 1rem; }
.chart svg { display: block; max-width: 100%; height: auto; font-size: 13px; }
.chart figcaption { color: #666; font-size: .85rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.s { background: var(--t); border-bottom: var(--w, 2px) solid var(--c); border-radius: 2px; padding: 1px 0;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.s:hover { outline: 2px solid var(--c); }
.s.low { border-bottom: 2px dashed var(--c); }
.s.low::after { content: "?"; font-size: .7em; font-weight: bold; vertical-align: super; color: #b00; }
.back { font-size: .85rem; }
"""


def render_html(
    articles: Sequence[tuple[str, str, ArticleResult]],
    labels: Sequence[str] | None = None,
    *,
    min_score: float = 0.0,
    other: str = OTHER,
    title: str = "govtext report",
) -> str:
    """The report page for ``(name, text, result)`` triples, where ``result`` classified ``text``.

    *labels* fixes the legend and the colours (default: the first result's labels, i.e. the scheme
    order); *other* is the label drawn in grey.  A sentence scoring below *min_score*, or one the
    classifier already marked ``low_confidence``, is marked as uncertain.
    """
    if labels is None:
        labels = articles[0][2].labels if articles else ()
    known = list(dict.fromkeys(labels))
    for _, _, result in articles:
        known += [s.label for s in result.sentences if s.label not in known]
    colours = label_colours(known, other=other)
    classes = {label: f"l{number}" for number, label in enumerate(known)}
    for name, text, result in articles:
        _check_offsets(name, text, result)

    totals = dict.fromkeys(known, 0)
    for _, _, result in articles:
        for s in result.sentences:
            totals[s.label] += 1
    n_sentences = sum(totals.values())
    low = sum(_is_low(s.score, s.low_confidence, min_score) for _, _, r in articles for s in r.sentences)
    schemes = sorted({r.scheme for _, _, r in articles if r.scheme})

    meta = [f"{len(articles)} article{'s' if len(articles) != 1 else ''}", f"{n_sentences} sentences"]
    if schemes:
        meta.insert(0, f"scheme {', '.join(schemes)}")
    if min_score > 0:
        meta.append(f"{low} below score {min_score:.2f}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="govtext {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        "<style>" + _CSS + _label_css(colours, classes, other) + "</style>",
        "</head>",
        '<body id="top">',
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(" · ".join(meta))}</p>',
        _legend(known, classes, totals, min_score),
    ]
    if len(articles) > 1:
        parts.append(_index(articles, known, classes))
    parts += ["</header>", "<main>"]
    for number, (name, text, result) in enumerate(articles, 1):
        parts.append(_article(number, name, text, result, known, colours, classes, min_score, len(articles) > 1))
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _check_offsets(name: str, text: str, result: ArticleResult) -> None:
    for s in result.sentences:
        if text[s.start : s.end] != s.text:
            raise ValueError(messages.offsets_not_in_text(name, s.index, s.start, s.end))


def _is_low(score: float, marked: bool, min_score: float) -> bool:
    return marked or score < min_score


def _label_css(colours: dict[str, str], classes: dict[str, str], other: str) -> str:
    rules = []
    for label, colour in colours.items():
        shade = tint(colour, OTHER_HIGHLIGHT if label == other else HIGHLIGHT)
        thin = " --w: 1px;" if label == other else ""
        rules.append(f".{classes[label]} {{ --c: {colour}; --t: {shade};{thin} }}")
    return "\n".join(rules) + "\n"


def _legend(labels: Sequence[str], classes: dict[str, str], totals: dict[str, int], min_score: float) -> str:
    items = [
        f'<li class="legend-item {classes[label]}" data-label="{escape(label)}">'
        f'<span class="swatch"></span>{escape(label)} <span class="n">{totals[label]}</span></li>'
        for label in labels
    ]
    if min_score > 0:
        example = classes[labels[0]] if labels else ""
        items.append(
            f'<li class="legend-item legend-low"><span class="s low {example}">句子</span>'
            f"score below {min_score:.2f} (low confidence)</li>"
        )
    return (
        '<section class="legend" id="legend" aria-label="legend">'
        "<ul>" + "".join(items) + "</ul>"
        '<p class="meta">Hover over a sentence for its label and score; numbers are sentences.</p></section>'
    )


def _index(articles: Sequence[tuple[str, str, ArticleResult]], labels: Sequence[str], classes: dict[str, str]) -> str:
    items = []
    for number, (name, _, result) in enumerate(articles, 1):
        counts = {label: 0 for label in labels}
        for s in result.sentences:
            counts[s.label] += 1
        total = len(result.sentences)
        bar = "".join(
            f'<span class="{classes[label]}" style="width: {100 * n / total:.2f}%" title="{escape(label)} {n}"></span>'
            for label, n in counts.items()
            if n and total
        )
        items.append(
            f'<li><a href="#article-{number}">{escape(name)}</a>'
            f'<span class="n">{total} sentences</span><span class="mini">{bar}</span></li>'
        )
    return '<nav class="index" id="index" aria-label="articles"><h2>Articles</h2><ol>' + "".join(items) + "</ol></nav>"


def _article(
    number: int,
    name: str,
    text: str,
    result: ArticleResult,
    labels: Sequence[str],
    colours: dict[str, str],
    classes: dict[str, str],
    min_score: float,
    back_link: bool,
) -> str:
    counts = {label: 0 for label in labels}
    for s in result.sentences:
        counts[s.label] += 1
    low = sum(_is_low(s.score, s.low_confidence, min_score) for s in result.sentences)
    stats = f"{len(result.sentences)} sentences"
    if result.date:
        stats = f"{result.date.isoformat()} · {stats}"
    if min_score > 0:
        stats += f", {low} below score {min_score:.2f}"
    pieces = []
    position = 0
    for s in result.sentences:
        pieces.append(escape(text[position : s.start]))
        is_low = _is_low(s.score, s.low_confidence, min_score)
        hint = f"{s.label} · score {s.score:.2f}" + (" · low confidence" if is_low else "")
        if len(s.top) > 1:  # classify --top-k: the runners-up too
            hint += " · then " + ", ".join(f"{label} {p:.2f}" for label, p in s.top[1:])
        pieces.append(
            f'<span class="s {classes[s.label]}{" low" if is_low else ""}" data-label="{escape(s.label)}" '
            f'data-score="{s.score:.4f}" title="{escape(hint)}">{escape(s.text)}</span>'
        )
        position = s.end
    pieces.append(escape(text[position:]))
    return "\n".join(
        [
            f'<article class="article" id="article-{number}" data-file="{escape(name)}"'
            + (f' data-date="{result.date.isoformat()}">' if result.date else ">"),
            f"<h2>{escape(name)}</h2>",
            f'<p class="stats">{escape(stats)}</p>',
            _bar_chart(counts, colours, classes),
            '<div class="text">' + "".join(pieces) + "</div>",
            '<p class="back"><a href="#top">↑ top</a></p>' if back_link else "",
            "</article>",
        ]
    )


def _bar_chart(counts: dict[str, int], colours: dict[str, str], classes: dict[str, str]) -> str:
    """Sentences per category as an inline SVG of horizontal bars, one row per label (zeros too)."""
    row, label_width, bar_width, number_width = 22, 96, 360, 80
    peak = max(counts.values(), default=0) or 1
    total = sum(counts.values())
    height = row * len(counts) + 4
    width = label_width + bar_width + number_width
    lines = [
        f'<figure class="chart"><svg class="bar-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>Sentences per category</title>'
    ]
    for position, (label, n) in enumerate(counts.items()):
        y = position * row + 2
        length = bar_width * n / peak
        share = f"{100 * n / total:.0f}%" if total else "0%"
        lines.append(
            f'<g class="bar-row" data-label="{escape(label)}" data-count="{n}">'
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" fill="#333">{escape(label)}</text>'
            f'<rect class="bar {classes[label]}" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
            f'fill="{colours[label]}" rx="2"><title>{escape(label)}: {n} sentences ({share})</title></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" fill="#555">{n} ({share})</text></g>'
        )
    lines.append("</svg><figcaption>Sentences per category</figcaption></figure>")
    return "".join(lines)


__all__ = ["render_html"]
