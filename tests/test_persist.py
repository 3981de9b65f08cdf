from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path

import numpy as np
import pytest

import govtext
from govtext import Classifier, GovtextWarning, ModelError
from govtext.modelfile.bundled import load_bundled
from govtext.modelfile.format import MAGIC, read_metadata

SENTENCES = ["项目争速是实现高质量发展的主要抓手", "党员干部带头", "最多跑一次改革不断升级", "天气晴"]


def test_save_load_round_trip(small_model: Classifier, tmp_path: Path) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    loaded = govtext.load(path)
    assert loaded.predict(SENTENCES) == small_model.predict(SENTENCES)
    np.testing.assert_array_equal(loaded.predict_proba(SENTENCES), small_model.predict_proba(SENTENCES))
    meta = read_metadata(path)
    assert meta["scheme"] == "ningbo" and meta["labels"] == list(small_model.labels)
    assert meta["versions"]["scikit-learn"] and meta["corpus"]["size"] > 100
    assert loaded.metadata["payload"]["sha256"] == meta["payload"]["sha256"]
    assert govtext.load(str(path)).labels == small_model.labels


def test_save_refuses_to_overwrite(small_model: Classifier, tmp_path: Path) -> None:
    path = tmp_path / "m.joblib"
    path.write_bytes(b"precious")
    with pytest.raises(ModelError, match="already exists; pass overwrite=True"):
        small_model.save(path)
    assert path.read_bytes() == b"precious"
    small_model.save(path, overwrite=True)
    assert path.read_bytes().startswith(MAGIC)
    assert [p.name for p in tmp_path.iterdir()] == ["m.joblib"], "no temporary files left behind"


