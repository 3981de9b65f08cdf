"""HTML pages reduced to their text, with the standard library's parser.

Scraped news pages arrive as HTML.  Their text is what a reader sees: scripts, styles and the
page's furniture (navigation, header, footer, side bars, forms) are dropped, block elements
(paragraphs, headings, list items, table rows, ``<br>``) become line breaks, entities are
decoded.  The result is plain text whose sentence offsets refer to it, not to the HTML source.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .. import messages

# Elements whose content is never article text.
SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg",
     "button", "select", "textarea", "title", "object", "embed", "canvas", "map"}
)  # fmt: skip
# Elements that end a line of text.
BLOCKS = frozenset(
    {"p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody", "tfoot",
     "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "blockquote", "pre", "figure",
     "figcaption", "caption", "address", "center", "td", "th", "body", "html"}
)  # fmt: skip
# Void elements have no end tag, so they never open a skipped region.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\n\s*\n+")


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file are those of an HTML page.

    >>> looks_like_html(b"<!DOCTYPE html><html><body>x</body></html>")
    True
    >>> looks_like_html("政府工作报告<b>".encode())
    False
    """
    return bool(_SNIFF.match(head.removeprefix(b"\xef\xbb\xbf")))


def declared_charset(head: bytes) -> str | None:
    """The encoding an HTML page declares in ``<meta charset=...>``, if any."""
    match = _CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def html_to_text(html: str) -> str:
    """The visible article text of an HTML page, one block per line.

    >>> html_to_text("<html><head><title>t</title><script>var a=1;</script></head><body>"
    ...              "<nav>首页 &gt; 新闻</nav><p>项目争速&nbsp;大冲刺。</p><p>第二段<br>第三行</p></body></html>")
    '项目争速\\xa0大冲刺。\\n第二段\\n第三行'
    """
    if not isinstance(html, str):
        raise TypeError(messages.needs("html_to_text", "a str", html))
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = (_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))
    return _LINES.sub("\n", "\n".join(line for line in lines if line.strip())).strip()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []  # open skipped elements, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED and tag not in _VOID:
            self._skipping.append(tag)
        elif tag in BLOCKS and not self._skipping:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS and not self._skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipping:
            # Close it and anything left open inside it (HTML in the wild is not well formed).
            while self._skipping and self._skipping.pop() != tag:
                pass
        elif tag in BLOCKS and not self._skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))


__all__ = ["BLOCKS", "SKIPPED", "declared_charset", "html_to_text", "looks_like_html"]
