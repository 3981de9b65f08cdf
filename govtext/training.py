"""Training: read and validate a corpus, fit a Classifier, record how well it does."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from . import messages
from .corpus import Article, Corpus, normalise_for_duplicates, read_articles, read_corpus
from .engine.context import expected_calibration_error, rescale
from .errors import InputError
from .evaluation import evaluate, report
from .model import Classifier
from .schemes import DEFAULT_SCHEME, Scheme, get_scheme
from .stacking import MIN_ARTICLES, fit_context_stage, fit_temperature, out_of_fold_proba


def train(
    corpus: str | Path | Iterable[str | Path] | Corpus,
    scheme: str | Scheme = DEFAULT_SCHEME,
    *,
    cv: int = 5,
    test: str | Path | Iterable[str | Path] | Corpus | None = None,
    progress: Callable[[str], None] | None = None,
    context: bool = True,
    calibrate: bool = True,
    articles: Sequence[Article] | None = None,
    **params: Any,
) -> Classifier:
    """Train a classifier on one or more corpus files or folders, validated together.

    With ``cv`` >= 2, ``cv`` folds that keep whole articles together give out-of-fold predictions
    of every sentence, from which come the cross-validation figures in the metadata, the
    calibration temperature of the scores and, when the corpus holds whole articles (lines with
    ``article`` and ``index`` fields; at least 5), the article-context stage (``context=False``
    skips it; ``calibrate=False`` leaves the sentence scores as the logistic regression gives
    them, while the context stage is still calibrated).  With ``test``, the figures on a held-out
    corpus.  *articles* overrides the whole articles read from *corpus* (a :class:`Corpus` carries
    none).  Other keyword arguments are :class:`Classifier` parameters; *progress* receives a line
    for each stage of a long run.
    """
    say = progress or (lambda message: None)
    resolved = get_scheme(scheme)
    say("reading corpus")
    data = corpus if isinstance(corpus, Corpus) else read_corpus(corpus, resolved)
    say(f"read {len(data)} sentences: " + ", ".join(f"{k} {v}" for k, v in data.counts().items()))
    if data.scheme != resolved:
        raise ValueError(messages.corpus_for_another_scheme(data.scheme.name, resolved.name))
    if len(set(data.labels)) < 2:
        where = ", ".join(sorted({e.path for e in data.examples})) or None
        raise InputError(messages.one_label_only(data.labels[0]), path=where)
    if articles is None:
        articles = [] if isinstance(corpus, Corpus) else read_articles(corpus, resolved)
    clf = Classifier(scheme=resolved, **params)
    evaluation: dict[str, Any] = {}
    oof = None
    counts = [n for n in data.counts().values() if n > 0]
    if cv >= 2 and max(counts) < cv:
        say(f"skipping cross-validation and calibration: no label has {cv} sentences for {cv} folds")
    elif cv >= 2:
        oof = out_of_fold_proba(clf, data, articles, folds=cv, progress=say)
        predicted = [resolved.labels[i] for i in oof.argmax(axis=1)]
        cross = report(
            data.labels, predicted, resolved.labels, title=f"{cv}-fold cross-validation (articles kept whole)"
        )
        evaluation["cross_validation"] = cross.to_dict()
    say("fitting the final model")
    started = time.perf_counter()
    clf.fit(data.texts, data.labels)
    seconds = time.perf_counter() - started
    if oof is not None:
        say("calibrating scores")
        evaluation["calibration"] = _calibrate(clf, data, oof, fit=calibrate)
        if context and len(articles) >= MIN_ARTICLES:
            say(f"fitting the article-context stage on {len(articles)} articles")
            evaluation["context"] = _fit_context(clf, data, articles, oof, folds=cv)
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


def _calibrate(clf: Classifier, data: Corpus, oof: np.ndarray, *, fit: bool) -> dict[str, Any]:
    """Set the sentence stage's temperature from out-of-fold predictions (1.0 unless *fit*); what it changed."""
    labels = clf.labels
    clf.temperature_ = fit_temperature(oof, data.labels, labels) if fit else 1.0
    correct = oof.argmax(axis=1) == np.array([labels.index(label) for label in data.labels])
    return {
        "temperature": clf.temperature_,
        "out_of_fold_ece_before": round(expected_calibration_error(oof, correct), 4),
        "out_of_fold_ece_after": round(expected_calibration_error(rescale(oof, clf.temperature_), correct), 4),
    }


def _fit_context(
    clf: Classifier, data: Corpus, articles: Sequence[Article], oof: np.ndarray, *, folds: int
) -> dict[str, Any]:
    """Fit the article-context stage on the articles' calibrated out-of-fold probabilities."""
    row_of = {normalise_for_duplicates(t): i for i, t in enumerate(data.texts)}
    calibrated = rescale(oof, clf.temperature)
    per_article = [calibrated[[row_of[normalise_for_duplicates(t)] for t in a.texts]] for a in articles]
    stage, stage_oof = fit_context_stage(per_article, articles, clf.labels, folds=folds)
    clf.context_stage_ = stage
    truth = [label for a in articles for label in a.labels]
    before = [clf.labels[i] for p in per_article for i in p.argmax(axis=1)]
    after = [clf.labels[i] for i in stage_oof.argmax(axis=1)]
    return {
        "articles": len(articles),
        "sentences": len(truth),
        "window": stage.window,
        "temperature": stage.temperature,
        "out_of_fold_macro_f1_without": round(report(truth, before, clf.labels).macro_f1, 4),
        "out_of_fold_macro_f1_with": round(report(truth, after, clf.labels).macro_f1, 4),
    }


__all__ = ["train"]