def test_failed_write_leaves_old_file(small_model: Classifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ModelError, match="No space left"):
        small_model.save(path, overwrite=True)
    assert path.read_bytes() == before
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[:-100], "truncated"),
        (lambda b: b[:-10] + bytes(10), "does not match its SHA-256"),
        (
            lambda b: b[: b.index(b"\n", len(MAGIC)) + 100] + bytes(10) + b[b.index(b"\n", len(MAGIC)) + 110 :],
            "SHA-256",
        ),
        (lambda b: b"PK\x03\x04" + b[4:], "not a govtext model file"),
        (lambda b: MAGIC + b"{not json\n" + b[len(MAGIC) :], "not valid JSON"),
        (lambda b: MAGIC, "truncated or too long"),
    ],
)
def test_damaged_files_are_refused_before_unpickling(
    small_model: Classifier, tmp_path: Path, damage, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = small_model.save(tmp_path / "m.joblib")
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(ModelError, match=message):
        govtext.load(path)


def test_foreign_file_needs_trust(small_model: Classifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    monkeypatch.setenv("GOVTEXT_DATA_DIR", str(tmp_path / "another-user"))
    with pytest.raises(ModelError, match="trusted=True"):
        govtext.load(path)
    assert govtext.load(path, trusted=True).predict(SENTENCES) == small_model.predict(SENTENCES)


def test_missing_model_and_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such model file"):
        govtext.load(tmp_path / "none.joblib")
    with pytest.raises(ModelError, match="no bundled model or file named 'shanghai'; bundled models: ningbo, yuecheng"):
        govtext.load("shanghai")


def test_bundled_model_retrains_when_unusable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundled file this scikit-learn cannot use is rebuilt from the bundled corpus, with a warning, once."""
    import govtext.modelfile.bundled as bundled
    import govtext.modelfile.format as file_format
    import govtext.modelfile.loader as loader

    real = bundled.library_versions()
    for module in (bundled, loader, file_format):
        monkeypatch.setattr(module, "library_versions", lambda: {**real, "scikit-learn": "0.0-test"})
    monkeypatch.setenv("GOVTEXT_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.warns(GovtextWarning, match="retraining it from the bundled corpus"):
        clf = load_bundled("yuecheng")
    assert clf.predict(["项目争速也是攻坚季行动的重头戏。"]) == ["项目争速"]
    assert list((tmp_path / "cache" / "models").glob("yuecheng-*.joblib"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = load_bundled("yuecheng")  # from the cache: no second warning
    assert again.predict(SENTENCES) == clf.predict(SENTENCES)


def test_version_mismatch_warns_for_user_models(small_model: Classifier, tmp_path: Path) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    raw = path.read_bytes()
    header_end = raw.index(b"\n", len(MAGIC))
    meta = json.loads(raw[len(MAGIC) : header_end])
    meta["versions"]["scikit-learn"] = "0.0-test"
    path.write_bytes(MAGIC + json.dumps(meta).encode() + raw[header_end:])
    with pytest.warns(GovtextWarning, match="saved with scikit-learn 0.0-test"):
        govtext.load(path)


# -- tampering: nothing is unpickled from a file that is not what it claims -------------------
class _Booby:
    """Unpickling this creates a marker file: proof that a payload's code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def _split(path: Path) -> tuple[dict, bytes]:  # type: ignore[type-arg]
    """(header, pickled payload) of a model file; the prediction section after the payload is left out."""
    raw = path.read_bytes()
    header_end = raw.index(b"\n", len(MAGIC))
    meta = json.loads(raw[len(MAGIC) : header_end])
    return meta, raw[header_end + 1 : header_end + 1 + meta["payload"]["bytes"]]


def _join(path: Path, meta: dict, payload: bytes, *, resign: bool = False) -> None:  # type: ignore[type-arg]
    """Write *meta* and a pickled *payload* (no prediction section) as a model file."""
    meta.pop("inference", None)
    if resign:
        meta["payload"] = {"sha256": hashlib.sha256(payload).hexdigest(), "bytes": len(payload)}
    path.write_bytes(MAGIC + json.dumps(meta, ensure_ascii=False).encode() + b"\n" + payload)


def _booby_payload(marker: Path) -> bytes:
    import io

    import joblib

    buffer = io.BytesIO()
    joblib.dump(_Booby(marker), buffer)
    return buffer.getvalue()


def test_swapped_payload_is_refused_before_unpickling(small_model: Classifier, tmp_path: Path) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    marker = tmp_path / "code-ran"
    meta, _ = _split(path)
    _join(path, meta, _booby_payload(marker))  # the old digest no longer matches
    with pytest.raises(ModelError, match=r"truncated or padded|does not match its SHA-256"):
        govtext.load(path, trusted=True)
    assert not marker.exists()


def test_resigned_payload_is_not_trusted(small_model: Classifier, tmp_path: Path) -> None:
    """A tamperer who also fixes the digest gets a digest this user never saved: refused."""
    path = small_model.save(tmp_path / "m.joblib")
    marker = tmp_path / "code-ran"
    meta, _ = _split(path)
    _join(path, meta, _booby_payload(marker), resign=True)
    with pytest.raises(ModelError, match="not a bundled model and not one saved by this user"):
        govtext.load(path)
    assert not marker.exists()
    # Vouching for it runs the payload (that is what trusted=True means) but still yields no Classifier.
    with pytest.raises(ModelError, match="holds a NoneType, not a govtext Classifier"):
        govtext.load(path, trusted=True)
    assert marker.is_dir()


def test_joblib_file_of_another_object_is_refused(small_model: Classifier, tmp_path: Path) -> None:
    import io

    import joblib

    path = small_model.save(tmp_path / "m.joblib")
    meta, _ = _split(path)
    buffer = io.BytesIO()
    joblib.dump({"coef": [1.0, 2.0]}, buffer)
    _join(path, meta, buffer.getvalue(), resign=True)
    with pytest.raises(ModelError, match=r"holds a dict, not a govtext Classifier"):
        govtext.load(path, trusted=True)


def test_foreign_pickle_without_header_is_refused(tmp_path: Path) -> None:
    import pickle

    marker = tmp_path / "code-ran"
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(_Booby(marker)))
    with pytest.raises(ModelError, match="not a govtext model file \\(no govtext header\\)"):
        govtext.load(path, trusted=True)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(labels=["项目争速", "其他"]), "the model's labels disagree with its header"),
        (lambda m: m.update(labels="项目争速"), "malformed label list"),
        (lambda m: m.update(labels=["其他", "其他"]), "malformed label list"),
        (lambda m: m.update(format_version=2), "model file format 2 is not one this govtext"),
        (lambda m: m.update(format="sklearn"), "does not describe a govtext model"),
        (lambda m: m.pop("payload"), "lacks 'payload'"),
        (lambda m: m.update(payload={"sha256": 5}), "malformed payload digest"),
        (lambda m: m.update(scheme=["ningbo"]), "malformed scheme or versions"),
    ],
)
def test_tampered_header_is_refused(small_model: Classifier, tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    path = small_model.save(tmp_path / "m.joblib")
    meta, payload = _split(path)
    change(meta)
    _join(path, meta, payload)
    with pytest.raises(ModelError, match=message):
        govtext.load(path)


def test_header_is_checked_without_unpickling(small_model: Classifier, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import joblib

    path = small_model.save(tmp_path / "m.joblib")
    calls: list[object] = []
    monkeypatch.setattr(joblib, "load", lambda *a, **k: calls.append(a))
    raw = path.read_bytes()
    header_end = raw.index(b"\n", len(MAGIC))
    for damaged in (
        raw[:-1],
        raw[:-1] + bytes([raw[-1] ^ 0xFF]),  # the last byte changed (it may be 0 already)
        raw + b"\x00",
        b"X" + raw[1:],
        raw[:header_end] + b"}" + raw[header_end:],
    ):
        path.write_bytes(damaged)
        with pytest.raises(ModelError):
            govtext.load(path, trusted=True)
    path.write_bytes(raw)
    meta, payload = _split(path)
    _join(path, {**meta, "scheme": 7}, payload)
    with pytest.raises(ModelError, match="malformed scheme"):
        govtext.load(path, trusted=True)
    assert calls == []


def test_header_that_disagrees_with_the_model_is_refused(small_model: Classifier, tmp_path: Path) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    meta, payload = _split(path)
    _join(path, {**meta, "scheme": "yuecheng"}, payload)
    assert read_metadata(path)["scheme"] == "yuecheng"  # metadata is read without unpickling
    with pytest.raises(ModelError, match="the model's scheme disagrees with its header"):
        govtext.load(path)
