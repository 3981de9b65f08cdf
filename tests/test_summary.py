"""Corpus-wide summaries: counts and shares per article, a TOTAL row, CSV for Excel, a stacked bar chart."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import govtext
from govtext.cli import main
from govtext.palette import label_colours, rgb
from govtext.report.summary import TOTAL, summarize
from govtext.results import ArticleResult, SentenceResult

from .conftest import NINGBO_ARTICLE, YUECHENG_ARTICLE

LABELS = ("项目争速", "产业争先", "其他")


def article(*labels: str) -> ArticleResult:
    return ArticleResult(tuple(SentenceResult("句", lab, 0.9, i, i + 1, i) for i, lab in enumerate(labels)), LABELS)


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV for Excel starts with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_counts_shares_and_total() -> None:
    summary = summarize(
        [("a", article("项目争速", "其他", "其他", "其他")), ("b", article("产业争先")), ("empty", article())]
    )
    assert summary.labels == LABELS
    a, b, empty = summary.rows
    assert dict(a.counts) == {"项目争速": 1, "产业争先": 0, "其他": 3} and a.shares["其他"] == 0.75
    assert b.shares == {"项目争速": 0.0, "产业争先": 1.0, "其他": 0.0}
    assert empty.sentences == 0 and set(empty.shares.values()) == {0.0}
    total = summary.total
    assert total.name == TOTAL and total.sentences == 5
    assert dict(total.counts) == {"项目争速": 1, "产业争先": 1, "其他": 3}
    assert total.shares["其他"] == pytest.approx(0.6), "total shares are of all sentences, not a mean of articles"
    records = summary.records()
    assert records[0] == [
        "file",
        "date",
        "sentences",
        "n_项目争速",
        "n_产业争先",
        "n_其他",
        "share_项目争速",
        "share_产业争先",
        "share_其他",
    ]
    assert records[-1] == ["TOTAL", "", "5", "1", "1", "3", "0.2000", "0.2000", "0.6000"]


def test_labels_outside_the_given_ones_are_kept() -> None:
    summary = summarize([("a", article("项目争速", "其他"))], labels=("其他",))
    assert summary.labels == ("其他", "项目争速")
    assert sum(summary.total.counts.values()) == 2


def test_nothing_to_summarize() -> None:
    with pytest.raises(ValueError, match="nothing to summarize"):
        summarize([])
    assert summarize([], labels=LABELS).total.sentences == 0


def test_save_csv_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    summary = summarize([("a", article("项目争速", "其他"))])
    target = summary.save_csv(tmp_path / "s.csv")
    rows = read_csv(target)
    assert [r["file"] for r in rows] == ["a", TOTAL]
    with pytest.raises(FileExistsError):
        summary.save_csv(target)
    summarize([("b", article("其他"))]).save_csv(target, overwrite=True)
    assert [r["file"] for r in read_csv(target)] == ["b", TOTAL]
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"], "no temporary files left behind"


def test_cli_summarize_folder_to_csv_and_plot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_csv, out_png = tmp_path / "summary.csv", tmp_path / "shares.png"
    argv = ["summarize", str(NINGBO_ARTICLE.parent), "-o", str(out_csv), "--plot", str(out_png)]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err == f"govtext: wrote {out_csv}\ngovtext: wrote {out_png}\n"
    rows = read_csv(out_csv)
    assert [r["file"] for r in rows] == [str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), TOTAL]
    clf = govtext.load()
    expected = clf.classify(NINGBO_ARTICLE.read_text(encoding="utf-8")).counts
    assert {label: int(rows[0][f"n_{label}"]) for label in clf.labels} == expected
    assert int(rows[0]["sentences"]) == 70 and int(rows[1]["sentences"]) == 54 and int(rows[2]["sentences"]) == 124
    for row in rows:
        assert sum(float(row[f"share_{label}"]) for label in clf.labels) == pytest.approx(1, abs=1e-3)
        assert sum(int(row[f"n_{label}"]) for label in clf.labels) == int(row["sentences"])

    data = out_png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from matplotlib import image

    pixels = (image.imread(out_png)[:, :, :3] * 255).round().astype(int)
    import numpy as np

    for label, colour in label_colours(clf.labels).items():
        seen = (np.abs(pixels - np.array(rgb(colour))) <= 2).all(axis=2).sum()
        assert seen > 30, f"{label}'s colour {colour} is not in the chart"

    assert main(argv) == 2
    assert capsys.readouterr().err == f"govtext: error: {out_csv}: already exists; use --force to replace it\n"
    out_csv.unlink()
    assert main(argv) == 2, "the plot exists: refuse before writing anything"
    assert not out_csv.exists()
    capsys.readouterr()
    assert main([*argv, "--force"]) == 0


def test_cli_summarize_reports_bad_files_and_goes_on(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    missing = tmp_path / "missing.txt"
    status = main(["summarize", str(missing), str(YUECHENG_ARTICLE), str(binary), "-o", "-"])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.splitlines() == [
        f"govtext: error: {missing}: no such file",
        f"govtext: error: {binary}: looks like a binary file (it holds NUL bytes), not text; for UTF-16 without a "
        "byte-order mark give --encoding utf-16",
    ]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["file"] for r in rows] == [str(YUECHENG_ARTICLE), TOTAL]


def test_cli_summarize_table_and_all_bad(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["summarize", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--scheme", "yuecheng"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["file", "date", "sentences", "整改争效"]
    assert lines[-1].split()[:2] == [TOTAL, "124"]
    assert len(lines) == 4
    assert main(["summarize", str(tmp_path / "none.txt")]) == 2
    # one line for the one bad file, as for every bad input (tests/test_bad_input.py)
    assert capsys.readouterr().err.splitlines() == [f"govtext: error: {tmp_path / 'none.txt'}: no such file"]
