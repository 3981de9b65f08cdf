"""The terminal table: columns aligned by display width, labels coloured on a terminal, plain when piped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govtext.cli import main
from govtext.palette import label_colours, xterm_index
from govtext.report.display import align_table, colour, display_width, strip_ansi

from .conftest import YUECHENG_ARTICLE

ESC = "\x1b["
ARGV = ["classify", str(YUECHENG_ARTICLE), "--scheme", "yuecheng"]


def table(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main([*ARGV, *extra]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("项目争速", 8), ("ｅ全角", 6), ("e\u0301", 1), ("\x1b[38;5;67m整改争效\x1b[0m", 8), ("", 0)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_coloured_cells_align_like_plain_ones() -> None:
    rows = [["label", "n"], ["其他", "12"], ["项目争速", "3"]]
    coloured = [[colour(r[0], "#4e79a7"), r[1]] if i else r for i, r in enumerate(rows)]
    assert [strip_ansi(line) for line in align_table(coloured)] == align_table(rows)


def test_piped_output_is_plain_and_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    out = table(capsys)
    assert ESC not in out
    lines = out.splitlines()
    header = lines[1]
    score_column = display_width(header[: header.index("score")])
    text_column = display_width(header[: header.index("text")])
    for line in lines[2:-1]:
        # score and text start at the same screen column on every row, whatever the label's width
        _, _, score, text = line.split(maxsplit=3)
        assert display_width(line[: line.index(score)]) == score_column, line
        assert display_width(line[: line.index(text)]) == text_column, line


def test_colour_always_paints_each_label_in_its_palette_colour(capsys: pytest.CaptureFixture[str]) -> None:
    plain = table(capsys)
    coloured = table(capsys, "--color", "always")
    assert strip_ansi(coloured) == plain, "colour adds codes and changes nothing else"
    import govtext

    labels = govtext.load("yuecheng").labels
    colours = label_colours(labels)
    assert f"\x1b[38;5;{xterm_index(colours['整改争效'])}m整改争效\x1b[0m" in coloured
    assert f"\x1b[38;5;{xterm_index(colours['其他'])}m其他\x1b[0m" in coloured
    assert xterm_index(colours["整改争效"]) != xterm_index(colours["其他"])


@pytest.mark.parametrize(
    ("tty", "no_color", "flag", "expect_colour"),
    [
        (True, None, None, True),
        (True, "1", None, False),
        (True, "", None, True),  # NO_COLOR only counts when not empty
        (True, "1", "always", True),  # an explicit flag beats the environment
        (True, None, "never", False),
        (False, None, None, False),
        (False, None, "always", True),
    ],
)
def test_when_to_colour(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tty: bool,
    no_color: str | None,
    flag: str | None,
    expect_colour: bool,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    monkeypatch.setenv("TERM", "xterm-256color")
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    out = table(capsys, *(["--color", flag] if flag else []))
    assert (ESC in out) is expect_colour


def test_output_file_gets_no_colour_by_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    target = tmp_path / "table.txt"
    assert main([*ARGV, "-o", str(target)]) == 0
    assert ESC not in target.read_text(encoding="utf-8")
    assert "整改争效" in target.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal (POSIX)")
def test_a_real_terminal_gets_colour_and_a_pipe_does_not() -> None:
    import pty

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color"}
    command = [sys.executable, "-m", "govtext", *ARGV]
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0
        assert process.stderr is not None
        process.stderr.close()
    finally:
        os.close(leader)
    on_terminal = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    piped = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=120).stdout
    assert ESC in on_terminal and ESC not in piped
    assert strip_ansi(on_terminal) == piped
