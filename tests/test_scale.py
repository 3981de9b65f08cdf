"""Speed and scale features: compiled prediction, quick start, batch classification, Dask."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import govtext
from govtext import Classifier
from govtext.batch import classify_many
from govtext.engine.adapter import SklearnPredictor
from govtext.engine.compiled import CompiledModel
from govtext.engine.context import rescale
from govtext.engine.script import to_simplified
from govtext.modelfile.loader import load_predictor

from .conftest import NINGBO_ARTICLE, ROOT, YUECHENG_ARTICLE


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpus").glob("*/*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    odd = ["", "   ", "ABC  def\n\n x", "a", "\x00x", "😀 emoji", "GDP增长8%", "句末回车\r", "\r\n开头换行"]
    odd += ["\u3000\u3000项目开工", "多个  空格\t制表 符", "行\n内\r\n换\x0b行", "İstanbul 项目", "ẞ大写"]
    return [*texts, *odd]


@pytest.mark.parametrize("scheme", ["ningbo", "yuecheng"])
def test_compiled_prediction_equals_the_sklearn_pipeline(scheme: str) -> None:
    clf = govtext.load(scheme)
    compiled = clf.predictor()
    assert isinstance(compiled, CompiledModel)
    texts = corpus_texts()
    fast = compiled.predict_proba(texts)
    raw = clf.pipeline_.predict_proba([to_simplified(t) for t in texts])  # what the features see
    slow = np.zeros_like(fast)
    present = clf.column_index_ >= 0
    slow[:, present] = raw[:, clf.column_index_[present]]
    slow = rescale(slow, clf.temperature)  # the calibration both predictors apply
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-9)
    assert (fast.argmax(axis=1) == slow.argmax(axis=1)).all()
    np.testing.assert_allclose(clf.predict_proba(texts), fast, rtol=0, atol=1e-12)


@pytest.mark.parametrize(("features", "word_weight"), [("word", 1.0), ("char", 1.0), ("word+char", 0.3)])
def test_compiled_feature_sets_weights_and_binary(features: str, word_weight: float, seed_corpus_dir: Path) -> None:
    corpus = govtext.read_corpus(seed_corpus_dir)
    texts = corpus.texts
    binary = ["项目争速" if label == "项目争速" else "其他" for label in corpus.labels]
    for labels in (corpus.labels, binary):
        clf = Classifier(features=features, char_ngram_range=(2, 3), word_weight=word_weight).fit(texts, labels)
        compiled = clf.predictor()
        assert isinstance(compiled, CompiledModel)
        raw = clf.pipeline_.predict_proba(texts)  # scikit-learn's own prediction, in its class order
        expected = np.zeros((len(texts), len(clf.labels)))
        present = clf.column_index_ >= 0
        expected[:, present] = raw[:, clf.column_index_[present]]
        np.testing.assert_allclose(compiled.predict_proba(texts), expected, rtol=0, atol=1e-12)
        assert [clf.pipeline_.classes_[i] for i in raw.argmax(axis=1)] == compiled.predict(texts)


def test_pipelines_the_fast_path_cannot_reproduce_predict_through_scikit_learn(seed_corpus_dir: Path) -> None:
    corpus = govtext.read_corpus(seed_corpus_dir)
    clf = Classifier(features="char", char_ngram_range=(2, 4)).fit(corpus.texts, corpus.labels)
    assert isinstance(clf.predictor(), SklearnPredictor)  # 4-grams are beyond the compiled path
    texts = [*corpus.texts[:5], corpus.texts[0], "項目開工"]  # a repeat, and traditional script
    proba = clf.predict_proba(texts)
    raw = clf.pipeline_.predict_proba([*corpus.texts[:5], corpus.texts[0], "项目开工"])
    expected = np.zeros_like(proba)
    present = clf.column_index_ >= 0
    expected[:, present] = raw[:, clf.column_index_[present]]
    np.testing.assert_allclose(proba, expected, rtol=0, atol=1e-12)
    assert proba.shape == (7, len(clf.labels)) and clf.predict_proba([]).shape == (0, len(clf.labels))


def test_model_file_prediction_section_is_data_only(tmp_path: Path, small_model: Classifier) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    predictor = load_predictor(path)
    assert isinstance(predictor, CompiledModel)
    article = NINGBO_ARTICLE.read_text(encoding="utf-8")
    assert predictor.classify(article) == small_model.classify(article)
    assert predictor.scheme == small_model.scheme_ and predictor.labels == small_model.labels


def test_classify_needs_no_training_stack(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("项目争速是实现高质量发展的主要抓手。", encoding="utf-8")
    code = (
        "import sys; from govtext.cli import main; status = main(['classify', sys.argv[1], '--format', 'jsonl']);"
        "print(sorted(m for m in ('sklearn', 'scipy.sparse', 'joblib') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(one)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["label"] == "项目争速"
    # a small job: numpy sums its logits, one process needs no joblib; numpy is all of the numeric stack
    assert done.stderr.strip() == "[]"


def test_hash_table_finds_every_key_and_nothing_else() -> None:
    from govtext.engine.tables import HashTable as _HashTable

    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 2**62, 5000))
    values = rng.permutation(len(keys)).astype(np.int32)
    table = _HashTable(keys, values)
    assert (table.get(keys) == values).all()
    absent = np.setdiff1d(rng.integers(0, 2**62, 5000), keys)
    assert (table.get(absent) == -1).all()
    crowded = _HashTable(np.arange(64, dtype=np.int64) << 40, np.arange(64, dtype=np.int32))  # alike low bits
    assert (crowded.get(np.arange(64, dtype=np.int64) << 40) == np.arange(64)).all()
    empty = _HashTable(keys[:0], values[:0]).get(keys)
    assert len(empty) == len(keys) and (empty == -1).all()


def test_results_pickle_compactly_and_come_back_equal() -> None:
    import pickle
    from dataclasses import replace

    article = NINGBO_ARTICLE.read_text(encoding="utf-8")
    result = replace(govtext.load().classify(article, top_k=3, min_score=0.99), source="a.txt", error=None)
    back = pickle.loads(pickle.dumps(result))
    assert back == result and back.source == "a.txt" and back.sentences[0].top == result.sentences[0].top
    assert any(s.low_confidence for s in back.sentences)


def test_classify_many_keeps_order_and_matches_classify() -> None:
    clf = govtext.load()
    items: list[str | Path] = [
        NINGBO_ARTICLE,
        "项目争速是实现高质量发展的主要抓手。",
        YUECHENG_ARTICLE,
        str(NINGBO_ARTICLE),
    ]
    sequential = list(classify_many(items, batch_size=3))
    parallel = list(classify_many(items, n_jobs=2, batch_size=1))
    assert sequential == parallel
    assert [r.source for r in sequential] == [
        str(NINGBO_ARTICLE),
        "<text 1>",
        str(YUECHENG_ARTICLE),
        str(NINGBO_ARTICLE),
    ]
    assert sequential[0] == clf.classify(NINGBO_ARTICLE.read_text(encoding="utf-8"))
    assert sequential[1].sentences[0].label == "项目争速"
    with_object = list(classify_many(items[:2], clf))
    assert with_object == sequential[:2]


def test_classify_many_is_lazy() -> None:
    consumed = 0

    def articles():  # type: ignore[no-untyped-def]
        nonlocal consumed
        for _ in range(10_000):
            consumed += 1
            yield "项目开工。今天天气晴。"

    stream = classify_many(articles(), batch_size=10)
    first = next(stream)
    assert first.counts["项目争速"] == 1
    assert consumed <= 50, f"input consumed ahead of need: {consumed}"


def test_classify_many_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(govtext.InputError, match="no such file"):
        list(classify_many([missing]))
    results = list(classify_many([missing, "好。"], errors="report"))
    assert results[0].error is not None and "no such file" in results[0].error and results[0].sentences == ()
    assert results[1].error is None
    with pytest.raises(TypeError, match="iterable of texts or paths"):
        list(classify_many("一篇文章"))


def test_cli_jobs_and_progress(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(f"第{i}篇。项目争速是实现高质量发展的主要抓手。", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "govtext", "classify", str(folder), "--jobs", "2", "--progress", "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["file"] for r in rows if r["index"] == 0] == [str(folder / f"{i}.txt") for i in range(6)]
    assert "6/6" in done.stderr, "tqdm's bar reached the end"


def test_dask_local_cluster_matches_in_process() -> None:
    distributed = pytest.importorskip("distributed", reason="the optional dask extra is not installed")
    import joblib

    items = [NINGBO_ARTICLE, YUECHENG_ARTICLE, "项目争速是实现高质量发展的主要抓手。"] * 2
    expected = list(classify_many(items, batch_size=2))
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster), joblib.parallel_config(backend="dask"):
        on_cluster = list(classify_many(items, n_jobs=-1, batch_size=2))
    assert on_cluster == expected


def test_classify_with_a_foreign_model_needs_no_trust(
    tmp_path: Path, small_model: Classifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Labelling reads only the data-only section (nothing unpickled), so a file from elsewhere is safe to use."""
    from govtext.cli import main

    path = small_model.save(tmp_path / "m.joblib")
    monkeypatch.setenv("GOVTEXT_DATA_DIR", str(tmp_path / "another-user"))
    with pytest.raises(govtext.ModelError, match="trusted=True"):
        govtext.load(path)
    assert isinstance(load_predictor(path), CompiledModel)
    assert main(["classify", str(NINGBO_ARTICLE), "--model", str(path), "--format", "jsonl"]) == 0
