"""The command line's arguments: every command and option, and their checks."""

from __future__ import annotations

import argparse
import codecs
from collections.abc import Callable
from typing import NoReturn

from .. import messages
from .._version import __version__
from .common import show_error


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        show_error(messages.bad_usage(message, self.prog))
        self.exit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govtext", description="Label each sentence of Chinese policy news with its campaign category."
    )
    parser.add_argument("--version", action="version", version=f"govtext {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    classify = commands.add_parser("classify", help="label every sentence of articles (files, folders or - for stdin)")
    classify.add_argument("inputs", nargs="+", metavar="FILE", help="article files, folders of them, or - for stdin")
    _model_options(classify)
    classify.add_argument(
        "--format",
        choices=("table", "jsonl", "csv", "html", "parquet"),
        default="table",
        help="table (default), jsonl, csv (UTF-8 with BOM, for Excel), html (a self-contained page) or parquet "
        "(one row per sentence, written as results stream; needs -o and pip install 'govtext[parquet]')",
    )
    classify.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    classify.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the labels of the table (auto: on a terminal, unless NO_COLOR is set)",
    )
    classify.add_argument("--force", action="store_true", help="replace OUT if it exists")
    classify.add_argument(
        "--encoding", type=_encoding, help="encoding of the input files (default: detected; UTF-8, GB18030, Big5...)"
    )
    classify.add_argument("--top-k", type=_positive_int, default=1, metavar="K", help="also show the K best labels")
    classify.add_argument(
        "--min-score", type=_probability, default=0.0, metavar="S", help="mark sentences scoring below S"
    )
    classify.add_argument(
        "--jobs", type=_jobs, default=1, metavar="N", help="worker processes (-1: every core; default 1)"
    )
    classify.add_argument(
        "--progress", action="store_true", help="show a progress bar even when stderr is not a terminal"
    )
    _context_option(classify)
    _date_option(classify)

    train = commands.add_parser("train", help="train a model on corpus files or folders")
    train.add_argument("corpus", nargs="+", metavar="CORPUS")
    scheme = train.add_mutually_exclusive_group(required=True)
    scheme.add_argument("--scheme", help="a bundled scheme name")
    scheme.add_argument("--scheme-file", metavar="FILE", help="a scheme of your own (TOML or JSON)")
    train.add_argument("-o", "--output", required=True, metavar="MODEL", help="where to write the model (.joblib)")
    train.add_argument("--force", action="store_true", help="replace MODEL if it exists")
    train.add_argument(
        "--cv", type=_folds, default=5, metavar="K", help="cross-validation folds (0 to skip; default 5)"
    )
    train.add_argument("--test", nargs="+", metavar="PATH", help="held-out corpus to report on")
    train.add_argument("--features", choices=("word", "char", "word+char"), help="feature set (default word+char)")
    train.add_argument("--C", type=_positive_float, dest="C", help="inverse regularisation strength (> 0)")
    train.add_argument(
        "--no-context",
        action="store_true",
        help="do not fit the article-context stage (fitted by default from whole articles)",
    )

    evaluate = commands.add_parser("evaluate", help="score a model on a labelled corpus")
    evaluate.add_argument("corpus", nargs="+", metavar="CORPUS")
    _model_options(evaluate)
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument(
        "--plot",
        metavar="PNG",
        help="draw the confusion matrix and a reliability diagram to this PNG (needs matplotlib)",
    )
    evaluate.add_argument("--force", action="store_true", help="replace PNG if it exists")

    explain = commands.add_parser("explain", help="show the terms that decided a sentence's label")
    explain.add_argument("sentences", nargs="+", metavar="SENTENCE")
    _model_options(explain)
    explain.add_argument("--top", type=_positive_int, default=5, metavar="N", help="terms to show per side (default 5)")
    explain.add_argument("--format", choices=("text", "json"), default="text")

    suggest = commands.add_parser("suggest", help="pick the sentences the model is least sure of, to label next")
    suggest.add_argument("inputs", nargs="+", metavar="ARTICLE", help="article files or folders")
    _model_options(suggest)
    suggest.add_argument("-n", type=_positive_int, default=50, help="how many sentences (default 50)")
    suggest.add_argument("--strategy", choices=("margin", "entropy"), default="margin")
    suggest.add_argument(
        "--exclude",
        nargs="+",
        metavar="CORPUS",
        help="labelled corpus to skip (default: the bundled corpus of a bundled model's scheme)",
    )
    suggest.add_argument("-o", "--output", required=True, metavar="OUT", help="JSONL to write, in the corpus format")
    suggest.add_argument("--force", action="store_true", help="replace OUT if it exists")
    suggest.add_argument("--encoding", help="encoding of the input files (default: UTF-8)")

    summarize = commands.add_parser(
        "summarize", help="sentences per category for each article, with totals (CSV, table, stacked bar chart)"
    )
    summarize.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR", help="article files, folders, or - for stdin")
    _model_options(summarize)
    summarize.add_argument(
        "-o",
        "--output",
        metavar="CSV",
        help="write the summary as CSV (UTF-8 with BOM, for Excel; - for standard output), or as Parquet when OUT "
        "ends in .parquet; default: a table",
    )
    summarize.add_argument(
        "--by",
        choices=("month", "quarter", "year"),
        help="one row per period of the articles' dates instead of one per article (undated ones get their own row)",
    )
    summarize.add_argument(
        "--plot",
        metavar="PNG",
        help="draw shares per article as stacked bars, or with --by each category's share over time (needs matplotlib)",
    )
    summarize.add_argument("--force", action="store_true", help="replace CSV and PNG if they exist")
    _context_option(summarize)
    _date_option(summarize)
    summarize.add_argument("--encoding", help="encoding of the input files (default: UTF-8)")

    label = commands.add_parser(
        "label", help="label the sentences suggest picked, one at a time, on a page in your browser (127.0.0.1 only)"
    )
    label.add_argument("input", metavar="TO_LABEL", help="the JSONL that govtext suggest wrote")
    label.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="labelled sentences, in the corpus format (default: TO_LABEL's name with -labelled); "
        "an existing OUT is resumed",
    )
    _model_options(label)
    label.add_argument("--port", type=_port, default=0, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    label.add_argument("--no-browser", action="store_true", help="only print the page's address")

    commands.add_parser("schemes", help="list the schemes and their categories")

    corpus = commands.add_parser("corpus", help="check or summarise a labelled corpus")
    corpus_commands = corpus.add_subparsers(
        dest="corpus_command", required=True, metavar="ACTION", parser_class=_Parser
    )
    for name, text in (
        ("check", "validate: format, labels, duplicates, conflicts"),
        ("stats", "counts and lengths per label"),
    ):
        action = corpus_commands.add_parser(name, help=text)
        action.add_argument("corpus", nargs="+", metavar="PATH")
        group = action.add_mutually_exclusive_group()
        group.add_argument("--scheme", help="check labels against this bundled scheme (default: as the files say)")
        group.add_argument("--scheme-file", metavar="FILE")
    return parser


def _context_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-context",
        action="store_true",
        help="label each sentence alone, without the model's article-context stage (neighbours, whole article)",
    )


