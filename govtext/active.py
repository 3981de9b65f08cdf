"""Active learning: the unseen sentences a model is least sure of, ready to label and train on."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import messages
from .corpus import Corpus, normalise_for_duplicates, read_corpus
from .corpus_check import find_near_duplicates
from .engine.predictor import Labeller
from .errors import InputError
from .io.files import atomic_write
from .io.read import find_articles, read_text
from .text import split_sentences

STRATEGIES = ("margin", "entropy")
# Neighbouring sentences written with each suggestion, on each side.
CONTEXT_SENTENCES = 2
Source = str | Path | tuple[str, str]


@dataclass(frozen=True)
class Suggestion:
    """A sentence worth labelling: the model's guess and how unsure it is."""

    text: str
    guess: str
    score: float
    margin: float
    entropy: float
    source: str
    start: int
    end: int
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def to_corpus_row(self, scheme: str) -> dict[str, Any]:
        """The corpus format with the guess pre-filled as ``label`` (correct it, then train), and the
        neighbouring sentences of the article (``context_before``, ``context_after``) for the labeller."""
        return {
            "text": self.text,
            "label": self.guess,
            "scheme": scheme,
            "source": f"article:{self.source}",
            "guess_score": round(self.score, 4),
            "margin": round(self.margin, 4),
            "context_before": list(self.before),
            "context_after": list(self.after),
        }


def suggest(
    clf: Labeller,
    sources: Iterable[Source],
    *,
    n: int = 50,
    strategy: str = "margin",
    exclude: str | Path | Iterable[str | Path] | Corpus | None = None,
    near_duplicate_threshold: float = 0.8,
    encoding: str | None = None,
) -> list[Suggestion]:
    """Pick the *n* sentences of *sources* that *clf* is least sure of.

    *sources* are article files, folders of them, or ``(name, text)`` pairs.  ``strategy`` ``"margin"`` ranks by
    the gap between the two best probabilities (smallest first), ``"entropy"`` by the entropy of
    the probabilities (largest first).  Sentences already in *exclude* (a labelled corpus), exact
    repeats and near-duplicates of a sentence already picked are skipped.
    """
    if strategy not in STRATEGIES:
        raise ValueError(messages.one_of("strategy", STRATEGIES, strategy))
    if n < 1:
        raise ValueError(messages.at_least("n", 1, n))
    seen: set[str] = set()
    if exclude is not None:
        corpus = exclude if isinstance(exclude, Corpus) else read_corpus(exclude, clf.scheme_)
        seen = {normalise_for_duplicates(t) for t in corpus.texts}
    candidates: list[tuple[str, str, int, int, tuple[str, ...], tuple[str, ...]]] = []
    for name, text in _read_sources(sources, encoding):
        sentences = [s.text for s in split_sentences(text)]
        for number, sentence in enumerate(split_sentences(text)):
            key = normalise_for_duplicates(sentence.text)
            if key not in seen:
                seen.add(key)
                before = tuple(sentences[max(0, number - CONTEXT_SENTENCES) : number])
                after = tuple(sentences[number + 1 : number + 1 + CONTEXT_SENTENCES])
                candidates.append((sentence.text, name, sentence.start, sentence.end, before, after))
    if not candidates:
        return []
    proba = clf.predict_proba([c[0] for c in candidates])
    scored = []
    for (text, name, start, end, before, after), row in zip(candidates, proba, strict=True):
        ordered = sorted(row, reverse=True)
        margin = float(ordered[0] - ordered[1])
        entropy = float(-sum(p * math.log(p) for p in row if p > 0))
        best = int(row.argmax())
        guess = clf.labels[best]
        scored.append(Suggestion(text, guess, float(row[best]), margin, entropy, name, start, end, before, after))
    scored.sort(key=(lambda s: s.margin) if strategy == "margin" else (lambda s: -s.entropy))
    pool = scored[: max(n * 5, 200)]
    similar: dict[int, set[int]] = {}
    for i, j, _ in find_near_duplicates([s.text for s in pool], threshold=near_duplicate_threshold):
        similar.setdefault(i, set()).add(j)
        similar.setdefault(j, set()).add(i)
    chosen: list[int] = []
    for index in range(len(pool)):
        if not similar.get(index, set()) & set(chosen):
            chosen.append(index)
        if len(chosen) == n:
            break
    return [pool[i] for i in chosen]


def write_suggestions(suggestions: list[Suggestion], path: str | Path, scheme: str, *, overwrite: bool = False) -> Path:
    """Write suggestions as corpus JSONL (atomic; refuses to overwrite unless *overwrite*)."""
    lines = "".join(json.dumps(s.to_corpus_row(scheme), ensure_ascii=False) + "\n" for s in suggestions)
    with atomic_write(path, overwrite=overwrite) as handle:
        handle.write(lines.encode("utf-8"))
    return Path(path)


def _read_sources(sources: Iterable[Source], encoding: str | None) -> Iterable[tuple[str, str]]:
    if isinstance(sources, (str, Path)):
        sources = [sources]
    for source in sources:
        if isinstance(source, tuple):
            name, text = source
            if not isinstance(text, str):
                raise TypeError(messages.text_not_a_str(name, text))
            yield str(name), text
            continue
        for found in find_articles([source]):  # a folder gives the article files in it
            if isinstance(found, InputError):
                raise found
            yield found, read_text(found, encoding=encoding)


__all__ = ["CONTEXT_SENTENCES", "STRATEGIES", "Suggestion", "suggest", "write_suggestions"]
