"""What Jupyter shows: _repr_html_ of results, summaries, reports and explanations, and short reprs."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

import govtext
from govtext.report.summary import summarize
from govtext.results import ArticleResult, SentenceResult


class _Checker(HTMLParser):
    """Collects tags and attributes and checks that every opened element is closed."""

    VOID = frozenset({"br", "img", "meta", "hr", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Checker:
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    assert checker.open == []
    return checker


def self_contained(fragment: str) -> None:
    assert not re.search(r"(?i)(src|href)\s*=|@import|url\(|<script|<link|<iframe", fragment)


def test_article_repr_html_highlights_each_sentence_with_label_score_and_legend(yuecheng_text: str) -> None:
    result = next(govtext.classify_many([("yuecheng.txt", yuecheng_text)], top_k=3))
    fragment = result._repr_html_()
    self_contained(fragment)
    checker = parse(fragment)
    spans = [attrs for tag, attrs in checker.tags if tag == "span" and attrs.get("class") == "govtext-s"]
    assert len(spans) == len(result.sentences)
    first = result.sentences[0]
    assert spans[0]["data-label"] == first.label
    assert spans[0]["title"].startswith(f"{first.label} · score {first.score:.2f} · then ")
    assert all(attrs["style"] and "background: #" in attrs["style"] for attrs in spans)
    # a sentence's colour is its label's: two sentences with the same label look the same
    by_label: dict[str | None, set[str | None]] = {}
    for attrs in spans:
        by_label.setdefault(attrs["data-label"], set()).add(attrs["style"])
    assert all(len(styles) == 1 for styles in by_label.values())
    legend = {attrs["data-label"] for tag, attrs in checker.tags if attrs.get("class") == "govtext-legend"}
    assert legend == set(result.labels)
    text = "".join(checker.text)
    assert "yuecheng.txt · 2021-07-29 · scheme ningbo · 54 sentences" in text
    assert f"项目争速 {result.counts['项目争速']}" in text


def test_article_repr_html_escapes_everything() -> None:
    nasty = '<script>alert("x")</script>&amp;'
    result = ArticleResult(
        (SentenceResult(nasty, "a<b", 0.5, 0, len(nasty), low_confidence=True),), ("a<b", "其他"), source="<i>name"
    )
    fragment = result._repr_html_()
    assert "<script>" not in fragment and "<i>" not in fragment and "a<b" not in fragment
    checker = parse(fragment)
    assert nasty in "".join(checker.text)
    assert "&lt;i&gt;name" in fragment
    assert "dashed" in fragment  # low confidence is marked


def test_a_long_article_is_cut_in_the_notebook_but_its_repr_stays_short() -> None:
    sentences = tuple(
        SentenceResult("项目争速是主要抓手。" * 5, "项目争速", 0.9, 51 * i, 51 * i + 50, i) for i in range(3000)
    )
    result = ArticleResult(sentences, ("项目争速", "其他"), "ningbo", source="big.txt", date=dt.date(2021, 1, 2))
    assert "… 1000 more sentences" in result._repr_html_()
    text = repr(result)
    assert len(text) < 300
    assert "big.txt" in text and "2021-01-02" in text and "3000 sentences" in text and "项目争速': 3000" in text


def test_summary_report_and_explanation_render_as_tables(small_model) -> None:  # type: ignore[no-untyped-def]
    results = [(f"{n}.txt", small_model.classify(t)) for n, t in enumerate(["项目争速。党建争强。", "今天天气晴。"])]
    summary = summarize(results)
    fragment = summary._repr_html_()
    self_contained(fragment)
    checker = parse(fragment)
    rows = [tag for tag, _ in checker.tags if tag == "tr"]
    assert len(rows) == 1 + len(results) + 1  # header, articles, TOTAL
    assert "TOTAL" in checker.text and "share_项目争速" in checker.text
    assert repr(summary) == "<Summary by article: 2 rows, 2 articles, 3 sentences>"

    from govtext.evaluation import report as score

    truth = ["项目争速", "其他", "其他"]
    report = score(truth, small_model.predict(["项目争速是主要抓手", "今天天气晴", "项目开工"]), small_model.labels)
    fragment = report._repr_html_()
    self_contained(fragment)
    checker = parse(fragment)
    assert sum(tag == "table" for tag, _ in checker.tags) == 2  # scores, confusion
    assert any(text.startswith("macro-F1 ") for text in checker.text)
    assert len(repr(report)) < 200 and "macro-F1" in repr(report)

    explanation = small_model.explain("全市新开工亿元以上项目86个", top=3)
    fragment = explanation._repr_html_()
    self_contained(fragment)
    checker = parse(fragment)
    assert sum(tag == "table" for tag, _ in checker.tags) == 2
    assert explanation.toward_label[0].term in checker.text
    assert len(repr(explanation)) < 200 and explanation.label in repr(explanation)


@pytest.mark.parametrize("kind", ["article", "summary"])
def test_html_is_valid_for_empty_things(kind: str) -> None:
    empty = ArticleResult((), ("项目争速", "其他"))
    fragment = empty._repr_html_() if kind == "article" else summarize([("e", empty)])._repr_html_()
    parse(fragment)
