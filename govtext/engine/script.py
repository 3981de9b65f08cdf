"""Traditional script: converted to simplified for the model, never in what is reported.

The models learn from simplified-script news.  A sentence in traditional script is converted
with OpenCC's ``t2s`` before it reaches the features; results still carry the original text and
offsets.  Text without traditional-only characters is passed through untouched, so simplified
text pays only one regular-expression scan (a batch of sentences is scanned as one text).
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from typing import Any

from .. import messages
from ..errors import GovtextWarning

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_state: tuple[Any, re.Pattern[str] | None] | None = None
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
        raise TypeError(messages.needs("to_simplified", "a str", text))
    converter, traditional = _converter()
    if converter is None or traditional is None or not traditional.search(text):
        return text
    converted: str = converter.convert(text)
    return converted


def to_simplified_all(texts: list[str]) -> list[str]:
    """:func:`to_simplified` of each text (one scan for the whole list when none is traditional)."""
    converter, traditional = _converter()
    if converter is None or traditional is None or not traditional.search("".join(texts)):
        return list(texts)
    return [to_simplified(text) for text in texts]


def _converter() -> tuple[Any, re.Pattern[str] | None]:
    """OpenCC's t2s converter and a pattern matching the characters it changes, built once per process."""
    global _state
    state = _state
    if state is None:
        with _lock:
            state = _state
            if state is None:
                state = _state = _build()
    return state


def _build() -> tuple[Any, re.Pattern[str] | None]:
    try:  # lazy: OpenCC loads its dictionaries on import, and only traditional text needs it
        import opencc  # lazy: optional dictionaries

        converter = opencc.OpenCC("t2s")
    except Exception as error:  # ImportError, or a broken install without its dictionaries
        warnings.warn(messages.opencc_missing(error), GovtextWarning, stacklevel=5)
        return None, None
    chars = [chr(code) for low, high in _BLOCKS for code in range(low, high)]
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a conversion that merged lines
        logger.info("OpenCC changed the line count; checking every sentence")
        return converter, re.compile(".", re.DOTALL)
    changed = "".join(a for a, b in zip(chars, converted, strict=True) if a != b)
    return converter, re.compile(f"[{re.escape(changed)}]") if changed else None


__all__ = ["to_simplified", "to_simplified_all"]
