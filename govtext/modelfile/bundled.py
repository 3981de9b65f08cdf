"""Bundled models: :func:`load` by scheme name or path, and the rebuild of a bundled model that this
scikit-learn cannot unpickle (retrained once from the bundled corpus, kept in the per-user cache).

This room sits above training; prediction never comes here (the data-only section needs no
scikit-learn, see :func:`~govtext.modelfile.loader.load_predictor`).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from .. import messages
from ..corpus import read_corpus
from ..engine.compiled import CompiledModel
from ..errors import GovtextError, GovtextWarning, ModelError
from ..io.files import bundled_dir, writable_cache_dir
from ..model import Classifier
from ..schemes import get_scheme, schemes
from ..training import train
from .format import library_versions, read_checked, read_metadata, save_model
from .loader import bundled_model_path, load_model, resolve
from .trust import is_bundled

logger = logging.getLogger(__name__)


def load(model: str | Path | None = None, *, trusted: bool = False) -> Classifier:
    """Load a bundled model by scheme name (default ``ningbo``) or a model file by path.

    >>> load().scheme.name
    'ningbo'
    """
    name = "ningbo" if model is None else model
    path = resolve(name)
    if isinstance(name, str) and name in schemes() and (not path.exists() or is_bundled(path)):
        return load_bundled(name)
    return load_model(path, trusted=trusted)


def load_bundled(name: str) -> Classifier:
    """A bundled model; if this scikit-learn cannot use the shipped file, retrain it once from the
    bundled corpus (with a warning) and keep the result in the per-user cache."""
    path = bundled_model_path(name)
    reason = ""
    try:
        metadata = read_metadata(path)
        if metadata["versions"].get("scikit-learn") == library_versions()["scikit-learn"]:
            return load_model(path, trusted=True)
        reason = messages.built_with_sklearn(metadata["versions"].get("scikit-learn"))
    except ModelError as error:
        metadata = {}
        reason = str(error)
    return _retrained_bundled(name, metadata, reason)


def _retrained_bundled(name: str, metadata: dict[str, Any], reason: str) -> Classifier:
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
    warnings.warn(messages.retraining_bundled(name, reason, sklearn_version, cached), GovtextWarning, stacklevel=3)
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
    path = bundled_model_path(name)
    if not path.is_file():
        return None
    try:
        checked = read_checked(path)
        section = checked.inference
        if section is None:
            return None
        return CompiledModel.from_bytes(checked.data, section, get_scheme(name))
    except (GovtextError, OSError, KeyError, ValueError):
        return None


def _bundled_corpus_digest(name: str) -> str:
    return read_corpus(bundled_dir("corpus") / name, get_scheme(name)).digest()


def _tupled(params: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}


__all__ = ["load", "load_bundled"]
