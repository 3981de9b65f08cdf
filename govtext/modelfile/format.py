"""Model files: a small header with JSON metadata, then the joblib payload, then the data-only
prediction section.

Layout::

    GOVTEXT-MODEL 1\\n
    {"scheme": ..., "labels": [...], "versions": {...}, "payload": {"sha256": ..., "bytes": ...},
     "inference": {"sha256": ..., "bytes": ..., "labels": [...], ...}, "segmenter": {...}, ...}\\n
    <joblib bytes><npz bytes>

:func:`read_checked` is the one reader every loader goes through: it checks the header (format,
fields, labels), the size and SHA-256 of both sections, that the header's scheme and labels equal
what the sections describe, and the segmenter the model was trained with (a warning when the
tokens would differ here), all before anything is unpickled.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import messages
from .._version import __version__
from ..engine.compiled import CompiledModel
from ..errors import GovtextWarning, ModelError
from ..io.files import atomic_write
from ..schemes import Scheme, get_scheme
from ..segment import dictionary_digest, jieba_version
from .trust import remember_trusted

if TYPE_CHECKING:
    from ..model import Classifier

MAGIC = b"GOVTEXT-MODEL 1\n"
MAX_HEADER_BYTES = 4 * 1024 * 1024


def library_versions() -> dict[str, str]:
    """Versions that decide whether a pickled model can be read back."""
    versions = {"govtext": __version__, "python": platform.python_version()}
    for name in ("scikit-learn", "numpy", "joblib", "jieba"):
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:  # pragma: no cover - broken install
            versions[name] = "unknown"
    return versions


def segmenter_record(extra_terms: tuple[str, ...]) -> dict[str, Any]:
    """What a model records of its segmenter: jieba's version, the scheme's extra terms and the
    digest of the whole dictionary (domain dictionary and extra terms)."""
    return {
        "jieba": jieba_version(),
        "extra_terms": list(extra_terms),
        "dictionary_sha256": dictionary_digest(extra_terms),
    }


# -- writing ------------------------------------------------------------------------------
def save_model(clf: Classifier, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write *clf* with its metadata to *path* atomically (temp file, then rename)."""
    import joblib  # lazy: scikit-learn's pickler, needed only when saving

    clf._check_fitted()
    target = Path(path)
    buffer = io.BytesIO()
    joblib.dump(clf, buffer, compress=3)
    payload = buffer.getvalue()
    predictor = clf.predictor()
    compiled = predictor if isinstance(predictor, CompiledModel) else None
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
        "segmenter": segmenter_record(clf.segmenter_.extra_terms),
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
        raise ModelError(messages.already_exists(target)) from None
    except OSError as error:
        raise ModelError(messages.cannot_write_model(target, error)) from None
    clf.metadata_ = metadata
    remember_trusted(metadata["payload"]["sha256"], target)
    return target


