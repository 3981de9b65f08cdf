"""The README's set-up commands are what CI runs, and its examples stay true."""

from __future__ import annotations

import glob
import itertools
import re
import shlex
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def bash_blocks(text: str) -> list[str]:
    """The ```bash blocks of *text*, each one command."""
    return re.findall(r"```bash\n(.+?)\n```", text)


def python_session(text: str) -> str:
    """The first ```python block of *text*."""
    session = re.search(r"```python\n(.+?)\n```", text, re.S)
    assert session is not None
    return session.group(1)


def setup_commands() -> list[str]:
    return bash_blocks(section("Set-up"))


def test_readme_has_two_setup_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert "pip install ." in commands[0] and "govtext classify corpus/articles/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert setup_commands()[1] in ci


# -- "Looking at results": its commands run, its CSV is what they print, its pictures exist ----
def results_section() -> str:
    return section("Looking at results")


def results_commands() -> list[list[str]]:
    return [shlex.split(block) for block in bash_blocks(results_section())]


def run_readme_command(argv: list[str], out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run a README command in-process: globs expanded as a shell would, outputs sent to *out_dir*."""
    from govtext.cli import main

    monkeypatch.chdir(ROOT)
    assert argv[0] == "govtext"
    args: list[str] = []
    for previous, arg in itertools.pairwise(argv):
        if previous in ("-o", "--plot") and arg != "-":
            args.append(str(out_dir / arg))
        elif "*" in arg:
            args += sorted(glob.glob(arg)) or [arg]
        else:
            args.append(arg)
    return main(args)


def test_looking_at_results_shows_two_commands() -> None:
    assert [argv[:2] for argv in results_commands()] == [["govtext", "classify"], ["govtext", "summarize"]]


def test_readme_commands_run_and_print_the_csv_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report, summary = results_commands()
    assert "--format" in report and report[report.index("--format") + 1] == "html"
    assert run_readme_command(report, tmp_path, monkeypatch) == 0
    assert (tmp_path / "report.html").read_text(encoding="utf-8").count('<article class="article"') == 2
    assert run_readme_command(summary, tmp_path, monkeypatch) == 0
    written = (tmp_path / "summary.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    shown = re.search(r"`summary.csv` \(UTF-8 with BOM\):\n\n```\n(.+?)\n```", results_section(), re.S)
    assert shown is not None
    assert written.decode("utf-8-sig").replace("\r\n", "\n") == shown.group(1) + "\n"
    assert (tmp_path / "shares.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_readme_pictures_exist_and_the_script_makes_them() -> None:
    pictures = re.findall(r"!\[[^\]]+\]\((docs/images/[^)]+)\)", results_section())
    assert pictures == ["docs/images/report.png", "docs/images/shares.png"]
    for picture in pictures:
        assert (ROOT / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
    assert "scripts/make_figures.sh" in results_section()
    script = (ROOT / "scripts" / "make_figures.sh").read_text(encoding="utf-8")
    for block in bash_blocks(results_section()):
        # the script runs each README command as shown, up to where it puts the output
        assert block.split(" -o ")[0] + " -o " in script, block
    assert "--window-size=1200,1600" in script and "--screenshot=" in script
    for picture in pictures:
        assert picture in script


def test_python_example_output_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python session runs as a doctest and prints what the README shows."""

    monkeypatch.chdir(ROOT)
    failures, tries = run_session(python_session(section("In Python")), "README")
    assert failures == 0 and tries >= 6


def run_session(source: str, name: str) -> tuple[int, int]:
    """Run a README Python session as a doctest; (failures, examples tried)."""
    import doctest

    test = doctest.DocTestParser().get_doctest(source, {}, name, "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    return runner.failures, runner.tries


def test_trends_section_command_prints_the_csv_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = section("Trends over time")
    (command,) = [shlex.split(block) for block in bash_blocks(text)]
    assert command[:2] == ["govtext", "summarize"] and "--by" in command
    assert run_readme_command(command, tmp_path, monkeypatch) == 0
    shown = re.search(r"`trend.csv`:\n\n```\n(.+?)\n```", text, re.S)
    assert shown is not None
    written = (tmp_path / "trend.csv").read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert written == shown.group(1) + "\n"
    assert (tmp_path / "trend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_notebook_example_output_is_real(monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.chdir(ROOT)
    failures, tries = run_session(python_session(section("In a notebook")), "README notebook")
    assert failures == 0 and tries >= 8


def test_parquet_section_runs_and_shows_what_pandas_and_duckdb_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    pytest.importorskip("pyarrow")
    pytest.importorskip("duckdb")
    text = section("Archive-scale output: Parquet")
    (command,) = [shlex.split(block) for block in bash_blocks(text)]
    assert command[:2] == ["govtext", "classify"] and "parquet" in command
    assert run_readme_command(command, tmp_path, monkeypatch) == 0
    session = python_session(text)
    monkeypatch.chdir(tmp_path)
    failures, tries = run_session(session, "README parquet")
    assert failures == 0 and tries >= 5


def test_readme_shows_the_label_command_and_its_address_line() -> None:
    from govtext.cli.parser import build_parser

    shown = re.search(r"\$ (govtext label .+)\n(govtext: labelling page at .+)\n", README)
    assert shown is not None
    args = build_parser().parse_args(shlex.split(shown.group(1))[1:])
    assert args.command == "label" and args.output == "labelled.jsonl"
    assert re.fullmatch(r"govtext: labelling page at http://127\.0\.0\.1:\d+/\?token=[\w-]{32}", shown.group(2))
