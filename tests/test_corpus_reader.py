from __future__ import annotations

import json
from pathlib import Path

import pytest

from govtext import CorpusError, InputError, read_corpus


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(text: str, label: str, **extra: str) -> str:
    return json.dumps({"text": text, "label": label, **extra}, ensure_ascii=False)


def test_reads_jsonl_csv_tsv_and_folders(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", [row("项目开工。", "项目争速", scheme="ningbo", source="authored"), ""])
    write(
        tmp_path / "b.csv",
        ["text,label,source", "党员干部带头干。,党建争强,authored", '"营商环境，再优化。",服务争效,authored'],
    )
    write(tmp_path / "c.tsv", ["label\ttext", "其他\t今天天气晴。"])
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    corpus = read_corpus(tmp_path, "ningbo")
    assert corpus.texts == ["项目开工。", "党员干部带头干。", "营商环境，再优化。", "今天天气晴。"]
    assert corpus.counts()["服务争效"] == 1 and list(corpus.counts()) == list(corpus.scheme.labels)
    assert corpus.examples[1].where.endswith("b.csv:2")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"text": "a", "label": "其他"}', "{broken"], r"bad.jsonl:2: not valid JSON"),
        (['["a", "其他"]'], r"bad.jsonl:1: expected a JSON object"),
        (['{"label": "其他"}'], r"bad.jsonl:1: missing field 'text'"),
        (['{"text": "a"}'], r"bad.jsonl:1: missing field 'label'"),
        (['{"text": "  ", "label": "其他"}'], r"bad.jsonl:1: field 'text' is empty"),
        (['{"text": 3, "label": "其他"}'], r"bad.jsonl:1: field 'text' must be a string"),
        (
            ['{"text": "a", "label": "项目争先"}'],
            r"bad.jsonl:1: unknown label '项目争先' for scheme 'ningbo'; valid labels: 项目争速, 产业争先",
        ),
        (
            ['{"text": "a", "label": "其他", "scheme": "yuecheng"}'],
            r"bad.jsonl:1: sentence is for scheme 'yuecheng', not 'ningbo'",
        ),
        (
            ['{"text": "同一句", "label": "其他"}', '{"text": "同一 句", "label": "项目争速"}'],
            r"bad.jsonl:2: conflicting labels: '项目争速' here but '其他' at .*bad.jsonl:1",
        ),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, lines: list[str], message: str) -> None:
    path = write(tmp_path / "bad.jsonl", lines)
    with pytest.raises(CorpusError, match=message):
        read_corpus(path, "ningbo")


