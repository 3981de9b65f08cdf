"""The ``govtext`` command: a thin layer over the Python API.  The only module that prints or exits."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import signal
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .errors import GovtextError, GovtextWarning

if TYPE_CHECKING:
    from .inference import CompiledModel, Labeller
    from .model import Classifier
    from .results import ArticleResult

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"govtext: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govtext", description="Label each sentence of Chinese policy news with its campaign category."
    )
    from ._version import __version__

    parser.add_argument("--version", action="version", version=f"govtext {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    classify = commands.add_parser("classify", help="label every sentence of articles (files, folders or - for stdin)")
    classify.add_argument("inputs", nargs="+", metavar="FILE", help="article files, folders of them, or - for stdin")
    _model_options(classify)
    classify.add_argument(
        "--format",
        choices=("table", "jsonl", "csv", "html"),
        default="table",
        help="table (default), jsonl, csv (UTF-8 with BOM, for Excel) or html (a self-contained page)",
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
        "--jobs", type=int, default=1, metavar="N", help="worker processes (-1: every core; default 1)"
    )
    classify.add_argument(
        "--progress", action="store_true", help="show a progress bar even when stderr is not a terminal"
    )

    train = commands.add_parser("train", help="train a model on corpus files or folders")
    train.add_argument("corpus", nargs="+", metavar="CORPUS")
    scheme = train.add_mutually_exclusive_group(required=True)
    scheme.add_argument("--scheme", help="a bundled scheme name")
    scheme.add_argument("--scheme-file", metavar="FILE", help="a scheme of your own (TOML or JSON)")
    train.add_argument("-o", "--output", required=True, metavar="MODEL", help="where to write the model (.joblib)")
    train.add_argument("--force", action="store_true", help="replace MODEL if it exists")
    train.add_argument("--cv", type=int, default=5, metavar="K", help="cross-validation folds (0 to skip; default 5)")
    train.add_argument("--test", nargs="+", metavar="PATH", help="held-out corpus to report on")
    train.add_argument("--features", choices=("word", "char", "word+char"), help="feature set (default word+char)")
    train.add_argument("--C", type=float, dest="C", help="inverse regularisation strength")

    evaluate = commands.add_parser("evaluate", help="score a model on a labelled corpus")
    evaluate.add_argument("corpus", nargs="+", metavar="CORPUS")
    _model_options(evaluate)
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument("--plot", metavar="PNG", help="draw the confusion matrix to this PNG (needs matplotlib)")
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
        help="write the summary as CSV (UTF-8 with BOM, for Excel; - for standard output); default: a table",
    )
    summarize.add_argument("--plot", metavar="PNG", help="draw shares per article as stacked bars (needs matplotlib)")
    summarize.add_argument("--force", action="store_true", help="replace CSV and PNG if they exist")
    summarize.add_argument("--encoding", help="encoding of the input files (default: UTF-8)")

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


def _model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--scheme", help="use the bundled model of this scheme (default ningbo)")
    group.add_argument("--model", metavar="PATH", help="use this model file")
    parser.add_argument("--trust", action="store_true", help="load a model file that you did not save yourself")


def _encoding(value: str) -> str:
    import codecs

    try:
        codecs.lookup(value)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r} (try utf-8, gb18030, big5)") from None
    return value


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return number


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return number


# -- entry point ----------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {
        "classify": _classify,
        "train": _train,
        "evaluate": _evaluate,
        "summarize": _summarize,
        "schemes": _schemes,
        "explain": _explain,
        "suggest": _suggest,
        "corpus": _corpus,
    }[args.command]
    with warnings.catch_warnings(), _terminate_as_interrupt():
        warnings.simplefilter("always", GovtextWarning)
        warnings.showwarning = _show_warning
        try:
            return handler(args)
        except GovtextError as error:
            return _fail(str(error))
        except (FileExistsError, IsADirectoryError) as error:
            return _fail(str(error))
        except BrokenPipeError:  # the reader went away (`govtext classify ... | head`): not an error
            _discard_stdout()
            return 0
        except OSError as error:
            return _fail(_os_error(error))
        except KeyboardInterrupt:
            return _fail("interrupted; nothing was written", status=130)
        except MemoryError:
            return _fail("out of memory; give fewer or smaller files at a time")
        except Exception as error:  # a bug: still one line, the traceback only on request
            if os.environ.get("GOVTEXT_DEBUG"):
                raise
            return _fail(f"internal error ({type(error).__name__}: {error}); set GOVTEXT_DEBUG=1 to see where")


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a plain ``kill``) unwinds like Ctrl-C, so temporary files are removed, not left behind."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _os_error(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    print(f"govtext: warning: {message}", file=sys.stderr)


def _fail(message: str, *, status: int = 2) -> int:
    print(f"govtext: error: {message}", file=sys.stderr)
    return status


def _load_model(args: argparse.Namespace) -> Classifier:
    from .persist import load

    return load(args.model or args.scheme, trusted=args.trust)


def _load_predictor(args: argparse.Namespace) -> Classifier | CompiledModel:
    """A model for labelling only: its data-only prediction section when the file has one (fast start,
    no scikit-learn import, nothing unpickled)."""
    from .persist import load_predictor

    return load_predictor(args.model or args.scheme, trusted=args.trust)


# -- classify -------------------------------------------------------------------------------
def _classify(args: argparse.Namespace) -> int:
    _refuse_existing(args.output, force=args.force)
    if args.jobs == 0:
        return _fail("--jobs must be a number of processes (-1 for every core), not 0")
    model = _load_predictor(args)
    articles, failures = _read_and_classify(
        model,
        args.inputs,
        args.encoding,
        top_k=args.top_k,
        min_score=args.min_score,
        jobs=args.jobs,
        progress=args.progress,
    )
    if args.format == "html":
        from .html_report import render_html

        title = "govtext: " + (articles[0][0] if len(articles) == 1 else f"{len(articles)} articles")
        rendered = render_html(articles, model.labels, min_score=args.min_score, other=model.scheme_.other, title=title)
    else:
        results = [(name, result) for name, _, result in articles]
        colours = _label_colours(model) if _use_colour(args.color, args.output) else None
        rendered = _render(results, args.format, top_k=args.top_k, colours=colours)
    _emit(rendered, args.output, force=args.force, bom=args.format == "csv")
    return 2 if failures else 0


def _read_and_classify(
    model: Labeller,
    inputs: Sequence[str],
    encoding: str | None,
    *,
    top_k: int = 1,
    min_score: float = 0.0,
    jobs: int = 1,
    progress: bool = False,
) -> tuple[list[tuple[str, str, ArticleResult]], int]:
    """(name, text, result) for every readable input; unreadable ones are reported and counted.

    Files are read here (so the texts are at hand for reports), then labelled with
    :func:`~govtext.batch.classify_many` on *jobs* processes, with a progress bar on a terminal.
    """
    from .batch import classify_many
    from .text import read_text

    failures = 0
    texts: list[tuple[str, str]] = []
    for name in _expand_inputs(inputs):
        try:
            if isinstance(name, GovtextError):
                raise name
            texts.append((name, read_text(name, encoding=encoding)))
        except GovtextError as error:
            failures += 1
            print(f"govtext: error: {error}", file=sys.stderr)
    stream = classify_many(texts, model, n_jobs=jobs, batch_size=8, top_k=top_k, min_score=min_score)
    results = _with_progress(stream, len(texts), progress)
    return [(name, text, result) for (name, text), result in zip(texts, results, strict=True)], failures


def _refuse_existing(*outputs: str | None, force: bool) -> None:
    """Fail before any work when an output cannot be written or exists and --force was not given."""
    for output in outputs:
        _check_output(output, force=force)


def _use_colour(choice: str, output: str | None) -> bool:
    """--color always/never win; auto colours a terminal unless NO_COLOR is set (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    if output not in (None, "-") or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _label_colours(model: Labeller) -> dict[str, str]:
    from .palette import label_colours

    return label_colours(model.labels, other=model.scheme_.other)


def _with_progress(results: Iterator[ArticleResult], total: int, forced: bool) -> Iterator[ArticleResult]:
    """A tqdm progress bar on stderr when it is a terminal (or when asked), counting articles."""
    if not (forced or sys.stderr.isatty()) or (total < 2 and not forced):
        yield from results
        return
    from tqdm import tqdm

    yield from tqdm(results, total=total, unit="article", file=sys.stderr, disable=False)


def _expand_inputs(inputs: Sequence[str]) -> Iterator[str | GovtextError]:
    """File names; a folder gives the article files in it, or an error when it holds none."""
    from .errors import InputError

    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
            )
            if not found:
                yield InputError(f"folder holds no article files ({', '.join(ARTICLE_SUFFIXES)})", path=name)
            yield from map(str, found)
        else:
            yield name