def _date_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date-from",
        choices=("auto", "meta", "text", "name", "none"),
        default="auto",
        help="where an article's date comes from: auto (HTML metadata, then a dateline near the top of the text, "
        "then the file name; default), one of those alone, or none",
    )


def _model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--scheme", help="use the bundled model of this scheme (default ningbo)")
    group.add_argument("--model", metavar="PATH", help="use this model file")
    parser.add_argument("--trust", action="store_true", help="load a model file that you did not save yourself")


def _encoding(value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise argparse.ArgumentTypeError(messages.option_unknown_encoding(value)) from None
    return value


MAX_JOBS = 256


def _whole_number(value: str, allowed: Callable[[int], bool], expected: str) -> int:
    """*value* as an int that *allowed* accepts; else an argparse error saying what was *expected*."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.option_not_a_whole_number(value)) from None
    if not allowed(number):
        raise argparse.ArgumentTypeError(messages.option_must_be(expected, value))
    return number


def _jobs(value: str) -> int:
    return _whole_number(
        value, lambda n: n == -1 or 1 <= n <= MAX_JOBS, f"-1 (every core) or 1 to {MAX_JOBS} processes"
    )


def _port(value: str) -> int:
    return _whole_number(value, lambda n: 0 <= n <= 65535, "0 (a free port) to 65535")


def _folds(value: str) -> int:
    return _whole_number(value, lambda n: n == 0 or n >= 2, "0 (no cross-validation) or at least 2 folds")


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.option_not_a_number(value)) from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(messages.option_must_be("a number above 0", value))
    return number


def _positive_int(value: str) -> int:
    return _whole_number(value, lambda n: n >= 1, "at least 1")


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.option_not_a_number(value)) from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(messages.option_must_be("between 0 and 1", value))
    return number


__all__ = ["build_parser"]
