"""The ``govtext`` command: a thin layer over the Python API.  The only module that prints or exits."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import signal
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli_parser import build_parser
from .errors import GovtextError, GovtextWarning

if TYPE_CHECKING:
    from .inference import CompiledModel, Labeller
    from .model import Classifier
    from .results import ArticleResult

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


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
        "label": _label,
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
    _refuse_input_as_output(args.inputs, args.output)
    model = _load_predictor(args)
    if args.top_k > len(model.labels):
        return _fail(f"argument --top-k: at most {len(model.labels)} (the model's labels), not {args.top_k}")
    if args.format == "parquet":
        return _classify_to_parquet(args, model)
    articles, failures = _read_and_classify(
        model,
        args.inputs,
        args.encoding,
        top_k=args.top_k,
        min_score=args.min_score,
        jobs=args.jobs,
        progress=args.progress,
        context=not args.no_context,
        date_from=args.date_from,
    )
    if args.format == "html":
        from .html_report import render_html

        title = "govtext: " + (articles[0][0] if len(articles) == 1 else f"{len(articles)} articles")
        rendered = render_html(articles, model.labels, min_score=args.min_score, other=model.scheme_.other, title=title)
    else:
        from .render import render_results

        results = [(name, result) for name, _, result in articles]
        colours = _label_colours(model) if _use_colour(args.color, args.output) else None
        rendered = render_results(results, args.format, top_k=args.top_k, colours=colours)
    _emit(rendered, args.output, force=args.force, bom=args.format == "csv")
    return 2 if failures else 0


def _classify_to_parquet(args: argparse.Namespace, model: Labeller) -> int:
    """Stream sentences into a Parquet file: files are read, labelled and written a batch at a time."""
    from .batch import classify_many
    from .parquet import write_sentences

    if args.output in (None, "-"):
        return _fail("--format parquet writes a binary file: give it with -o FILE.parquet")
    failures: list[int] = [0]
    stream = classify_many(
        _read_lazily(args.inputs, args.encoding, args.date_from, failures),
        model,
        n_jobs=args.jobs,
        batch_size=8,
        top_k=args.top_k,
        min_score=args.min_score,
        context=not args.no_context,
        date_from=args.date_from,
    )
    results = ((result.source or "", result) for result in _with_progress(stream, None, args.progress))
    rows = write_sentences(results, args.output, top_k=args.top_k, overwrite=args.force)
    print(f"govtext: wrote {rows} sentences to {args.output}", file=sys.stderr)
    return 2 if failures[0] else 0


def _read_lazily(
    inputs: Sequence[str], encoding: str | None, date_from: str, failures: list[int]
) -> Iterator[tuple[str, str, Any]]:
    """(name, text, date) of each readable input, read as they are needed; each unreadable one gets
    its error line and is counted in ``failures[0]``."""
    from .dates import date_of_file
    from .text import read_text

    for name in _expand_inputs(inputs):
        try:
            if isinstance(name, GovtextError):
                raise name
            text = read_text(name, encoding=encoding)
        except GovtextError as error:
            failures[0] += 1
            print(f"govtext: error: {error}", file=sys.stderr)
            continue
        yield _output_name(name), text, date_of_file(name, text, source=date_from)


def _read_and_classify(
    model: Labeller,
    inputs: Sequence[str],
    encoding: str | None,
    *,
    top_k: int = 1,
    min_score: float = 0.0,
    jobs: int = 1,
    progress: bool = False,
    context: bool = True,
    date_from: str = "auto",
) -> tuple[list[tuple[str, str, ArticleResult]], int]:
    """(name, text, result) for every readable input; unreadable ones are reported and counted.

    Files are read here (so the texts are at hand for reports, and an HTML page's metadata for its
    date), then labelled with :func:`~govtext.batch.classify_many` on *jobs* processes, with a
    progress bar on a terminal.
    """
    from .batch import classify_many

    failed: list[int] = [0]
    texts = list(_read_lazily(inputs, encoding, date_from, failed))
    failures = failed[0]
    stream = classify_many(
        texts,
        model,
        n_jobs=jobs,
        batch_size=8,
        top_k=top_k,
        min_score=min_score,
        context=context,
        date_from=date_from,
    )
    results = _with_progress(stream, len(texts), progress)
    return [(name, text, result) for (name, text, _), result in zip(texts, results, strict=True)], failures


def _refuse_existing(*outputs: str | None, force: bool) -> None:
    """Fail before any work when an output cannot be written or exists and --force was not given."""
    for output in outputs:
        _check_output(output, force=force)


def _output_name(name: str) -> str:
    """A file name as outputs carry it: bytes that are not UTF-8 (kept by the OS as surrogates) as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _refuse_input_as_output(inputs: Sequence[str], *outputs: str | None) -> None:
    """Refuse to write an output over one of the inputs (it would be read and replaced at once)."""
    from .errors import InputError

    for output in outputs:
        if output in (None, "-") or not Path(output).exists():
            continue
        for name in inputs:
            with contextlib.suppress(OSError):
                if name != "-" and os.path.samefile(name, output):
                    raise InputError("is also an input; write the output to another file", path=output)


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


