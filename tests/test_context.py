"""Article context and calibrated scores: the second stage, temperatures, and where they are used."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

import govtext
from govtext.cli import main
from govtext.engine.context import ContextStage, context_features, expected_calibration_error, rescale
from govtext.modelfile.format import read_metadata
from govtext.modelfile.loader import load_predictor
from govtext.stacking import fit_temperature

PROJECT = ["重大项目集中开工", "签约落地产业项目", "项目建设进度加快", "招商引资签约仪式", "竣工投产项目"]
PARTY = ["党员干部主题教育", "基层党组织建设", "组织生活会召开", "党风廉政建设", "干部作风整治"]
RARE = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥鼠牛虎兔龙蛇马羊猴鸡狗猪"


def _vague(rng: random.Random) -> str:
    """A sentence of rare characters only: the sentence stage cannot tell its label; context can."""
    return "".join(rng.choice(RARE) for _ in range(8)) + "。"


def _article(rng: random.Random, label: str, name: str, number: int) -> list[dict[str, object]]:
    words = PROJECT if label == "项目争速" else PARTY
    lines: list[tuple[str, str]] = [(f"第{number}期 本报讯", "其他")]
    for k in range(4):
        lines.append((f"{rng.choice(words)}{rng.choice(words)}，第{number}批第{k}项。", label))
        if k in (1, 2):
            lines.append((_vague(rng), label))
    lines.append((f"责任编辑：王{number}", "其他"))
    return [
        {"text": t, "label": lab, "scheme": "ningbo", "source": "authored", "article": name, "index": i}
        for i, (t, lab) in enumerate(lines)
    ]


@pytest.fixture(scope="module")
def context_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Whole articles in which every vague sentence takes its article's category."""
    rng = random.Random(7)
    folder = tmp_path_factory.mktemp("articles")
    rows = []
    for number in range(40):
        label = "项目争速" if number % 2 else "党建争强"
        rows += _article(rng, label, f"a{number:02d}", number)
    (folder / "articles-test.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def context_model(context_corpus: Path) -> govtext.Classifier:
    return govtext.train(context_corpus, "ningbo", cv=3)


def test_features_average_neighbours_and_the_rest_of_the_article() -> None:
    proba = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.0, 1.0]])
    features = context_features(proba, ["标题", "正文。", "正文。", "正文。"], window=2)
    assert features.shape == (4, 5 * 2 + 9)
    near, wide, rest = features[:, 4:6], features[:, 6:8], features[:, 8:10]
    assert near[2].tolist() == [0.0, 1.0]  # sentences 1 and 3
    assert wide[0].tolist() == [0.25, 0.75]  # sentences 1 and 2
    assert rest[0].tolist() == pytest.approx([0.5 / 3, 2.5 / 3])
    assert features[0, 10:13].tolist() == [0.0, 1.0, 0.0]  # position, first, last
    assert features[0, 16] == 1.0 and features[1, 16] == 0.0  # no end punctuation: a heading


def test_temperature_is_recovered_from_samples_of_known_calibration() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 2, size=(4000, 4))
    true_proba = np.exp(logits / 2.0)
    true_proba /= true_proba.sum(axis=1, keepdims=True)
    labels = [str(rng.choice(4, p=row)) for row in true_proba]
    overconfident = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    temperature = fit_temperature(overconfident, labels, ["0", "1", "2", "3"])
    assert temperature == pytest.approx(2.0, rel=0.1)
    correct = overconfident.argmax(axis=1) == np.array([int(label) for label in labels])
    before = expected_calibration_error(overconfident, correct)
    after = expected_calibration_error(rescale(overconfident, temperature), correct)
    assert after < before / 2


def test_training_on_whole_articles_fits_the_context_stage(context_model: govtext.Classifier) -> None:
    stage = context_model.context_stage
    assert isinstance(stage, ContextStage) and stage.window == 2
    evaluation = context_model.metadata["evaluation"]
    assert evaluation["context"]["articles"] == 40
    assert evaluation["context"]["out_of_fold_macro_f1_with"] > evaluation["context"]["out_of_fold_macro_f1_without"]
    assert evaluation["calibration"]["temperature"] == context_model.temperature > 0


