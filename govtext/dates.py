"""When an article appeared: from HTML metadata, a dateline near the top of its text, or its file name.

Sources are tried in order (``auto``): a date the caller gives, the page's metadata
(``article:published_time``, ``pubdate``, ``<time datetime>`` ...), the publication line near the
top of the text (``2021年07月29日 08:08:45``, ``时间:2020-01-18``, ``2021/07/29``,
``二〇二一年七月二十九日`` ...), then a date in the file name.  Impossible dates (``2021-02-30``) are
never returned.  In the text, a line that looks like a publication line (a time of day, or words
such as 时间, 发布, 来源, 日期, or nothing but the date) wins over a date mentioned in a sentence;
a date inside a body sentence alone is not taken for the publication date.

>>> date_in_text("标题\\n2021年07月29日 08:08:45 来源: 绍兴日报\\n正文")
datetime.date(2021, 7, 29)
>>> date_in_text("大律师网 时间:2020-01-18")
datetime.date(2020, 1, 18)
>>> date_in_text("二〇二一年七月二十九日"), date_in_text("发布日期：2021-02-30")
(datetime.date(2021, 7, 29), None)
>>> date_in_name("news/yuecheng-2021-07-29.txt"), date_in_name("a20200118b.html")
(datetime.date(2021, 7, 29), datetime.date(2020, 1, 18))
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from . import messages
from .io.html import declared_charset, looks_like_html

SOURCES = ("auto", "meta", "text", "name", "none")
EARLIEST_YEAR = 1949
LATEST_YEAR = 2100
# How far into the text a publication line is looked for.
HEAD_LINES = 20
HEAD_CHARS = 1500

_DIGIT_DATE = re.compile(
    r"(?<![0-9])((?:19|20|21)[0-9]{2})\s*(?:年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?"
    r"|[-/.]([0-9]{1,2})[-/.]([0-9]{1,2}))(?![0-9])"
)
_HAN_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_HAN_DATE = re.compile(
    r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_TIME_OF_DAY = re.compile(r"(?<![0-9])[0-2]?[0-9]:[0-5][0-9]")
_MARKERS = ("时间", "發布", "发布", "来源", "來源", "日期", "稿源", "编辑", "作者", "更新")
_NAME_DATE = re.compile(r"(?<![0-9])((?:19|20|21)[0-9]{2})([-_.]?)([01][0-9])\2([0-3][0-9])(?![0-9])")
_ISO_PREFIX = re.compile(r"\s*((?:19|20|21)[0-9]{2})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
# <meta> names and properties that give the publication date, best first.
META_KEYS = (
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "article:modified_time",
)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist or lies outside 1949-2100."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """A date written at the start of *value* (ISO ``2021-07-29T08:08:45+08:00``, ``2021/7/29``, ``2021年7月29日``).

    >>> parse_date("2021-07-29T08:08:45+08:00"), parse_date("2021年7月29日"), parse_date("soon")
    (datetime.date(2021, 7, 29), datetime.date(2021, 7, 29), None)
    """
    match = _ISO_PREFIX.match(value)
    if match:
        return make_date(int(match[1]), int(match[2]), int(match[3]))
    found = next(_dates_in(value), None)
    return found[1] if found else None


def _han_number(text: str) -> int:
    """一 .. 三十一 as a number (month and day)."""
    if "十" not in text:
        return _HAN_DIGITS[text] if len(text) == 1 else -1
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return -1
    return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[units] if units else 0)


def _dates_in(line: str) -> Iterator[tuple[int, dt.date]]:
    """(position, date) of every possible date in *line*."""
    for match in _DIGIT_DATE.finditer(line):
        year = int(match[1])
        month, day = (match[2], match[3]) if match[2] else (match[4], match[5])
        found = make_date(year, int(month), int(day))
        if found:
            yield match.start(), found
    for match in _HAN_DATE.finditer(line):
        year = int("".join(str(_HAN_DIGITS[c]) for c in match[1]))
        found = make_date(year, _han_number(match[2]), _han_number(match[3]))
        if found:
            yield match.start(), found


def date_in_text(text: str) -> dt.date | None:
    """The publication date from a dateline near the top of *text*, or None.

    Each date in the first lines is scored: a time of day on its line, a publication word (时间,
    发布, 来源, 日期 ...) or a short line count for it; a date alone in a long sentence does not
    count.  The best-scored date wins, the earliest line on a tie.
    """
    best: tuple[int, int, dt.date] | None = None
    head = text[:HEAD_CHARS].splitlines()[:HEAD_LINES]
    for number, line in enumerate(head):
        for _, found in _dates_in(line):
            score = 2 * bool(_TIME_OF_DAY.search(line)) + 2 * any(m in line for m in _MARKERS)
            rest = _DIGIT_DATE.sub("", _HAN_DATE.sub("", line)).strip()
            score += len(rest) <= 12
            if score and (best is None or score > best[0]):
                best = (score, number, found)
    return best[2] if best else None


def date_in_name(name: str) -> dt.date | None:
    """A date written in the file name (``2021-07-29``, ``2021_07_29``, ``20210729``), or None."""
    base = os.path.basename(name)
    for match in _NAME_DATE.finditer(base):
        found = make_date(int(match[1]), int(match[3]), int(match[4]))
        if found:
            return found
    return None


def date_in_html(html: str) -> dt.date | None:
    """The publication date a page's metadata gives (``<meta property="article:published_time">``,
    ``<meta name="pubdate">``, ``<time datetime>``, ...), or None.

    >>> date_in_html('<meta property="article:published_time" content="2021-07-29T08:08:45+08:00">')
    datetime.date(2021, 7, 29)
    >>> date_in_html('<p>发布于 <time datetime="2020-01-18">1月18日</time></p>')
    datetime.date(2020, 1, 18)
    """
    parser = _MetaParser()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # pragma: no cover - the standard parser on badly broken markup
        pass
    for key in META_KEYS:
        for value in parser.meta.get(key, ()):
            found = parse_date(value)
            if found:
                return found
    for value in parser.times:
        found = parse_date(value)
        if found:
            return found
    return None


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, []).append(values["content"])
        elif tag == "time" and values.get("datetime"):
            self.times.append(values["datetime"])
        elif values.get("itemprop", "").lower() == "datepublished" and values.get("content"):
            self.meta.setdefault("datepublished", []).append(values["content"])

    handle_startendtag = handle_starttag


def find_date(
    text: str,
    name: str | None = None,
    *,
    given: dt.date | None = None,
    html: str | None = None,
    source: str = "auto",
) -> dt.date | None:
    """The article's date by *source*: ``auto`` (``meta``, then ``text``, then ``name``), one of
    ``meta``, ``text``, ``name`` alone, or ``none``.  A date *given* by the caller wins over every
    source but ``none``.

    *html* is the page's markup (its head is enough) when the article was an HTML page.
    """
    if source not in SOURCES:
        raise ValueError(messages.one_of("date source", SOURCES, source))
    if source == "none":
        return None
    if given is not None:
        return given
    finders = {
        "meta": lambda: date_in_html(html) if html else None,
        "text": lambda: date_in_text(text),
        "name": lambda: date_in_name(name) if name else None,
    }
    for kind in ("meta", "text", "name") if source == "auto" else (source,):
        found = finders[kind]()
        if found:
            return found
    return None


def html_head(path: str, limit: int = 256 * 1024) -> str | None:
    """The first bytes of *path* as text when the file is an HTML page (for its metadata), else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(limit)
    except OSError:
        return None
    if not looks_like_html(head):
        return None
    encoding = declared_charset(head) or "utf-8"
    try:
        return head.decode(encoding, errors="replace")
    except LookupError:
        return head.decode("utf-8", errors="replace")