def _check_output(output: str | None, *, force: bool) -> None:
    """Refuse an existing output file before any work is done, unless --force."""
    if output is None or output == "-":
        return
    from .errors import InputError

    path = Path(output)
    if path.is_dir():
        raise InputError("is a folder; give a file name", path=output)
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise InputError(f"cannot write there: {blocker} is a file, not a folder", path=output)
    if Path(output).exists() and not force:
        raise FileExistsError(f"{output}: already exists; use --force to replace it")


def _render(
    results: list[tuple[str, ArticleResult]], fmt: str, *, top_k: int, colours: dict[str, str] | None = None
) -> str:
    out = io.StringIO()
    if fmt == "jsonl":
        for name, result in results:
            for s in result.sentences:
                row: dict[str, Any] = {
                    "file": name,
                    "index": s.index,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "label": s.label,
                    "score": round(s.score, 4),
                }
                if top_k > 1:
                    row["top"] = [[label, round(p, 4)] for label, p in s.top]
                if s.low_confidence:
                    row["low_confidence"] = True
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["file", "index", "start", "end", "text", "label", "score", "low_confidence"])
        for name, result in results:
            for s in result.sentences:
                writer.writerow(
                    [name, s.index, s.start, s.end, s.text, s.label, f"{s.score:.4f}", int(s.low_confidence)]
                )
    else:
        _render_table(results, out, top_k=top_k, colours=colours)
    return out.getvalue()


