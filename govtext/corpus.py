"""Labelled corpora: read JSONL/CSV/TSV files or folders, validate them, summarise them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import messages
from .errors import CorpusError, InputError
from .schemes import Scheme, get_scheme

CORPUS_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}
_SHOWN_SUFFIXES = (".jsonl", ".csv", ".tsv")  # as messages name them (.ndjson is .jsonl by another name)
REQUIRED_FIELDS = ("text", "label")


@dataclass(frozen=True)
class Example:
    """One labelled sentence and where it was read from."""

    text: str
    label: str
    scheme: str | None = None
    source: str | None = None
    path: str = ""
    line: int = 0
    article: str | None = None
    index: int | None = None
    subtopic: str | None = None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Corpus:
    """Validated examples of one scheme (exact duplicates kept once)."""

    scheme: Scheme
    examples: tuple[Example, ...]
    duplicates: tuple[tuple[Example, Example], ...] = field(default=(), repr=False)

    @property
    def texts(self) -> list[str]:
        return [e.text for e in self.examples]

    @property
    def labels(self) -> list[str]:
        return [e.label for e in self.examples]

    def counts(self) -> dict[str, int]:
        """Examples per label, every label of the scheme present, in scheme order."""
        counter = Counter(self.labels)
        return {label: counter.get(label, 0) for label in self.scheme.labels}

    def digest(self) -> str:
        """SHA-256 of the (text, label) pairs, independent of file order and layout."""
        lines = sorted(json.dumps([e.text, e.label], ensure_ascii=False) for e in self.examples)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    def __len__(self) -> int:
        return len(self.examples)


@dataclass(frozen=True)
class Article:
    """One whole labelled article of a corpus: its sentences in page order."""

    name: str
    examples: tuple[Example, ...]

    @property
    def texts(self) -> list[str]:
        return [e.text for e in self.examples]

    @property
    def labels(self) -> list[str]:
        return [e.label for e in self.examples]


def read_articles(paths: str | Path | Iterable[str | Path], scheme: str | Scheme | None = None) -> list[Article]:
    """The whole articles of a corpus: lines with ``article`` and ``index`` fields, grouped by
    article (name qualified by its file) in index order.  The corpus is validated as by
    :func:`read_corpus` first; repeated page furniture stays in every article it appears in.
    """
    corpus = read_corpus(paths, scheme)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    grouped: dict[tuple[str, str], list[Example]] = {}
    for example in iter_examples(paths):
        if example.article is not None and example.label in corpus.scheme.labels:
            grouped.setdefault((example.path, example.article), []).append(example)
    return [
        Article(name, tuple(sorted(examples, key=lambda e: e.index or 0))) for (_, name), examples in grouped.items()
    ]


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders (recursively) into corpus files, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)
            if not found:
                raise InputError(messages.folder_holds_no("corpus", _SHOWN_SUFFIXES), path=path)
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in CORPUS_SUFFIXES:
                raise InputError(messages.not_a_corpus_file(path.suffix, _SHOWN_SUFFIXES), path=path)
            files.append(path)
        elif not path.exists():
            raise InputError(messages.no_such_file(or_folder=True), path=path)
        else:
            raise InputError(messages.not_a_regular_file(), path=path)
    return files


def iter_examples(paths: Iterable[str | Path], problems: list[InputError] | None = None) -> Iterator[Example]:
    """Yield every well-formed example of *paths*; bad lines go to *problems* (or raise at once)."""
    for path in corpus_files(paths):
        for item in _read_file(path):
            if isinstance(item, InputError):
                if problems is None:
                    raise CorpusError([item])
                problems.append(item)
            else:
                yield item


def read_corpus(
    paths: str | Path | Iterable[str | Path], scheme: str | Scheme | None = None, *, max_problems: int = 50
) -> Corpus:
    """Read and validate a corpus for *scheme* (default: the scheme the examples name, else ningbo).

    Raises :class:`CorpusError` listing every bad line by file and line: malformed rows, missing
    fields, labels outside the scheme, a scheme field naming another scheme, and the same text
    with two labels.

    >>> from govtext.io.files import bundled_dir
    >>> corpus = read_corpus(bundled_dir("corpus") / "ningbo")
    >>> corpus.scheme.name, len(corpus) > 1000, len(corpus.digest())
    ('ningbo', True, 64)
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    elif not isinstance(paths, Iterable) or isinstance(paths, bytes):
        raise TypeError(messages.needs("read_corpus", "a path or a list of paths", paths))
    paths = list(paths)
    for path in paths:
        if not isinstance(path, (str, Path)):
            raise TypeError(messages.needs("read_corpus", "paths as str or Path", path))
    problems: list[InputError] = []
    examples = list(iter_examples(paths, problems))
    resolved = get_scheme(scheme if scheme is not None else _named_scheme(examples))
    kept: dict[str, Example] = {}
    duplicates: list[tuple[Example, Example]] = []
    for example in examples:
        if example.scheme not in (None, "", resolved.name):
            problems.append(
                InputError(messages.other_scheme(example.scheme, resolved.name), path=example.path, line=example.line)
            )
            continue
        if example.label not in resolved.labels:
            problems.append(
                InputError(
                    messages.unknown_label(example.label, resolved.name, resolved.labels),
                    path=example.path,
                    line=example.line,
                )
            )
            continue
        key = normalise_for_duplicates(example.text)
        first = kept.get(key)
        if first is None:
            kept[key] = example
        elif first.label != example.label:
            problems.append(
                InputError(
                    messages.conflicting_labels(example.label, first.label, first.where),
                    path=example.path,
                    line=example.line,
                )
            )
        else:
            duplicates.append((first, example))
    if problems:
        raise CorpusError(problems[:max_problems])
    if not kept:
        raise CorpusError([InputError(messages.no_sentences(), path=", ".join(map(str, paths)))])
    return Corpus(resolved, tuple(kept.values()), tuple(duplicates))


