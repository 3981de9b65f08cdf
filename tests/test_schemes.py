from __future__ import annotations

import json
from pathlib import Path

import pytest

from govtext import OTHER, Scheme, SchemeError, get_scheme, load_scheme_file, schemes

TAXONOMY = {
    "ningbo": ("项目争速", "产业争先", "科技争投", "城乡争优", "服务争效", "党建争强", "其他"),
    "yuecheng": ("整改争效", "改革争先", "指标争位", "项目争速", "要素争强", "平安争鼎", "其他"),
}


def test_bundled_schemes_default_first() -> None:
    assert schemes() == ("ningbo", "yuecheng")


@pytest.mark.parametrize("name", sorted(TAXONOMY))
def test_scheme_labels_match_the_guideline(name: str) -> None:
    scheme = get_scheme(name)
    assert scheme.name == name
    assert scheme.labels == TAXONOMY[name]
    assert scheme.other == OTHER
    assert all(c.description and c.terms for c in scheme.categories)


def test_unknown_scheme_names_the_choices() -> None:
    with pytest.raises(SchemeError, match="unknown scheme 'shanghai'; available: ningbo, yuecheng"):
        get_scheme("shanghai")


def test_scheme_file_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "mine.toml"
    toml.write_text(
        'name = "mycity"\n[[categories]]\nlabel = "招商争先"\ndescription = "招商"\nterms = ["招商引资冲刺"]\n'
        '[[categories]]\nlabel = "环境争美"\n',
        encoding="utf-8",
    )
    scheme = load_scheme_file(toml)
    assert scheme.labels == ("招商争先", "环境争美", "其他")
    assert "招商引资冲刺" in scheme.terms and not scheme.bundled
    as_json = tmp_path / "mine.json"
    as_json.write_text(json.dumps(scheme.to_dict(), ensure_ascii=False), encoding="utf-8")
    assert load_scheme_file(as_json) == scheme


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"name": "x"}', "'categories' must be a non-empty list"),
        ('{"name": "", "categories": ["a"]}', "'name' must be a non-empty string"),
        ('{"name": "x", "categories": ["a", "a"]}', "names a category twice: a"),
        ('{"name": "x", "categories": ["其他"]}', "reserved"),
        ('{"name": "x", "categories": [{"label": "a", "terms": "b"}]}', "'terms' must be a list"),
        ("{not json", "not a valid JSON scheme file"),
    ],
)
def test_bad_scheme_files_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SchemeError, match=message) as caught:
        load_scheme_file(path)
    assert str(path) in str(caught.value)


def test_scheme_is_frozen() -> None:
    scheme = get_scheme("ningbo")
    with pytest.raises(AttributeError):
        scheme.name = "other"  # type: ignore[misc]
    assert isinstance(scheme, Scheme)
