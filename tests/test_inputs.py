"""Whatever a scraper produced: encodings, HTML, traditional script, odd characters, huge lines."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import govtext
from govtext import Classifier, InputError, split_sentences, tokenize
from govtext.cli import main
from govtext.engine.script import to_simplified
from govtext.io import decode, read_text
from govtext.io.html import declared_charset, html_to_text, looks_like_html
from govtext.text import MAX_SENTENCE_CHARS

from .conftest import NINGBO_ARTICLE, YUECHENG_ARTICLE
from .test_model import NINGBO_DEFINITIONS

NINGBO = NINGBO_ARTICLE.read_text(encoding="utf-8")
YUECHENG = YUECHENG_ARTICLE.read_text(encoding="utf-8")


def traditional(text: str) -> str:
    import opencc

    converted: str = opencc.OpenCC("s2t").convert(text)
    return converted


@pytest.fixture(scope="module")
def ningbo() -> Classifier:
    return govtext.load()


# -- encodings -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "article"),
    [
        ("utf-8", "ningbo"),
        ("utf-8-sig", "ningbo"),
        ("utf-16", "yuecheng"),  # with its byte-order mark
        ("utf-16-be", "yuecheng"),  # BOM added by the test below
        ("utf-32", "ningbo"),
        ("gbk", "ningbo"),
        ("gb18030", "yuecheng"),
        ("big5", "ningbo"),
        ("big5", "yuecheng"),
    ],
)
def test_news_in_every_common_encoding_decodes(tmp_path: Path, encoding: str, article: str) -> None:
    text = NINGBO if article == "ningbo" else YUECHENG
    if encoding == "big5":
        text = traditional(text)
    data = text.encode(encoding, errors="ignore" if encoding in ("gbk", "big5") else "strict")
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    expected = data.decode(encoding, errors="ignore").lstrip("\ufeff")
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert read_text(path) == expected
    assert decode(data) == expected


@pytest.mark.parametrize("length", [12, 40, 150, 600])
def test_short_legacy_texts_decode(length: int) -> None:
    """Detectors are unsure on short text; the GB18030/Big5 fallback still gets it right."""
    simplified = NINGBO.replace("\n", "")[200 : 200 + length]
    assert decode(simplified.encode("gb18030")) == simplified
    trad = traditional(simplified)
    data = trad.encode("big5", errors="ignore")
    assert decode(data) == data.decode("big5")


def test_encoding_option_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("项目争速".encode("gb18030"))
    assert read_text(path, encoding="gb18030") == "项目争速"
    path.write_bytes("\ufeff项目争速".encode())
    assert read_text(path, encoding="utf-8") == "项目争速"
    assert read_text(path, encoding="latin-1") == "\ufeff项目争速".encode().decode("latin-1")  # as asked


def test_a_cut_off_last_character_is_dropped_not_fatal() -> None:
    data = "项目争速".encode()[:-1]
    assert decode(data) == "项目争"
    assert decode("项目争速。".encode("gb18030")[:-1]) == "项目争速"
    assert decode("项目".encode("utf-16")[:-1]) == "项"  # with its byte-order mark
    with pytest.raises(InputError, match="cannot decode as UTF-8 at byte 6"):
        decode("项目".encode() + b"\xff")  # an invalid last byte is not a cut-off character


def test_decode_and_read_text_reject_wrong_types() -> None:
    with pytest.raises(TypeError, match="decode\\(\\) needs bytes, not str"):
        decode("文字")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="read_text\\(\\) needs a path, not NoneType"):
        read_text(None)  # type: ignore[arg-type]


# -- HTML ------------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>宁波新闻网</title>
<style>p { color: red; }</style><script>var tracker = "项目争速";</script></head>
<body><header>宁波新闻网 首页</header><nav><a href="/">首页</a> &gt; <a>宁波动态</a></nav>
<div class="article"><h1>全力推进六争攻坚</h1>
<p>项目争速是实现高质量发展的主要抓手，<br/>产业争先是实现高质量发展的重要基础。</p>
<p>党建争强&amp;服务争效&nbsp;并进！</p><table><tr><td>表格一</td><td>表格二</td></tr></table></div>
<aside>热门文章</aside><form><input name="q"><button>搜索</button></form>
<noscript>请开启脚本</noscript><footer>版权所有</footer></body></html>"""


def test_html_is_reduced_to_its_text() -> None:
    assert html_to_text(PAGE).splitlines() == [
        "全力推进六争攻坚",
        "项目争速是实现高质量发展的主要抓手，",
        "产业争先是实现高质量发展的重要基础。",
        "党建争强&服务争效\u00a0并进！",
        "表格一",
        "表格二",
    ]
    assert looks_like_html(PAGE.encode()) and looks_like_html(b"\xef\xbb\xbf  <html lang=zh>")
    assert not looks_like_html("项目争速 <b>加粗</b>".encode())
    assert declared_charset(PAGE.encode("gbk")) == "gbk"


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "page.txt"])
def test_html_files_are_read_as_text(tmp_path: Path, ningbo: Classifier, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PAGE.encode("gbk"))  # the page says gbk; sniffed as HTML even as .txt
    text = read_text(path)
    assert text.startswith("全力推进六争攻坚\n项目争速") and "tracker" not in text and "首页" not in text
    result = ningbo.classify(text)
    assert [s.text for s in result.sentences][1:3] == [
        "项目争速是实现高质量发展的主要抓手，",
        "产业争先是实现高质量发展的重要基础。",
    ]
    assert result.sentences[1].label == "项目争速"
    assert all(text[s.start : s.end] == s.text for s in result.sentences)


