"""``govtext classify`` and ``govtext summarize``: label articles, streaming (Parquet too).

Results come from :func:`~govtext.classify_many` in input order and are written as they come
(to standard output, or to a temporary file renamed over ``-o`` at the end), so a folder of
thousands of files keeps memory bounded.  File names are each result's ``source``.  Only the
HTML page, which shows every article's text, holds the texts it shows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from ..batch import Unreadable, classify_many
from ..dates import date_of_file
from ..engine.predictor import Predictor
from ..errors import GovtextError
from ..io.files import atomic_write
from ..io.read import find_articles, read_text
from ..palette import label_colours
from ..parquet import write_sentences
from ..report.html import render_html
from ..report.summary import summarize as summarize_results
from ..report.tables import write_results
from ..results import ArticleResult
from .common import check_outputs, fail, output_name, predictor, refuse_input_as_output, say, with_progress


class ArticlePath(os.PathLike[str]):
    """A file name that :func:`~govtext.classify_many` reads as a file, whatever it looks like."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __fspath__(self) -> str:
        return self.name


def classify(args: argparse.Namespace) -> int:
    check_outputs(args.output, force=args.force)
    refuse_input_as_output(args.inputs, args.output)
    model = predictor(args)
    if args.top_k > len(model.labels):
        return fail(f"argument --top-k: at most {len(model.labels)} (the model's labels), not {args.top_k}")
    if args.format == "parquet" and args.output in (None, "-"):
        return fail("--format parquet writes a binary file: give it with -o FILE.parquet")
    options = {"top_k": args.top_k, "min_score": args.min_score, "context": not args.no_context}
    names, failures = _article_names(args.inputs)
    if args.format == "html":
        return _classify_to_html(args, model, names, failures, options)
    colours = label_colours(model.labels, other=model.scheme_.other) if _use_colour(args) else None
    failed = 0

    def readable() -> Iterator[ArticleResult]:
        nonlocal failed
        for result in _classified(model, names, args, options):
            if result.error is None:
                yield result
            else:
                failed += 1
                fail(result.error)

    if args.format == "parquet":  # written in row groups as results come, atomically
        rows = write_sentences(
            ((_shown_name(r), r) for r in readable()), args.output, top_k=args.top_k, overwrite=args.force
        )
        say(f"wrote {rows} sentences to {args.output}")
    else:
        with _output(args.output, force=args.force, bom=args.format == "csv") as out:
            write_results(readable(), out, args.format, top_k=args.top_k, colours=colours, name=_shown_name)
    failures += failed
    return 2 if failures else 0


def summarize(args: argparse.Namespace) -> int:
    check_outputs(args.output, args.plot, force=args.force)
    refuse_input_as_output(args.inputs, args.output, args.plot)
    model = predictor(args)
    names, failures = _article_names(args.inputs)
    readable = 0

    def counted() -> Iterator[tuple[str, ArticleResult]]:
        nonlocal failures, readable
        for result in _classified(model, names, args, {"context": not args.no_context}):
            if result.error is not None:
                failures += 1
                fail(result.error)
            else:
                readable += 1
                yield _shown_name(result), result

    summary = summarize_results(counted(), model.labels, by=args.by)
    if not readable:  # each unreadable file has had its line already
        return 2 if failures else fail("no article could be read; nothing to summarize")
    if args.output in (None, "-"):
        sys.stdout.write(summary.to_csv() if args.output == "-" else summary.to_text() + "\n")
        sys.stdout.flush()
    elif args.output.lower().endswith(".parquet"):
        summary.save_parquet(args.output, overwrite=args.force)
        say(f"wrote {args.output}")
    else:
        summary.save_csv(args.output, overwrite=args.force)
        say(f"wrote {args.output}")
    if args.plot:
        summary.plot(args.plot, overwrite=args.force, other=model.scheme_.other)
        say(f"wrote {args.plot}")
    return 2 if failures else 0


