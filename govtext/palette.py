"""One colour per label, defined here once and shared by the HTML report, the terminal and PNG plots.

Categories take colours in scheme order from a palette chosen to stay distinct (Tableau 10 without
its grey); ``其他`` is always a neutral grey, so the eye goes to the campaign's categories.

>>> colours = label_colours(("项目争速", "产业争先", "其他"))
>>> colours["项目争速"], colours["其他"]
('#4e79a7', '#9e9e9e')
>>> tint("#4e79a7", 0.5)
'#a6bcd3'
"""

from __future__ import annotations

from collections.abc import Iterable

from . import messages
from .schemes import OTHER

CATEGORY_COLOURS = (
    "#4e79a7",  # blue
    "#f28e2b",  # orange
    "#e15759",  # red
    "#59a14f",  # green
    "#b07aa1",  # purple
    "#76b7b2",  # teal
    "#edc948",  # yellow
    "#ff9da7",  # pink
    "#9c755f",  # brown
)
OTHER_COLOUR = "#9e9e9e"


def label_colours(labels: Iterable[str], *, other: str = OTHER) -> dict[str, str]:
    """``{label: "#rrggbb"}``: categories in the order given, cycling past nine; *other* is grey."""
    colours: dict[str, str] = {}
    position = 0
    for label in labels:
        if label in colours:
            continue
        if label == other:
            colours[label] = OTHER_COLOUR
        else:
            colours[label] = CATEGORY_COLOURS[position % len(CATEGORY_COLOURS)]
            position += 1
    return colours


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` as three 0-255 integers."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(messages.not_a_colour(colour))
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def tint(colour: str, amount: float) -> str:
    """*colour* mixed with white: ``amount`` 1 keeps the colour, 0 gives white (a highlighter shade)."""
    mixed = (round(255 - (255 - c) * amount) for c in rgb(colour))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def xterm_index(colour: str) -> int:
    """The nearest of the 256 xterm colours (the 6x6x6 cube or the grey ramp) to *colour*.

    >>> xterm_index("#9e9e9e"), xterm_index("#ff0000")
    (247, 196)
    """
    levels = (0, 95, 135, 175, 215, 255)
    r, g, b = rgb(colour)

    def nearest(value: int) -> int:
        return min(range(6), key=lambda i: abs(levels[i] - value))

    ri, gi, bi = nearest(r), nearest(g), nearest(b)
    cube = (levels[ri], levels[gi], levels[bi])
    grey_step = max(0, min(23, round((sum((r, g, b)) / 3 - 8) / 10)))
    grey = 8 + 10 * grey_step

    def distance(other: tuple[int, int, int]) -> int:
        return sum((x - y) ** 2 for x, y in zip((r, g, b), other, strict=True))

    if distance((grey, grey, grey)) < distance(cube):
        return 232 + grey_step
    return 16 + 36 * ri + 6 * gi + bi


__all__ = ["CATEGORY_COLOURS", "OTHER_COLOUR", "label_colours", "rgb", "tint", "xterm_index"]
