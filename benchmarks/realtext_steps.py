"""The dev-set table after each step of the accuracy work: coverage, articles, context, calibration.

Usage: python benchmarks/realtext_steps.py DEV.jsonl...

For each scheme in the dev files:

1. coverage: a sentence classifier trained on the bundled corpus without its whole articles (authored
   sentences of every round, sub-topic coverage included), uncalibrated;
2. + articles: the bundled model's sentence stage (trained on everything), uncalibrated (T = 1);
3. + context: the bundled model's context stage, its own temperature set to 1;
4. + calibration: the bundled model as shipped.

Prints realtext.py's figures for each.  Same refusals as realtext.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import realtext  # noqa: E402

import govtext  # noqa: E402
from govtext.corpus import Corpus, read_corpus  # noqa: E402
from govtext.engine.context import ContextStage  # noqa: E402


def main(argv: list[str]) -> int:
    by_scheme = realtext.read_dev(argv)
    rows_all = [r for rows in by_scheme.values() for r in rows]
    if realtext.shared_runs(rows_all, realtext.read_allowed(realtext.DEFAULT_ALLOW)):
        print("refusing: the repository shares text with the dev files (run realtext.py)", file=sys.stderr)
        return 1
    print("| scheme | step | strict macro-F1 | alt-accepted | whole-article macro-F1 | share MAE | ECE |")
    print("|---|---|---|---|---|---|---|")
    for scheme, rows in by_scheme.items():
        corpus = read_corpus(ROOT / "corpus" / scheme, scheme)
        sentences = Corpus(corpus.scheme, tuple(e for e in corpus.examples if e.article is None))
        coverage = govtext.train(sentences, scheme, cv=0)
        shipped = govtext.load(scheme)
        stage = shipped.context_stage
        steps: list[tuple[str, Any, bool]] = [(f"1. coverage ({len(sentences)} sentences)", coverage, False)]
        plain = govtext.load(scheme)
        plain.temperature_ = 1.0
        plain.context_stage_ = None
        steps.append((f"2. + articles ({len(corpus)} sentences)", plain, False))
        if stage is not None:
            raw_context = govtext.load(scheme)
            raw_context.context_stage_ = ContextStage(stage.coef, stage.intercept, stage.window, 1.0)
            steps.append(("3. + context (uncalibrated)", raw_context, True))
        steps.append(
            (f"4. + calibration (T {shipped.temperature}, context T {stage and stage.temperature})", shipped, True)
        )
        for title, model, use_context in steps:
            s = realtext.score(model, rows, use_context=use_context)
            whole = "-" if s["whole"] is None else f"{s['whole']:.3f}"
            print(
                f"| {scheme} | {title} | {s['strict'].macro_f1:.3f} | {s['alt']:.3f} | {whole} "
                f"| {s['share_mae']:.3f} | {s['ece']:.3f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