def _with_progress(results: Iterator[ArticleResult], total: int | None, forced: bool) -> Iterator[ArticleResult]:
    """A tqdm progress bar on stderr when it is a terminal (or when asked), counting articles
    (*total* None: not known in advance)."""
    if not (forced or sys.stderr.isatty()) or (total is not None and total < 2 and not forced):
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
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"cannot write there: folder {folder} does not exist; create it first", path=output)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write there: folder {folder} is not writable", path=output)
    if Path(output).exists() and not force:
        raise FileExistsError(f"{output}: already exists; use --force to replace it")


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
    _refuse_input_as_output(args.inputs, args.output, args.plot)
    clf = _load_predictor(args)
    articles, failures = _read_and_classify(
        clf, args.inputs, args.encoding, context=not args.no_context, date_from=args.date_from
    )
    if not articles:  # each unreadable file has had its line already
        return 2 if failures else _fail("no article could be read; nothing to summarize")
    summary = summarize([(name, result) for name, _, result in articles], clf.labels, by=args.by)
    if args.output in (None, "-"):
        _emit(summary.to_csv() if args.output == "-" else summary.to_text() + "\n", None, force=False)
    elif args.output.lower().endswith(".parquet"):
        summary.save_parquet(args.output, overwrite=args.force)
        print(f"govtext: wrote {args.output}", file=sys.stderr)
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
    _refuse_input_as_output(args.corpus, args.output)
    params = {k: v for k, v in (("features", args.features), ("C", args.C)) if v is not None}
    clf = train(
        args.corpus, scheme, cv=args.cv, test=args.test, progress=_progress, context=not args.no_context, **params
    )
    evaluation = clf.metadata.get("evaluation", {})
    for key, title in (("cross_validation", "cross-validated"), ("held_out", "held-out test")):
        if key in evaluation:
            print(_report_from_dict(evaluation[key], title))
            print()
    calibration, context = evaluation.get("calibration"), evaluation.get("context")
    if calibration:
        print(
            f"calibration: temperature {calibration['temperature']}, out-of-fold expected calibration error "
            f"{calibration['out_of_fold_ece_before']:.3f} -> {calibration['out_of_fold_ece_after']:.3f}"
        )
    if context:
        print(
            f"article context: fitted on {context['articles']} whole articles ({context['sentences']} sentences); "
            f"out-of-fold macro-F1 on them {context['out_of_fold_macro_f1_without']:.3f} without, "
            f"{context['out_of_fold_macro_f1_with']:.3f} with"
        )
    clf.save(args.output, overwrite=args.force)
    corpus = clf.metadata["corpus"]
    print(f"govtext: trained on {corpus['size']} sentences ({scheme.name}); wrote {args.output}", file=sys.stderr)
    return 0


def _progress(message: str) -> None:
    print(f"govtext: {message}", file=sys.stderr, flush=True)


def _report_from_dict(data: dict[str, Any], title: str) -> str:
    from .evaluation import Report

    report = Report.from_dict(data)
    report = replace(report, title=f"{title}: {report.title}".rstrip(": "))
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

    _check_output(args.output, force=args.force)
    _refuse_input_as_output(args.inputs, args.output)
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


def _label(args: argparse.Namespace) -> int:
    from .label_server import LabelServer, model_scorer
    from .labelling import LabellingSession, read_items

    items = read_items(args.input)
    output = args.output or str(Path(args.input).with_name(Path(args.input).stem + "-labelled.jsonl"))
    _check_output(output, force=True)  # an existing output is resumed, not refused
    _refuse_input_as_output([args.input], output)
    if not args.model and not args.scheme:
        args.scheme = _scheme_named_in(args.input)
    model = _load_model(args)
    session = LabellingSession(items, output, model.labels, model.scheme_.name)
    server = LabelServer(session, model_scorer(model), port=args.port)
    print(f"govtext: labelling page at {server.url}", file=sys.stderr, flush=True)
    progress = session.progress()
    if progress.done:
        print(f"govtext: resuming {output}: {progress.done} of {progress.total} decided", file=sys.stderr, flush=True)
    if not args.no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    progress = session.progress()
    print(f"govtext: stopped; {progress.done} of {progress.total} decided, saved in {output}", file=sys.stderr)
    return 0


def _scheme_named_in(path: str) -> str | None:
    """The scheme the first row of a suggest output names, if it names one."""
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip():
                scheme = json.loads(line).get("scheme")
                return scheme if isinstance(scheme, str) else None
    return None


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
