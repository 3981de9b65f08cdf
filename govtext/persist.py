"""Model files: a small header with JSON metadata, then the joblib payload.

Layout::

    GOVTEXT-MODEL 1\\n
    {"scheme": ..., "labels": [...], "versions": {...}, "payload": {"sha256": ..., "bytes": ...}, ...}\\n
    <joblib bytes>

The header is read and checked (format, payload size and SHA-256, labels) before anything is
unpickled.  Unpickling runs code, so govtext only unpickles files it can trust: bundled models,
files this user saved with govtext (their digests are recorded in the per-user data folder), or a
file the caller vouches for with ``trusted=True``.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import platform
import warnings
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._files import atomic_write, bundled_dir, data_home, writable_cache_dir
from ._version import __version__
from .errors import GovtextError, GovtextWarning, ModelError
from .schemes import Scheme, get_scheme, schemes

if TYPE_CHECKING:
    from .inference import CompiledModel
    from .model import Classifier

MAGIC = b"GOVTEXT-MODEL 1\n"
MAX_HEADER_BYTES = 4 * 1024 * 1024
TRUST_FILE = "trusted-models.txt"
logger = logging.getLogger(__name__)


def library_versions() -> dict[str, str]:
    """Versions that decide whether a pickled model can be read back."""
    versions = {"govtext": __version__, "python": platform.python_version()}
    for name in ("scikit-learn", "numpy", "joblib", "jieba"):
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:  # pragma: no cover - broken install
            versions[name] = "unknown"
    return versions


# -- writing ------------------------------------------------------------------------------
def save_model(clf: Classifier, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write *clf* with its metadata to *path* atomically (temp file, then rename)."""
    import joblib

    clf._check_fitted()
    target = Path(path)
    buffer = io.BytesIO()
    joblib.dump(clf, buffer, compress=3)
    payload = buffer.getvalue()
    compiled = clf.compiled()
    inference = compiled.to_bytes() if compiled is not None else b""
    scheme: Scheme = clf.scheme_
    metadata = {
        **{k: v for k, v in clf.metadata.items() if k not in _WRITTEN_FIELDS},
        "format": "govtext-model",
        "format_version": 1,
        "scheme": scheme.name,
        "scheme_definition": scheme.to_dict(),
        "labels": list(clf.labels),
        "params": _jsonable_params(clf.get_params()),
        "versions": library_versions(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "payload": {"sha256": hashlib.sha256(payload).hexdigest(), "bytes": len(payload)},
    }
    if compiled is not None:
        metadata["inference"] = {
            "sha256": hashlib.sha256(inference).hexdigest(),
            "bytes": len(inference),
            **compiled.describe(),
        }
    header = json.dumps(metadata, ensure_ascii=False, sort_keys=True).encode("utf-8")
    try:
        with atomic_write(target, overwrite=overwrite) as handle:
            handle.write(MAGIC)
            handle.write(header + b"\n")
            handle.write(payload)
            handle.write(inference)
    except FileExistsError:
        raise ModelError(f"{target}: already exists; pass overwrite=True (--force) to replace it") from None
    except OSError as error:
        raise ModelError(f"{target}: cannot write model: {error.strerror or error}") from None
    clf.metadata_ = metadata
    _remember_trusted(metadata["payload"]["sha256"], target)
    return target


_WRITTEN_FIELDS = {
    "format",
    "format_version",
    "payload",
    "inference",
    "versions",
    "created",
    "params",
    "labels",
    "scheme",
}


def _jsonable_params(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, Scheme):
            value = value.name
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


# -- reading ------------------------------------------------------------------------------
def read_metadata(path: str | Path) -> dict[str, Any]:
    """The metadata of a model file, read without unpickling anything."""
    metadata, _ = _read_header(Path(path))
    return metadata


def _read_header(path: Path) -> tuple[dict[str, Any], int]:
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(MAGIC))
            if magic != MAGIC:
                raise ModelError(f"{path}: not a govtext model file (no govtext header)")
            line = handle.readline(MAX_HEADER_BYTES)
    except IsADirectoryError:
        raise ModelError(f"{path}: is a folder, not a model file") from None
    except FileNotFoundError:
        raise ModelError(f"{path}: no such model file") from None
    except OSError as error:
        raise ModelError(f"{path}: cannot read model file: {error.strerror or error}") from None
    if not line.endswith(b"\n"):
        raise ModelError(f"{path}: model header is truncated or too long")
    try:
        metadata = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(f"{path}: model header is not valid JSON (damaged file)") from None
    if not isinstance(metadata, dict) or metadata.get("format") != "govtext-model":
        raise ModelError(f"{path}: model header does not describe a govtext model")
    for key in ("labels", "scheme", "payload", "versions"):
        if key not in metadata:
            raise ModelError(f"{path}: model header lacks {key!r} (damaged or foreign file)")
    version = metadata.get("format_version")
    if version != 1:
        raise ModelError(
            f"{path}: model file format {version!r} is not one this govtext ({__version__}) reads; "
            "upgrade govtext or retrain the model"
        )
    labels = metadata["labels"]
    if (
        not isinstance(labels, list)
        or len(labels) < 2
        or not all(isinstance(label, str) and label for label in labels)
        or len(set(labels)) != len(labels)
    ):
        raise ModelError(f"{path}: model header has no valid label list (damaged or foreign file)")
    if not isinstance(metadata["scheme"], str) or not isinstance(metadata["versions"], dict):
        raise ModelError(f"{path}: model header has a malformed scheme or versions field (damaged or foreign file)")
    payload = metadata["payload"]
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("sha256"), str)
        or not isinstance(payload.get("bytes"), int)
    ):
        raise ModelError(f"{path}: model header has no valid payload digest")
    return metadata, len(MAGIC) + len(line)