def test_all_problems_are_collected(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", ["{broken", row("a", "无此标签"), row("b", "其他")])
    with pytest.raises(CorpusError) as caught:
        read_corpus(path, "ningbo")
    assert [(p.line, p.reason.split(" ")[0]) for p in caught.value.problems] == [(1, "not"), (2, "unknown")]
    assert "and 1 more problem" in str(caught.value)


def test_csv_header_and_files(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"x.csv:1: header lacks column label"):
        read_corpus(write(tmp_path / "x.csv", ["text,lab", "a,其他"]), "ningbo")
    with pytest.raises(CorpusError, match=r"y.csv:3: expected 2 columns, got 3"):
        read_corpus(write(tmp_path / "y.csv", ["text,label", "a,其他", "b,其他,extra"]), "ningbo")
    with pytest.raises(InputError, match="no such file or folder"):
        read_corpus(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="not a corpus file"):
        read_corpus(write(tmp_path / "z.txt", ["x"]))
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes(row("中文", "其他").encode("gbk"))
    with pytest.raises(CorpusError, match=r"gbk.jsonl:1: not UTF-8"):
        read_corpus(gbk)


def test_duplicates_kept_once_and_digest_ignores_order(tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", [row("甲。", "其他"), row("乙。", "项目争速"), row("甲。", "其他")])
    b = write(tmp_path / "b.jsonl", [row("乙。", "项目争速"), row("甲。", "其他")])
    first, second = read_corpus(a), read_corpus(b)
    assert len(first) == 2 and len(first.duplicates) == 1
    assert first.digest() == second.digest()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.jsonl", '{"text": null, "label": "其他"}\n', r"a.jsonl:1: missing field 'text'"),
        ("a.jsonl", '{"text": "句子", "label": ["其他"]}\n', r"a.jsonl:1: field 'label' must be a string, got list"),
        ("a.jsonl", '{"text": "句子", "label": "其他", "scheme": 3}\n', r"a.jsonl:1: field 'scheme' must be a string"),
        ("a.jsonl", '\n\n{"text": "句子", "label": "其他"}\n42\n', r"a.jsonl:4: expected a JSON object, got int"),
        ("a.jsonl", '{"text": "句子", "label": "其他"}\n{"text": "句子",\n', r"a.jsonl:2: not valid JSON: "),
        ("a.csv", 'text,label\n"多行\n句子",其他\n好,无\n', r"a.csv:4: unknown label '无'.*valid labels: 项目争速"),
        ("a.tsv", "text\tlabel\n句子\n", r"a.tsv:2: expected 2 columns, got 1"),
        ("a.csv", "", r"a.csv: corpus holds no sentences"),
    ],
)
def test_more_bad_lines(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_corpus(path, "ningbo")


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(("\ufeff" + row("甲。", "其他") + "\r\n" + row("乙。", "项目争速") + "\r\n").encode())
    assert read_corpus(path).texts == ["甲。", "乙。"]


def test_problems_in_several_files_are_all_named(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", [row("甲。", "无")])
    write(tmp_path / "b.jsonl", ["{oops"])
    with pytest.raises(CorpusError) as caught:
        read_corpus(tmp_path, "ningbo")
    assert sorted(Path(p.path or "").name for p in caught.value.problems) == ["a.jsonl", "b.jsonl"]


@pytest.mark.parametrize("value", [None, 3, b"a.jsonl", [None]], ids=["None", "int", "bytes", "list-of-None"])
def test_read_corpus_rejects_non_paths(value: object) -> None:
    with pytest.raises(TypeError, match=r"read_corpus\(\) needs"):
        read_corpus(value)  # type: ignore[arg-type]


def test_whole_articles_are_read_in_page_order_with_their_furniture(tmp_path: Path) -> None:
    import json

    from govtext.corpus import read_articles, read_corpus
    from govtext.corpus_check import check_corpus, corpus_stats

    def line(text: str, label: str, article: str, index: int) -> str:
        row = {"text": text, "label": label, "source": "authored", "article": article, "index": index}
        return json.dumps(row, ensure_ascii=False)

    lines = [
        line("重大项目集中开工。", "项目争速", "a", 1),
        line("责任编辑：王敏", "其他", "a", 2),
        line("本报讯", "其他", "a", 0),
        line("党员干部深入一线。", "党建争强", "b", 1),
        line("本报讯", "其他", "b", 0),
        json.dumps({"text": "今天天气晴。", "label": "其他", "subtopic": "天气"}, ensure_ascii=False),
    ]
    path = tmp_path / "articles-x.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = read_articles(path, "ningbo")
    assert [(a.name, a.texts) for a in articles] == [
        ("a", ["本报讯", "重大项目集中开工。", "责任编辑：王敏"]),
        ("b", ["本报讯", "党员干部深入一线。"]),
    ]
    corpus = read_corpus(path, "ningbo")
    assert corpus.texts.count("本报讯") == 1  # furniture once for the sentence classifier
    assert [e.subtopic for e in corpus.examples][-1] == "天气"
    problems, summary = check_corpus([path], "ningbo")
    assert problems == [] and "0 error(s)" in summary
    stats = corpus_stats([path], "ningbo")
    assert "whole articles: 2, 5 sentences, 2-3 per article" in stats
    assert "sub-topics: 1, 项目争速 0" in stats and "其他 1" in stats
