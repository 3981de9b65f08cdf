"""PNG charts (optional: needs matplotlib, ``pip install 'govtext[plot]'``)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import messages
from ..dates import UNDATED, period_start
from ..errors import GovtextError
from ..io.files import atomic_write
from ..palette import label_colours
from ..schemes import OTHER

if TYPE_CHECKING:
    from ..evaluation import Report
    from .summary import Summary

# Fonts that carry Chinese glyphs, in order of preference; the first one installed is used.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)


def _pyplot() -> Any:
    try:  # lazy: matplotlib is optional and heavy
        import matplotlib  # lazy: optional

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        raise GovtextError(messages.needs_extra("plots", "matplotlib", "plot")) from None
    installed = {f.name for f in font_manager.fontManager.ttflist}
    chosen = [name for name in CJK_FONTS if name in installed]
    plt.rcParams["font.sans-serif"] = [*chosen, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _save(figure: Any, path: Path, *, overwrite: bool) -> Path:
    try:
        with atomic_write(path, overwrite=overwrite) as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # missing-glyph warnings when no CJK font is installed
            figure.savefig(handle, format="png", dpi=120, bbox_inches="tight")
    except FileExistsError:
        raise GovtextError(messages.already_exists(path)) from None
    finally:
        _pyplot().close(figure)
    return path


def plot_confusion(report: Report, path: Path, *, overwrite: bool = False) -> Path:
    """The confusion matrix as a heat map with counts, rows = true labels."""
    plt = _pyplot()
    n = len(report.labels)
    if report.reliability:
        figure, (axes, right) = plt.subplots(
            1, 2, figsize=(1.1 * n + 7, 0.9 * n + 1.5), gridspec_kw={"width_ratios": [1.1 * n + 2, 5]}
        )
        _reliability(right, report)
    else:
        figure, axes = plt.subplots(figsize=(1.1 * n + 2, 0.9 * n + 1.5))
    matrix = [list(row) for row in report.confusion]
    image = axes.imshow(matrix, cmap="Blues")
    peak = max((v for row in matrix for v in row), default=0)
    for i in range(n):
        for j in range(n):
            value = matrix[i][j]
            colour = "white" if peak and value > peak / 2 else "black"
            axes.text(j, i, str(value), ha="center", va="center", color=colour)
    axes.set_xticks(range(n), list(report.labels), rotation=45, ha="right")
    axes.set_yticks(range(n), list(report.labels))
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title(f"{report.title or 'confusion matrix'}  (macro-F1 {report.macro_f1:.3f})")
    figure.colorbar(image, ax=axes)
    return _save(figure, path, overwrite=overwrite)


def _reliability(axes: Any, report: Report) -> None:
    """Reliability diagram: accuracy against mean score per score bin; the diagonal is perfect calibration."""
    lows = [b[0] for b in report.reliability]
    accuracy = [b[2] for b in report.reliability]
    scores = [b[1] for b in report.reliability]
    axes.bar(lows, accuracy, width=0.1, align="edge", color="#9ecae1", edgecolor="#3182bd", label="accuracy")
    axes.plot([0, 1], [0, 1], linestyle="--", color="black", linewidth=1, label="perfect calibration")
    axes.plot(scores, accuracy, marker="o", color="#08519c", linewidth=1, label="mean score per bin")
    for low, acc, count in zip(lows, accuracy, (b[3] for b in report.reliability), strict=True):
        axes.text(low + 0.05, min(acc + 0.02, 1.02), str(count), ha="center", fontsize=7)
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1.08)
    axes.set_xlabel("score of the chosen label")
    axes.set_ylabel("share right")
    ece = "" if report.ece is None else f" (ECE {report.ece:.3f})"
    axes.set_title(f"reliability{ece}; numbers: sentences")
    axes.legend(loc="upper left", fontsize=7, frameon=False)


def plot_shares(summary: Summary, path: Path, *, overwrite: bool = False, other: str | None = None) -> Path:
    """Shares of sentences per label as horizontal stacked bars: one bar per article, then the total.

    Colours come from :mod:`govtext.palette` (the same as in the HTML report and the terminal);
    segments of 5% or more carry their percentage.
    """
    if not summary.rows:
        raise GovtextError(messages.no_articles_to_plot())
    plt = _pyplot()
    rows = list(summary.rows)
    if len(rows) > 1:
        rows.append(summary.total)
    names = [Path(row.name).name or row.name for row in summary.rows]
    if len(set(names)) < len(names):
        names = [row.name for row in summary.rows]
    if len(rows) > len(summary.rows):
        names.append(f"all {len(summary.rows)} articles")
    colours = label_colours(summary.labels, other=other or OTHER)
    figure, axes = plt.subplots(figsize=(9, 0.55 * len(rows) + 1.8))
    positions = list(range(len(rows)))[::-1]  # first article on top
    left = [0.0] * len(rows)
    for label in summary.labels:
        shares = [row.shares.get(label, 0.0) for row in rows]
        axes.barh(positions, shares, left=left, color=colours[label], label=label, height=0.7, edgecolor="white")
        for y, start, share in zip(positions, left, shares, strict=True):
            if share >= 0.05:
                axes.text(start + share / 2, y, f"{share:.0%}", ha="center", va="center", fontsize=8)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.set_yticks(positions, [f"{name} ({row.sentences})" for name, row in zip(names, rows, strict=True)])
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(plt.FuncFormatter(lambda value, _: f"{value:.0%}"))
    axes.set_xlabel("share of sentences (number of sentences in brackets)")
    axes.set_title("Sentences per category")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _save(figure, path, overwrite=overwrite)


# Lines of a trend stay apart in greyscale: each category has its own dash pattern and marker.
LINE_STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
# More categories than this are drawn on several panels, one below the other.
LINES_PER_PANEL = 4


def plot_trend(summary: Summary, path: Path, *, overwrite: bool = False, other: str | None = None) -> Path:
    """Each category's share of sentences per period as lines (a summary ``by`` month, quarter or year).

    The x axis is time (the first day of each period); undated articles are left out of the plot.
    Categories go in panels of at most four lines (as evenly as that allows), ``其他`` in a panel of
    its own below (its share is much larger); each line has its own dash pattern and marker as well
    as its colour, so the chart reads in greyscale.
    """
    rows = [row for row in summary.rows if row.name != UNDATED]
    if not rows:
        raise GovtextError(messages.no_dated_articles_to_plot())
    other = other or OTHER
    plt = _pyplot()
    colours = label_colours(summary.labels, other=other)
    categories = [label for label in summary.labels if label != other]
    panels_needed = -(-len(categories) // LINES_PER_PANEL)
    size = -(-len(categories) // panels_needed) if categories else 0
    groups = [categories[i : i + size] for i in range(0, len(categories), size)] if categories else []
    if other in summary.labels:
        groups.append([other])
    when = [period_start(row.name) for row in rows]
    figure, panels = plt.subplots(len(groups), 1, figsize=(9, 3.2 * len(groups) + 0.8), sharex=True, squeeze=False)
    for number, (axes, group) in enumerate(zip(panels[:, 0], groups, strict=True)):
        for position, label in enumerate(group):
            style = (number * LINES_PER_PANEL + position) % len(MARKERS)
            axes.plot(
                when,
                [row.shares.get(label, 0.0) for row in rows],
                color=colours[label],
                linestyle=LINE_STYLES[position % len(LINE_STYLES)],
                marker=MARKERS[style],
                markersize=5,
                linewidth=1.6,
                label=label,
            )
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_formatter(plt.FuncFormatter(lambda value, _: f"{value:.0%}"))
        axes.set_ylabel("share of sentences")
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    articles = sum(row.articles for row in rows)
    panels[0, 0].set_title(f"Share of sentences per category, by {summary.by} ({articles} dated articles)")
    figure.autofmt_xdate()
    return _save(figure, path, overwrite=overwrite)


__all__ = ["CJK_FONTS", "LINES_PER_PANEL", "plot_confusion", "plot_shares", "plot_trend"]
