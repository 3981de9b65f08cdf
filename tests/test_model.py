from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

import govtext
from govtext import Classifier, get_scheme

NINGBO_DEFINITIONS = [
    ("项目争速是实现高质量发展的主要抓手,", "项目争速"),
    ("产业争先是实现高质量发展的重要基础,", "产业争先"),
    ("科技争投是实现高质量发展的主要支撑,", "科技争投"),
    ("服务争效是为高质量发展创造一流的必要环境,", "服务争效"),
    ("党建争强是为高质量发展提供有力的根本保障,", "党建争强"),
    ("城乡争优是高质量发展直观呈现出来、群众可视有感的面貌形象。", "城乡争优"),
    ("奋力开展项目争速大冲刺,锻造更加平稳、更具健康的发展态势;", "项目争速"),
    ("全力开展党建争强大冲刺,营造更加实干、更具担当的发展氛围。", "党建争强"),
]
YUECHENG_DEFINITIONS = [
    ("“六争攻坚”中的第一个“争”就是整改争效。", "整改争效"),
    ("第二个“争”就是改革争先,主要体现在数字化改革。", "改革争先"),
    ("项目争速也是攻坚季行动的重头戏。", "项目争速"),
]


@pytest.fixture(scope="module")
def ningbo() -> Classifier:
    return govtext.load()


@pytest.fixture(scope="module")
def yuecheng() -> Classifier:
    return govtext.load("yuecheng")


def test_bundled_models_load_with_their_schemes(ningbo: Classifier, yuecheng: Classifier) -> None:
    assert ningbo.scheme == get_scheme("ningbo") and ningbo.labels == get_scheme("ningbo").labels
    assert yuecheng.scheme.name == "yuecheng" and yuecheng.labels[-1] == "其他"
    meta = ningbo.metadata
    assert meta["scheme"] == "ningbo" and meta["labels"] == list(ningbo.labels)
    assert {"govtext", "scikit-learn", "jieba"} <= set(meta["versions"])
    assert len(meta["corpus"]["digest"]) == 64 and meta["created"]
    assert 0 < meta["evaluation"]["cross_validation"]["macro_f1"] <= 1


@pytest.mark.parametrize(("sentence", "label"), NINGBO_DEFINITIONS)
def test_ningbo_article_definitions(ningbo: Classifier, ningbo_text: str, sentence: str, label: str) -> None:
    result = ningbo.classify(ningbo_text)
    found = [s for s in result.sentences if s.text == sentence]
    assert found, f"{sentence} is a sentence of the article"
    assert found[0].label == label


@pytest.mark.parametrize(("sentence", "label"), YUECHENG_DEFINITIONS)
def test_yuecheng_article_definitions(yuecheng: Classifier, yuecheng_text: str, sentence: str, label: str) -> None:
    result = yuecheng.classify(yuecheng_text)
    found = [s for s in result.sentences if s.text == sentence]
    assert found and found[0].label == label


def test_campaign_lists_and_page_furniture_are_other(ningbo: Classifier, yuecheng: Classifier) -> None:
    assert ningbo.predict(["版权声明:以上文章内容来源于互联网整理,如有侵权请与我们联系,我们将及时删除。"]) == ["其他"]
    assert yuecheng.predict(["分享到:"]) == ["其他"]


def test_predict_proba_shape_and_order(ningbo: Classifier) -> None:
    proba = ningbo.predict_proba(["项目争速是实现高质量发展的主要抓手", "今天天气晴"])
    assert proba.shape == (2, len(ningbo.labels))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ningbo.labels[int(proba[0].argmax())] == ningbo.predict(["项目争速是实现高质量发展的主要抓手"])[0]
    assert ningbo.predict_proba([]).shape == (0, 7)


def test_classify_offsets_and_counts(ningbo: Classifier, ningbo_text: str) -> None:
    result = ningbo.classify(ningbo_text)
    assert len(result.sentences) == len(govtext.split_sentences(ningbo_text))
    for i, s in enumerate(result.sentences):
        assert ningbo_text[s.start : s.end] == s.text and s.index == i
        assert 0 < s.score <= 1 and s.label in ningbo.labels
    assert list(result.counts) == list(ningbo.labels)
    assert sum(result.counts.values()) == len(result.sentences)
    assert ningbo.classify("").sentences == () and set(ningbo.classify("").counts.values()) == {0}


