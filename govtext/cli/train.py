"""``govtext train`` and ``govtext evaluate``."""

from __future__ import annotations

import argparse
import json

from ..evaluation import Report
from ..evaluation import evaluate as evaluate_model
from ..schemes import get_scheme, load_scheme_file
from ..training import train as train_model
from .common import check_outputs, predictor, refuse_input_as_output, say


def train(args: argparse.Namespace) -> int:
    scheme = load_scheme_file(args.scheme_file) if args.scheme_file else get_scheme(args.scheme)
    check_outputs(args.output, force=args.force)
    refuse_input_as_output(args.corpus, args.output)
    params = {k: v for k, v in (("features", args.features), ("C", args.C)) if v is not None}
    clf = train_model(
        args.corpus, scheme, cv=args.cv, test=args.test, progress=say, context=not args.no_context, **params
    )
    evaluation = clf.metadata.get("evaluation", {})
    for key, title in (("cross_validation", "cross-validated"), ("held_out", "held-out test")):
        if key in evaluation:
            print(Report.from_dict(evaluation[key], prefix=title).to_text(confusion=False))
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
    say(f"trained on {corpus['size']} sentences ({scheme.name}); wrote {args.output}")
    return 0


def evaluate(args: argparse.Namespace) -> int:
    check_outputs(args.plot, force=args.force)
    clf = predictor(args)
    report = evaluate_model(clf, args.corpus, title=f"{', '.join(args.corpus)} ({clf.scheme_.name} model)")
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    if args.plot:
        report.plot(args.plot, overwrite=args.force)
        say(f"wrote {args.plot}")
    return 0


__all__ = ["evaluate", "train"]
