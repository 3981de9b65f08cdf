"""Batch classification: many articles, in input order, on every core or a Dask cluster.

Work is cut into batches of articles; each batch is one joblib task, so
``with joblib.parallel_config(backend="dask"):`` runs it on a Dask cluster unchanged.  A model
given by name or path travels to workers as that name or path and is loaded once per worker
process; a model object is shipped with the task (joblib's Dask backend scatters it once).
Input is consumed lazily and at most a few batches are in flight, so memory stays bounded
however long the input is.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from . import messages
from .dates import SOURCES, date_of_file, find_date
from .engine.predictor import Labeller
from .errors import InputError
from .io.read import read_text
from .modelfile.loader import load_predictor
from .results import ArticleResult

Item = Any  # str | os.PathLike[str] | (name, text) | (name, text, date) | Unreadable


@dataclass(frozen=True)
class Unreadable:
    """An input its caller already failed to read: classify_many gives it an empty result whose
    ``error`` is *error* (or raises it as an InputError with ``errors="raise"``)."""

    name: str
    error: str


@dataclass(frozen=True)
class ModelRef:
    """A model by scheme name or file path: what workers get instead of the model itself."""

    spec: str
    trusted: bool = False


def classify_many(
    texts_or_paths: Iterable[Item],
    model: str | Path | Labeller | None = None,
    *,
    n_jobs: int | None = None,
    batch_size: int = 64,
    encoding: str | None = None,
    top_k: int = 1,
    min_score: float = 0.0,
    errors: str = "raise",
    trusted: bool = False,
    context: bool = True,
    date_from: str = "auto",
) -> Iterator[ArticleResult]:
    """Classify many articles; yields one :class:`ArticleResult` per input, in input order.

    Items that are ``pathlib.Path`` (or any path-like) are read as files; a ``(name, text)`` pair is
    a text with a name, a ``(name, text, date)`` triple one with its date; a plain ``str`` is read
    as a file when such a file exists, else classified as text.  Each result's ``date`` is the one
    given, else found in the page's metadata, a dateline near the top of the text or the file name
    (``date_from``: ``auto``, ``meta``, ``text``, ``name`` or ``none``; see :mod:`govtext.dates`).
    ``model`` is a scheme name, a model path or a loaded model (default: the bundled ``ningbo``).
    ``n_jobs`` follows joblib (``-1``: every core; ``None``: joblib's current configuration, else 1).
    ``context=False`` labels each sentence alone, without the model's article-context stage.  With
    ``errors="report"`` an unreadable file gives an empty result whose ``error`` says why, instead
    of raising.

    >>> [r.counts["项目争速"] for r in classify_many(["项目争速是主要抓手。", "今天天气晴。"])]
    [1, 0]
    """
    if errors not in ("raise", "report"):
        raise ValueError(messages.one_of("errors", ("raise", "report"), errors))
    if date_from not in SOURCES:
        raise ValueError(messages.one_of("date_from", SOURCES, date_from))
    if batch_size < 1:
        raise ValueError(messages.at_least("batch_size", 1, batch_size))
    if isinstance(texts_or_paths, (str, bytes, os.PathLike)):
        raise TypeError(messages.one_article_for_many(texts_or_paths))
    target: Any = (
        ModelRef(str(model or "ningbo"), trusted) if model is None or isinstance(model, (str, Path)) else model
    )
    options = {
        "encoding": encoding,
        "top_k": top_k,
        "min_score": min_score,
        "errors": errors,
        "context": context,
        "date_from": date_from,
    }
    batches = _batches(texts_or_paths, batch_size)
    if n_jobs == 1 and "joblib" not in sys.modules:
        # One process asked for, and no joblib configuration can be active (joblib was never
        # imported): the batches run here, without the 50 ms of importing joblib.
        for batch in batches:
            yield from _classify_batch(target, batch, options)
        return
    from joblib import Parallel, delayed  # lazy: joblib's process pool is heavy to import

    parallel = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
    for results in parallel(delayed(_classify_batch)(target, batch, options) for batch in batches):
        yield from results


def _batches(items: Iterable[Item], size: int) -> Iterator[list[tuple[int, Item]]]:
    iterator = enumerate(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _classify_batch(target: Any, batch: list[tuple[int, Item]], options: dict[str, Any]) -> list[ArticleResult]:
    """One task: read the batch's files, label all its sentences with one prediction call."""
    model = _model(target) if isinstance(target, ModelRef) else target
    texts: list[str] = []
    names: list[str] = []
    dates: list[dt.date | None] = []
    failures: dict[int, str] = {}
    for position, (index, item) in enumerate(batch):
        name, text, date = _read(index, item, options, failures, position)
        names.append(name)
        texts.append(text)
        dates.append(date)
    labelling = {"top_k": options["top_k"], "min_score": options["min_score"], "context": options["context"]}
    results = model.classify_many(texts, **labelling)
    return [
        replace(result, source=name, error=failures.get(position), date=date)
        for position, (result, name, date) in enumerate(zip(results, names, dates, strict=True))
    ]


def _read(
    index: int, item: Item, options: dict[str, Any], failures: dict[int, str], position: int
) -> tuple[str, str, dt.date | None]:
    """(name, text, date) of one item."""
    source = options["date_from"]
    if isinstance(item, Unreadable):
        if options["errors"] == "raise":
            raise InputError(item.error)
        failures[position] = item.error
        return item.name, "", None
    if isinstance(item, tuple):
        if len(item) not in (2, 3):
            raise TypeError(messages.item_tuple_size(index, len(item)))
        name, text = item[0], item[1]
        given = item[2] if len(item) == 3 else None
        if not isinstance(text, str):
            raise TypeError(messages.item_text_not_a_str(index, name, text))
        if given is not None and not isinstance(given, dt.date):
            raise TypeError(messages.item_date_not_a_date(index, name, given))
        if isinstance(given, dt.datetime):
            given = given.date()
        return str(name), text, find_date(text, str(name), given=given, source=source)
    is_path = isinstance(item, os.PathLike) or (
        isinstance(item, str) and "\n" not in item and len(item) < 4096 and os.path.isfile(item)
    )
    if not is_path:
        if not isinstance(item, str):
            raise TypeError(messages.item_not_text_or_path(index, item))
        return f"<text {index}>", item, find_date(item, None, source=source)
    name = os.fspath(item)
    try:
        text = read_text(name, encoding=options["encoding"])
    except InputError as error:
        if options["errors"] == "raise":
            raise
        failures[position] = str(error)
        return name, "", None
    return name, text, date_of_file(name, text, source=source)


@lru_cache(maxsize=4)
def _model(ref: ModelRef) -> Any:
    """The model a worker process uses for *ref*: loaded once per process."""
    return load_predictor(ref.spec, trusted=ref.trusted)


__all__ = ["ModelRef", "Unreadable", "classify_many"]