def test_classify_top_k_and_min_score(ningbo: Classifier) -> None:
    result = ningbo.classify("项目争速是实现高质量发展的主要抓手。今天。", top_k=3, min_score=0.99)
    first = result.sentences[0]
    assert len(first.top) == 3 and first.top[0] == (first.label, first.score)
    assert first.top[0][1] >= first.top[1][1] >= first.top[2][1]
    assert all(s.low_confidence == (s.score < 0.99) for s in result.sentences)


def test_bad_arguments_are_type_errors(ningbo: Classifier) -> None:
    with pytest.raises(TypeError, match="needs the article as a str"):
        ningbo.classify(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be a list of sentences"):
        ningbo.predict("一句话")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"X\[1\] must be a str"):
        ningbo.predict(["好", 3])  # type: ignore[list-item]


# -- estimator contract --------------------------------------------------------------------
def test_params_are_stored_as_given_and_clone_works() -> None:
    clf = Classifier(scheme="yuecheng", C=3.0, features="char")
    assert clf.get_params()["scheme"] == "yuecheng" and clf.get_params()["C"] == 3.0
    copy = clone(clf)
    assert copy.get_params() == clf.get_params() and not hasattr(copy, "pipeline_")
    with pytest.raises(NotFittedError):
        clf.predict(["a"])


def test_fit_validates_and_returns_self(seed_corpus_dir: Path) -> None:
    corpus = govtext.read_corpus(seed_corpus_dir, "ningbo")
    clf = Classifier()
    assert clf.fit(corpus.texts, corpus.labels) is clf
    assert clf.labels == get_scheme("ningbo").labels and clf.scheme_.name == "ningbo"
    with pytest.raises(ValueError, match="labels not in scheme 'ningbo': 平安争鼎"):
        Classifier().fit(["a", "b"], ["平安争鼎", "其他"])
    with pytest.raises(ValueError, match="X has 2 sentences but y has 1"):
        Classifier().fit(["a", "b"], ["其他"])
    with pytest.raises(
        ValueError, match="every sentence has the label '其他'; training needs sentences of at least two labels"
    ):
        Classifier().fit(["a", "b"], ["其他", "其他"])
    with pytest.raises(ValueError, match="features must be one of"):
        Classifier(features="bytes").fit(["a", "b"], ["其他", "项目争速"])


def test_labels_without_examples_get_zero_probability(small_model: Classifier) -> None:
    proba = small_model.predict_proba(["项目开工"])
    assert proba.shape == (1, 7)
    np.testing.assert_allclose(proba.sum(), 1.0)


def test_pickle_and_fresh_process(small_model: Classifier, tmp_path: Path) -> None:
    restored = pickle.loads(pickle.dumps(small_model))
    sentences = ["项目争速是实现高质量发展的主要抓手", "党员干部带头", "天气晴"]
    np.testing.assert_array_equal(restored.predict_proba(sentences), small_model.predict_proba(sentences))
    path = tmp_path / "m.pkl"
    path.write_bytes(pickle.dumps(small_model))
    code = f"import pickle; m = pickle.load(open({str(path)!r}, 'rb')); print(m.predict({sentences!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(small_model.predict(sentences))


def test_same_corpus_same_model(seed_corpus_dir: Path) -> None:
    first = govtext.train(seed_corpus_dir, "ningbo", cv=0)
    second = govtext.train(seed_corpus_dir, "ningbo", cv=0)
    np.testing.assert_array_equal(first.pipeline_[-1].coef_, second.pipeline_[-1].coef_)


def test_train_records_cross_validation(seed_corpus_dir: Path) -> None:
    messages: list[str] = []
    clf = govtext.train(seed_corpus_dir, "ningbo", cv=3, progress=messages.append, C=5.0)
    cv = clf.metadata["evaluation"]["cross_validation"]
    assert cv["n"] == len(govtext.read_corpus(seed_corpus_dir)) and set(cv["per_label"]) >= set(clf.labels) - {
        "要素争强"
    }
    assert any("cross-validation fold 2/2" in m for m in messages) and clf.C == 5.0  # smallest label has 2
