"""Issue: retraining and analysis — own schemes, evaluation with plots, explanations, active learning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import govtext
from govtext import Classifier
from govtext.active import suggest
from govtext.cli import main

from .conftest import ARTICLES, NINGBO_ARTICLE

SCHEME_TOML = """
name = "mycity"
title = "某市招商攻坚"

[[categories]]
label = "招商争先"
description = "investment promotion"
terms = ["招商争先冲刺", "双招双引"]

[[categories]]
label = "环境争美"
description = "city environment"
terms = ["洁美家园"]
"""

SENTENCES = {
    "招商争先": [
        "开展双招双引活动,签约项目12个。",
        "全面开展招商争先冲刺行动。",
        "赴深圳举办招商推介会,引进企业5家。",
        "全年新引进外资项目8个,到位外资2亿美元。",
        "招商小分队赴长三角对接头部企业。",
    ],
    "环境争美": [
        "开展洁美家园创建行动,整治背街小巷30条。",
        "新增城市绿地面积12万平方米。",
        "全面推进垃圾分类,覆盖率达到95%。",
        "实施河道清淤工程,水质稳定达到三类。",
        "老旧小区改造完成外立面整治。",
    ],
    "其他": ["本报记者 张三", "今天天气晴朗。", "版权所有,未经许可不得转载。", "责任编辑: 李四", "首页 > 新闻 > 本地"],
}


@pytest.fixture(scope="module")
def own_scheme(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("own")
    scheme = folder / "mycity.toml"
    scheme.write_text(SCHEME_TOML, encoding="utf-8")
    corpus = folder / "mycity.jsonl"
    rows = [
        {"text": t, "label": label, "scheme": "mycity", "source": "authored"}
        for label, ts in SENTENCES.items()
        for t in ts
    ]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return scheme, corpus


def test_train_on_extended_corpus_with_held_out_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_corpus_dir: Path
) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "text,label,source\n全市新开工亿元以上项目45个。,项目争速,authored\n规上工业增加值增长8%。,产业争先,authored\n",
        encoding="utf-8",
    )
    held = tmp_path / "held.jsonl"
    held.write_text(
        json.dumps({"text": "重大项目集中开工", "label": "项目争速"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    model = tmp_path / "mine.joblib"
    status = main(
        [
            "train",
            str(seed_corpus_dir),
            str(extra),
            "--scheme",
            "ningbo",
            "-o",
            str(model),
            "--test",
            str(held),
            "--cv",
            "2",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0
    assert "cross-validated" in out and "held-out test" in out
    assert "reading corpus" in err and "fitting the final model" in err
    clf = govtext.load(model)
    assert clf.metadata["corpus"]["size"] == len(govtext.read_corpus(seed_corpus_dir)) + 2
    assert clf.metadata["evaluation"]["held_out"]["n"] == 1


def test_sources_are_validated_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_corpus_dir: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"text": "项目争速是实现高质量发展的主要抓手,", "label": "其他"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    status = main(["train", str(seed_corpus_dir), str(bad), "--scheme", "ningbo", "-o", str(tmp_path / "m.joblib")])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{bad}:1: conflicting labels: '其他' here but '项目争速' at" in err
    assert not (tmp_path / "m.joblib").exists()


def test_own_scheme_model_works_in_a_fresh_process_without_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, own_scheme: tuple[Path, Path]
) -> None:
    scheme_file, corpus = own_scheme
    model = tmp_path / "mycity.joblib"
    assert main(["train", str(corpus), "--scheme-file", str(scheme_file), "-o", str(model), "--cv", "0"]) == 0
    capsys.readouterr()
    scheme_file.rename(tmp_path / "gone.toml")
    try:
        code = (
            f"import govtext; m = govtext.load({str(model)!r}); print(m.scheme.name, m.labels);"
            "print(m.predict(['全力开展招商争先冲刺', '洁美家园建设提速']));"
            "print(govtext.tokenize('开展招商争先冲刺') , m.segmenter_('开展招商争先冲刺'))"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    finally:
        (tmp_path / "gone.toml").rename(scheme_file)
    lines = done.stdout.splitlines()
    assert lines[0] == "mycity ('招商争先', '环境争美', '其他')"
    assert lines[1] == "['招商争先', '环境争美']"
    assert "'招商争先冲刺'" in lines[2].split("] [")[1], "the scheme's terms travel inside the model"


def test_own_scheme_labels_are_checked(tmp_path: Path, own_scheme: tuple[Path, Path]) -> None:
    scheme_file, _ = own_scheme
    corpus = tmp_path / "wrong.jsonl"
    corpus.write_text(
        json.dumps({"text": "项目开工", "label": "项目争速"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with pytest.raises(
        govtext.CorpusError,
        match=r"wrong.jsonl:1: unknown label '项目争速' for scheme 'mycity'; valid labels: 招商争先, 环境争美, 其他",
    ):
        govtext.train(corpus, govtext.load_scheme_file(scheme_file))


def test_evaluate_report_json_and_plot(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, small_model: Classifier
) -> None:
    report = govtext.evaluate(small_model, "corpus/ningbo")
    data = report.to_dict()
    assert set(data) >= {"per_label", "macro_f1", "confusion", "n"}
    assert sum(map(sum, data["confusion"])) == data["n"]
    assert data["per_label"]["项目争速"]["support"] == sum(
        1 for label in govtext.read_corpus("corpus/ningbo").labels if label == "项目争速"
    )
    assert "confusion (rows: true label" in report.to_text()
    png = tmp_path / "confusion.png"
    assert main(["evaluate", "corpus/ningbo/seed-ningbo-2020-01-18.jsonl", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and png.read_bytes().startswith(b"\x89PNG")
    assert main(["evaluate", "corpus/ningbo/seed-ningbo-2020-01-18.jsonl", "--plot", str(png)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_explain_points_at_the_deciding_terms(capsys: pytest.CaptureFixture[str]) -> None:
    clf = govtext.load()
    explanation = clf.explain("全力开展党建争强大冲刺,营造更加实干、更具担当的发展氛围。", top=3)
    assert explanation.label == "党建争强" and explanation.runner_up != "党建争强"
    assert 1 <= len(explanation.toward_label) <= 3
    assert all(t.weight > 0 for t in explanation.toward_label + explanation.toward_runner_up)
    weights = [t.weight for t in explanation.toward_label]
    assert weights == sorted(weights, reverse=True)
    assert any("党" in t.term for t in explanation.toward_label)
    assert main(["explain", "项目争速是实现高质量发展的主要抓手", "--format", "json", "--top", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "项目争速" and len(data["toward_label"]) <= 2
    with pytest.raises(TypeError):
        clf.explain(None)  # type: ignore[arg-type]


def test_suggest_picks_unsure_unseen_sentences(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clf = govtext.load()
    picked = suggest(clf, [NINGBO_ARTICLE], n=10, strategy="margin")
    assert len(picked) == 10
    margins = [s.margin for s in picked]
    assert margins == sorted(margins)
    everything = suggest(clf, [NINGBO_ARTICLE], n=1000)
    assert max(margins) <= min(s.margin for s in everything if s not in picked) + 1e-9
    assert len({s.text for s in everything}) == len(everything)
    text = NINGBO_ARTICLE.read_text(encoding="utf-8")
    assert all(text[s.start : s.end] == s.text for s in everything)
    by_entropy = suggest(clf, [("inline", "项目开工。党员干部。今天天气晴。")], n=3, strategy="entropy")
    assert [s.entropy for s in by_entropy] == sorted((s.entropy for s in by_entropy), reverse=True)
    # already-labelled sentences are skipped
    assert suggest(clf, [NINGBO_ARTICLE], n=1000, exclude="corpus/ningbo") == []
    out = tmp_path / "to_label.jsonl"
    assert (
        main(
            [
                "suggest",
                str(ARTICLES),
                "-n",
                "5",
                "-o",
                str(out),
                "--exclude",
                "corpus/ningbo/seed-yuecheng-2021-07-29.jsonl",
            ]
        )
        == 0
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and all(r["label"] in clf.labels and r["source"].startswith("article:") for r in rows)
    assert govtext.read_corpus(out, "ningbo").texts == [r["text"] for r in rows], "output is a valid corpus file"
    assert main(["suggest", str(ARTICLES), "-o", str(out)]) == 2
    capsys.readouterr()


def test_near_duplicates_are_not_suggested_twice() -> None:
    clf = govtext.load()
    text = "全市新开工项目12个,总投资30亿元。全市新开工项目13个,总投资31亿元。党员干部带头干。"
    picked = suggest(clf, [("x", text)], n=3)
    assert sum("新开工项目" in s.text for s in picked) == 1


def test_to_frame(small_model: Classifier) -> None:
    frame = small_model.classify("项目争速是实现高质量发展的主要抓手。今天天气晴。").to_frame()
    assert list(frame.columns) == ["index", "start", "end", "text", "label", "score", "low_confidence"]
    assert len(frame) == 2 and frame.loc[0, "text"] == "项目争速是实现高质量发展的主要抓手。"
