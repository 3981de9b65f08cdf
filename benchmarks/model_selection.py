"""Model selection for the bundled schemes: which Classifier configuration labels real text best.

    python benchmarks/model_selection.py                 # full grid (7-9 minutes on 2 cores)
    python benchmarks/model_selection.py --quick         # three configurations, a smoke test
    python benchmarks/model_selection.py --out results.md --detail "char c1-3 balanced C=10"

For each scheme and configuration it computes
(b) the real-text test: fit on the authored sentences, macro-F1 on the seed articles' sentences, and
(a) 5-fold stratified cross-validation macro-F1 on the whole corpus (for the top configurations by (b),
    the library default and any --detail configuration only: it costs five fits per scheme).
Rows are sorted by the mean of (b) over both schemes; "Δ mean ± SE" is the difference to the best row
with a paired bootstrap standard error over the seed sentences. Deterministic: fixed random states.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np
import sklearn
from joblib import Parallel, delayed

from govtext.corpus import Corpus, read_corpus
from govtext.evaluation import Report, cross_validate, report
from govtext.model import Classifier

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = ("ningbo", "yuecheng")
Range = tuple[int, int]
# (features, word n-gram range, char n-gram range); the main three first, then the variants
FEATURES: tuple[tuple[str, Range, Range], ...] = (
    ("word+char", (1, 2), (1, 3)),
    ("word", (1, 2), (1, 3)),
    ("char", (1, 2), (1, 3)),
    ("word", (1, 1), (1, 3)),
    ("char", (1, 2), (2, 3)),
    ("char", (1, 2), (1, 2)),
)
CLASS_WEIGHTS: tuple[str | None, ...] = (None, "balanced")
CS = (0.3, 1.0, 3.0, 10.0, 30.0)
BOOTSTRAP = 2000


@dataclass(frozen=True)
class Config:
    features: str
    word_ngram_range: Range
    char_ngram_range: Range
    class_weight: str | None
    C: float

    @property
    def name(self) -> str:
        parts = [self.features]
        if "word" in self.features:
            parts.append("w{}-{}".format(*self.word_ngram_range))
        if "char" in self.features:
            parts.append("c{}-{}".format(*self.char_ngram_range))
        return " ".join([*parts, self.class_weight or "unweighted", f"C={self.C:g}"])

    def classifier(self, scheme: str) -> Classifier:
        return Classifier(
            scheme=scheme,
            features=self.features,
            word_ngram_range=self.word_ngram_range,
            char_ngram_range=self.char_ngram_range,
            class_weight=self.class_weight,
            C=self.C,
            random_state=0,
        )


def default_config() -> Config:
    p = Classifier().get_params()
    return Config(p["features"], p["word_ngram_range"], p["char_ngram_range"], p["class_weight"], float(p["C"]))


def grid(quick: bool) -> list[Config]:
    if quick:
        return [Config(f, w, c, "balanced", 10.0) for f, w, c in FEATURES[:3]]
    return [Config(f, w, c, cw, C) for (f, w, c), cw, C in product(FEATURES, CLASS_WEIGHTS, CS)]


def split_by_source(corpus: Corpus) -> tuple[Corpus, Corpus]:
    """(authored sentences, seed-article sentences), as scripts/build_models.py splits them."""
    seed = tuple(e for e in corpus.examples if (e.source or "").startswith("seed:"))
    authored = tuple(e for e in corpus.examples if not (e.source or "").startswith("seed:"))
    return Corpus(corpus.scheme, authored), Corpus(corpus.scheme, seed)


def real_text_predictions(config: Config, scheme: str, authored: Corpus, seed: Corpus) -> list[str]:
    return config.classifier(scheme).fit(authored.texts, authored.labels).predict(seed.texts)


def cv_macro_f1(config: Config, scheme: str, corpus: Corpus) -> float:
    return cross_validate(config.classifier(scheme), corpus, folds=5, random_state=0).macro_f1


def bootstrap_macro_f1(truth: np.ndarray, pred: np.ndarray, index: np.ndarray, n_labels: int) -> np.ndarray:
    """Macro-F1 (as report() computes it) of each resample, index of shape (resamples, n)."""
    t, p = truth[index], pred[index]
    offset = np.arange(index.shape[0])[:, None] * n_labels
    size, shape = index.shape[0] * n_labels, (index.shape[0], n_labels)
    tp = np.bincount((t + offset)[t == p], minlength=size).reshape(shape)
    seen = np.bincount((t + offset).ravel(), minlength=size) + np.bincount((p + offset).ravel(), minlength=size)
    seen = seen.reshape(shape)
    f1 = np.divide(2 * tp, seen, out=np.zeros(shape), where=seen > 0)
    result: np.ndarray = f1.sum(axis=1) / (seen > 0).sum(axis=1)
    return result


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def details(config: Config, scheme: str, seed: Corpus, rep: Report, predicted: list[str], se: float) -> list[str]:
    rows = [[s.label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support)] for s in rep.per_label]
    lines = [f"#### {scheme}: {config.name}", ""]
    lines += markdown_table(["label", "precision", "recall", "F1", "support"], rows)
    wrong = [i for i, (e, p) in enumerate(zip(seed.examples, predicted, strict=True)) if e.label != p]
    fixed = [[seed.labels[i] if i == j else p for j, p in enumerate(predicted)] for i in wrong]
    gains = [report(seed.labels, f, rep.labels).macro_f1 - rep.macro_f1 for f in fixed]
    lines += [
        "",
        f"macro-F1 {rep.macro_f1:.3f} (bootstrap SE {se:.3f}), accuracy {rep.accuracy:.3f}, {rep.n} sentences",
    ]
    if gains:
        lines.append(
            f"Correcting one misclassified sentence changes macro-F1 by {min(gains):+.3f} to {max(gains):+.3f} "
            f"(median {float(np.median(gains)):+.3f})."
        )
    lines += ["", f"Misclassified seed sentences ({len(wrong)}), true → predicted:", ""]
    errors = sorted((seed.examples[i].label, predicted[i], i) for i in wrong)
    return [*lines, *(f"- {t} → {p}: {seed.examples[i].text} ({seed.examples[i].source})" for t, p, i in errors), ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small grid for smoke tests")
    parser.add_argument("--out", type=Path, help="also write the markdown to this file")
    parser.add_argument("--jobs", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--cv-top", type=int, help="cross-validate this many top configurations (8; --quick: 1)")
    parser.add_argument("--detail", action="append", default=[], help="also detail this configuration (its name)")
    args = parser.parse_args(argv)
    cv_top = args.cv_top if args.cv_top is not None else (1 if args.quick else 8)
    started = time.perf_counter()
    configs, default = grid(args.quick), default_config()
    by_name = {c.name: c for c in configs}
    unknown = [name for name in args.detail if name not in by_name]
    if unknown:
        parser.error(f"--detail names no configuration of the grid: {', '.join(unknown)}")
    corpora = {s: read_corpus(ROOT / "corpus" / s, s) for s in SCHEMES}
    splits = {s: split_by_source(c) for s, c in corpora.items()}
    print(f"real-text test: {len(configs)} configurations x {len(SCHEMES)} schemes", file=sys.stderr, flush=True)
    tasks = [(c, s) for c in configs for s in SCHEMES]
    with Parallel(n_jobs=args.jobs) as parallel:
        predictions = parallel(delayed(real_text_predictions)(c, s, *splits[s]) for c, s in tasks)
        predicted: dict[tuple[Config, str], list[str]] = dict(zip(tasks, predictions, strict=True))
        reports = {k: report(splits[k[1]][1].labels, p, corpora[k[1]].scheme.labels) for k, p in predicted.items()}
        mean_b = {c: float(np.mean([reports[c, s].macro_f1 for s in SCHEMES])) for c in configs}
        ranked = sorted(configs, key=lambda c: -mean_b[c])  # stable: ties keep the grid order
        chosen = [*ranked[:cv_top], *([default] if default in mean_b else []), *map(by_name.get, args.detail)]
        cv_configs = [c for c in dict.fromkeys(chosen) if c is not None]
        print(f"cross-validation: {len(cv_configs)} configurations", file=sys.stderr, flush=True)
        cv_tasks = [(c, s) for c in cv_configs for s in SCHEMES]
        cv_scores = parallel(delayed(cv_macro_f1)(c, s, corpora[s]) for c, s in cv_tasks)
        cv: dict[tuple[Config, str], float] = dict(zip(cv_tasks, cv_scores, strict=True))
    best = ranked[0]
    # paired bootstrap over the seed sentences of each scheme: differences to the best configuration
    rng = np.random.default_rng(0)
    boot: dict[tuple[Config, str], np.ndarray] = {}
    for s in SCHEMES:
        labels = list(corpora[s].scheme.labels)
        truth = np.array([labels.index(x) for x in splits[s][1].labels])
        index = rng.integers(0, len(truth), size=(BOOTSTRAP, len(truth)))
        for c in configs:
            pred = np.array([labels.index(x) for x in predicted[c, s]])
            whole = bootstrap_macro_f1(truth, pred, np.arange(len(truth))[None, :], len(labels))[0]
            assert abs(whole - reports[c, s].macro_f1) < 1e-9, "bootstrap macro-F1 disagrees with report()"
            boot[c, s] = bootstrap_macro_f1(truth, pred, index, len(labels))
    seconds = time.perf_counter() - started
    lines = ["# Model selection results", ""]
    lines += [
        f"- command: `python benchmarks/{Path(__file__).name} {shlex.join(sys.argv[1:] if argv is None else argv)}`",
        f"- machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
        f"scikit-learn {sklearn.__version__}, {args.jobs} parallel jobs; wall time {seconds:.0f} s",
        f"- grid: {len(configs)} configurations; (a) computed for {len(cv_configs)}; "
        f"bootstrap: {BOOTSTRAP} paired resamples of the seed sentences",
    ]
    for s in SCHEMES:
        authored, seed = splits[s]
        lines += ["", f"## {s}: {len(authored)} authored, {len(seed)} seed, {len(corpora[s])} sentences in all", ""]
        rows = []
        for rank, c in enumerate(ranked, 1):
            diff = np.mean([boot[c, t] - boot[best, t] for t in SCHEMES], axis=0)
            a = f"{cv[c, s]:.3f}" if (c, s) in cv else "–"
            mark = " (default)" if c == default else ""
            rows.append(
                [str(rank), c.name + mark, f"{reports[c, s].macro_f1:.3f}", f"{mean_b[c]:.3f}",
                 f"{mean_b[c] - mean_b[best]:+.3f} ± {diff.std():.3f}", a]
            )  # fmt: skip
        lines += markdown_table(["#", "configuration", f"(b) {s}", "(b) mean", "Δ mean ± SE", f"(a) {s}"], rows)
    lines += ["", "## Seed-sentence details: the best configuration by (b), then any --detail ones", ""]
    for c in dict.fromkeys([best, *(by_name[n] for n in args.detail)]):
        for s in SCHEMES:
            lines += details(c, s, splits[s][1], reports[c, s], predicted[c, s], float(boot[c, s].std()))
    text = "\n".join(lines)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