def _render_table(
    results: list[tuple[str, ArticleResult]], out: TextIO, *, top_k: int, colours: dict[str, str] | None = None
) -> None:
    """Aligned by display width (CJK counts two columns); labels coloured when *colours* is given."""
    from ._display import align_table, colour

    def paint(label: str) -> str:
        return colour(label, colours[label]) if colours and label in colours else label

    for number, (name, result) in enumerate(results):
        if number:
            out.write("\n")
        out.write(f"== {name}: {len(result)} sentences ==\n")
        rows = [["#", "label", "score", "text"]]
        for s in result.sentences:
            score = f"{s.score:.2f}" + ("?" if s.low_confidence else "")
            if top_k > 1:
                score += " (" + ", ".join(f"{label} {p:.2f}" for label, p in s.top[1:]) + ")"
            rows.append([str(s.index), paint(s.label), score, s.text])
        for line in align_table(rows, right=(0,)):
            out.write(line + "\n")
        counts = ", ".join(f"{paint(label)} {n}" for label, n in result.counts.items())
        out.write(f"counts: {counts}\n")


def _emit(text: str, output: str | None, *, force: bool, bom: bool = False) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ._files import write_text_atomic

    try:
        write_text_atomic(output, text, overwrite=force, encoding="utf-8-sig" if bom else "utf-8")
    except (FileExistsError, IsADirectoryError):
        raise
    except OSError as error:
        raise GovtextError(f"{output}: cannot write: {error.strerror or error}") from None
    print(f"govtext: wrote {output}", file=sys.stderr)


# -- summarize ------------------------------------------------------------------------------
def _summarize(args: argparse.Namespace) -> int:
    from .summary import summarize

    _refuse_existing(args.output, args.plot, force=args.force)
    clf = _load_predictor(args)
    articles, failures = _read_and_classify(clf, args.inputs, args.encoding)
    if not articles:
        return _fail("no article could be read; nothing to summarize")
    summary = summarize([(name, result) for name, _, result in articles], clf.labels)
    if args.output in (None, "-"):
        _emit(summary.to_csv() if args.output == "-" else summary.to_text() + "\n", None, force=False)
    else:
        summary.save_csv(args.output, overwrite=args.force)
        print(f"govtext: wrote {args.output}", file=sys.stderr)
    if args.plot:
        summary.plot(args.plot, overwrite=args.force, other=clf.scheme_.other)
        print(f"govtext: wrote {args.plot}", file=sys.stderr)
    return 2 if failures else 0


