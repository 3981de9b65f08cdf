"""Corpus quality: the checks and summaries behind ``govtext corpus check|stats``, and near-duplicates."""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import messages
from .corpus import Example, iter_examples, normalise_for_duplicates, read_articles, read_corpus
from .errors import InputError
from .report.display import align_table
from .schemes import Scheme, get_scheme

NEAR_DUPLICATE_THRESHOLD = 0.8
_DIGITS = re.compile(r"[0-9０-９.%％]+")
_NOT_WORD = re.compile(r"[\W_]+")


def shape(text: str) -> str:
    """A sentence with digits folded and punctuation and spaces removed: what near-duplicates share."""
    return _NOT_WORD.sub("", _DIGITS.sub("0", text))


def find_near_duplicates(
    texts: Sequence[str], *, threshold: float = NEAR_DUPLICATE_THRESHOLD, against: Sequence[str] = ()
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) whose character-trigram Jaccard similarity (digits folded) is at
    least *threshold*.  Without *against*, pairs within *texts* (i < j); with it, ``j`` indexes
    *against*."""
    from sklearn.feature_extraction.text import CountVectorizer  # lazy: scikit-learn is heavy

    left = [shape(t) or t for t in texts]
    right = [shape(t) or t for t in against] if against else left
    if not left or not right:
        return []
    vectorizer = CountVectorizer(analyzer=_trigrams, binary=True, dtype="float32")
    vectorizer.fit(left + (right if against else []))
    a, b = vectorizer.transform(left), vectorizer.transform(right)
    size_a, size_b = a.sum(axis=1).A1, b.sum(axis=1).A1
    pairs = []
    for start in range(0, a.shape[0], 512):
        block = (a[start : start + 512] @ b.T).toarray()
        union = size_a[start : start + 512, None] + size_b[None, :] - block
        similarity = block / (union + (union == 0))
        for i, j in zip(*(similarity >= threshold).nonzero(), strict=True):
            gi = start + int(i)
            if against or gi < int(j):
                pairs.append((gi, int(j), float(similarity[i, j])))
    return pairs


def _trigrams(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(len(text) - 2)] or [text]


def check_corpus(paths: Iterable[str | Path], scheme: str | Scheme | None = None) -> tuple[list[str], str]:
    """Every problem of a corpus (one line each, file:line first) and a summary with counts.

    Errors: unreadable or malformed lines, missing fields, labels outside the scheme, a scheme
    field naming another scheme, the same sentence twice, the same sentence with two labels.
    Near-duplicates are reported as warnings in the summary.
    """
    paths = list(paths)
    problems: list[InputError] = []
    examples = list(iter_examples(paths, problems))
    named = {e.scheme for e in examples if e.scheme}
    resolved = get_scheme(scheme if scheme is not None else (named.pop() if len(named) == 1 else "ningbo"))
    first_seen: dict[str, Example] = {}
    good: list[Example] = []
    for e in examples:
        if e.scheme not in (None, "", resolved.name):
            problems.append(InputError(messages.other_scheme(e.scheme, resolved.name), path=e.path, line=e.line))
            continue
        if e.label not in resolved.labels:
            problems.append(
                InputError(messages.unknown_label(e.label, resolved.name, resolved.labels), path=e.path, line=e.line)
            )
            continue
        key = normalise_for_duplicates(e.text)
        first = first_seen.setdefault(key, e)
        if first is not e and first.label == e.label and e.article is not None:
            continue  # page furniture that recurs in whole articles is expected there
        if first is not e:
            problems.append(
                InputError(
                    messages.duplicate_of(first.where)
                    if first.label == e.label
                    else messages.conflicting_labels(e.label, first.label, first.where),
                    path=e.path,
                    line=e.line,
                )
            )
            continue
        good.append(e)
    problems += _article_problems(examples)
    sentences = [e for e in good if e.article is None]
    near = find_near_duplicates([e.text for e in sentences])
    counts = Counter(e.label for e in good)
    lines = [f"scheme {resolved.name}: {len(good)} sentences in {len(paths)} path(s)"]
    lines += align_table([[label, str(counts.get(label, 0))] for label in resolved.labels], right=(1,))
    for i, j, similarity in near[:50]:
        lines.append(f"warning: near-duplicate ({similarity:.2f}): {sentences[i].where} ~ {sentences[j].where}")
    if len(near) > 50:
        lines.append(f"warning: {len(near) - 50} more near-duplicate pairs")
    lines.append(f"{len(problems)} error(s), {len(near)} near-duplicate warning(s)")
    return [str(p) for p in problems], "\n".join(lines)


def _article_problems(examples: Iterable[Example]) -> list[InputError]:
    """Articles whose ``index`` fields do not run 0, 1, 2, ... once each."""
    grouped: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for e in examples:
        if e.article is not None:
            grouped[(e.path, e.article)].append(e)
    problems = []
    for (path, article), items in grouped.items():
        seen: dict[int, Example] = {}
        for e in items:
            if e.index in seen:
                problems.append(
                    InputError(messages.index_again(article, e.index, seen[e.index].line), path=path, line=e.line)
                )
            seen.setdefault(e.index or 0, e)
        missing = sorted(set(range(len(seen))) - set(seen))
        if missing:
            problems.append(InputError(messages.index_missing(article, missing[0]), path=path))
    return problems


def corpus_stats(paths: Iterable[str | Path], scheme: str | Scheme | None = None) -> str:
    """Counts, lengths and sources per label of a (valid) corpus."""
    paths = list(paths)
    corpus = read_corpus(paths, scheme)
    by_label: dict[str, list[Example]] = defaultdict(list)
    for e in corpus.examples:
        by_label[e.label].append(e)
    rows = [["label", "sentences", "share", "seed", "authored", "other", "mean chars", "min", "max", "name in text"]]
    total = len(corpus)
    for label in corpus.scheme.labels:
        items = by_label.get(label, [])
        lengths = [len(e.text) for e in items] or [0]
        sources = Counter(_source_kind(e.source) for e in items)
        named = sum(label in e.text for e in items) if label != corpus.scheme.other else 0
        rows.append(
            [
                label,
                str(len(items)),
                f"{len(items) / total:.1%}",
                str(sources["seed"]),
                str(sources["authored"]),
                str(sources["other"]),
                f"{statistics.mean(lengths):.1f}",
                str(min(lengths)),
                str(max(lengths)),
                f"{named / len(items):.1%}" if items and label != corpus.scheme.other else "-",
            ]
        )
    rows.append(["total", str(total), "100.0%", "", "", "", "", "", "", ""])
    header = f"scheme {corpus.scheme.name}, corpus digest {corpus.digest()[:16]}"
    articles = read_articles(paths, corpus.scheme)
    lengths = [len(a.examples) for a in articles]
    subtopics = Counter((e.label, e.subtopic) for e in corpus.examples if e.subtopic)
    extra = [
        f"whole articles: {len(articles)}"
        + (f", {sum(lengths)} sentences, {min(lengths)}-{max(lengths)} per article" if articles else ""),
        f"sub-topics: {len(subtopics)}"
        + (
            ", " + ", ".join(f"{label} {sum(1 for k in subtopics if k[0] == label)}" for label in corpus.scheme.labels)
            if subtopics
            else ""
        ),
    ]
    return "\n".join([header, *align_table(rows, right=tuple(range(1, 10))), *extra])


def _source_kind(source: str | None) -> str:
    if source and source.startswith("seed:"):
        return "seed"
    return "authored" if source == "authored" else "other"


__all__ = ["NEAR_DUPLICATE_THRESHOLD", "check_corpus", "corpus_stats", "find_near_duplicates", "shape"]