def test_broken_html_still_gives_text() -> None:
    assert html_to_text("<html><body><p>未闭合<div>第二<script>x=1") == "未闭合\n第二"
    assert html_to_text("<html><body><nav>菜单<p>漏了闭合</p></body>") == ""
    assert html_to_text("") == ""


# -- traditional script ----------------------------------------------------------------------
@pytest.mark.parametrize(("sentence", "label"), NINGBO_DEFINITIONS)
def test_traditional_sentences_get_the_simplified_labels(ningbo: Classifier, sentence: str, label: str) -> None:
    trad = traditional(sentence)
    assert trad != sentence
    assert ningbo.predict([trad]) == [label] == ningbo.predict([sentence])


def test_traditional_article_keeps_original_text_and_offsets(ningbo: Classifier) -> None:
    trad = traditional(NINGBO)
    simplified_result = ningbo.classify(NINGBO)
    result = ningbo.classify(trad)
    assert len(result) == len(simplified_result)
    for s in result.sentences:
        assert trad[s.start : s.end] == s.text  # the original traditional text, not the conversion
    same = sum(a.label == b.label for a, b in zip(result.sentences, simplified_result.sentences, strict=True))
    assert same >= 0.95 * len(result)
    np.testing.assert_allclose(
        ningbo.predict_proba([traditional("项目争速是实现高质量发展的主要抓手")]),
        ningbo.predict_proba(["项目争速是实现高质量发展的主要抓手"]),
    )


def test_simplified_text_is_not_converted() -> None:
    for text in ("项目争速是实现高质量发展的主要抓手", "Hello 123", ""):
        assert to_simplified(text) is text
    assert to_simplified("著名的乾隆皇帝") == "著名的乾隆皇帝"  # characters both scripts share stay
    assert to_simplified("發展") == "发展"


def test_missing_opencc_warns_once_and_still_classifies(ningbo: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    import govtext.engine.script as script

    trad = traditional("项目争速是实现高质量发展的主要抓手")
    monkeypatch.setattr(script, "_state", None)
    monkeypatch.setitem(sys.modules, "opencc", None)  # import fails
    with pytest.warns(govtext.GovtextWarning, match="OpenCC is not available"):
        labels = ningbo.predict([trad])
    assert len(labels) == 1
    assert to_simplified("發展") == "發展"  # no second warning (warnings are errors here)
    monkeypatch.setattr(script, "_state", None)


# -- punctuation and odd characters ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全角句号。全角问号？全角叹号！全角分号；完", ["全角句号。", "全角问号？", "全角叹号！", "全角分号；", "完"]),
        (
            "半角句号. 不算. 半角问号? 半角叹号! 半角分号; 完",
            ["半角句号. 不算. 半角问号?", "半角叹号!", "半角分号;", "完"],
        ),
        ("混合！?下一句", ["混合！?", "下一句"]),
        ("表情😀很好。🇨🇳国旗👍🏽！", ["表情😀很好。", "🇨🇳国旗👍🏽！"]),
        ("控制\x07字符\x1b。下一句", ["控制\x07字符\x1b。", "下一句"]),
        ("换页\x0c分行\x0b垂直\x85下一行\u2028段", ["换页", "分行", "垂直", "下一行", "段"]),
        ("\u00a0\u00a0不间断\u00a0空格。\u00a0", ["不间断\u00a0空格。"]),
        ("零宽\u200b字符\u200b。\u200b\ufeff", ["零宽\u200b字符\u200b。"]),
        ("\t\t制表符开头。\r\n", ["制表符开头。"]),
    ],
)
def test_punctuation_and_odd_characters(text: str, expected: list[str], ningbo: Classifier) -> None:
    assert [s.text for s in split_sentences(text)] == expected
    result = ningbo.classify(text)
    assert [s.text for s in result.sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in result.sentences)
    for sentence in expected:
        assert isinstance(tokenize(sentence), list)


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\u3000\u00a0\t", "\ufeff", "\u200b\u200b"])
def test_empty_and_whitespace_give_empty_results(ningbo: Classifier, text: str) -> None:
    assert split_sentences(text) == []
    assert ningbo.classify(text).sentences == ()
    assert tokenize(text) == [] or not text.isspace()


