"""Accuracy on real news: score models on labelled real-text development files.

Usage: python benchmarks/realtext.py DEV.jsonl... [--model PATH]... [--allow FILE] [--no-bundled]

Each DEV line: ``{"text", "label", "alt" (optional second defensible label), "scheme", "url",
"article", "index", "kind"}``, sentences in article order; ``kind`` is "run" (consecutive sentences
cut from a longer article) or "article" (a whole short article, page furniture included).

Before scoring, the repository's corpus, tests, docs, README and examples are searched for any run
of 20 characters (whitespace removed) shared with a dev sentence, and for any whole dev sentence of 12
to 19 characters; if one is found the script lists it and refuses to score.  Official names that
real and authored text both use may be allow-listed, by exact string, in
``benchmarks/realtext_allow.txt`` (at most 10).

For the bundled model of each scheme and every ``--model`` file of that scheme it prints, with the
context stage off ("sentence") and on ("context"): strict and alt-accepted macro-F1, macro-F1 on
the whole-article sentences, the mean absolute error of per-article label shares, expected
calibration error of the top score, and per-label precision/recall/F1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govtext  # noqa: E402
from govtext.engine.context import expected_calibration_error  # noqa: E402
from govtext.evaluation import report  # noqa: E402

RUN = 20
WHOLE = 12  # a dev sentence this long (or longer) may not appear whole; shorter ones are furniture
MAX_ALLOWED = 10
SEARCHED = ("corpus", "tests", "docs", "examples", "README.md", "benchmarks", "govtext", "scripts")
TEXT_SUFFIXES = {".jsonl", ".json", ".csv", ".tsv", ".txt", ".md", ".py", ".html"}
DEFAULT_ALLOW = ROOT / "benchmarks" / "realtext_allow.txt"


def read_allowed(path: Path) -> list[str]:
    """The allow-listed official names (one per line, # comments), or [] without the file."""
    if not path.is_file():
        return []
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def read_dev(paths: list[str]) -> dict[str, list[dict[str, Any]]]:
    by_scheme: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{path}:{number}"
                by_scheme[row["scheme"]].append(row)
    return by_scheme


def shared_runs(rows: list[dict[str, Any]], allowed: list[str]) -> list[str]:
    """Places in the repository that share a 20-character run with a dev sentence, or hold a whole dev
    sentence of at least ``WHOLE`` characters (end punctuation aside)."""
    runs: dict[str, str] = {}
    whole: dict[str, str] = {}
    for row in rows:
        text = "".join(row["text"].split())
        for name in allowed:
            text = text.replace(name, "\x00")
        for i in range(len(text) - RUN + 1):
            piece = text[i : i + RUN]
            if "\x00" not in piece:
                runs.setdefault(piece, row["_where"])
        core = text.rstrip("。！？；!?;")
        if WHOLE <= len(core) < RUN and "\x00" not in core:
            whole.setdefault(core, row["_where"])
    by_length: dict[int, dict[str, str]] = {}
    for core, where in whole.items():
        by_length.setdefault(len(core), {})[core] = where
    found = []
    for top in SEARCHED:
        base = ROOT / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.suffix in TEXT_SUFFIXES)
        for path in files:
            content = "".join(path.read_text(encoding="utf-8", errors="replace").split())
            hit = _first_hit(content, RUN, runs)
            for length, table in by_length.items():
                hit = hit or _first_hit(content, length, table)
            if hit:
                found.append(f"{path.relative_to(ROOT)} shares {hit[0]!r} with {hit[1]}")
    return found


def _first_hit(content: str, size: int, table: dict[str, str]) -> tuple[str, str] | None:
    for i in range(len(content) - size + 1):
        where = table.get(content[i : i + size])
        if where:
            return content[i : i + size], where
    return None


