"""Training: read and validate a corpus, fit a Classifier, record how well it does."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .corpus import Corpus, read_corpus
from .errors import InputError
from .evaluation import cross_validate, evaluate
from .model import Classifier
from .schemes import DEFAULT_SCHEME, Scheme, get_scheme


def train(
    corpus: str | Path | Iterable[str | Path] | Corpus,
    scheme: str | Scheme = DEFAULT_SCHEME,
    *,
    cv: int = 5,
    test: str | Path | Iterable[str | Path] | Corpus | None = None,
    progress: Callable[[str], None] | None = None,
    **params: Any,
) -> Classifier:
    """Train a classifier on one or more corpus files or folders, validated together.

    With ``cv`` >= 2 the metadata records stratified cross-validation figures; with ``test`` the
    figures on a held-out corpus.  Other keyword arguments are :class:`Classifier` parameters;
    *progress* receives a line for each stage of a long run.
    """
    say = progress or (lambda message: None)
    resolved = get_scheme(scheme)
    say("reading corpus")
    data = corpus if isinstance(corpus, Corpus) else read_corpus(corpus, resolved)
    say(f"read {len(data)} sentences: " + ", ".join(f"{k} {v}" for k, v in data.counts().items()))
    if data.scheme != resolved:
        raise ValueError(f"corpus is for scheme {data.scheme.name!r}, not {resolved.name!r}")
    if len(set(data.labels)) < 2:
        where = ", ".join(sorted({e.path for e in data.examples})) or None
        raise InputError(
            f"every sentence has the label {data.labels[0]!r}; training needs sentences of at least two labels",
            path=where,
        )
    clf = Classifier(scheme=resolved, **params)
    evaluation: dict[str, Any] = {}
    if cv >= 2:
        evaluation["cross_validation"] = cross_validate(clf, data, folds=cv, progress=say).to_dict()
    say("fitting the final model")
    started = time.perf_counter()
    clf.fit(data.texts, data.labels)
    seconds = time.perf_counter() - started
    if test is not None:
        say("scoring the held-out corpus")
        held_out = test if isinstance(test, Corpus) else read_corpus(test, resolved)
        evaluation["held_out"] = evaluate(clf, held_out).to_dict()
    clf.metadata_ = {
        "corpus": {
            "digest": data.digest(),
            "size": len(data),
            "counts": data.counts(),
            "duplicates_dropped": len(data.duplicates),
        },
        "evaluation": evaluation,
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "training_seconds": round(seconds, 2),
    }
    return clf


__all__ = ["train"]
