"""Input and output: decode bytes, read article files and standard input, HTML to text, and
where govtext writes (atomic writes, the per-user cache and data folders, bundled resources).

>>> from govtext.io import decode
>>> decode("政府工作报告".encode("gb18030"))
'政府工作报告'
"""

from __future__ import annotations

from .decode import decode
from .read import ARTICLE_SUFFIXES, find_articles, read_text

__all__ = ["ARTICLE_SUFFIXES", "decode", "find_articles", "read_text"]