def test_context_labels_a_vague_sentence_by_its_article(context_model: govtext.Classifier) -> None:
    rng = random.Random(99)
    for label, words in (("项目争速", PROJECT), ("党建争强", PARTY)):
        vague = _vague(rng)
        article = f"本报讯\n{words[0]}{words[1]}，第一批。\n{vague}\n{words[2]}{words[3]}，第二批。\n"
        with_context = {s.text: s.label for s in context_model.classify(article).sentences}
        assert with_context[vague] == label
        alone = context_model.classify(article, context=False)
        assert [s.label for s in alone.sentences] == context_model.predict([s.text for s in alone.sentences])


def test_no_context_is_per_sentence_prediction(context_model: govtext.Classifier) -> None:
    text = "重大项目集中开工。\n甲乙丙丁。\n党员干部主题教育。"
    alone = context_model.classify(text, context=False)
    proba = context_model.predict_proba([s.text for s in alone.sentences])
    assert [s.score for s in alone.sentences] == pytest.approx(proba.max(axis=1).tolist())


def test_the_context_stage_travels_in_the_data_only_section(context_model: govtext.Classifier, tmp_path: Path) -> None:
    path = context_model.save(tmp_path / "context.joblib")
    header = read_metadata(path)
    assert header["inference"]["context"] == {"window": 2}
    assert header["inference"]["temperature"] == context_model.temperature
    predictor = load_predictor(path)
    assert not isinstance(predictor, govtext.Classifier)
    text = "本报讯\n重大项目集中开工，第一批。\n甲乙丙丁戊己庚辛。\n签约落地产业项目。"
    expected = context_model.classify(text, top_k=3)
    got = predictor.classify(text, top_k=3)
    assert [s.label for s in got.sentences] == [s.label for s in expected.sentences]
    assert [s.score for s in got.sentences] == pytest.approx([s.score for s in expected.sentences])
    many = list(govtext.classify_many([("a", text), ("b", text)], predictor))
    assert [s.label for s in many[1].sentences] == [s.label for s in expected.sentences]
    (alone,) = govtext.classify_many([("a", text)], predictor, context=False)
    assert [s.label for s in alone.sentences] == predictor.predict([s.text for s in alone.sentences])


def test_cli_no_context_and_train_report(
    context_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "m.joblib"
    assert main(["train", str(context_corpus), "--scheme", "ningbo", "--cv", "3", "-o", str(model)]) == 0
    out = capsys.readouterr().out
    assert "article context: fitted on 40 whole articles" in out and "calibration: temperature" in out
    article = tmp_path / "a.txt"
    article.write_text("本报讯\n重大项目集中开工，第一批。\n甲乙丙丁戊己庚辛。\n签约落地产业项目。\n", encoding="utf-8")
    runs = {}
    for flag in ([], ["--no-context"]):
        assert main(["classify", str(article), "--model", str(model), "--format", "jsonl", *flag]) == 0
        runs[bool(flag)] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    clf = govtext.load(model)
    assert [r["label"] for r in runs[True]] == clf.predict([r["text"] for r in runs[True]])
    assert [r["label"] for r in runs[False]] == [s.label for s in clf.classify(article.read_text()).sentences]
    untrained = tmp_path / "plain.joblib"
    args = ["train", str(context_corpus), "--scheme", "ningbo", "--cv", "3", "--no-context", "-o", str(untrained)]
    assert main(args) == 0
    assert govtext.load(untrained).context_stage is None


def test_evaluate_reports_calibration(context_corpus: Path, context_model: govtext.Classifier) -> None:
    report = govtext.evaluate(context_model, context_corpus)
    assert report.ece is not None and 0 <= report.ece <= 1
    assert sum(b[3] for b in report.reliability) == report.n
    assert "expected calibration error" in report.to_text()
    assert govtext.Report.from_dict(report.to_dict()).to_dict() == report.to_dict()


def test_bundled_models_are_calibrated_and_have_context() -> None:
    for name in govtext.schemes():
        clf = govtext.load(name)
        assert clf.temperature != 1.0
        assert clf.context_stage is not None
        assert clf.metadata["evaluation"]["context"]["articles"] >= 120
