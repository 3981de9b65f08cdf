"""Classify time against input length, with and without sentence punctuation: is it linear?

Usage: python benchmarks/linelength.py [--max-mb 50] [--rounds 1]

The text is the bundled corpus's sentences (UTF-8, about 3 bytes a character), shuffled and repeated to
each size.  "punctuated" keeps them as written, one per line; "one line, no punctuation" removes every
sentence end and line break, so the whole input is one line that the splitter must cut by length.  For
each size it prints seconds, MB per second, and the cost per MB relative to the 1 MB run of the same
kind in this process (1.0 everywhere means linear; growing numbers mean super-linear).  Below 1 MB
fixed costs dominate, so no ratio is printed there.  Every sentence carries a running number, so none
repeats (repeated sentences are scored once, which would flatter long inputs).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govtext  # noqa: E402
from govtext.modelfile.loader import load_predictor  # noqa: E402

SIZES_KB = (1, 10, 100, 1024, 10 * 1024, 50 * 1024)
_ENDS = re.compile(r"[。！？!?；;\r\n]")


def sample_text(n_bytes: int, *, punctuated: bool, seed: int = 0) -> str:
    sentences = govtext.read_corpus(ROOT / "corpus" / "ningbo", "ningbo").texts
    random.Random(seed).shuffle(sentences)
    pieces: list[str] = []
    size = 0
    while size < n_bytes:
        for sentence in sentences:
            sentence = f"{sentence}（{len(pieces)}）"  # no two alike: repeated sentences are scored once
            piece = sentence + "\n" if punctuated else _ENDS.sub("，", sentence)
            pieces.append(piece)
            size += len(piece.encode("utf-8"))
            if size >= n_bytes:
                break
    return "".join(pieces)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=float, default=50)
    parser.add_argument("--rounds", type=int, default=1, help="runs per size; the fastest counts")
    args = parser.parse_args(argv)
    model = load_predictor("ningbo")
    model.classify("预热。")  # load jieba and the tables before timing
    sizes = [kb for kb in SIZES_KB if kb <= args.max_mb * 1024]
    print("| input | size | sentences | seconds | MB/s | cost per MB vs 1 MB |")
    print("|---|---|---|---|---|---|")
    for punctuated in (True, False):
        kind = "punctuated" if punctuated else "one line, no punctuation"
        per_mb: dict[int, float] = {}
        rows = []
        for kb in sizes:
            text = sample_text(kb * 1024, punctuated=punctuated)
            best = float("inf")
            for _ in range(args.rounds):
                started = time.perf_counter()
                result = model.classify(text, context=True)
                best = min(best, time.perf_counter() - started)
            mb = len(text.encode("utf-8")) / 2**20
            per_mb[kb] = best / mb
            rows.append((kb, len(result.sentences), best, mb))
        reference = per_mb.get(1024, per_mb[max(per_mb)])
        for kb, n, seconds, mb in rows:
            label = f"{kb} KB" if kb < 1024 else f"{kb // 1024} MB"
            ratio = f"{per_mb[kb] / reference:.2f}" if kb >= 1024 else "-"
            print(f"| {kind} | {label} | {n} | {seconds:.3f} | {mb / seconds:.2f} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
