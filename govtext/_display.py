"""Text layout shared by reports and the command line: CJK-aware column alignment."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """Columns *text* takes in a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def align_table(rows: Sequence[Sequence[str]], *, right: Sequence[int] = (), sep: str = "  ") -> list[str]:
    """Lines of *rows* with columns aligned by display width; *right* lists right-aligned columns."""
    if not rows:
        return []
    widths = [max(display_width(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    return [sep.join(pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)).rstrip() for row in rows]


__all__ = ["align_table", "display_width", "pad"]
