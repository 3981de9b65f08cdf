"""``govtext schemes`` and ``govtext corpus check|stats``."""

from __future__ import annotations

import argparse

from ..corpus_check import check_corpus, corpus_stats
from ..schemes import get_scheme, load_scheme_file
from ..schemes import schemes as scheme_names
from .common import show_error


def schemes(args: argparse.Namespace) -> int:
    for number, name in enumerate(scheme_names()):
        scheme = get_scheme(name)
        if number:
            print()
        print(f"{name}{' (default)' if number == 0 else ''}: {scheme.title}")
        for category in scheme.categories:
            print(f"  {category.label}  {category.description}")
        print(f"  {scheme.other}  none of the above")
    return 0


def corpus(args: argparse.Namespace) -> int:
    scheme = load_scheme_file(args.scheme_file) if args.scheme_file else args.scheme
    if args.corpus_command == "check":
        problems, summary = check_corpus(args.corpus, scheme)
        for line in problems:
            show_error(line)
        print(summary)
        return 2 if problems else 0
    print(corpus_stats(args.corpus, scheme))
    return 0


__all__ = ["corpus", "schemes"]