_WRITTEN_FIELDS = {
    "format",
    "format_version",
    "payload",
    "inference",
    "versions",
    "segmenter",
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
@dataclass(frozen=True)
class ModelFile:
    """A model file whose header and sections passed every check of :func:`read_checked`."""

    path: Path
    metadata: dict[str, Any]
    payload: bytes
    data: bytes

    @property
    def inference(self) -> dict[str, Any] | None:
        """The header's description of the data-only prediction section (None: the file has none)."""
        section = self.metadata.get("inference")
        return section if isinstance(section, dict) else None

    @property
    def scheme(self) -> Scheme:
        """The scheme the header defines (a bundled scheme by name in files that carry no definition)."""
        definition = self.metadata.get("scheme_definition")
        if definition is None:
            return get_scheme(self.metadata["scheme"])
        return Scheme.from_dict(definition, source=str(self.path))


def read_metadata(path: str | Path) -> dict[str, Any]:
    """The metadata of a model file, read without unpickling anything."""
    metadata, _ = read_header(Path(path))
    return metadata


def read_checked(path: str | Path) -> ModelFile:
    """Header and both sections of a model file, checked (see the module docstring); nothing is unpickled."""
    path = Path(path)
    metadata, offset = read_header(path)
    payload, data = _read_sections(path, metadata, offset)
    _check_agreement(path, metadata)
    _check_segmenter(path, metadata)
    return ModelFile(path, metadata, payload, data)


def read_header(path: Path) -> tuple[dict[str, Any], int]:
    """The header's metadata, checked field by field, and where the payload starts."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(MAGIC))
            if magic != MAGIC:
                raise ModelError(messages.not_a_model_file(path))
            line = handle.readline(MAX_HEADER_BYTES)
    except IsADirectoryError:
        raise ModelError(messages.is_a_folder(path)) from None
    except FileNotFoundError:
        raise ModelError(messages.no_such_model_file(path)) from None
    except OSError as error:
        raise ModelError(messages.cannot_read_model(path, error)) from None
    if not line.endswith(b"\n"):
        raise ModelError(messages.header_truncated(path))
    try:
        metadata = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(messages.header_not_json(path)) from None
    if not isinstance(metadata, dict) or metadata.get("format") != "govtext-model":
        raise ModelError(messages.header_not_govtext(path))
    for key in ("labels", "scheme", "payload", "versions"):
        if key not in metadata:
            raise ModelError(messages.model_header_lacks(path, key))
    version = metadata.get("format_version")
    if version != 1:
        raise ModelError(messages.unreadable_format(path, version, __version__))
    labels = metadata["labels"]
    if (
        not isinstance(labels, list)
        or len(labels) < 2
        or not all(isinstance(label, str) and label for label in labels)
        or len(set(labels)) != len(labels)
    ):
        raise ModelError(messages.header_malformed(path, "label list"))
    if not isinstance(metadata["scheme"], str) or not isinstance(metadata["versions"], dict):
        raise ModelError(messages.header_malformed(path, "scheme or versions field"))
    payload = metadata["payload"]
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("sha256"), str)
        or not isinstance(payload.get("bytes"), int)
    ):
        raise ModelError(messages.header_malformed(path, "payload digest"))
    section = metadata.get("inference")
    if section is not None and (
        not isinstance(section, dict)
        or not isinstance(section.get("bytes"), int)
        or not isinstance(section.get("sha256"), str)
    ):
        raise ModelError(messages.header_malformed(path, "digest of the prediction section"))
    return metadata, len(MAGIC) + len(line)


def _read_sections(path: Path, metadata: dict[str, Any], offset: int) -> tuple[bytes, bytes]:
    """(pickled payload, prediction section), each checked against the header's size and SHA-256."""
    expected = metadata["payload"]
    section = metadata.get("inference") or {}
    inference = section.get("bytes", 0)
    with path.open("rb") as handle:
        handle.seek(offset)
        payload = handle.read(expected["bytes"])
        tail = handle.read()
    if len(payload) != expected["bytes"] or len(tail) != inference:
        raise ModelError(messages.truncated_or_padded(path, (expected["bytes"], inference), (len(payload), len(tail))))
    if hashlib.sha256(payload).hexdigest() != expected["sha256"]:
        raise ModelError(messages.digest_mismatch(path, "model payload"))
    if section and hashlib.sha256(tail).hexdigest() != section.get("sha256"):
        raise ModelError(messages.digest_mismatch(path, "prediction section"))
    return payload, tail


def _check_agreement(path: Path, metadata: dict[str, Any]) -> None:
    """The header's scheme and labels must equal the scheme definition's and the prediction section's."""
    definition = metadata.get("scheme_definition")
    if definition is not None:
        try:
            scheme = Scheme.from_dict(definition, source=str(path))
        except Exception:  # a SchemeError, or a definition of the wrong shape
            raise ModelError(messages.header_malformed(path, "scheme definition")) from None
        if scheme.name != metadata["scheme"]:
            raise ModelError(messages.header_disagrees(path, "scheme"))
        if list(scheme.labels) != metadata["labels"]:
            raise ModelError(messages.header_disagrees(path, "labels"))
    section = metadata.get("inference")
    if isinstance(section, dict):
        if section.get("labels") != metadata["labels"]:
            raise ModelError(messages.header_disagrees(path, "labels"))
        classes = section.get("classes")
        if not isinstance(classes, list) or not set(classes) <= set(metadata["labels"]):
            raise ModelError(messages.header_disagrees(path, "labels"))
        segmenter = section.get("segmenter")
        if not isinstance(segmenter, dict) or not isinstance(segmenter.get("extra_terms"), list):
            raise ModelError(messages.header_malformed(path, "segmenter field"))


def _check_segmenter(path: Path, metadata: dict[str, Any]) -> None:
    """Warn when this install would cut the model's sentences into other tokens than training did."""
    recorded = metadata.get("segmenter")
    if recorded is None:  # files written before the segmenter was recorded
        return
    if not isinstance(recorded, dict) or not isinstance(recorded.get("extra_terms"), list):
        raise ModelError(messages.header_malformed(path, "segmenter field"))
    extra = tuple(str(term) for term in recorded["extra_terms"])
    if recorded.get("dictionary_sha256") != dictionary_digest(extra):
        warnings.warn(messages.segmenter_changed(path, "another domain dictionary"), GovtextWarning, stacklevel=4)
    if recorded.get("jieba") != jieba_version():
        warnings.warn(
            messages.segmenter_changed(path, f"jieba {recorded.get('jieba')}, this is {jieba_version()}"),
            GovtextWarning,
            stacklevel=4,
        )


__all__ = [
    "MAGIC",
    "ModelFile",
    "library_versions",
    "read_checked",
    "read_header",
    "read_metadata",
    "save_model",
    "segmenter_record",
]
