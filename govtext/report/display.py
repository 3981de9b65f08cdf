"""Text layout shared by reports and the command line: CJK-aware column alignment, terminal colours."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..palette import xterm_index

# SGR escape sequences ("\x1b[...m"): they colour text and take no columns.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def display_width(text: str) -> int:
    """Columns *text* takes in a terminal: wide and full-width characters count two, colour codes none.

    >>> display_width("项目争速 0.93"), display_width(colour("其他", "#9e9e9e"))
    (13, 4)
    """
    text = strip_ansi(text)
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


def colour(text: str, hex_colour: str) -> str:
    """*text* in the xterm-256 colour nearest to *hex_colour*, for a terminal.

    >>> colour("其他", "#9e9e9e")
    '\\x1b[38;5;247m其他\\x1b[0m'
    """
    return f"\x1b[38;5;{xterm_index(hex_colour)}m{text}\x1b[0m"


def strip_ansi(text: str) -> str:
    """*text* without terminal colour codes."""
    return _ANSI.sub("", text)


__all__ = ["align_table", "colour", "display_width", "pad", "strip_ansi"]
