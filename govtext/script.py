"""Traditional script: converted to simplified for the model, never in what is reported.

The models learn from simplified-script news.  A sentence in traditional script is converted
with OpenCC's ``t2s`` before it reaches the features; results still carry the original text and
offsets.  Text without traditional-only characters is passed through untouched, so simplified
text pays only a set look-up.
"""

from __future__ import annotations

import logging
import threading
import warnings
from typing import Any

from .errors import GovtextWarning

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_state: tuple[Any, frozenset[str]] | None = None
# CJK blocks whose characters OpenCC's t2s may change: Extension A, the Unified block, compatibility forms.
_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def to_simplified(text: str) -> str:
    """*text* in simplified script; text with no traditional-only character comes back as is.

    >>> to_simplified("項目爭速是實現高質量發展的主要抓手")
    '项目争速是实现高质量发展的主要抓手'
    >>> to_simplified("项目争速")
    '项目争速'
    """
    if not isinstance(text, str):
        raise TypeError(f"to_simplified() needs a str, not {type(text).__name__}")
    converter, traditional = _converter()
    if converter is None or traditional.isdisjoint(text):
        return text
    converted: str = converter.convert(text)
    return converted


def to_simplified_all(texts: list[str]) -> list[str]:
    """:func:`to_simplified` of each text."""
    return [to_simplified(text) for text in texts]


def _converter() -> tuple[Any, frozenset[str]]:
    """OpenCC's t2s converter and the characters it changes, built once per process."""
    global _state
    state = _state
    if state is None:
        with _lock:
            state = _state
            if state is None:
                state = _state = _build()
    return state


def _build() -> tuple[Any, frozenset[str]]:
    try:
        import opencc

        converter = opencc.OpenCC("t2s")
    except Exception as error:  # ImportError, or a broken install without its dictionaries
        warnings.warn(
            f"OpenCC is not available ({type(error).__name__}: {error}); traditional-script text is classified "
            "as it is, less accurately: pip install opencc",
            GovtextWarning,
            stacklevel=5,
        )
        return None, frozenset()
    chars = [chr(code) for low, high in _BLOCKS for code in range(low, high)]
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a conversion that merged lines
        logger.info("OpenCC changed the line count; checking every sentence")
        return converter, frozenset(chars)
    return converter, frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)


__all__ = ["to_simplified", "to_simplified_all"]
