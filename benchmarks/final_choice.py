"""The last comparison before rebuilding the bundled models: protocol (b), the real-text test.

    python benchmarks/final_choice.py [ningbo,yuecheng]

Trains each candidate on the authored sentences of corpus/<scheme>/ and prints its macro-F1 on the
seed articles' sentences (see benchmarks/model_selection.md for the full grid and the noise level).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_models import split_by_source  # noqa: E402

import govtext  # noqa: E402
from govtext.corpus import read_corpus  # noqa: E402
from govtext.evaluation import evaluate  # noqa: E402

CANDIDATES: dict[str, dict[str, Any]] = {
    "char c1-2 C10": {"features": "char", "char_ngram_range": (1, 2)},
    "char c1-3 C10": {"features": "char", "char_ngram_range": (1, 3)},
    "w1-2x0.35+c1-2 C10": {"word_weight": 0.35, "char_ngram_range": (1, 2)},
    "w1-2x0.35+c1-2 C30": {"word_weight": 0.35, "char_ngram_range": (1, 2), "C": 30.0},
    "w1-1x0.35+c1-2 C10": {"word_weight": 0.35, "word_ngram_range": (1, 1), "char_ngram_range": (1, 2)},
    "w1-2x0.35+c1-3 C10 (chosen)": {"word_weight": 0.35, "char_ngram_range": (1, 3)},
    "w1-2x1.0+c1-3 C10 (first default)": {"word_weight": 1.0},
}


def main() -> None:
    schemes = sys.argv[1].split(",") if len(sys.argv) > 1 else list(govtext.schemes())
    data = {name: split_by_source(read_corpus(ROOT / "corpus" / name, name)) for name in schemes}
    print("| configuration | " + " | ".join(f"(b) {n}" for n in schemes) + " | mean |")
    print("|---|" + "---|" * (len(schemes) + 1))
    for label, params in CANDIDATES.items():
        scores = [evaluate(govtext.train(data[n][0], n, cv=0, **params), data[n][1]).macro_f1 for n in schemes]
        cells = " | ".join(f"{s:.3f}" for s in scores)
        print(f"| {label} | {cells} | {sum(scores) / len(scores):.3f} |", flush=True)


if __name__ == "__main__":
    main()
