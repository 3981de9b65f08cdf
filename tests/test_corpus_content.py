"""The bundled corpus: provenance, size, variety, and independence from the test articles."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

import govtext
from govtext.corpus_check import find_near_duplicates

from .conftest import ARTICLES, ROOT

SCHEMES = ("ningbo", "yuecheng")
BASE_FIELDS = ("text", "label", "scheme", "source")
OPTIONAL_FIELDS = ("subtopic", "article", "index")  # sub-topic coverage lines; whole-article lines
LONGEST_SHARED_RUN = 12  # an authored sentence may not share this many characters in a row with a seed article


def rows(scheme: str) -> list[dict[str, str]]:
    out = []
    for path in sorted((ROOT / "corpus" / scheme).glob("*.jsonl")):
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_line_has_provenance_and_the_scheme(scheme: str) -> None:
    articles = {p.stem for p in ARTICLES.glob("*.txt")}
    for row in rows(scheme):
        assert {"text", "label", "scheme", "source"} <= set(row) <= {*BASE_FIELDS, *OPTIONAL_FIELDS}
        assert ("article" in row) == ("index" in row)
        assert row["scheme"] == scheme
        assert row["source"] == "authored" or row["source"].removeprefix("seed:") in articles


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_seed_sentence_is_labelled(scheme: str) -> None:
    by_source = Counter(r["source"] for r in rows(scheme))
    for article in ARTICLES.glob("*.txt"):
        sentences = [s.text for s in govtext.split_sentences(article.read_text(encoding="utf-8"))]
        assert by_source[f"seed:{article.stem}"] == len(sentences)
        seed_rows = [r for r in rows(scheme) if r["source"] == f"seed:{article.stem}"]
        assert [
            r["text"] for r in sorted(seed_rows, key=lambda r: r["index"])
        ] == sentences  # the whole article, in order


@pytest.mark.parametrize("scheme", SCHEMES)
def test_size_per_label(scheme: str) -> None:
    authored = Counter(r["label"] for r in rows(scheme) if r["source"] == "authored")
    labels = govtext.get_scheme(scheme).labels
    assert set(authored) == set(labels)
    for label in labels:
        assert authored[label] >= (500 if label == "其他" else 250), label


@pytest.mark.parametrize("scheme", SCHEMES)
def test_categories_are_learned_from_content_not_names(scheme: str) -> None:
    data = rows(scheme)
    for label in govtext.get_scheme(scheme).labels[:-1]:
        texts = [r["text"] for r in data if r["label"] == label]
        share = sum(label in t for t in texts) / len(texts)
        assert share <= 0.10, f"{label}: {share:.1%} of its sentences name it"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_sentence_carries_two_labels_and_no_duplicates(scheme: str) -> None:
    seen: dict[str, dict[str, str]] = {}
    for row in rows(scheme):
        key = "".join(row["text"].split())
        if key in seen:
            first = seen[key]
            # page furniture recurs in whole articles (and may be a sentence of its own too), with one label
            assert "article" in row or "article" in first, f"repeated: {row['text']}"
            assert first["label"] == row["label"], f"two labels: {row['text']}"
            continue
        seen[key] = row
    corpus = govtext.read_corpus(ROOT / "corpus" / scheme, scheme)  # raises on conflicting labels
    assert len(corpus) == len(seen)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_near_duplicates(scheme: str) -> None:
    texts = [r["text"] for r in rows(scheme) if r["source"] == "authored" and "article" not in r]
    pairs = find_near_duplicates(texts, threshold=0.8)
    assert [(texts[i], texts[j]) for i, j, _ in pairs] == []


def test_near_duplicate_detector_sees_swapped_numbers() -> None:
    texts = ["全市新开工项目12个,总投资30亿元。", "全市新开工项目15个,总投资42亿元。", "党员干部深入一线。"]
    assert [(i, j) for i, j, _ in find_near_duplicates(texts)] == [(0, 1)]


def test_authored_sentences_do_not_copy_the_seed_articles() -> None:
    seed_text = "".join("".join(p.read_text(encoding="utf-8").split()) for p in ARTICLES.glob("*.txt"))
    runs = {seed_text[i : i + LONGEST_SHARED_RUN] for i in range(len(seed_text) - LONGEST_SHARED_RUN + 1)}
    copied = []
    for scheme in SCHEMES:
        for row in rows(scheme):
            if row["source"] != "authored":
                continue
            text = "".join(row["text"].split())
            if any(text[i : i + LONGEST_SHARED_RUN] in runs for i in range(len(text) - LONGEST_SHARED_RUN + 1)):
                copied.append(row["text"])
    assert copied == []


def test_authored_sentences_vary_in_length_and_figures() -> None:
    for scheme in SCHEMES:
        texts = [r["text"] for r in rows(scheme) if r["source"] == "authored"]
        lengths = [len(t) for t in texts]
        assert sum(n <= 20 for n in lengths) / len(lengths) > 0.10
        assert sum(n > 80 for n in lengths) / len(lengths) > 0.08
        with_figures = sum(bool(re.search(r"\d", t)) for t in texts) / len(texts)
        assert 0.3 < with_figures < 0.7


def _subtopics(scheme: str) -> dict[str, dict[str, str]]:
    """label -> {sub-topic name: description} from corpus/<scheme>/subtopics-*.json."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "corpus" / scheme).glob("subtopics-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["subtopics"]:
            assert item["name"].strip() and item["description"].strip(), path
            assert item["name"] not in out.setdefault(data["label"], {}), f"{path}: {item['name']} twice"
            out[data["label"]][item["name"]] = item["description"]
    return out


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_category_has_50_subtopics_with_4_sentences_each(scheme: str) -> None:
    listed = _subtopics(scheme)
    labels = govtext.get_scheme(scheme).labels
    assert set(listed) == set(labels)
    per_subtopic = Counter((r["label"], r["subtopic"]) for r in rows(scheme) if "subtopic" in r)
    for label in labels:
        names = listed[label]
        assert len(names) >= (40 if label == "其他" else 50), label
        for name in names:
            assert per_subtopic[(label, name)] >= 4, (label, name)
    for label, name in per_subtopic:
        assert name in listed[label], f"{label}: sentences for an unlisted sub-topic {name!r}"
    lengths = [len(r["text"]) for r in rows(scheme) if "subtopic" in r]
    assert min(lengths) >= 8 and max(lengths) <= 120


@pytest.mark.parametrize("scheme", SCHEMES)
def test_at_least_120_authored_whole_articles(scheme: str) -> None:
    articles = govtext.corpus.read_articles(ROOT / "corpus" / scheme, scheme)
    authored = [a for a in articles if all(e.source == "authored" for e in a.examples)]
    assert len(authored) >= 120
    for article in authored:
        assert 6 <= len(article.examples) <= 40, article.name
        assert [e.index for e in article.examples] == list(range(len(article.examples)))
        assert Counter(article.labels).most_common(1)[0][0] == "其他" or len(set(article.labels)) > 1
    other_share = sum(label == "其他" for a in authored for label in a.labels) / sum(len(a.examples) for a in authored)
    assert 0.4 < other_share < 0.8  # most lines of a page are 其他; categories come in the flow
