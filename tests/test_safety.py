"""Nothing lost, nothing shared badly: killed saves, interrupted training, threads, processes,
read-only install folders and read-only homes."""

from __future__ import annotations

import marshal
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import govtext
from govtext import Classifier
from govtext.corpus import CORPUS_SUFFIXES
from govtext.io import ARTICLE_SUFFIXES
from govtext.io.files import PACKAGE_DIR, atomic_write, bundled_dir

from .conftest import NINGBO_ARTICLE, YUECHENG_ARTICLE

SENTENCES = ["项目争速是实现高质量发展的主要抓手", "党员干部带头", "最多跑一次改革不断升级", "天气晴"]

# Run in a subprocess: govtext with a model write that stalls half-way (a test hook, not library code).
SLOW_SAVE = """
import sys, time
from contextlib import contextmanager

import govtext
import govtext.modelfile.format as persist

real_atomic_write = persist.atomic_write


@contextmanager
def stalling_atomic_write(path, **kwargs):
    with real_atomic_write(path, **kwargs) as handle:
        class Stalling:
            def write(self, data):
                handle.write(data[: len(data) // 2])
                handle.flush()
                print("writing", flush=True)
                time.sleep(120)

        yield Stalling()


persist.atomic_write = stalling_atomic_write
if sys.argv[1] == "api":  # save a copy of a model over another
    govtext.load(sys.argv[2], trusted=True).save(sys.argv[3], overwrite=True)
else:
    from govtext.cli import main

    sys.exit(main(sys.argv[2:]))
"""


def start_slow_save(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    script = tmp_path / "slow_save.py"
    script.write_text(SLOW_SAVE, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if line != "writing\n":
        process.kill()
        raise AssertionError(f"the save never started: {line!r} {process.communicate()[1]}")
    return process


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    """Six sentences: enough to train on quickly in a subprocess."""
    path = tmp_path / "tiny.jsonl"
    rows = [
        ("项目争速是实现高质量发展的主要抓手。", "项目争速"),
        ("重大项目开工建设。", "项目争速"),
        ("党建争强是为高质量发展提供有力的根本保障。", "党建争强"),
        ("党员干部带头干。", "党建争强"),
        ("今天天气晴。", "其他"),
        ("本站不承担任何法律责任。", "其他"),
    ]
    path.write_text("".join(f'{{"text": "{t}", "label": "{label}"}}\n' for t, label in rows), encoding="utf-8")
    return path


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def test_killed_save_leaves_the_previous_model(small_model: Classifier, tmp_path: Path) -> None:
    models = tmp_path / "models"
    path = small_model.save(models / "m.joblib")
    before = path.read_bytes()
    process = start_slow_save(tmp_path, "api", str(path), str(path))
    assert len(temp_files(models)) == 1, "the new model is being written beside the old one"
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert govtext.load(path).predict(SENTENCES) == small_model.predict(SENTENCES)
    # What a SIGKILL can leave is a hidden .NAME.*.tmp file, which no reader of govtext picks up.
    for leftover in temp_files(models):
        assert leftover.name.startswith(".m.joblib.")
        assert leftover.suffix not in ARTICLE_SUFFIXES and leftover.suffix not in CORPUS_SUFFIXES
    assert [p.name for p in models.iterdir() if not p.name.startswith(".")] == ["m.joblib"]
    small_model.save(path, overwrite=True)  # and it is no obstacle to the next save


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_interrupted_train_keeps_the_previous_model(
    small_model: Classifier, tiny_corpus: Path, tmp_path: Path, signum: int
) -> None:
    path = small_model.save(tmp_path / "m.joblib")
    before = path.read_bytes()
    argv = ["train", str(tiny_corpus), "--scheme", "ningbo", "-o", str(path), "--force", "--cv", "0"]
    process = start_slow_save(tmp_path, "cli", *argv)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.splitlines()[-1] == "govtext: error: interrupted; nothing was written"
    assert "Traceback" not in err
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == [], "an interrupted write removes its temporary file"


def test_atomic_write_never_replaces_without_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    with pytest.raises(FileExistsError, match="appeared while writing"), atomic_write(path) as handle:
        handle.write(b"new")
        path.write_bytes(b"someone else's")  # appears while we write
    assert path.read_bytes() == b"someone else's"
    assert temp_files(tmp_path) == []
    with pytest.raises(RuntimeError), atomic_write(path, overwrite=True) as handle:
        handle.write(b"half")
        raise RuntimeError("failed half-way")
    assert path.read_bytes() == b"someone else's" and temp_files(tmp_path) == []


def test_outputs_refuse_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_corpus_dir: Path
) -> None:
    from govtext.cli import main

    out = tmp_path / "precious"
    for argv, replace in (
        (["classify", str(NINGBO_ARTICLE), "-o", str(out)], True),
        (["classify", str(NINGBO_ARTICLE), "--format", "csv", "-o", str(out)], True),
        (["train", str(seed_corpus_dir), "--scheme", "ningbo", "--cv", "0", "-o", str(out)], False),
        (["evaluate", str(seed_corpus_dir), "--plot", str(out)], False),
    ):
        out.write_bytes(b"precious")
        assert main(argv) == 2
        assert "already exists; use --force" in capsys.readouterr().err
        assert out.read_bytes() == b"precious"
        if replace:  # (train and evaluate replace with --force in tests/test_cli.py)
            assert main([*argv, "--force"]) == 0
            assert out.read_bytes() != b"precious"
        capsys.readouterr()
    assert temp_files(tmp_path) == []


# -- concurrency -------------------------------------------------------------------------------
def test_threads_predict_as_one_thread_does() -> None:
    import opencc

    clf = govtext.load()
    articles = [
        NINGBO_ARTICLE.read_text(encoding="utf-8"),
        YUECHENG_ARTICLE.read_text(encoding="utf-8"),
        opencc.OpenCC("s2t").convert(NINGBO_ARTICLE.read_text(encoding="utf-8")),
    ]
    expected = [clf.classify(article) for article in articles]
    expected_proba = clf.predict_proba(SENTENCES * 50)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: clf.classify(articles[i % 3]), range(48)))
        probas = list(pool.map(lambda _: clf.predict_proba(SENTENCES * 50), range(16)))
    assert all(result == expected[i % 3] for i, result in enumerate(results))
    for proba in probas:
        np.testing.assert_array_equal(proba, expected_proba)


