"""Label schemes: a campaign's categories plus 其他, shipped as data files or given by users."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import messages
from .errors import SchemeError
from .io.files import DATA_DIR

OTHER = "其他"
SCHEMES_DIR = DATA_DIR / "schemes"
DEFAULT_SCHEME = "ningbo"


@dataclass(frozen=True)
class Category:
    """One campaign category: its label, what it covers, and terms to keep whole when segmenting."""

    label: str
    description: str = ""
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheme:
    """A named set of categories; ``labels`` is the categories in order, then ``其他``.

    >>> scheme = get_scheme("yuecheng")
    >>> scheme.labels[:2], scheme.labels[-1]
    (('整改争效', '改革争先'), '其他')
    """

    name: str
    categories: tuple[Category, ...]
    title: str = ""
    other: str = OTHER
    bundled: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise SchemeError(messages.scheme_without_name())
        labels = [c.label for c in self.categories]
        if not labels:
            raise SchemeError(messages.scheme_without_categories(self.name))
        duplicates = sorted({label for label in labels if labels.count(label) > 1})
        if duplicates:
            raise SchemeError(messages.category_twice(self.name, duplicates))
        if self.other in labels:
            raise SchemeError(messages.other_label_reserved(self.name, self.other))

    @property
    def labels(self) -> tuple[str, ...]:
        return (*(c.label for c in self.categories), self.other)

    @property
    def terms(self) -> tuple[str, ...]:
        """Category labels and their dictionary terms: words the segmenter keeps whole."""
        seen = dict.fromkeys(t for c in self.categories for t in (c.label, *c.terms))
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "other": self.other,
            "categories": [
                {"label": c.label, "description": c.description, "terms": list(c.terms)} for c in self.categories
            ],
        }

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "scheme", bundled: bool = False) -> Scheme:
        """Build a scheme from parsed JSON/TOML, with errors that name *source*."""
        if not isinstance(data, dict):
            raise SchemeError(messages.scheme_not_a_table(source))
        name = data.get("name")
        raw = data.get("categories")
        if not isinstance(name, str) or not name.strip():
            raise SchemeError(messages.scheme_name_not_a_string(source))
        if not isinstance(raw, list) or not raw:
            raise SchemeError(messages.scheme_categories_not_a_list(source))
        categories = []
        for number, item in enumerate(raw, 1):
            if isinstance(item, str):
                item = {"label": item}
            if not isinstance(item, dict) or not isinstance(item.get("label"), str) or not item["label"].strip():
                raise SchemeError(messages.category_without_label(source, number))
            terms = item.get("terms", [])
            if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                raise SchemeError(messages.category_terms_not_strings(source, item["label"]))
            categories.append(
                Category(item["label"].strip(), str(item.get("description", "")), tuple(t.strip() for t in terms))
            )
        try:
            return cls(
                name.strip(), tuple(categories), str(data.get("title", "")), str(data.get("other", OTHER)), bundled
            )
        except SchemeError as error:
            raise SchemeError(messages.in_scheme_source(source, error)) from None


def schemes() -> tuple[str, ...]:
    """Names of the bundled schemes, the default first.

    >>> schemes()
    ('ningbo', 'yuecheng')
    """
    names = sorted(p.stem for p in SCHEMES_DIR.glob("*.json"))
    return tuple(sorted(names, key=lambda n: (n != DEFAULT_SCHEME, n)))


def get_scheme(scheme: str | Scheme = DEFAULT_SCHEME) -> Scheme:
    """A bundled scheme by name, or a Scheme passed through unchanged.

    >>> get_scheme("ningbo").labels[-1], get_scheme(get_scheme("ningbo")).name
    ('其他', 'ningbo')
    """
    if isinstance(scheme, Scheme):
        return scheme
    if not isinstance(scheme, str):
        raise TypeError(messages.not_a_scheme(scheme))
    path = SCHEMES_DIR / f"{scheme}.json"
    if not path.is_file():
        raise SchemeError(messages.unknown_scheme(scheme, schemes()))
    return Scheme.from_dict(json.loads(path.read_text(encoding="utf-8")), source=str(path), bundled=True)


def load_scheme_file(path: str | Path) -> Scheme:
    """Read a user-defined scheme from a TOML or JSON file.

    TOML example::

        name = "mycity"
        [[categories]]
        label = "招商争先"
        description = "investment promotion"
        terms = ["招商引资", "签约项目"]
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemeError(messages.cannot_read_scheme_file(path, error)) from None
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise SchemeError(messages.invalid_scheme_file(path, error)) from None
    return Scheme.from_dict(data, source=str(path))


__all__ = ["OTHER", "Category", "Scheme", "get_scheme", "load_scheme_file", "schemes"]