def _read_payload(path: Path, metadata: dict[str, Any], offset: int) -> bytes:
    """The pickled payload, after checking the size and SHA-256 of both sections."""
    return _read_sections(path, metadata, offset)[0]


def _read_sections(path: Path, metadata: dict[str, Any], offset: int) -> tuple[bytes, bytes]:
    """(pickled payload, prediction section), each checked against the header's size and SHA-256."""
    expected = metadata["payload"]
    section = metadata.get("inference") or {}
    inference = section.get("bytes", 0) if isinstance(section, dict) else 0
    with path.open("rb") as handle:
        handle.seek(offset)
        payload = handle.read(expected["bytes"])
        tail = handle.read()
    if len(payload) != expected["bytes"] or len(tail) != inference:
        raise ModelError(
            f"{path}: model is truncated or padded (header says {expected['bytes']} + {inference} bytes, "
            f"file has {len(payload)} + {len(tail)})"
        )
    if hashlib.sha256(payload).hexdigest() != expected["sha256"]:
        raise ModelError(f"{path}: model payload does not match its SHA-256 digest (tampered or damaged file)")
    if section and hashlib.sha256(tail).hexdigest() != section.get("sha256"):
        raise ModelError(f"{path}: prediction section does not match its SHA-256 digest (tampered or damaged file)")
    return payload, tail


def load_model(path: str | Path, *, trusted: bool = False) -> Classifier:
    """Load a model file after checking its header, digest and trust."""
    from .model import Classifier

    path = Path(path)
    metadata, offset = _read_header(path)
    payload = _read_payload(path, metadata, offset)
    digest = metadata["payload"]["sha256"]
    if not (trusted or _is_bundled(path) or _is_trusted(digest)):
        raise ModelError(
            f"{path}: not a bundled model and not one saved by this user; unpickling it could run code from the "
            "file. If you trust its source, load it with trusted=True (command line: --trust)"
        )
    saved_sklearn = metadata["versions"].get("scikit-learn")
    installed_sklearn = library_versions()["scikit-learn"]
    if saved_sklearn != installed_sklearn:
        warnings.warn(
            f"{path}: model was saved with scikit-learn {saved_sklearn}, this is {installed_sklearn}; "
            "predictions may differ: retrain it with `govtext train` to be sure",
            GovtextWarning,
            stacklevel=3,
        )
    import joblib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's own version warning is replaced by the one above
        try:
            clf = joblib.load(io.BytesIO(payload))
        except Exception as error:
            raise ModelError(
                f"{path}: cannot unpickle the model ({type(error).__name__}: {error}); it was saved with "
                f"scikit-learn {saved_sklearn}: retrain it with `govtext train`"
            ) from None
    if not isinstance(clf, Classifier):
        raise ModelError(f"{path}: holds a {type(clf).__name__}, not a govtext Classifier")
    if list(clf.labels) != list(metadata["labels"]):
        raise ModelError(f"{path}: the model's labels disagree with its header")
    if clf.scheme_.name != metadata["scheme"]:
        raise ModelError(f"{path}: the model's scheme disagrees with its header")
    clf.metadata_ = metadata
    return clf


def load(model: str | Path | None = None, *, trusted: bool = False) -> Classifier:
    """Load a bundled model by scheme name (default ``ningbo``) or a model file by path.

    >>> load().scheme.name
    'ningbo'
    """
    name = "ningbo" if model is None else model
    path = _resolve(name)
    if isinstance(name, str) and name in schemes() and (path is None or _is_bundled(path)):
        return load_bundled(name)
    assert path is not None
    return load_model(path, trusted=trusted)


def load_predictor(model: str | Path | None = None, *, trusted: bool = False) -> CompiledModel | Classifier:
    """A model ready to label sentences, read without unpickling when the file allows it.

    Model files carry their prediction arrays as a data-only section (``.npz``, no pickle): reading
    it runs no code from the file, needs no scikit-learn import and works whatever scikit-learn is
    installed.  Files without that section fall back to :func:`load` (and its trust rules).
    """
    path = _resolve(model)
    if path is None:  # a bundled model file is missing: load() retrains it from the bundled corpus
        return load(model, trusted=trusted)
    metadata, offset = _read_header(path)
    section = metadata.get("inference")
    if not isinstance(section, dict) or not isinstance(section.get("bytes"), int):
        return load(model, trusted=trusted)
    _, data = _read_sections(path, metadata, offset)
    from .inference import CompiledModel

    scheme = Scheme.from_dict(metadata.get("scheme_definition"), source=str(path))
    try:
        return CompiledModel.from_bytes(data, section, scheme)
    except (KeyError, ValueError, OSError) as error:
        raise ModelError(f"{path}: prediction section is unreadable ({error})") from None


