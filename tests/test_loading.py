"""One checked loader: every way of loading a model refuses each tampered header field the same way,
and warns when this install would cut the model's sentences into other tokens."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import govtext
from govtext import Classifier, GovtextWarning, ModelError
from govtext.cli import main
from govtext.modelfile.format import MAGIC
from govtext.modelfile.loader import load_model, load_predictor

SENTENCE = "项目争速是实现高质量发展的主要抓手"


def _rewrite(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Apply *change* to the header of the model file at *path*, keeping both sections as they are."""
    raw = path.read_bytes()
    end = raw.index(b"\n", len(MAGIC))
    meta = json.loads(raw[len(MAGIC) : end])
    change(meta)
    path.write_bytes(MAGIC + json.dumps(meta, ensure_ascii=False).encode() + raw[end:])


def _swap_labels(meta: dict[str, Any]) -> None:
    meta["labels"] = [meta["labels"][1], meta["labels"][0], *meta["labels"][2:]]


def _set(section: str, key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda meta: meta[section].__setitem__(key, value)


TAMPERED = [
    pytest.param(_swap_labels, "the model's labels disagree with its header", id="labels"),
    pytest.param(lambda m: m.update(scheme="yuecheng"), "the model's scheme disagrees with its header", id="scheme"),
    pytest.param(
        lambda m: m["scheme_definition"].update(name="other"),
        "the model's scheme disagrees with its header",
        id="scheme_definition.name",
    ),
    pytest.param(
        lambda m: m["scheme_definition"]["categories"].pop(),
        "the model's labels disagree with its header",
        id="scheme_definition.categories",
    ),
    pytest.param(
        lambda m: m["inference"].update(labels=m["labels"][::-1]),
        "the model's labels disagree with its header",
        id="inference.labels",
    ),
    pytest.param(
        lambda m: m["inference"].update(classes=["别的", *m["inference"]["classes"][1:]]),
        "the model's labels disagree with its header",
        id="inference.classes",
    ),
    pytest.param(_set("payload", "sha256", "0" * 64), "payload does not match its SHA-256", id="payload.sha256"),
    pytest.param(_set("payload", "bytes", 10), "truncated or padded", id="payload.bytes"),
    pytest.param(_set("inference", "sha256", "0" * 64), "prediction section does not match", id="inference.sha256"),
    pytest.param(_set("inference", "bytes", 10), "truncated or padded", id="inference.bytes"),
    pytest.param(_set("inference", "sha256", 7), "malformed digest of the prediction section", id="inference.kind"),
    pytest.param(lambda m: m.update(segmenter=[1]), "malformed segmenter field", id="segmenter"),
]


@pytest.fixture
def saved(small_model: Classifier, tmp_path: Path) -> Path:
    return small_model.save(tmp_path / "m.joblib")


def _entry_points(path: Path) -> list[Callable[[], object]]:
    return [
        lambda: govtext.load(path),
        lambda: load_model(path),
        lambda: load_predictor(path),
        lambda: list(govtext.classify_many([SENTENCE], path)),
    ]


@pytest.mark.parametrize(("change", "message"), TAMPERED)
def test_every_loader_refuses_each_tampered_field(saved: Path, change: Any, message: str) -> None:
    _rewrite(saved, change)
    for load in _entry_points(saved):
        with pytest.raises(ModelError, match=message):
            load()


@pytest.mark.parametrize(("change", "message"), TAMPERED)
def test_every_command_refuses_each_tampered_field(
    saved: Path, change: Any, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _rewrite(saved, change)
    article = tmp_path / "a.txt"
    article.write_text(SENTENCE + "。", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": SENTENCE, "label": "项目争速"}, ensure_ascii=False) + "\n", encoding="utf-8")
    for argv in (
        ["classify", str(article)],
        ["summarize", str(article)],
        ["evaluate", str(corpus)],
        ["explain", SENTENCE],
    ):
        assert main([*argv, "--model", str(saved)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message.split(" (")[0] in err, (argv, err)


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        (_set("segmenter", "dictionary_sha256", "0" * 64), "trained with another domain dictionary"),
        (_set("segmenter", "extra_terms", ["新词"]), "trained with another domain dictionary"),
        (_set("segmenter", "jieba", "0.1"), "trained with jieba 0.1, this is"),
    ],
)
def test_a_segmenter_that_would_cut_other_tokens_warns_everywhere(saved: Path, change: Any, warning: str) -> None:
    _rewrite(saved, change)
    for load in _entry_points(saved):
        with pytest.warns(GovtextWarning, match=warning):
            load()


def test_the_model_records_its_segmenter(saved: Path) -> None:
    from govtext.modelfile.format import read_metadata
    from govtext.segment import dictionary_digest, jieba_version

    recorded = read_metadata(saved)["segmenter"]
    assert recorded == {"jieba": jieba_version(), "extra_terms": [], "dictionary_sha256": dictionary_digest()}


def test_the_bundled_models_load_the_same_through_both_loaders() -> None:
    for name in govtext.schemes():
        assert load_predictor(name).predict([SENTENCE]) == govtext.load(name).predict([SENTENCE])
