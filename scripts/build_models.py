"""Rebuild the bundled models in models/ from corpus/ (deterministic: fixed random_state).

    python scripts/build_models.py            # both schemes
    python scripts/build_models.py ningbo     # one

Each model's metadata records (a) 5-fold stratified cross-validation on the whole corpus and
(b) the real-text test: a model trained on the authored sentences only, scored on the seed
articles' sentences (real news no one here wrote).
"""

from __future__ import annotations

import sys
from pathlib import Path

import govtext
from govtext.corpus import Corpus, read_articles, read_corpus
from govtext.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent


def split_by_source(corpus: Corpus) -> tuple[Corpus, Corpus]:
    """(authored sentences, seed-article sentences) of a corpus."""
    seed = tuple(e for e in corpus.examples if (e.source or "").startswith("seed:"))
    authored = tuple(e for e in corpus.examples if not (e.source or "").startswith("seed:"))
    return Corpus(corpus.scheme, authored), Corpus(corpus.scheme, seed)


def build(name: str) -> None:
    scheme = govtext.get_scheme(name)
    corpus = read_corpus(ROOT / "corpus" / name, scheme)
    authored, seed = split_by_source(corpus)
    real_text = None
    if len(authored) and len({e.label for e in authored.examples}) > 1:
        real_text = evaluate(
            govtext.train(authored, scheme, cv=0), seed, title="real-text test (train: authored, test: seed articles)"
        )
        print(real_text.to_text())
    articles = read_articles(ROOT / "corpus" / name, scheme)
    clf = govtext.train(
        corpus, scheme, cv=5, articles=articles, progress=lambda m: print(f"[{name}] {m}", file=sys.stderr)
    )
    if real_text is not None:
        clf.metadata_["evaluation"]["real_text"] = real_text.to_dict()
    cv = clf.metadata_["evaluation"]["cross_validation"]
    print(f"{name}: {cv['title']} macro-F1 {cv['macro_f1']:.3f} on {cv['n']} sentences")
    if real_text is not None:
        print(f"{name}: real-text macro-F1 {real_text.macro_f1:.3f} on {real_text.n} seed sentences")
    clf.save(ROOT / "models" / f"{name}.joblib", overwrite=True)


if __name__ == "__main__":
    for scheme_name in sys.argv[1:] or govtext.schemes():
        build(scheme_name)
