"""The HTML report: what the page says (parsed), and what a real browser makes of it (headless Chromium)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

import govtext
from govtext.cli import main
from govtext.palette import OTHER_COLOUR, label_colours, rgb
from govtext.report.html import render_html
from govtext.results import ArticleResult, SentenceResult

from .conftest import CHROMIUM_FLAGS, NINGBO_ARTICLE, YUECHENG_ARTICLE

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parents: list[Element] = field(default_factory=list)
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def inside(self, tag: str, cls: str | None = None) -> bool:
        return any(p.tag == tag and (cls is None or cls in p.classes) for p in self.parents)


class Dom(HTMLParser):
    """Every element with its attributes, ancestors and text (a small stand-in for a DOM)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, list(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for position in range(len(self._open) - 1, -1, -1):
            if self._open[position].tag == tag:
                del self._open[position:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (cls is None or cls in e.classes)]


def sentence(text: str, label: str, score: float, start: int | None = None, index: int = 0) -> SentenceResult:
    start = TEXT.index(text) if start is None else start
    return SentenceResult(text, label, score, start, start + len(text), index)


LABELS = ("项目争速", "产业争先", "其他")
TEXT = "  标题<b>&amp;\n\n项目开工了。企业上市“好”！\n其他事情 "
RESULT = ArticleResult(
    (
        sentence("标题<b>&amp;", "其他", 0.9, index=0),
        sentence("项目开工了。", "项目争速", 0.95, index=1),
        sentence("企业上市“好”！", "产业争先", 0.41, index=2),
        sentence("其他事情", "其他", 0.6, index=3),
    ),
    LABELS,
    "ningbo",
)


def test_sentences_are_highlighted_in_order_and_the_text_reads_as_written() -> None:
    assert all(TEXT[s.start : s.end] == s.text for s in RESULT.sentences)
    dom = Dom(render_html([('a "1" <x>.txt', TEXT, RESULT)], min_score=0.5))
    (body,) = dom.find("div", "text")
    assert body.text == TEXT, "the text between sentences (spaces, blank lines) is kept, and all is escaped"
    spans = [e for e in dom.find("span", "s") if e.inside("div", "text")]
    assert [s.text for s in spans] == [s.text for s in RESULT.sentences]
    assert [s.attrs["data-label"] for s in spans] == ["其他", "项目争速", "产业争先", "其他"]
    assert spans[1].attrs["title"] == "项目争速 · score 0.95"
    assert spans[2].attrs["title"] == "产业争先 · score 0.41 · low confidence"
    assert ["low" in s.classes for s in spans] == [False, False, True, False]
    # each label keeps one colour class, the same in the text, the legend and the chart
    legend = {e.attrs["data-label"]: e.classes - {"legend-item"} for e in dom.find("li", "legend-item")[:3]}
    bars = {e.attrs["data-label"]: e for e in dom.find("g", "bar-row")}
    for span in spans:
        assert legend[span.attrs["data-label"]] <= span.classes
    assert list(bars) == list(LABELS)
    assert {label: int(g.attrs["data-count"]) for label, g in bars.items()} == {"项目争速": 1, "产业争先": 1, "其他": 2}


def test_escaping_leaves_no_markup_from_the_input() -> None:
    text = '<script>alert("x")</script>。'
    result = ArticleResult((sentence(text, "其他", 0.9, start=0),), LABELS)
    page = render_html([("<img src=x onerror=alert(1)>", text, result)], title="<i>t</i>")
    assert "<script" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_page_is_self_contained() -> None:
    page = render_html([("a.txt", TEXT, RESULT), ("b.txt", TEXT, RESULT)], min_score=0.5)
    lowered = page.lower()
    for needle in ("http:", "https:", "//", "src=", "<link", "<script", "@import", "url("):
        assert needle not in lowered.replace("<!doctype html>", ""), needle
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_colours_come_from_the_shared_palette() -> None:
    page = render_html([("a.txt", TEXT, RESULT)])
    colours = label_colours(LABELS)
    assert colours["其他"] == OTHER_COLOUR
    for position, label in enumerate(LABELS):
        assert f".l{position} {{ --c: {colours[label]};" in page
        assert f'fill="{colours[label]}"' in page
    assert len(set(colours.values())) == len(LABELS)


def test_low_confidence_marks_follow_min_score() -> None:
    for min_score, expected in ((0.0, 0), (0.5, 1), (0.7, 2), (0.99, 4)):
        dom = Dom(render_html([("a.txt", TEXT, RESULT)], min_score=min_score))
        low = [e for e in dom.find("span", "low") if e.inside("div", "text")]
        assert len(low) == expected, min_score
        assert bool(dom.find("li", "legend-low")) == (min_score > 0)


def test_index_and_chart() -> None:
    one = Dom(render_html([("a.txt", TEXT, RESULT)]))
    assert not one.find("nav", "index")
    two = Dom(render_html([("a.txt", TEXT, RESULT), ("b.txt", TEXT, RESULT)]))
    (nav,) = two.find("nav", "index")
    links = [e.attrs["href"] for e in two.find("a") if e.inside("nav", "index")]
    ids = [e.attrs["id"] for e in two.find("article", "article")]
    assert links == [f"#{i}" for i in ids] == ["#article-1", "#article-2"]
    assert "a.txt" in nav.text and "b.txt" in nav.text
    bars = [e for e in two.find("rect", "bar") if e.inside("article")]
    assert len(bars) == 2 * len(LABELS)
    widths = {e.parents[-1].attrs["data-label"]: float(e.attrs["width"]) for e in bars[:3]}
    assert widths["其他"] == 2 * widths["项目争速"] > 0, "bars are proportional to the counts"


def test_hover_shows_the_runners_up_with_top_k(ningbo_text: str) -> None:
    result = govtext.load().classify(ningbo_text, top_k=3)
    dom = Dom(render_html([("ningbo.txt", ningbo_text, result)]))
    spans = [e for e in dom.find("span", "s") if e.inside("div", "text")]
    for span, s in zip(spans, result.sentences, strict=True):
        (first, p1), (second, p2), (third, p3) = s.top
        assert first == s.label
        assert span.attrs["title"] == f"{first} · score {p1:.2f} · then {second} {p2:.2f}, {third} {p3:.2f}"


def test_text_that_does_not_match_the_result_is_refused() -> None:
    with pytest.raises(ValueError, match="does not match the text given"):
        render_html([("a.txt", "别的文章。", RESULT)])


def test_real_articles_round_trip(ningbo_text: str) -> None:
    result = govtext.load().classify(ningbo_text, min_score=0.95)
    dom = Dom(render_html([("ningbo.txt", ningbo_text, result)], min_score=0.95))
    (body,) = dom.find("div", "text")
    assert body.text == ningbo_text
    spans = [e for e in dom.find("span", "s") if e.inside("div", "text")]
    assert len(spans) == len(result) == 70
    assert sum("low" in s.classes for s in spans) == sum(s.low_confidence for s in result.sentences) > 0


def test_cli_writes_the_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    argv = ["classify", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--format", "html", "-o", str(target)]
    assert main(argv) == 0
    assert capsys.readouterr().err == f"govtext: wrote {target}\n"
    dom = Dom(target.read_text(encoding="utf-8"))
    assert len(dom.find("article", "article")) == 2 and dom.find("nav", "index")
    assert len([e for e in dom.find("span", "s") if e.inside("div", "text")]) == 70 + 54
    assert main(argv) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0


# -- in a real browser ------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it in CI",
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        *CHROMIUM_FLAGS,
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@needs_chromium
def test_chromium_renders_highlights_legend_and_chart(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    argv = ["classify", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--format", "html", "--min-score", "0.95"]
    assert main([*argv, "-o", str(page)]) == 0
    capsys.readouterr()

    dom = Dom(chromium(tmp_path, "--dump-dom", page.as_uri()).stdout)
    highlights = [e for e in dom.find("span", "s") if e.inside("div", "text")]
    assert len(highlights) == 70 + 54
    assert {e.attrs["data-label"] for e in highlights} >= {"项目争速", "其他"}
    assert all(e.attrs["title"].startswith(e.attrs["data-label"] + " · score ") for e in highlights)
    assert any("low" in e.classes for e in highlights)
    labels = govtext.load().labels
    assert [e.attrs["data-label"] for e in dom.find("li", "legend-item") if "data-label" in e.attrs] == list(labels)
    charts = dom.find("svg", "bar-chart")
    assert len(charts) == 2
    assert len([e for e in dom.find("rect", "bar")]) == 2 * len(labels)
    assert [e.attrs["href"] for e in dom.find("a") if e.inside("nav", "index")] == ["#article-1", "#article-2"]

    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1200,1600", f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert int.from_bytes(data[16:20], "big") == 1200 and int.from_bytes(data[20:24], "big") == 1600
    pixels = _pixels(shot)
    # the legend's swatches are drawn in the palette's colours: every label's colour is on screen
    for label, colour in label_colours(labels).items():
        assert _has_colour(pixels, colour), f"{label} ({colour}) not seen in the screenshot"


def _pixels(path: Path):  # type: ignore[no-untyped-def]
    from matplotlib import image

    return (image.imread(path)[:, :, :3] * 255).round().astype(int)


def _has_colour(pixels, colour: str, tolerance: int = 3) -> bool:  # type: ignore[no-untyped-def]
    import numpy as np

    target = np.array(rgb(colour))
    close = (np.abs(pixels - target) <= tolerance).all(axis=2)
    return int(close.sum()) >= 50