def normalise_for_duplicates(text: str) -> str:
    """The key under which two sentences count as the same: whitespace removed."""
    return "".join(text.split())


def _named_scheme(examples: list[Example]) -> str:
    named = {e.scheme for e in examples if e.scheme}
    return named.pop() if len(named) == 1 else "ningbo"


def _read_file(path: Path) -> Iterator[Example | InputError]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield InputError(messages.cannot_read(error), path=path)
        return
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        yield InputError(messages.not_utf8(), path=path, line=line)
        return
    kind = CORPUS_SUFFIXES[path.suffix.lower()]
    if kind == "jsonl":
        yield from _read_jsonl(path, content)
    else:
        yield from _read_delimited(path, content, "\t" if kind == "tsv" else ",")


def _read_jsonl(path: Path, content: str) -> Iterator[Example | InputError]:
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(messages.not_valid_json(error.msg, error.colno), path=path, line=number)
            continue
        if not isinstance(row, dict):
            yield InputError(messages.line_not_json_object(row), path=path, line=number)
            continue
        yield _example(row, path, number)


def _read_delimited(path: Path, content: str, delimiter: str) -> Iterator[Example | InputError]:
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as error:
        yield InputError(messages.unreadable_header(error), path=path, line=1)
        return
    missing = [f for f in REQUIRED_FIELDS if f not in header]
    if missing:
        other = next((d for d in (";", "\t", ",", "|") if d != delimiter and d in "".join(header)), None)
        yield InputError(messages.csv_header_lacks(missing, header, delimiter, other), path=path, line=1)
        return
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield InputError(messages.malformed_row(error), path=path, line=reader.line_num)
            return
        if not any(v.strip() for v in values):
            continue
        if len(values) < len(header) and "\n" in values[-1]:
            opened_at = reader.line_num - values[-1].rstrip("\n").count("\n")
            if next(reader, None) is None:
                yield InputError(messages.unclosed_quote(), path=path, line=opened_at)
                return
        if len(values) != len(header):
            yield InputError(messages.column_count(len(header), len(values)), path=path, line=reader.line_num)
            continue
        yield _example(dict(zip(header, values, strict=True)), path, reader.line_num)


def _example(row: dict[str, object], path: Path, line: int) -> Example | InputError:
    for name in REQUIRED_FIELDS:
        value = row.get(name)
        if value is None:
            return InputError(messages.missing_field(name), path=path, line=line)
        if not isinstance(value, str):
            return InputError(messages.field_not_a_string(name, value), path=path, line=line)
        if not value.strip():
            return InputError(messages.empty_field(name), path=path, line=line)
    optional = {}
    for name in ("scheme", "source", "subtopic"):
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            return InputError(messages.field_not_a_string(name, value), path=path, line=line)
        optional[name] = value or None
    article, raw_index = row.get("article"), row.get("index")
    index = -1
    if (article is None) != (raw_index in (None, "")):
        return InputError(messages.article_without_index(), path=path, line=line)
    if article is not None:
        if not isinstance(article, (str, int)) or isinstance(article, bool) or not str(article).strip():
            return InputError(messages.empty_article_name(), path=path, line=line)
        try:
            index = int(str(raw_index))
        except ValueError:
            index = -1
        if index < 0:
            return InputError(messages.bad_index(row.get("index")), path=path, line=line)
    return Example(
        str(row["text"]).strip(),
        str(row["label"]).strip(),
        optional["scheme"],
        optional["source"],
        str(path),
        line,
        None if article is None else str(article).strip(),
        None if article is None else index,
        optional["subtopic"],
    )


__all__ = [
    "Article",
    "Corpus",
    "Example",
    "corpus_files",
    "iter_examples",
    "normalise_for_duplicates",
    "read_articles",
    "read_corpus",
]
