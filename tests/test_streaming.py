"""The command line streams: results are written as classify_many yields them, in input order,
named by ``result.source``; nothing keeps every result."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govtext.cli.classify as classify_command
from govtext.cli import main
from govtext.results import ArticleResult


def test_results_are_written_as_they_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"项目争速第{i}条。", encoding="utf-8")
    real = classify_command.classify_many
    seen: list[int] = []

    def watched(*args: Any, **kwargs: Any) -> Iterator[ArticleResult]:
        for number, result in enumerate(real(*args, **kwargs)):
            # everything yielded before this one is already on standard output
            seen.append(sys.stdout.getvalue().count("\n"))  # type: ignore[attr-defined]
            assert seen[-1] == number
            yield result

    monkeypatch.setattr(classify_command, "classify_many", watched)
    assert main(["classify", str(tmp_path), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["file"] for row in rows] == [str(tmp_path / f"{i}.txt") for i in range(5)]
    assert seen == [0, 1, 2, 3, 4]


def test_a_bad_file_in_the_middle_is_reported_and_the_rest_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("项目争速。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "c.txt").write_text("天气晴。", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["classify", str(tmp_path), "--format", "csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "b.txt: looks like a PNG image" in err and f"wrote {out}" in err
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("file,") and [line.split(",")[0] for line in lines[1:]] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "c.txt"),
    ]
