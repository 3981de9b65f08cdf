"""Choose the calibration and the article-context stage by a real-text development set.

Usage: python benchmarks/context_selection.py SCHEME DEV.jsonl [--cache DIR]

Trains the sentence classifier of SCHEME on the bundled corpus once (its out-of-fold predictions, with
whole articles kept together, are cached in --cache), then for every variant below fits calibration and
context stage *on the training corpus only* and scores the dev file (same figures as realtext.py):

- calibration of the sentence scores: the temperature fitted on all out-of-fold predictions, on those of
  the whole articles only, or none (T = 1);
- context stage: none, or a logistic regression with window 1 or 2, C in {0.3, 1, 3}, balanced or plain
  class weights.

The dev file is only scored, never fitted.  Same refusals as realtext.py (shared 20-character runs).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import realtext  # noqa: E402

from govtext import stacking  # noqa: E402
from govtext.corpus import normalise_for_duplicates, read_articles, read_corpus  # noqa: E402
from govtext.engine.context import expected_calibration_error, rescale  # noqa: E402
from govtext.evaluation import report  # noqa: E402
from govtext.model import Classifier  # noqa: E402


def dev_scores(proba_of: Any, rows: list[dict[str, Any]], labels: tuple[str, ...]) -> dict[str, float]:
    """Figures of the probabilities that ``proba_of(texts)`` gives each dev article."""
    articles: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        articles[f"{row['url']}#{row['article']}"].append(i)
    proba = np.zeros((len(rows), len(labels)))
    for members in articles.values():
        members.sort(key=lambda i: rows[i]["index"])
        proba[members] = proba_of([rows[i]["text"] for i in members])
    predicted = [labels[i] for i in proba.argmax(axis=1)]
    truth = [r["label"] for r in rows]
    whole = [i for i, r in enumerate(rows) if r["kind"] == "article"]
    correct = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    return {
        "strict": report(truth, predicted, labels).macro_f1,
        "whole": report([truth[i] for i in whole], [predicted[i] for i in whole], labels).macro_f1,
        "ece": expected_calibration_error(proba, correct),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scheme")
    parser.add_argument("dev")
    parser.add_argument("--cache", default="/tmp/govtext-context-selection")
    args = parser.parse_args(argv)
    rows = [r for r in realtext.read_dev([args.dev])[args.scheme]]
    if realtext.shared_runs(rows, realtext.read_allowed(realtext.DEFAULT_ALLOW)):
        print("refusing: the repository shares 20-character runs with the dev file (run realtext.py)", file=sys.stderr)
        return 1
    corpus = read_corpus(ROOT / "corpus" / args.scheme, args.scheme)
    articles = read_articles(ROOT / "corpus" / args.scheme, args.scheme)
    cache = Path(args.cache) / f"{args.scheme}-{corpus.digest()[:12]}.pkl"
    if cache.is_file():
        clf, oof = pickle.loads(cache.read_bytes())
    else:
        clf = Classifier(scheme=corpus.scheme)
        oof = stacking.out_of_fold_proba(clf, corpus, articles, folds=5, progress=print)
        clf.fit(corpus.texts, corpus.labels)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps((clf, oof)))
    labels = clf.labels
    row_of = {normalise_for_duplicates(t): i for i, t in enumerate(corpus.texts)}
    article_rows = sorted({row_of[normalise_for_duplicates(t)] for a in articles for t in a.texts})
    temperatures = {
        "all out-of-fold": stacking.fit_temperature(oof, corpus.labels, labels),
        "articles out-of-fold": stacking.fit_temperature(
            oof[article_rows], [corpus.labels[i] for i in article_rows], labels
        ),
        "none": 1.0,
    }
    truth = [label for a in articles for label in a.labels]
    print(f"## {args.scheme}: {len(rows)} dev sentences; corpus {len(corpus)} sentences, {len(articles)} articles\n")
    print("| calibration | T | context stage | dev strict macro-F1 | dev whole-article | dev ECE | train OOF ECE |")
    print("|---|---|---|---|---|---|---|")
    for name, temperature in temperatures.items():
        clf.temperature_ = temperature
        calibrated = rescale(oof, temperature)
        correct = calibrated.argmax(axis=1) == np.array([labels.index(label) for label in corpus.labels])
        s = dev_scores(clf.predict_proba, rows, labels)
        train_ece = expected_calibration_error(calibrated, correct)
        print(
            f"| {name} | {temperature} | none | {s['strict']:.3f} | {s['whole']:.3f} "
            f"| {s['ece']:.3f} | {train_ece:.3f} |"
        )
        per_article = [calibrated[[row_of[normalise_for_duplicates(t)] for t in a.texts]] for a in articles]
        for window in (1, 2):
            for c_value in (0.3, 1.0, 3.0):
                for balanced in (True, False):
                    stage, stage_oof = stacking.fit_context_stage(
                        per_article,
                        articles,
                        labels,
                        window=window,
                        C=c_value,
                        class_weight="balanced" if balanced else None,
                    )
                    s = dev_scores(lambda texts, st=stage: st.apply(clf.predict_proba(texts), texts), rows, labels)
                    stage_correct = stage_oof.argmax(axis=1) == np.array([labels.index(x) for x in truth])
                    what = (
                        f"window {window}, C {c_value}, {'balanced' if balanced else 'plain'}, Tc {stage.temperature}"
                    )
                    print(
                        f"| {name} | {temperature} | {what} | {s['strict']:.3f} | {s['whole']:.3f} | {s['ece']:.3f} "
                        f"| {expected_calibration_error(stage_oof, stage_correct):.3f} |"
                    )
    print(json.dumps({"corpus_digest": corpus.digest()[:16]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
