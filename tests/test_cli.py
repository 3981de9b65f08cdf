from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from govtext import messages
from govtext.cli import main
from govtext.errors import GovtextWarning

from .conftest import NINGBO_ARTICLE, YUECHENG_ARTICLE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_classify_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "classify", str(NINGBO_ARTICLE), "--format", "jsonl")
    assert status == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 70
    assert list(rows[0]) == ["file", "date", "index", "start", "end", "text", "label", "score"]
    text = NINGBO_ARTICLE.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {r["label"] for r in rows} <= {
        "项目争速",
        "产业争先",
        "科技争投",
        "城乡争优",
        "服务争效",
        "党建争强",
        "其他",
    }


def test_classify_table_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "classify", str(YUECHENG_ARTICLE), "--scheme", "yuecheng")
    assert status == 0
    assert out.startswith(f"== {YUECHENG_ARTICLE}: 54 sentences, 2021-07-29 ==")
    assert "counts: 整改争效" in out
    target = tmp_path / "out.csv"
    status, _, err = run(
        capsys, "classify", str(YUECHENG_ARTICLE), "--scheme", "yuecheng", "--format", "csv", "-o", str(target)
    )
    assert status == 0 and "wrote" in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV for Excel starts with a UTF-8 BOM"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 54 and rows[19]["label"] == "整改争效"
    status, _, err = run(capsys, "classify", str(YUECHENG_ARTICLE), "--format", "csv", "-o", str(target))
    assert status == 2 and "already exists" in err and "--force" in err


def test_classify_reads_stdin_and_folders(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("项目争速是实现高质量发展的主要抓手。".encode())))
    status, out, _ = run(capsys, "classify", "-", "--format", "jsonl")
    assert status == 0 and json.loads(out)["label"] == "项目争速"
    status, out, _ = run(capsys, "classify", str(NINGBO_ARTICLE.parent), "--format", "jsonl")
    assert status == 0 and {json.loads(line)["file"] for line in out.splitlines()} == {
        str(NINGBO_ARTICLE),
        str(YUECHENG_ARTICLE),
    }


