"""``python -m govtext``: the command line."""

from .cli import main

raise SystemExit(main())
