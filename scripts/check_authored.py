"""Check newly authored corpus files before they join the corpus.

Usage: python scripts/check_authored.py SCHEME FILE...

Coverage files (``coverage-*.jsonl``) hold sentences with a ``subtopic`` field naming an entry of the
scheme's ``subtopics-*.json`` lists; article files (``articles-*.jsonl``) hold whole authored articles
with ``article`` and ``index`` fields.  Prints every problem (file:line first) and a summary; exits 1
when there is a problem.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govtext.corpus_check import find_near_duplicates  # noqa: E402
from govtext.schemes import get_scheme  # noqa: E402

SEED_RUN = 12


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    scheme = get_scheme(argv[0])
    files = [Path(a) for a in argv[1:]]
    folder = ROOT / "corpus" / scheme.name
    problems: list[str] = []
    subtopics: dict[str, set[str]] = defaultdict(set)
    for path in sorted(folder.glob("subtopics-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for item in data["subtopics"]:
                if not item.get("name") or not item.get("description"):
                    problems.append(f"{path}: subtopic without name or description: {item}")
                subtopics[data["label"]].add(item["name"])
        except (ValueError, KeyError, TypeError) as error:
            problems.append(f"{path}: not a subtopic list: {error}")
    seed_text = "".join(
        "".join(p.read_text(encoding="utf-8").split()) for p in (ROOT / "corpus/articles").glob("*.txt")
    )
    seed_runs = {seed_text[i : i + SEED_RUN] for i in range(len(seed_text) - SEED_RUN + 1)}
    others: dict[str, tuple[str, str]] = {}
    other_texts: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.resolve() in {f.resolve() for f in files}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                key = "".join(row["text"].split())
                others.setdefault(key, (row["label"], f"{path.name}:{number}"))
                if not path.name.startswith("articles-"):
                    other_texts.append(row["text"])
    for path in files:
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except ValueError as error:
                problems.append(f"{where}: not JSON: {error}")
                continue
            rows.append((where, row))
        is_articles = path.name.startswith("articles-")
        expected = {"text", "label", "scheme", "source"} | ({"article", "index"} if is_articles else {"subtopic"})
        seen: dict[str, tuple[str, str]] = {}
        per_subtopic: Counter[tuple[str, str]] = Counter()
        articles: dict[str, list[int]] = defaultdict(list)
        for where, row in rows:
            if set(row) != expected:
                problems.append(f"{where}: fields {sorted(row)}, expected {sorted(expected)}")
                continue
            text, label = row["text"], row["label"]
            if row["scheme"] != scheme.name or row["source"] != "authored":
                problems.append(f"{where}: scheme must be {scheme.name!r} and source 'authored'")
            if label not in scheme.labels:
                problems.append(f"{where}: unknown label {label!r}")
            if text != text.strip() or not text:
                problems.append(f"{where}: empty text or leading/trailing space")
            key = "".join(text.split())
            if is_articles:
                articles[str(row["article"])].append(row["index"])
                if key in others and others[key][0] != label:
                    problems.append(f"{where}: same text labelled {others[key][0]} at {others[key][1]}")
                if key in seen and seen[key][0] != label:
                    problems.append(f"{where}: same text labelled {seen[key][0]} at {seen[key][1]}")
            else:
                if not 8 <= len(text) <= 120:
                    problems.append(f"{where}: {len(text)} characters (8-120 allowed)")
                if row["subtopic"] not in subtopics.get(label, set()):
                    problems.append(f"{where}: subtopic {row['subtopic']!r} is not in the {label} list")
                per_subtopic[(label, row["subtopic"])] += 1
                if key in others:
                    problems.append(f"{where}: already in the corpus at {others[key][1]}")
                if key in seen:
                    problems.append(f"{where}: repeated from {seen[key][1]}")
            seen.setdefault(key, (label, where))
            if any(key[i : i + SEED_RUN] in seed_runs for i in range(len(key) - SEED_RUN + 1)):
                problems.append(f"{where}: shares {SEED_RUN} characters in a row with a seed article")
        for article, indexes in articles.items():
            if sorted(indexes) != list(range(len(indexes))):
                problems.append(f"{path}: article {article!r}: index must run 0..n-1, got {sorted(indexes)}")
            if not 6 <= len(indexes) <= 40:
                problems.append(f"{path}: article {article!r} has {len(indexes)} sentences (6-40 allowed)")
        for (label, name), count in per_subtopic.items():
            if count < 4:
                problems.append(f"{path}: subtopic {label}/{name}: {count} sentences (at least 4)")
        texts = [row["text"] for _, row in rows if "text" in row]
        if not is_articles:
            for i, j, sim in find_near_duplicates(texts):
                problems.append(f"{path}: near-duplicates ({sim:.2f}) within the file: {texts[i]} ~ {texts[j]}")
            for i, j, sim in find_near_duplicates(texts, against=other_texts):
                problems.append(f"{path}: near-duplicate ({sim:.2f}) of the corpus: {texts[i]} ~ {other_texts[j]}")
        labels = Counter(row.get("label") for _, row in rows)
        lengths = [len(t) for t in texts] or [0]
        print(f"{path}: {len(rows)} lines, " + ", ".join(f"{k} {v}" for k, v in labels.items()))
        if is_articles:
            print(f"  {len(articles)} articles")
        else:
            print(f"  {len(per_subtopic)} subtopics")
        figures = sum(bool(re.search(r"\d", t)) for t in texts) / max(len(texts), 1)
        short = sum(n <= 20 for n in lengths) / len(lengths)
        long = sum(n > 80 for n in lengths) / len(lengths)
        print(f"  with figures {figures:.0%}, <=20 chars {short:.0%}, >80 chars {long:.0%}")
        for label in scheme.labels[:-1]:
            own = [row["text"] for _, row in rows if row.get("label") == label]
            named = sum(label in t for t in own)
            if named:
                print(f"  {label}: {named} of {len(own)} sentences name the category")
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
