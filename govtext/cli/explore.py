"""``govtext explain`` and ``govtext suggest``: why a sentence got its label, and what to label next."""

from __future__ import annotations

import argparse
import json

from ..active import suggest as suggest_sentences
from ..active import write_suggestions
from ..io.files import bundled_dir
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


__all__ = ["explain", "suggest"]
