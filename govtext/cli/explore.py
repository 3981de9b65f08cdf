"""``govtext explain``, ``suggest`` and ``label``: why a sentence got its label, what to label next,
and a local page to label it on."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..active import suggest as suggest_sentences
from ..active import write_suggestions
from ..io.files import bundled_dir
from ..label_server import LabelServer, model_scorer
from ..labelling import LabellingSession, read_items
from ..modelfile.bundled import load
from .common import check_outputs, predictor, refuse_input_as_output, say


def explain(args: argparse.Namespace) -> int:
    clf = load(args.model or args.scheme, trusted=args.trust)
    explanations = [clf.explain(sentence, top=args.top) for sentence in args.sentences]
    if args.format == "json":
        for explanation in explanations:
            print(json.dumps(explanation.to_dict(), ensure_ascii=False))
    else:
        print("\n\n".join(e.to_text() for e in explanations))
    return 0


def suggest(args: argparse.Namespace) -> int:
    check_outputs(args.output, force=args.force)
    refuse_input_as_output(args.inputs, args.output)
    clf = predictor(args)
    exclude = args.exclude
    if exclude is None and not args.model:
        exclude = [bundled_dir("corpus") / clf.scheme_.name]
    picked = suggest_sentences(
        clf, args.inputs, n=args.n, strategy=args.strategy, exclude=exclude, encoding=args.encoding
    )
    write_suggestions(picked, args.output, clf.scheme_.name, overwrite=args.force)
    say(f"wrote {len(picked)} sentences to label to {args.output}")
    return 0


def label(args: argparse.Namespace) -> int:
    """Serve the labelling page for a suggest output until Ctrl-C; every decision is saved as it is made."""
    items = read_items(args.input)
    output = args.output or str(Path(args.input).with_name(Path(args.input).stem + "-labelled.jsonl"))
    check_outputs(output, force=True)  # an existing output is resumed, not refused
    refuse_input_as_output([args.input], output)
    if not args.model and not args.scheme:
        args.scheme = _scheme_named_in(args.input)
    model = load(args.model or args.scheme, trusted=args.trust)
    session = LabellingSession(items, output, model.labels, model.scheme_.name)
    server = LabelServer(session, model_scorer(model), port=args.port)
    say(f"labelling page at {server.url}")
    progress = session.progress()
    if progress.done:
        say(f"resuming {output}: {progress.done} of {progress.total} decided")
    if not args.no_browser:
        import webbrowser  # lazy: only an interactive session opens a browser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    progress = session.progress()
    say(f"stopped; {progress.done} of {progress.total} decided, saved in {output}")
    return 0


def _scheme_named_in(path: str) -> str | None:
    """The scheme the first row of a suggest output names, if it names one."""
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip():
                scheme = json.loads(line).get("scheme")
                return scheme if isinstance(scheme, str) else None
    return None


__all__ = ["explain", "label", "suggest"]
