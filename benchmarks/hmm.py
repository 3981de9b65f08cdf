"""Should segmentation use jieba's HMM (new-word guessing)?  Measures both sides of the decision.

    python benchmarks/hmm.py

1. Identity: over every corpus sentence and both articles, how many sentences rjieba cuts differently
   from jieba, with the HMM off and on (govtext may use rjieba only where the tokens are identical).
2. Accuracy: the real-text test (train on authored sentences, score on the seed articles) and 5-fold
   cross-validation, with jieba's HMM off (govtext's setting) and on.
"""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_models import split_by_source  # noqa: E402

import govtext  # noqa: E402
from govtext import segment  # noqa: E402
from govtext.evaluation import cross_validate, evaluate  # noqa: E402


def texts() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpus").glob("*/*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    for path in sorted((ROOT / "corpus" / "articles").glob("*.txt")):
        out += path.read_text(encoding="utf-8").splitlines()
    return [t for t in out if t.strip()]


def identity() -> None:
    import rjieba

    slow = segment._tokenizer(())
    fast = rjieba.Jieba()
    for term, freq in segment.domain_dictionary():
        fast.add_word(term, freq, None)
    sample = texts()
    print("| HMM | sentences | rjieba cuts differently | examples |")
    print("|---|---|---|---|")
    for hmm in (False, True):
        differ = [t for t in sample if fast.cut(t, hmm) != slow.lcut(t, HMM=hmm)]
        example = "; ".join(differ[:2])[:80]
        print(f"| {'on' if hmm else 'off'} | {len(sample)} | {len(differ)} | {example} |")


def accuracy() -> None:
    print("| HMM | scheme | real-text macro-F1 (b) | 5-fold CV macro-F1 (a) |")
    print("|---|---|---|---|")
    for hmm in (False, True):
        segment._cutters.clear()
        segment._cutters[()] = partial(segment._tokenizer(()).lcut, HMM=hmm)
        for name in govtext.schemes():
            corpus = govtext.read_corpus(ROOT / "corpus" / name, name)
            authored, seed = split_by_source(corpus)
            real = evaluate(govtext.train(authored, name, cv=0), seed).macro_f1
            cv = cross_validate(govtext.Classifier(scheme=govtext.get_scheme(name)), corpus).macro_f1
            print(f"| {'on' if hmm else 'off'} | {name} | {real:.3f} | {cv:.3f} |")
    segment._cutters.clear()


if __name__ == "__main__":
    identity()
    print()
    accuracy()