def test_good_files_survive_a_bad_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "classify", str(tmp_path / "missing.txt"), str(NINGBO_ARTICLE), "--format", "jsonl")
    assert status == 2
    assert err.strip() == f"govtext: error: {tmp_path / 'missing.txt'}: no such file"
    assert len(out.splitlines()) == 70


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["classify"], "the following arguments are required: FILE"),
        (["classify", "x.txt", "--format", "xml"], "invalid choice: 'xml'"),
        (["classify", "x.txt", "--scheme", "shanghai"], "no bundled model or file named 'shanghai'"),
        (["classify", "x.txt", "--min-score", "2"], "must be between 0 and 1"),
        (["train", "corpus/ningbo", "-o", "m.joblib"], "one of the arguments --scheme --scheme-file is required"),
        (["evaluate", "nowhere.jsonl"], "nowhere.jsonl: no such file or folder"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_usage_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("govtext: error: ")
    assert message in err


def test_a_library_error_on_the_command_line_names_the_flag(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library words its refusal for the API (overwrite=True); the command line shows --force."""
    import govtext.cli.classify

    target = tmp_path / "out.jsonl"
    target.write_text("precious", encoding="utf-8")
    assert "overwrite=True" in messages.already_exists(target) and "--" not in messages.already_exists(target)
    # skip the command line's own check before any work, so that the library's writer refuses
    monkeypatch.setattr(govtext.cli.classify, "check_outputs", lambda *outputs, force: None)
    status, _, err = run(capsys, "classify", str(NINGBO_ARTICLE), "--format", "jsonl", "-o", str(target))
    assert status == 2
    assert err == f"govtext: error: {target}: already exists; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize(
    "argv",
    [
        ["classify", "{tmp}/bin.txt", "{tmp}/news.txt", "--format", "jsonl"],  # one file's line; the others go on
        ["classify", "{tmp}/bin.txt", "{tmp}/news.txt", "--format", "html"],  # files read for the page
        ["summarize", "{tmp}/bin.txt", "{tmp}/news.txt"],
        ["classify", "{tmp}/empty", "{tmp}/news.txt"],  # a folder without articles
        ["summarize", "{tmp}/empty"],  # no article read at all
        ["corpus", "check", "{tmp}/bad.jsonl", "--scheme", "ningbo"],  # every problem of a corpus
        ["classify", "{tmp}/news.txt", "--top-k", "x"],  # argparse
        ["classify", "{tmp}/news.txt", "--top-k", "99"],  # the command's own check
        ["evaluate", "{tmp}/none.jsonl"],  # an error that ends the command
    ],
    ids=[
        "file-line",
        "html-page",
        "summarize",
        "empty-folder",
        "nothing-read",
        "corpus-check",
        "argparse",
        "own-check",
        "ending-error",
    ],
)
def test_every_error_line_goes_through_the_command_line_hints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    (tmp_path / "news.txt").write_text("项目争速是实现高质量发展的主要抓手。", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"x\x00y")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.jsonl").write_text('{"text": "甲", "label": "无"}\n', encoding="utf-8")
    monkeypatch.setattr(messages, "cli_hint", lambda message: f"[hinted] {message}")
    try:
        status = main([arg.format(tmp=tmp_path) for arg in argv])
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    complaints = [line for line in capsys.readouterr().err.splitlines() if line.startswith("govtext: error: ")]
    assert status == 2 and complaints
    assert all(line.startswith("govtext: error: [hinted] ") for line in complaints), complaints


def test_warnings_on_the_command_line_get_the_flag_hints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import govtext.cli.listing

    def warns(args: object) -> int:
        warnings.warn(f"kept the old file; {messages.already_exists('out.csv')}", GovtextWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(govtext.cli.listing, "schemes", warns)
    status, _, err = run(capsys, "schemes")
    assert status == 0
    assert err == "govtext: warning: kept the old file; out.csv: already exists; use --force to replace it\n"


def test_train_then_classify_and_evaluate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_corpus_dir: Path
) -> None:
    model = tmp_path / "mine.joblib"
    status, out, err = run(capsys, "train", str(seed_corpus_dir), "--scheme", "ningbo", "-o", str(model), "--cv", "2")
    assert status == 0 and model.is_file()
    assert "cross-validated: 2-fold cross-validation" in out and "macro-F1" in out
    assert "cross-validation fold 2/2" in err
    status, out, _ = run(capsys, "classify", str(NINGBO_ARTICLE), "--model", str(model), "--format", "jsonl")
    assert status == 0 and len(out.splitlines()) == 70
    status, out, _ = run(capsys, "evaluate", str(seed_corpus_dir), "--model", str(model), "--format", "json")
    report = json.loads(out)
    assert status == 0 and report["n"] > 100 and 0 < report["macro_f1"] <= 1
    status, _, err = run(capsys, "train", str(seed_corpus_dir), "--scheme", "ningbo", "-o", str(model))
    assert status == 2 and "already exists" in err


def test_schemes_and_corpus_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "schemes")
    assert status == 0 and "ningbo (default)" in out and "平安争鼎" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "甲", "label": "其他"}\n{"text": "甲", "label": "项目争速"}\n{"text": "乙", "label": "无"}\n',
        encoding="utf-8",
    )
    status, out, err = run(capsys, "corpus", "check", str(bad), "--scheme", "ningbo")
    assert status == 2
    assert f"{bad}:2: conflicting labels: '项目争速' here but '其他' at {bad}:1" in err
    assert f"{bad}:3: unknown label '无' for scheme 'ningbo'; valid labels: 项目争速, " in err
    assert "2 error(s)" in out
    status, out, _ = run(capsys, "corpus", "stats", "corpus/yuecheng")
    assert status == 0 and "平安争鼎" in out and "total" in out


def test_as_a_subprocess(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govtext", "classify", str(NINGBO_ARTICLE), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert len(done.stdout.splitlines()) == 70
    done = subprocess.run(
        [sys.executable, "-m", "govtext", "classify", str(tmp_path / "none.txt")], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == f"govtext: error: {tmp_path / 'none.txt'}: no such file\n"
    assert "Traceback" not in done.stderr
