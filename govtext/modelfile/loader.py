"""Loading model files: the full model (unpickled, after the trust check) or only its predictor
(the data-only section: nothing unpickled, no scikit-learn import).  Both read the file through
:func:`~govtext.modelfile.format.read_checked`, so they refuse the same tampered files.

Nothing here trains: a bundled model that this scikit-learn cannot unpickle is rebuilt by
:mod:`govtext.modelfile.bundled`, which :func:`govtext.load` goes through.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .. import messages
from ..engine.compiled import CompiledModel
from ..engine.predictor import Predictor
from ..errors import GovtextWarning, ModelError
from ..io.files import bundled_dir
from ..schemes import schemes
from .format import ModelFile, library_versions, read_checked
from .trust import is_bundled, is_trusted

if TYPE_CHECKING:
    from ..model import Classifier


def bundled_model_path(name: str) -> Path:
    """Where the bundled model of scheme *name* is shipped."""
    return bundled_dir("models") / f"{name}.joblib"


def resolve(model: str | Path | None) -> Path:
    """The file a model argument names: the bundled file for a scheme name, else the path."""
    if model is None:
        model = "ningbo"
    if not isinstance(model, (str, Path)):
        raise TypeError(messages.not_a_model(model))
    if isinstance(model, str) and model in schemes() and not Path(model).is_file():
        return bundled_model_path(model)
    path = Path(model)
    if not path.exists() and isinstance(model, str) and "/" not in model and not model.endswith(".joblib"):
        raise ModelError(messages.no_such_model(model, schemes()))
    return path


def load_model(path: str | Path | ModelFile, *, trusted: bool = False) -> Classifier:
    """Load a model file after checking its header, sections and trust; then unpickle it."""
    from ..model import Classifier  # lazy: scikit-learn is heavy, and predicting from the data section needs none

    checked = path if isinstance(path, ModelFile) else read_checked(path)
    path, metadata = checked.path, checked.metadata
    if not (trusted or is_bundled(path) or is_trusted(metadata["payload"]["sha256"])):
        raise ModelError(messages.untrusted(path))
    saved_sklearn = metadata["versions"].get("scikit-learn")
    installed_sklearn = library_versions()["scikit-learn"]
    if saved_sklearn != installed_sklearn:
        warnings.warn(messages.sklearn_changed(path, saved_sklearn, installed_sklearn), GovtextWarning, stacklevel=3)
    import joblib  # lazy: the unpickler, needed only for the full model

    with warnings.catch_warnings(), _old_module_names():
        warnings.simplefilter("ignore")  # sklearn's own version warning is replaced by the one above
        try:
            clf = joblib.load(io.BytesIO(checked.payload))
        except Exception as error:
            raise ModelError(messages.cannot_unpickle(path, error, saved_sklearn)) from None
    if not isinstance(clf, Classifier):
        raise ModelError(messages.not_a_classifier(path, clf))
    if list(clf.labels) != list(metadata["labels"]):
        raise ModelError(messages.header_disagrees(path, "labels"))
    if clf.scheme_.name != metadata["scheme"]:
        raise ModelError(messages.header_disagrees(path, "scheme"))
    clf.metadata_ = metadata
    return clf


# Modules that moved in issue 13 whose classes model files saved before it name in their pickle.
MOVED_MODULES = {"govtext.context": "govtext.engine.context", "govtext.script": "govtext.engine.script"}


@contextlib.contextmanager
def _old_module_names() -> Iterator[None]:
    """While unpickling, the old names of moved modules point at the new ones (the file format stays
    readable; nothing outside unpickling sees the old names)."""
    added = [old for old in MOVED_MODULES if old not in sys.modules]
    for old in added:
        sys.modules[old] = importlib.import_module(MOVED_MODULES[old])
    try:
        yield
    finally:
        for old in added:
            sys.modules.pop(old, None)


def load_predictor(model: str | Path | None = None, *, trusted: bool = False) -> Predictor:
    """A model ready to label sentences (what every command of the command line uses).

    Model files carry their prediction arrays as a data-only section (``.npz``, no pickle): reading
    it runs no code from the file, needs no scikit-learn import and works whatever scikit-learn is
    installed.  A file without that section is loaded whole (:func:`load_model`, its trust rules),
    and labels through its scikit-learn pipeline.

    >>> load_predictor("ningbo").predict(["项目争速是实现高质量发展的主要抓手"])
    ['项目争速']
    """
    path = resolve(model)
    if not path.exists() and isinstance(model, str) and model in schemes():
        raise ModelError(messages.bundled_model_missing(path, model))
    checked = read_checked(path)
    return predictor_of(checked, trusted=trusted)


def predictor_of(checked: ModelFile, *, trusted: bool = False) -> Predictor:
    """The predictor of a checked model file: its data-only section, else the unpickled model's."""
    section = checked.inference
    if section is None:
        return load_model(checked, trusted=trusted).predictor()
    try:
        return CompiledModel.from_bytes(checked.data, section, checked.scheme)
    except (KeyError, ValueError, OSError) as error:
        raise ModelError(messages.section_unreadable(checked.path, error)) from None


__all__ = ["bundled_model_path", "load_model", "load_predictor", "predictor_of", "resolve"]