# -- helpers ------------------------------------------------------------------------------------
def _article_names(inputs: Sequence[str]) -> tuple[list[str], int]:
    """The article files the inputs name (folders expanded); folders without any are reported."""
    names, failures = [], 0
    for found in find_articles(inputs):
        if isinstance(found, GovtextError):
            failures += 1
            fail(str(found))
        else:
            names.append(found)
    return names, failures


def _classified(
    model: Predictor, names: list[str], args: argparse.Namespace, options: dict[str, Any]
) -> Iterator[ArticleResult]:
    """Results for *names* in order; an unreadable file gives a result whose ``error`` says why."""
    stream = classify_many(
        (_item(name, args.encoding) for name in names),
        model,
        n_jobs=getattr(args, "jobs", 1),
        batch_size=8,
        encoding=args.encoding,
        errors="report",
        date_from=args.date_from,
        **options,
    )
    return with_progress(stream, len(names), getattr(args, "progress", False))


def _item(name: str, encoding: str | None) -> ArticlePath | tuple[str, str] | Unreadable:
    """Files are read where they are classified; standard input is read here, once (an
    unreadable one becomes a name that classify_many reports as unreadable)."""
    if name != "-":
        return ArticlePath(name)
    try:
        return ("-", read_text("-", encoding=encoding))
    except GovtextError as error:
        return Unreadable("-", str(error))


def _shown_name(result: ArticleResult) -> str:
    return output_name(result.source or "")


def _classify_to_html(
    args: argparse.Namespace, model: Predictor, names: list[str], failures: int, options: dict[str, Any]
) -> int:
    """The HTML page shows every article's text, so the texts are read here and kept for it."""
    texts: list[tuple[str, str, dt.date | None]] = []
    for name in names:
        try:
            text = read_text(name, encoding=args.encoding)
        except GovtextError as error:
            failures += 1
            fail(str(error))
            continue
        texts.append((output_name(name), text, date_of_file(name, text, source=args.date_from)))
    stream = classify_many(texts, model, n_jobs=args.jobs, batch_size=8, date_from=args.date_from, **options)
    results = with_progress(stream, len(texts), args.progress)
    articles = [(name, text, result) for (name, text, _), result in zip(texts, results, strict=True)]
    title = "govtext: " + (articles[0][0] if len(articles) == 1 else f"{len(articles)} articles")
    page = render_html(articles, model.labels, min_score=args.min_score, other=model.scheme_.other, title=title)
    with _output(args.output, force=args.force) as out:
        out.write(page)
    return 2 if failures else 0


class _output:
    """Standard output, or a temporary file beside *output* renamed over it when all went well."""

    def __init__(self, output: str | None, *, force: bool, bom: bool = False) -> None:
        self.output = None if output in (None, "-") else output
        self.force, self.encoding = force, "utf-8-sig" if bom else "utf-8"

    def __enter__(self) -> TextIO:
        if self.output is None:
            return sys.stdout
        self._atomic = atomic_write(self.output, overwrite=self.force)
        try:
            handle = self._atomic.__enter__()
        except (FileExistsError, IsADirectoryError):
            raise
        except OSError as failure:
            raise GovtextError(f"{self.output}: cannot write: {failure.strerror or failure}") from None
        self._text = io.TextIOWrapper(handle, encoding=self.encoding, newline="")
        return self._text

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.output is None:
            sys.stdout.flush()
            return
        self._text.flush()
        self._text.detach()  # the binary handle stays open for atomic_write to sync and rename
        try:
            self._atomic.__exit__(kind, error, trace)
        except FileExistsError:
            raise
        except OSError as failure:
            raise GovtextError(f"{self.output}: cannot write: {failure.strerror or failure}") from None
        if kind is None:
            say(f"wrote {self.output}")


def _use_colour(args: argparse.Namespace) -> bool:
    """--color always/never win; auto colours a terminal unless NO_COLOR is set (https://no-color.org)."""
    if args.color != "auto":
        return bool(args.color == "always")
    if args.output not in (None, "-") or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


__all__ = ["classify", "summarize"]
