"""govtext: label each sentence of Chinese policy news with the campaign category it serves.

>>> import govtext
>>> clf = govtext.load()
>>> clf.predict(["项目争速是实现高质量发展的主要抓手"])
['项目争速']

Heavy parts (scikit-learn) are imported on first use, so ``import govtext`` stays quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import messages
from ._version import __version__
from .corpus import Corpus, Example, read_corpus
from .errors import CorpusError, GovtextError, GovtextWarning, InputError, ModelError, SchemeError
from .results import ArticleResult, SentenceResult
from .schemes import OTHER, Category, Scheme, get_scheme, load_scheme_file, schemes
from .segment import Segmenter, tokenize
from .text import Sentence, split_sentences

if TYPE_CHECKING:
    from .active import suggest
    from .batch import classify_many
    from .evaluation import Report, cross_validate, evaluate
    from .model import Classifier
    from .modelfile.bundled import load
    from .training import train

# Names whose modules import scikit-learn or joblib, imported on first use (``import govtext`` stays quick).
_LAZY = {
    "Classifier": "model",
    "load": "modelfile.bundled",
    "train": "training",
    "evaluate": "evaluation",
    "cross_validate": "evaluation",
    "Report": "evaluation",
    "suggest": "active",
    "classify_many": "batch",
}

__all__ = [
    "OTHER",
    "ArticleResult",
    "Category",
    "Classifier",
    "Corpus",
    "CorpusError",
    "Example",
    "GovtextError",
    "GovtextWarning",
    "InputError",
    "ModelError",
    "Report",
    "Scheme",
    "SchemeError",
    "Segmenter",
    "Sentence",
    "SentenceResult",
    "__version__",
    "classify_many",
    "cross_validate",
    "evaluate",
    "get_scheme",
    "load",
    "load_scheme_file",
    "read_corpus",
    "schemes",
    "split_sentences",
    "suggest",
    "tokenize",
    "train",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(messages.no_attribute(__name__, name))
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