def test_threads_share_first_use_of_tokenizer_and_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    import govtext.engine.script as script
    from govtext.segment import Segmenter

    sentence = "全面开展招商争先冲刺行动，發展壯大"
    single = Segmenter(["招商争先冲刺"])(sentence)
    monkeypatch.setattr(script, "_state", None)
    fresh = Segmenter(["招商争先冲刺", "发展壮大行动"])  # a tokenizer no thread has built yet
    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = list(pool.map(lambda _: fresh(sentence), range(16)))
        simplified = list(pool.map(lambda _: script.to_simplified(sentence), range(16)))
    assert all(t == tokens[0] for t in tokens) and "招商争先冲刺" in tokens[0]
    assert "招商争先冲刺" in single
    assert set(simplified) == {"全面开展招商争先冲刺行动，发展壮大"}


TOKENIZE = "import govtext; print('|'.join(govtext.tokenize('推进六争攻坚和数字化改革')))"


def test_two_processes_build_the_jieba_cache_at_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "GOVTEXT_CACHE_DIR": str(cache), "GOVTEXT_SEGMENTER": "jieba"}
    processes = [
        subprocess.Popen([sys.executable, "-c", TOKENIZE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0]
    assert {out for out, _ in outputs} == {"推进|六争攻坚|和|数字化改革\n".encode()}
    assert all(err == b"" for _, err in outputs)
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 1 and files[0].startswith("jieba-") and files[0].endswith(".cache"), files
    with (cache / files[0]).open("rb") as handle:
        freq, total = marshal.load(handle)
    assert isinstance(freq, dict) and total > 0 and "推进" in freq
    # A damaged cache is rebuilt, not trusted.
    (cache / files[0]).write_bytes(b"\x00garbage")
    done = subprocess.run([sys.executable, "-c", TOKENIZE], capture_output=True, env=env, check=True)
    assert done.stdout == outputs[0][0] and done.stderr == b""
    with (cache / files[0]).open("rb") as handle:
        assert marshal.load(handle)[1] == total


# -- read-only install folder and home ---------------------------------------------------------
# An audit hook that refuses every write under READONLY_ROOTS: the tests run as root, for whom
# chmod does not make a folder read-only.
READONLY_HOOK = """
import os, sys

ROOTS = [os.path.realpath(p) for p in os.environ["READONLY_ROOTS"].split(os.pathsep)]
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
EVENTS = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.link", "os.symlink", "os.truncate", "os.chmod"}


def inside(path):
    if isinstance(path, int) or path is None:
        return False
    real = os.path.realpath(os.fsdecode(path))
    return any(real == root or real.startswith(root + os.sep) for root in ROOTS)


def refuse(event, args):
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (flags or 0) & WRITE_FLAGS
        if writing and inside(path):
            raise PermissionError(30, "Read-only file system", path)
    elif event in EVENTS and any(inside(a) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))):
        raise PermissionError(30, "Read-only file system", args[0])


sys.addaudithook(refuse)
"""


def run_readonly(code: str, roots: list[Path], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {**env, "READONLY_ROOTS": os.pathsep.join(map(str, roots)), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", READONLY_HOOK + code], capture_output=True, text=True, env=full_env, timeout=300
    )


def test_the_hook_really_blocks_writes(tmp_path: Path) -> None:
    code = f"open({str(tmp_path / 'x')!r}, 'w')"
    done = run_readonly(code, [tmp_path], dict(os.environ))
    assert done.returncode == 1 and "Read-only file system" in done.stderr


def test_read_only_install_folder(tmp_path: Path, tiny_corpus: Path) -> None:
    """Classify, train and save without writing where govtext is installed."""
    roots = [PACKAGE_DIR, bundled_dir("models"), bundled_dir("corpus")]
    code = f"""
import govtext
from govtext.cli import main
print(govtext.load().predict(["项目争速是实现高质量发展的主要抓手"])[0])
assert main(["classify", {str(NINGBO_ARTICLE)!r}, "--format", "csv", "-o", {str(tmp_path / "out.csv")!r}]) == 0
clf = govtext.train({str(tiny_corpus)!r}, "ningbo", cv=0)
clf.save({str(tmp_path / "m.joblib")!r})
print(govtext.load({str(tmp_path / "m.joblib")!r}).predict(["党员干部带头"])[0])
"""
    done = run_readonly(code, roots, {**os.environ, "GOVTEXT_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["项目争速", "党建争强"]
    assert (tmp_path / "out.csv").is_file()


def test_read_only_home(tmp_path: Path, tiny_corpus: Path) -> None:
    """With HOME (and so every per-user folder) read-only, govtext still segments, classifies and saves."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVTEXT_", "XDG_"))}
    env["HOME"] = str(home)
    model = tmp_path / "m.joblib"
    code = f"""
import govtext
from govtext.cli import main
print("|".join(govtext.tokenize("推进六争攻坚")))
assert main(["classify", {str(YUECHENG_ARTICLE)!r}, "--scheme", "yuecheng", "--format", "jsonl"]) == 0
govtext.train({str(tiny_corpus)!r}, "ningbo", cv=0).save({str(model)!r})
try:
    govtext.load({str(model)!r})  # its digest could not be recorded in the read-only home
except govtext.ModelError as error:
    print("refused:", "trusted=True" in str(error))
print(govtext.load({str(model)!r}, trusted=True).predict(["党员干部带头"])[0])
"""
    done = run_readonly(code, [home], env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "推进|六争攻坚" and lines[-2:] == ["refused: True", "党建争强"]
    assert len(lines) == 2 + 54 + 1
    assert done.stderr == ""
    assert list(home.rglob("*")) == [], "nothing was written in the read-only home"


def test_full_disk_is_one_line_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govtext.cli import main

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(os, "fsync", full)
    assert main(["classify", str(NINGBO_ARTICLE), "--format", "jsonl", "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"govtext: error: {out}: cannot write: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`govtext classify ... | head -1`: the reader leaves early; govtext stops quietly."""
    done = subprocess.run(
        f"{sys.executable} -m govtext classify {NINGBO_ARTICLE} {YUECHENG_ARTICLE} --format jsonl | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1
    assert done.stderr == ""
