"""One prediction engine: a Classifier and a loaded predictor label through the same code, so they
check input, convert script and build results the same way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import govtext
from govtext import Classifier
from govtext.engine.adapter import SklearnPredictor
from govtext.engine.compiled import CompiledModel
from govtext.engine.predictor import Predictor
from govtext.modelfile.loader import load_predictor

from .conftest import NINGBO_ARTICLE

SENTENCES = ["项目争速是实现高质量发展的主要抓手", "党员干部带头", "天气晴"]


def _models(small_model: Classifier, tmp_path: Path) -> list[object]:
    path = small_model.save(tmp_path / "m.joblib")
    return [small_model, small_model.predictor(), load_predictor(path)]


def test_a_classifier_predicts_through_its_predictor(small_model: Classifier) -> None:
    assert isinstance(small_model.predictor(), CompiledModel)
    assert small_model.predictor() is small_model.predictor()  # built once per fit


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.predict("项目争速"),
        lambda m: m.predict_proba("项目争速"),
        lambda m: m.predict(b"bytes"),
        lambda m: m.predict(None),
        lambda m: m.predict([1, 2]),
        lambda m: m.classify(["a list"]),
        lambda m: m.classify_many("一篇文章"),
    ],
    ids=["str", "proba-str", "bytes", "none", "ints", "classify-list", "many-str"],
)
def test_input_is_checked_the_same_way_everywhere(
    small_model: Classifier, tmp_path: Path, call: Callable[[object], object]
) -> None:
    messages = set()
    for model in _models(small_model, tmp_path):
        with pytest.raises(TypeError) as error:
            call(model)
        messages.add(str(error.value))
    assert len(messages) == 1, messages


def test_any_iterable_of_str_is_accepted(small_model: Classifier, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    expected = small_model.predict(SENTENCES)
    for model in _models(small_model, tmp_path):
        for given in (SENTENCES, tuple(SENTENCES), np.array(SENTENCES), pandas.Series(SENTENCES), iter(SENTENCES)):
            assert model.predict(given) == expected  # type: ignore[attr-defined]


def test_classify_and_classify_many_agree_everywhere(small_model: Classifier, tmp_path: Path) -> None:
    article = NINGBO_ARTICLE.read_text(encoding="utf-8")
    traditional = "項目爭速是實現高質量發展的主要抓手。黨員幹部帶頭。"
    results = [
        (m.classify(article), m.classify_many([article, traditional]))  # type: ignore[attr-defined]
        for m in _models(small_model, tmp_path)
    ]
    for single, many in results:
        assert single == results[0][0] and many == results[0][1] and many[0] == single
    assert [s.text for s in results[0][1][1].sentences] == ["項目爭速是實現高質量發展的主要抓手。", "黨員幹部帶頭。"]


def test_a_pipeline_that_does_not_compile_labels_through_the_adapter(seed_corpus_dir: Path) -> None:
    corpus = govtext.read_corpus(seed_corpus_dir)
    clf = Classifier(features="char", char_ngram_range=(2, 4)).fit(corpus.texts, corpus.labels)
    predictor = clf.predictor()
    assert isinstance(predictor, SklearnPredictor) and isinstance(predictor, Predictor)
    with pytest.raises(TypeError, match="for one article use classify"):
        clf.predict("项目争速")
    assert clf.classify("项目开工。天气晴。").labels == clf.labels


def test_explain_works_on_the_converted_text() -> None:
    clf = govtext.load()
    simplified = clf.explain("项目争速是实现高质量发展的主要抓手")
    traditional = clf.explain("項目爭速是實現高質量發展的主要抓手")
    assert traditional.sentence == "項目爭速是實現高質量發展的主要抓手"  # reported as written
    assert traditional.toward_label == simplified.toward_label  # terms of what the features saw
    assert traditional.label == simplified.label


def test_small_and_large_batches_sum_their_logits_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below SPARSE_PRODUCT_FROM pairs the logits are summed in numpy, above it by a sparse product:
    the same numbers either way, on the bundled model and real sentences."""
    from govtext.engine import features

    predictor = load_predictor("ningbo")
    sentences = govtext.split_sentences(NINGBO_ARTICLE.read_text(encoding="utf-8"))
    texts = [s.text for s in sentences]
    assert len(texts) > 20
    monkeypatch.setattr(features, "SPARSE_PRODUCT_FROM", 0)
    sparse = predictor.predict_proba(texts)
    monkeypatch.setattr(features, "SPARSE_PRODUCT_FROM", 10**12)
    dense = predictor.predict_proba(texts)
    np.testing.assert_allclose(dense, sparse, rtol=0, atol=1e-12)
