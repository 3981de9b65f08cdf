"""The labelling page: its session files, its HTTP API, and end to end in headless Chromium."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govtext.cli import main
from govtext.corpus import read_corpus
from govtext.errors import InputError
from govtext.label_server import LabelServer
from govtext.labelling import LabellingSession, progress_path, read_items

from .conftest import CHROMIUM_FLAGS, ROOT, YUECHENG_ARTICLE

SAMPLE_ARTICLE = ROOT / "examples" / "sample-news.txt"
LABELS = ("项目争速", "产业争先", "科技争投", "城乡争优", "服务争效", "党建争强", "其他")


def write_items(path: Path, count: int) -> Path:
    rows = [
        {
            "text": f"第{n}句，全市新开工项目{n}个。",
            "label": "项目争速",
            "scheme": "ningbo",
            "source": "article:a.txt",
            "context_before": [f"前文{n}。"],
            "context_after": [f"后文{n}。"],
        }
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def fake_scorer(sentence: str) -> tuple[list[tuple[str, float]], list[str]]:
    return [("项目争速", 0.6), ("其他", 0.3), ("产业争先", 0.1)], ["项目", "开工"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[LabelServer]:
    session = LabellingSession(
        read_items(write_items(tmp_path / "in.jsonl", 30)), tmp_path / "out.jsonl", LABELS, "ningbo"
    )
    server = LabelServer(session, fake_scorer)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def request(server: LabelServer, path: str, body: Any = None, *, token: str | None = None) -> tuple[int, Any]:
    url = f"http://127.0.0.1:{server.port}{path}"
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    headers = {"X-Token": server.token if token is None else token, "Content-Type": "application/json"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=10) as answer:
            raw = answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    return status, json.loads(raw) if raw.startswith(b"{") else raw.decode()


def output_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- HTTP ---------------------------------------------------------------------------------------
def test_binds_to_localhost_and_every_request_needs_the_token(served: LabelServer) -> None:
    assert served.httpd.server_address[0] == "127.0.0.1"
    assert served.url.startswith(f"http://127.0.0.1:{served.port}/?token=") and len(served.token) >= 24
    for path in ("/", "/api/state"):
        assert request(served, path, token="")[0] == 403
        assert request(served, path, token="wrong")[0] == 403
    assert request(served, "/api/decide", {"item": 0, "label": "其他"}, token="wrong")[0] == 403
    assert not served.session.output.exists()
    with urllib.request.urlopen(served.url, timeout=10) as answer:  # the address as printed works
        page = answer.read().decode()
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "<script>" in page and "src=" not in page and "href=" not in page  # nothing from the network


def test_state_shows_the_sentence_with_context_guess_scores_and_terms(served: LabelServer) -> None:
    status, state = request(served, "/api/state")
    assert status == 200
    assert state["labels"] == list(LABELS) and state["done"] == 0 and state["total"] == 30
    current = state["current"]
    assert current["item"] == 0 and current["text"] == "第0句，全市新开工项目0个。"
    assert current["before"] == ["前文0。"] and current["after"] == ["后文0。"]
    assert current["guess"] == "项目争速" and current["top"] == [["项目争速", 0.6], ["其他", 0.3], ["产业争先", 0.1]]
    assert current["terms"] == ["项目", "开工"]


def test_bad_requests_are_refused_and_change_nothing(served: LabelServer) -> None:
    assert request(served, "/api/decide", {"item": 0, "label": "天气"}) == (
        400,
        {"error": "unknown label '天气'; valid labels: " + ", ".join(LABELS)},
    )
    assert request(served, "/api/decide", {"item": 99, "label": "其他"})[0] == 400
    assert request(served, "/api/decide", {"item": "0", "label": "其他"})[0] == 400
    assert request(served, "/api/decide", {"item": 0})[0] == 400
    assert request(served, "/api/decide", b"not json")[0] == 400
    assert request(served, "/api/decide", [1, 2])[0] == 400
    assert request(served, "/api/nothing", {})[0] == 404
    assert not served.session.output.exists()
    assert request(served, "/api/state")[1]["done"] == 0


def test_decide_skip_undo_and_the_files_after_each(served: LabelServer) -> None:
    out = served.session.output
    assert request(served, "/api/decide", {"item": 0, "label": "其他"})[1]["current"]["item"] == 1
    assert output_rows(out) == [
        {"text": "第0句，全市新开工项目0个。", "label": "其他", "scheme": "ningbo", "source": "article:a.txt"}
    ]
    state = request(served, "/api/decide", {"item": 1, "skip": True})[1]
    assert (state["done"], state["labelled"], state["skipped"], state["current"]["item"]) == (2, 1, 1, 2)
    assert len(output_rows(out)) == 1  # a skip is not a label
    state = request(served, "/api/undo", {})[1]
    assert (state["done"], state["current"]["item"]) == (1, 1)
    state = request(served, "/api/undo", {})[1]
    assert (state["done"], state["current"]["item"]) == (0, 0)
    assert output_rows(out) == []
    assert request(served, "/api/undo", {})[1]["done"] == 0  # nothing left to undo


def test_concurrent_saves_keep_every_decision_and_a_valid_file(served: LabelServer) -> None:
    errors: list[BaseException] = []

    def decide(item: int) -> None:
        try:
            status, _ = request(served, "/api/decide", {"item": item, "label": LABELS[item % len(LABELS)]})
            assert status == 200
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    rows = output_rows(served.session.output)
    assert sorted(r["text"] for r in rows) == sorted(f"第{n}句，全市新开工项目{n}个。" for n in range(30))
    assert all(r["label"] == LABELS[int(r["text"][1:].split("句")[0]) % len(LABELS)] for r in rows)
    assert request(served, "/api/state")[1]["current"] is None
    saved = json.loads(progress_path(served.session.output).read_text(encoding="utf-8"))
    assert len(saved["decisions"]) == 30
    assert [p.name for p in served.session.output.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_new_session_resumes_where_the_last_stopped(tmp_path: Path) -> None:
    items = read_items(write_items(tmp_path / "in.jsonl", 5))
    out = tmp_path / "out.jsonl"
    first = LabellingSession(items, out, LABELS, "ningbo")
    first.decide(0, "其他")
    first.decide(1, None)
    first.decide(2, "党建争强")
    again = LabellingSession(items, out, LABELS, "ningbo")
    progress = again.progress()
    assert (progress.done, progress.current) == (3, 3)
    assert again.undo().current == 2  # undo still knows the order
    # without the progress file the labelled rows alone are resumed
    progress_path(out).unlink()
    assert LabellingSession(items, out, LABELS, "ningbo").progress().decisions == ((0, "其他"),)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "好。"}\nnot json\n', ":2: not a JSON object"),
        ('["text"]\n', ":1: not a JSON object"),
        ('{"label": "其他"}\n', ":1: no 'text' (a non-empty string)"),
        ('{"text": "好。", "context_before": "前文"}\n', ":1: 'context_before' and 'context_after' must be lists"),
        ("\n\n", "has no sentences to label"),
    ],
)
def test_malformed_input_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    assert main(["label", str(bad), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"govtext: error: {bad}") and err.count("\n") == 1
    assert message in err
    assert list(tmp_path.iterdir()) == [bad]


def test_label_refuses_to_write_over_its_input_or_another_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = write_items(tmp_path / "in.jsonl", 2)
    assert main(["label", str(items), "-o", str(items), "--no-browser"]) == 2
    assert "is also an input" in capsys.readouterr().err
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"text": "别的句子。", "label": "其他"}\n', encoding="utf-8")
    assert main(["label", str(items), "-o", str(corpus), "--no-browser"]) == 2
    assert capsys.readouterr().err == (
        f"govtext: error: {corpus}: holds sentences that are not in the file to label; give another -o\n"
    )
    assert corpus.read_text(encoding="utf-8") == '{"text": "别的句子。", "label": "其他"}\n'
    assert not progress_path(corpus).exists()
    # the API names its argument where the command line names the flag
    with pytest.raises(InputError, match=r"give another path as output=\.\.\.$"):
        LabellingSession(read_items(items), corpus, LABELS, "ningbo")


def test_suggest_writes_the_neighbouring_sentences(tmp_path: Path) -> None:
    out = tmp_path / "to_label.jsonl"
    assert main(["suggest", str(YUECHENG_ARTICLE), "-n", "3", "-o", str(out)]) == 0
    text = YUECHENG_ARTICLE.read_text(encoding="utf-8")
    from govtext.text import split_sentences

    sentences = [s.text for s in split_sentences(text)]
    for row in output_rows(out):
        number = sentences.index(row["text"])
        assert row["context_before"] == sentences[max(0, number - 2) : number]
        assert row["context_after"] == sentences[number + 1 : number + 3]


# -- in a real browser ------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def start_server(to_label: Path, out: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "govtext", "label", str(to_label), "-o", str(out), "--no-browser"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:  # to the end of the stream, then closes it
        assert process.stderr is not None
        with process.stderr:
            for line in process.stderr:
                lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            assert process.poll() is None, "the server stopped"
            continue
        if line.startswith("govtext: labelling page at "):
            return process, line.split(" at ", 1)[1].strip()
    process.kill()
    raise AssertionError("the server printed no address")


def browser() -> Any:
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='govtext-chromium-')}"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=DRIVER or "")
    return webdriver.Chrome(options=options, service=service)


def wait_for(driver: Any, condition: Any, what: str, seconds: float = 20) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds}s for {what}; the page says: {driver.find_element('id', 'count').text}")


@pytest.mark.skipif(CHROMIUM is None or DRIVER is None, reason="needs Debian's chromium and chromium-driver")
def test_labelling_in_headless_chromium_then_train(
    tmp_path: Path, seed_corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("selenium")
    from selenium.webdriver.common.keys import Keys

    to_label, out = tmp_path / "to_label.jsonl", tmp_path / "labelled.jsonl"
    assert main(["suggest", str(SAMPLE_ARTICLE), "-n", "5", "-o", str(to_label)]) == 0
    items = output_rows(to_label)
    process, url = start_server(to_label, out)
    driver = browser()
    try:
        driver.get(url)
        count = lambda: driver.find_element("id", "count").text  # noqa: E731
        wait_for(driver, lambda: count().startswith("0 of 5 decided"), "the first sentence")
        assert driver.find_element("id", "sentence").text == items[0]["text"]
        assert driver.find_element("id", "after").text == "".join(items[0]["context_after"])
        buttons = driver.find_elements("css selector", "#labels button")
        assert [b.get_attribute("data-label") for b in buttons] == list(LABELS)
        assert len(driver.find_elements("css selector", "#top li")) == 3
        assert driver.find_element("id", "terms").text not in ("", "(none)")
        body = driver.find_element("tag name", "body")
        body.send_keys("1")
        wait_for(driver, lambda: count().startswith("1 of 5 decided"), "the first decision")
        assert driver.find_element("id", "sentence").text == items[1]["text"]
        guess = driver.find_element("id", "guess-label").text  # the guess for the second sentence
        steps = [(Keys.ENTER, 2), ("s", 3), ("3", 4), (Keys.BACKSPACE, 3), ("6", 4)]
        for key, done in steps:
            body.send_keys(key)
            wait_for(driver, lambda done=done: count().startswith(f"{done} of 5 decided"), f"{done} decisions")
        assert driver.find_element("id", "fill").get_attribute("style") == "width: 80%;"
        expected = [(items[0]["text"], LABELS[0]), (items[1]["text"], guess), (items[3]["text"], LABELS[5])]
        assert [(r["text"], r["label"]) for r in output_rows(out)] == expected

        driver.refresh()
        wait_for(driver, lambda: count().startswith("4 of 5 decided"), "the reloaded page")
        assert driver.find_element("id", "sentence").text == items[4]["text"]

        process.send_signal(signal.SIGKILL)  # killing the server loses nothing
        process.wait(timeout=30)
        assert [(r["text"], r["label"]) for r in output_rows(out)] == expected
        process, url = start_server(to_label, out)
        driver.get(url)
        wait_for(driver, lambda: count().startswith("4 of 5 decided"), "the resumed session")
        body = driver.find_element("tag name", "body")
        body.send_keys("7")
        wait_for(driver, lambda: driver.find_element("id", "finished").is_displayed(), "the end")
        assert "govtext train" in driver.find_element("id", "train").text
    finally:
        driver.quit()
        process.terminate()
        process.wait(timeout=30)
    rows = output_rows(out)
    assert [r["label"] for r in rows] == [LABELS[0], guess, LABELS[5], LABELS[6]]
    assert all(r["scheme"] == "ningbo" and r["source"].startswith("article:") for r in rows)

    model = tmp_path / "model.joblib"
    corpus = [*map(str, sorted(seed_corpus_dir.glob("*.jsonl"))), str(out)]
    assert main(["train", *corpus, "--scheme", "ningbo", "--cv", "0", "-o", str(model)]) == 0
    assert model.exists()
    assert set(read_corpus(out, "ningbo").texts) == {r["text"] for r in rows}
    capsys.readouterr()