def _resolve(model: str | Path | None) -> Path | None:
    """The file a model argument names (bundled file for a scheme name), or None if a bundled file is missing."""
    if model is None:
        model = "ningbo"
    if not isinstance(model, (str, Path)):
        raise TypeError(f"a model is a scheme name or a path, not {type(model).__name__}")
    if isinstance(model, str) and model in schemes() and not Path(model).is_file():
        path = bundled_model_path(model)
        return path if path.is_file() else None
    path = Path(model)
    if not path.exists() and isinstance(model, str) and "/" not in model and not model.endswith(".joblib"):
        raise ModelError(f"no bundled model or file named {model!r}; bundled models: {', '.join(schemes())}")
    return path


def bundled_model_path(name: str) -> Path:
    return bundled_dir("models") / f"{name}.joblib"


def load_bundled(name: str) -> Classifier:
    """A bundled model; if this scikit-learn cannot use the shipped file, retrain it once from the
    bundled corpus (with a warning) and keep the result in the per-user cache."""
    path = bundled_model_path(name)
    reason = ""
    try:
        metadata = read_metadata(path)
        if metadata["versions"].get("scikit-learn") == library_versions()["scikit-learn"]:
            return load_model(path, trusted=True)
        reason = f"it was built with scikit-learn {metadata['versions'].get('scikit-learn')}"
    except ModelError as error:
        metadata = {}
        reason = str(error)
    return _retrained_bundled(name, metadata, reason)


def _retrained_bundled(name: str, metadata: dict[str, Any], reason: str) -> Classifier:
    from .training import train

    corpus_dir = bundled_dir("corpus") / name
    sklearn_version = library_versions()["scikit-learn"]
    cache = writable_cache_dir()
    cached = None if cache is None else cache / "models" / f"{name}-sklearn-{sklearn_version}.joblib"
    if cached is not None and cached.is_file():
        try:
            clf = load_model(cached, trusted=True)
            if clf.metadata.get("corpus", {}).get("digest") == _bundled_corpus_digest(name):
                return clf
        except ModelError:
            pass
    warnings.warn(
        f"bundled model {name!r} cannot be used as shipped ({reason}); retraining it from the bundled corpus "
        f"for scikit-learn {sklearn_version}" + (f" (kept in {cached})" if cached else ""),
        GovtextWarning,
        stacklevel=3,
    )
    params = {k: v for k, v in metadata.get("params", {}).items() if k != "scheme"}
    clf = train([corpus_dir], scheme=get_scheme(name), cv=0, **_tupled(params))
    shipped = _shipped_predictor(name)
    if shipped is not None:  # calibration and context need no scikit-learn: keep the shipped ones
        clf.temperature_, clf.context_stage_ = shipped.temperature, shipped.context
    if cached is not None:
        try:
            save_model(clf, cached, overwrite=True)
        except ModelError as error:
            logger.info("could not cache the retrained model: %s", error)
    return clf


def _shipped_predictor(name: str) -> CompiledModel | None:
    """The data-only section of the shipped bundled model, when it is readable."""
    from .inference import CompiledModel

    path = bundled_model_path(name)
    if not path.is_file():
        return None
    try:
        metadata, offset = _read_header(path)
        section = metadata.get("inference")
        if not isinstance(section, dict):
            return None
        _, data = _read_sections(path, metadata, offset)
        return CompiledModel.from_bytes(data, section, get_scheme(name))
    except (GovtextError, OSError, KeyError, ValueError):
        return None


def _bundled_corpus_digest(name: str) -> str:
    from .corpus import read_corpus

    return read_corpus(bundled_dir("corpus") / name, get_scheme(name)).digest()


def _tupled(params: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}


# -- trust --------------------------------------------------------------------------------
def _is_bundled(path: Path) -> bool:
    try:
        return path.resolve().parent == bundled_dir("models").resolve()
    except OSError:
        return False


def _trust_file() -> Path:
    return data_home() / TRUST_FILE


def _is_trusted(digest: str) -> bool:
    try:
        lines = _trust_file().read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return any(line.split(" ", 1)[0] == digest for line in lines)


def _remember_trusted(digest: str, path: Path) -> None:
    """Record that this user saved a model with *digest*, so loading it later needs no trusted=True."""
    if _is_trusted(digest):
        return
    try:
        trust_file = _trust_file()
        trust_file.parent.mkdir(parents=True, exist_ok=True)
        with trust_file.open("a", encoding="utf-8") as handle:
            handle.write(f"{digest} {path.resolve()}\n")
    except OSError as error:
        logger.info("could not record %s as trusted: %s", path, error)


__all__ = [
    "MAGIC",
    "bundled_model_path",
    "library_versions",
    "load",
    "load_bundled",
    "load_model",
    "load_predictor",
    "read_metadata",
    "save_model",
]