def test_very_long_lines_are_cut_into_bounded_sentences(ningbo: Classifier) -> None:
    blob = NINGBO.replace("\n", "").replace("。", "").replace("，", "").replace(",", "")
    blob = (blob * (50_000 // len(blob) + 1))[:50_000]
    sentences = split_sentences(blob)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert "".join("".join(s.text for s in sentences).split()) == "".join(blob.split())
    result = ningbo.classify(blob)
    assert len(result) == len(sentences) and all(blob[s.start : s.end] == s.text for s in result.sentences)
    # a long line with commas is cut after one
    commas = "，".join(["项目争速大冲刺"] * 400)
    assert all(s.text.endswith("，") for s in split_sentences(commas)[:-1])


def test_a_50_mb_single_line_file(tmp_path: Path, ningbo: Classifier) -> None:
    one_line = NINGBO.replace("\n", "")
    path = tmp_path / "big.txt"
    copies = 50_000_000 // len(one_line.encode())
    path.write_text(one_line * copies, encoding="utf-8")
    assert path.stat().st_size > 49_000_000
    text = read_text(path)
    result = ningbo.classify(text)
    assert len(result) == copies * len(split_sentences(one_line))
    last = result.sentences[-1]
    assert text[last.start : last.end] == last.text
    assert result.counts["项目争速"] == copies * ningbo.classify(one_line).counts["项目争速"]


def test_a_50_mb_single_line_file_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Mostly padding (as pages with huge inline data are), so the CLI path stays quick to test."""
    path = tmp_path / "padded.txt"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("项目争速是实现高质量发展的主要抓手。")
        handle.write("\u00a0" * 12_000_000 + " " * 12_000_000)
        handle.write("党建争强是为高质量发展提供有力的根本保障。")
    assert path.stat().st_size > 36_000_000
    status = main(["classify", str(path), "--format", "jsonl"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and err == ""
    assert [r["label"] for r in rows] == ["项目争速", "党建争强"]


def test_stdin_in_legacy_encoding_and_html(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode("gbk"))))
    status = main(["classify", "-", "--format", "jsonl"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and err == "" and rows[0]["file"] == "-" and rows[1]["label"] == "项目争速"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    status = main(["classify", "-", "--format", "jsonl"])
    assert status == 0 and capsys.readouterr().out == ""


def test_empty_and_whitespace_files_are_not_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\u3000\n\t", encoding="utf-8")
    status = main(["classify", str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt")])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert out.count(": 0 sentences ==") == 2


# -- the Python API: wrong types are TypeErrors, empty input gives empty output ----------------
BAD_VALUES = [None, b"\xe9\xa1\xb9", 42, 3.5, ["句子"], {"text": "句子"}]


@pytest.mark.parametrize("value", BAD_VALUES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("function", ["split_sentences", "tokenize", "classify", "to_simplified", "html_to_text"])
def test_text_functions_reject_non_strings(ningbo: Classifier, function: str, value: object) -> None:
    call = {
        "split_sentences": split_sentences,
        "tokenize": tokenize,
        "classify": ningbo.classify,
        "to_simplified": to_simplified,
        "html_to_text": html_to_text,
    }[function]
    with pytest.raises(TypeError, match=rf"needs (the article as )?a str, not {type(value).__name__}"):
        call(value)  # type: ignore[operator]


@pytest.mark.parametrize("value", [None, "一句话", b"bytes", 42], ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("method", ["predict", "predict_proba"])
def test_sentence_list_methods_reject_non_lists(ningbo: Classifier, method: str, value: object) -> None:
    with pytest.raises(TypeError, match=rf"X must be a list of sentences, not {type(value).__name__}"):
        getattr(ningbo, method)(value)


@pytest.mark.parametrize("item", [None, b"bytes", 42, ["nested"]], ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("method", ["predict", "predict_proba"])
def test_sentence_list_items_must_be_strings(ningbo: Classifier, method: str, item: object) -> None:
    with pytest.raises(TypeError, match=rf"X\[1\] must be a str, not {type(item).__name__}"):
        getattr(ningbo, method)(["好", item])


def test_empty_inputs_give_empty_results(ningbo: Classifier) -> None:
    assert ningbo.predict([]) == []
    assert ningbo.predict(()) == []
    assert ningbo.predict_proba([]).shape == (0, len(ningbo.labels))
    assert ningbo.predict(np.array([], dtype=object)) == []
    assert len(ningbo.classify("")) == 0 and sum(ningbo.classify("").counts.values()) == 0
    assert ningbo.predict([""]) and ningbo.predict_proba([""]).shape == (1, len(ningbo.labels))


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16", "utf-8-sig"])
def test_command_line_reads_every_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str) -> None:
    text = traditional(YUECHENG) if encoding == "big5" else YUECHENG
    text = text.encode(encoding, errors="ignore").decode(encoding).lstrip("\ufeff")  # what Big5 can hold
    path = tmp_path / f"news-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    status = main(["classify", str(path), "--scheme", "yuecheng", "--format", "jsonl"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and err == ""
    assert len(rows) == 54 and all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert rows[19]["label"] == "整改争效"
