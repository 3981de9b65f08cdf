"""Inputs that are awkward but not wrong, and the process-level cases of bad input: streams that never end,
signals, concurrent writers, closed pipes, odd environments, odd file names, and the Python API's input checks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import govtext
from govtext.cli import main
from govtext.modelfile.loader import load_predictor

from .conftest import NINGBO_ARTICLE

NEWS = "项目争速是实现高质量发展的主要抓手。党建争强是为高质量发展提供有力的根本保障。"
CORPUS = "".join(
    json.dumps({"text": t, "label": label}, ensure_ascii=False) + "\n"
    for t, label in [
        ("重大项目集中开工。", "项目争速"),
        ("招商引资签约项目12个。", "项目争速"),
        ("今天天气晴。", "其他"),
        ("本报记者 张三", "其他"),
    ]
)


def govtext_cli(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govtext", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
        **kwargs,  # type: ignore[arg-type]
    )


# -- streams, signals, pipes, environments ------------------------------------------------------
def test_endless_stdin_is_refused_quickly_not_read_to_the_end() -> None:
    with open("/dev/zero", "rb") as zero:
        done = govtext_cli("classify", "-", stdin=zero)
    assert done.returncode == 2
    assert done.stderr == (
        "govtext: error: <stdin>: looks like a binary file (it holds NUL bytes), not text; "
        "for UTF-16 without a byte-order mark give --encoding utf-16\n"
    )


def test_an_endless_text_stream_stops_at_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from govtext.io import read as text

    monkeypatch.setattr(text, "MAX_ARTICLE_BYTES", 3 * 2**20)

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = ("新闻。" * (len(buffer) // 9 + 1)).encode()[: len(buffer)]
            buffer[: len(chunk)] = chunk
            return len(chunk)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    with pytest.raises(govtext.InputError, match=r"<stdin>: is larger than 3 MB; split it into articles"):
        text.read_text("-")


def test_interrupt_while_classifying_a_folder_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    body = NINGBO_ARTICLE.read_text(encoding="utf-8")
    for i in range(400):
        (folder / f"{i:03d}.txt").write_text(body + f"\n第{i}篇。", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "govtext", "classify", str(folder), "-o", str(out), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)  # past start-up: reading and labelling
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the folder was classified before the interrupt arrived")
    assert process.returncode == 130
    assert err.splitlines()[-1] == "govtext: error: interrupted; nothing was written"
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news"]  # no output, no temporary file


def test_two_trainings_onto_one_file_leave_one_whole_model(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(CORPUS, encoding="utf-8")
    model = tmp_path / "same.joblib"
    argv = [sys.executable, "-m", "govtext", "train", str(corpus), "--scheme", "ningbo", "--cv", "0", "-o", str(model)]
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in runs]
    statuses = sorted(status for status, _ in results)
    assert statuses in ([0, 0], [0, 2])  # both may finish one after the other; never two half-files
    for status, err in results:
        if status == 2:
            last = err.splitlines()[-1]
            assert last.startswith(f"govtext: error: {model}: ")
            assert "already exists" in last or "appeared while writing" in last
    assert govtext.load(model).predict(["重大项目集中开工。"]) == ["项目争速"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "same.joblib"]


def test_output_piped_into_head_is_not_an_error() -> None:
    shell = f"{sys.executable} -m govtext classify {NINGBO_ARTICLE} --format jsonl | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1 and json.loads(done.stdout)["index"] == 0
    assert done.stderr == ""


@pytest.mark.parametrize(
    "change", [{"LC_ALL": "C", "LANG": "C"}, {"HOME": None}, {"LC_ALL": "C", "HOME": None, "PYTHONIOENCODING": None}]
)
def test_plain_c_locale_and_no_home(tmp_path: Path, change: dict[str, str | None]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in change}
    env.update({k: v for k, v in change.items() if v is not None})
    env.pop("GOVTEXT_CACHE_DIR", None)
    env.pop("GOVTEXT_DATA_DIR", None)
    done = govtext_cli("classify", str(NINGBO_ARTICLE), "--format", "jsonl", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    expected = govtext.split_sentences(NINGBO_ARTICLE.read_text(encoding="utf-8"))
    assert [r["text"] for r in rows] == [s.text for s in expected]


# -- awkward but valid files ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["my news.txt", "a\nb.txt", "-dash.txt", "\udcff\udcfe.txt", "新闻 稿.txt"])
def test_odd_file_names_are_read_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    (tmp_path / name).write_text(NEWS, encoding="utf-8")
    assert main(["classify", "--format", "jsonl", "--", str(tmp_path / name)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    shown = str(tmp_path / name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    assert [r["file"] for r in rows] == [shown] * 2
    assert [r["label"] for r in rows] == ["项目争速", "党建争强"]


def test_bidi_and_zero_width_characters_keep_offsets() -> None:
    text = "\u202e项目争速是\u200b实现高质量发展的主要抓手。\u200f\u2066党建争强\u2069是根本保障。\ufeff"
    clf = govtext.load()
    result = clf.classify(text, context=False)
    assert [s.label for s in result.sentences] == ["项目争速", "党建争强"]
    assert [s.text for s in clf.classify(text).sentences] == [s.text for s in result.sentences]
    for s in result.sentences:
        assert text[s.start : s.end] == s.text
    assert not result.sentences[1].text.startswith("\u200f")  # invisible marks at the edges are trimmed


def test_html_with_a_huge_script_and_broken_tags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = "<script>var x = '" + "项目争速" * 500_000 + "';</script>"
    page = (
        "<html><head><title>新闻</title>" + script + "</head><body><div><p>项目争速是实现高质量发展的主要抓手。"
        "<p>党建争强是根本保障。<b><i>未闭合的标签</div><a href='x>坏链接</body>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert main(["classify", str(tmp_path / "page.html"), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    texts = [r["text"] for r in rows]
    assert "项目争速是实现高质量发展的主要抓手。" in texts and "党建争强是根本保障。" in texts
    assert all("var x" not in t and len(t) < 100 for t in texts)  # the script is dropped, not classified


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quoted-newline.csv", 'text,label\n"重大项目\n集中开工。",项目争速\n今天天气晴。,其他\n'),
        ("bom.csv", "\ufefftext,label\n重大项目集中开工。,项目争速\n今天天气晴。,其他\n"),
        ("extra-columns.csv", "id,text,label,note\n1,重大项目集中开工。,项目争速,a\n2,今天天气晴。,其他,b\n"),
        ("crlf.tsv", "text\tlabel\r\n重大项目集中开工。\t项目争速\r\n今天天气晴。\t其他\r\n"),
    ],
)
def test_awkward_but_valid_corpora_train(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    corpus = govtext.read_corpus(path, "ningbo")
    assert corpus.labels == ["项目争速", "其他"]
    assert corpus.texts[1] == "今天天气晴。"
    assert govtext.train(path, "ningbo", cv=0).predict(["今天天气晴。"]) == ["其他"]


# -- the Python API ----------------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["Classifier", "CompiledModel"])
def labeller(request: pytest.FixtureRequest) -> object:
    return govtext.load() if request.param == "Classifier" else load_predictor()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (None, "must be a list of sentences, not NoneType"),
        ("项目争速", "must be a list of sentences, not str; for one article use classify()"),
        (b"bytes", "must be a list of sentences, not bytes"),
        ([1, 2], r"X\[0\] must be a str, not int"),
        (["好。", None], r"X\[1\] must be a str, not NoneType"),
        (42, "must be a list of sentences, not int"),
    ],
)
def test_predict_refuses_what_is_not_a_list_of_sentences(labeller: object, bad: object, message: str) -> None:
    for method in ("predict", "predict_proba"):
        with pytest.raises(TypeError, match=message):
            getattr(labeller, method)(bad)


def test_predict_takes_any_iterable_of_str(labeller: object) -> None:
    import pandas as pd

    sentences = ["重大项目集中开工。", "党员干部深入一线。", "今天天气晴。"]
    expected = labeller.predict(sentences)  # type: ignore[attr-defined]
    assert labeller.predict(np.array(sentences)) == expected  # type: ignore[attr-defined]
    assert labeller.predict(pd.Series(sentences)) == expected  # type: ignore[attr-defined]
    assert labeller.predict(s for s in sentences) == expected  # type: ignore[attr-defined]
    assert labeller.predict(tuple(sentences)) == expected  # type: ignore[attr-defined]
    assert labeller.predict_proba(iter(sentences)).shape == (3, 7)  # type: ignore[attr-defined]


def test_classify_of_bytes_says_decode_first(labeller: object) -> None:
    with pytest.raises(TypeError, match=r"not bytes; decode it first \(govtext.io.decode\)"):
        labeller.classify(NEWS.encode())  # type: ignore[attr-defined]


def test_classify_many_reports_a_bad_path_in_the_middle_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(NEWS, encoding="utf-8")
    items = [good, tmp_path / "missing.txt", tmp_path, Path("/dev/zero"), good]
    results = list(govtext.classify_many(items, errors="report"))
    assert [r.source for r in results] == list(map(str, items))
    assert [len(r.sentences) for r in results] == [2, 0, 0, 0, 2]
    assert results[1].error == f"{tmp_path / 'missing.txt'}: no such file"
    assert results[2].error is not None and "is a folder" in results[2].error
    assert results[3].error == "/dev/zero: is a device, not a regular file; to read a stream, pipe it to - (stdin)"
    with pytest.raises(govtext.InputError, match=r"missing\.txt: no such file"):
        list(govtext.classify_many(items))  # errors="raise", the default, stops at the first


def test_one_model_shared_by_16_threads_gives_the_serial_answers(labeller: object) -> None:
    article = NINGBO_ARTICLE.read_text(encoding="utf-8")
    chunks = [line for line in article.splitlines() if line.strip()]
    serial = [labeller.classify(chunk).to_dicts() for chunk in chunks]  # type: ignore[attr-defined]
    barrier = threading.Barrier(16)

    def work(offset: int) -> list[object]:
        barrier.wait(timeout=30)
        order = chunks[offset:] + chunks[:offset]
        out = [labeller.classify(chunk).to_dicts() for chunk in order]  # type: ignore[attr-defined]
        return out[len(chunks) - offset :] + out[: len(chunks) - offset]

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(16)))
    for result in results:
        assert result == serial