def date_of_file(path: str, text: str, *, source: str = "auto", given: dt.date | None = None) -> dt.date | None:
    """:func:`find_date` for an article read from *path* (whose text is *text*)."""
    html = html_head(path) if source in ("auto", "meta") and path != "-" else None
    return find_date(text, None if path == "-" else path, given=given, html=html, source=source)


def period_of(day: dt.date, by: str) -> str:
    """The period *day* falls in: ``2021-07`` (month), ``2021Q3`` (quarter) or ``2021`` (year).

    >>> [period_of(dt.date(2021, 7, 29), by) for by in ("month", "quarter", "year")]
    ['2021-07', '2021Q3', '2021']
    """
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if by == "year":
        return str(day.year)
    raise ValueError(messages.one_of("period", PERIODS, by))


def period_start(period: str) -> dt.date:
    """The first day of a period written by :func:`period_of`."""
    if "Q" in period:
        year, quarter = period.split("Q")
        return dt.date(int(year), 3 * int(quarter) - 2, 1)
    if "-" in period:
        year, month = period.split("-")
        return dt.date(int(year), int(month), 1)
    return dt.date(int(period), 1, 1)


PERIODS = ("month", "quarter", "year")
UNDATED = "undated"  # the summary row of articles without a date

__all__ = [
    "PERIODS",
    "SOURCES",
    "date_in_html",
    "date_in_name",
    "date_in_text",
    "date_of_file",
    "find_date",
    "html_head",
    "make_date",
    "parse_date",
    "period_of",
    "period_start",
]