# -- train / evaluate -------------------------------------------------------------------------
def _train(args: argparse.Namespace) -> int:
    from .schemes import get_scheme, load_scheme_file
    from .training import train

    scheme = load_scheme_file(args.scheme_file) if args.scheme_file else get_scheme(args.scheme)
    _check_output(args.output, force=args.force)
    params = {k: v for k, v in (("features", args.features), ("C", args.C)) if v is not None}
    clf = train(args.corpus, scheme, cv=args.cv, test=args.test, progress=_progress, **params)
    evaluation = clf.metadata.get("evaluation", {})
    for key, title in (("cross_validation", "cross-validated"), ("held_out", "held-out test")):
        if key in evaluation:
            print(_report_from_dict(evaluation[key], title))
            print()
    clf.save(args.output, overwrite=args.force)
    corpus = clf.metadata["corpus"]
    print(f"govtext: trained on {corpus['size']} sentences ({scheme.name}); wrote {args.output}", file=sys.stderr)
    return 0


def _progress(message: str) -> None:
    print(f"govtext: {message}", file=sys.stderr, flush=True)


def _report_from_dict(data: dict[str, Any], title: str) -> str:
    from .evaluation import LabelScore, Report

    per_label = tuple(
        LabelScore(label, v["precision"], v["recall"], v["f1"], v["support"]) for label, v in data["per_label"].items()
    )
    report = Report(
        tuple(data["labels"]),
        per_label,
        data["macro_f1"],
        data["accuracy"],
        tuple(tuple(r) for r in data["confusion"]),
        data["n"],
        f"{title}: {data.get('title', '')}".rstrip(": "),
    )
    return report.to_text(confusion=False)


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate

    _check_output(args.plot, force=args.force)
    clf = _load_predictor(args)
    report = evaluate(clf, args.corpus, title=f"{', '.join(args.corpus)} ({clf.scheme_.name} model)")
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    if args.plot:
        report.plot(args.plot, overwrite=args.force)
        print(f"govtext: wrote {args.plot}", file=sys.stderr)
    return 0


# -- explain / suggest -----------------------------------------------------------------------
def _explain(args: argparse.Namespace) -> int:
    clf = _load_model(args)
    explanations = [clf.explain(sentence, top=args.top) for sentence in args.sentences]
    if args.format == "json":
        for explanation in explanations:
            print(json.dumps(explanation.to_dict(), ensure_ascii=False))
    else:
        print("\n\n".join(e.to_text() for e in explanations))
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from ._files import bundled_dir
    from .active import suggest, write_suggestions

    if Path(args.output).exists() and not args.force:
        return _fail(f"{args.output}: already exists; use --force to replace it")
    clf = _load_predictor(args)
    exclude = args.exclude
    if exclude is None and not args.model:
        exclude = [bundled_dir("corpus") / clf.scheme_.name]
    inputs: list[str | Path | tuple[str, str]] = []
    for name in _expand_inputs(args.inputs):
        if isinstance(name, GovtextError):
            raise name
        inputs.append(name)
    picked = suggest(
        clf,
        inputs,
        n=args.n,
        strategy=args.strategy,
        exclude=exclude,
        encoding=args.encoding,
    )
    write_suggestions(picked, args.output, clf.scheme_.name, overwrite=args.force)
    print(f"govtext: wrote {len(picked)} sentences to label to {args.output}", file=sys.stderr)
    return 0


# -- schemes / corpus -------------------------------------------------------------------------
def _schemes(args: argparse.Namespace) -> int:
    from .schemes import get_scheme, schemes

    for number, name in enumerate(schemes()):
        scheme = get_scheme(name)
        if number:
            print()
        print(f"{name}{' (default)' if number == 0 else ''}: {scheme.title}")
        for category in scheme.categories:
            print(f"  {category.label}  {category.description}")
        print(f"  {scheme.other}  none of the above")
    return 0


def _corpus(args: argparse.Namespace) -> int:
    from .corpus_tools import check_corpus, corpus_stats
    from .schemes import load_scheme_file

    scheme = load_scheme_file(args.scheme_file) if args.scheme_file else args.scheme
    if args.corpus_command == "check":
        problems, summary = check_corpus(args.corpus, scheme)
        for line in problems:
            print(f"govtext: error: {line}", file=sys.stderr)
        print(summary)
        return 2 if problems else 0
    print(corpus_stats(args.corpus, scheme))
    return 0


__all__ = ["build_parser", "main"]