def score(model: Any, rows: list[dict[str, Any]], *, use_context: bool) -> dict[str, Any]:
    labels = model.labels
    articles: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        articles[f"{row['url']}#{row['article']}"].append(i)
    proba = np.zeros((len(rows), len(labels)))
    stage = model.context_stage if hasattr(model, "context_stage") else getattr(model, "context", None)
    for members in articles.values():
        members.sort(key=lambda i: rows[i]["index"])
        texts = [rows[i]["text"] for i in members]
        p = model.predict_proba(texts)
        if use_context and stage is not None:
            p = stage.apply(p, texts)
        proba[members] = p
    predicted = [labels[i] for i in proba.argmax(axis=1)]
    truth = [row["label"] for row in rows]
    accepted = [
        p if p in (row["label"], row.get("alt")) else row["label"] for p, row in zip(predicted, rows, strict=True)
    ]
    strict = report(truth, predicted, labels)
    whole = [i for i, row in enumerate(rows) if row["kind"] == "article"]
    share_errors = []
    for members in articles.values():
        true_share = np.array([sum(truth[i] == label for i in members) for label in labels]) / len(members)
        pred_share = np.array([sum(predicted[i] == label for i in members) for label in labels]) / len(members)
        share_errors.append(np.abs(true_share - pred_share).mean())
    correct = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    return {
        "strict": strict,
        "alt": report(accepted, predicted, labels).macro_f1,
        "whole": report([truth[i] for i in whole], [predicted[i] for i in whole], labels).macro_f1 if whole else None,
        "share_mae": float(np.mean(share_errors)),
        "ece": expected_calibration_error(proba, correct),
        "n": len(rows),
        "n_whole": len(whole),
        "n_articles": len(articles),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev", nargs="+")
    parser.add_argument("--model", action="append", default=[], help="a model file to score too (repeatable)")
    parser.add_argument("--allow", default=str(DEFAULT_ALLOW))
    parser.add_argument("--no-bundled", action="store_true", help="score only the --model files")
    args = parser.parse_args(argv)
    allow_path = Path(args.allow)
    allowed = read_allowed(allow_path)
    if len(allowed) > MAX_ALLOWED:
        print(f"realtext: {allow_path} allows {len(allowed)} names; at most {MAX_ALLOWED}", file=sys.stderr)
        return 2
    by_scheme = read_dev(args.dev)
    found = shared_runs([r for rows in by_scheme.values() for r in rows], allowed)
    if found:
        print(
            f"realtext: refusing to score: the repository shares {RUN}-character runs with the dev set:",
            file=sys.stderr,
        )
        for line in found:
            print("  " + line, file=sys.stderr)
        return 1
    print(f"No {RUN}-character run of the dev set found in the repository ({len(allowed)} allow-listed names).\n")
    models = [(f"bundled {name}", name) for name in by_scheme if not args.no_bundled]
    models += [(path, path) for path in args.model]
    for scheme, rows in by_scheme.items():
        print(f"## {scheme}: {len(rows)} sentences\n")
        print("| model | stage | strict macro-F1 | alt-accepted | whole-article macro-F1 | share MAE | ECE |")
        print("|---|---|---|---|---|---|---|")
        details = []
        for title, spec in models:
            model = govtext.load(spec, trusted=True) if spec not in govtext.schemes() else govtext.load(spec)
            if model.scheme.name != scheme:
                continue
            stages = [False, True] if model.context_stage is not None else [False]
            for use_context in stages:
                s = score(model, rows, use_context=use_context)
                whole = "-" if s["whole"] is None else f"{s['whole']:.3f}"
                stage = "context" if use_context else "sentence"
                print(
                    f"| {title} | {stage} | {s['strict'].macro_f1:.3f} | {s['alt']:.3f} | {whole} "
                    f"| {s['share_mae']:.3f} | {s['ece']:.3f} |"
                )
                details.append((title, stage, s))
        counts = defaultdict(int)
        for row in rows:
            counts[row["kind"]] += 1
        print(f"\n{dict(counts)} sentences; {details[0][2]['n_articles'] if details else 0} articles\n")
        for title, stage, s in details:
            print(f"{title}, {stage} stage, per label:\n")
            print("| label | precision | recall | F1 | support |")
            print("|---|---|---|---|---|")
            for item in s["strict"].per_label:
                print(f"| {item.label} | {item.precision:.2f} | {item.recall:.2f} | {item.f1:.2f} | {item.support} |")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
