"""Every bad input on the command line: exit status 2 and one line ``govtext: error: FILE: what``.

Each row builds its bad input in a fresh folder and gives the command line and the message
expected (``{tmp}`` is that folder).  No row may print a traceback or a second line.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from govtext.cli import main
from govtext.modelfile.format import MAGIC

from .conftest import NINGBO_ARTICLE

NEWS = "项目争速是实现高质量发展的主要抓手。党建争强是为高质量发展提供有力的根本保障。"


def write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return make


def jsonl(*rows: dict[str, str] | str) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n" for row in rows)


def make_all(*makers: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        for maker in makers:
            maker(tmp)

    return make


def folder(name: str) -> Callable[[Path], None]:
    return lambda tmp: (tmp / name).mkdir()


def _model_bytes() -> bytes:
    return (Path(__file__).resolve().parent.parent / "models" / "yuecheng.joblib").read_bytes()


def tampered_model(tmp: Path) -> None:
    raw = bytearray(_model_bytes())
    raw[-50] ^= 0xFF
    (tmp / "m.joblib").write_bytes(bytes(raw))


def truncated_model(tmp: Path) -> None:
    (tmp / "m.joblib").write_bytes(_model_bytes()[:-1000])


def untrusted_model(tmp: Path) -> None:
    (tmp / "m.joblib").write_bytes(_model_bytes())  # a copy outside the bundled folder, never saved here


def foreign_pickle(tmp: Path) -> None:
    (tmp / "m.joblib").write_bytes(pickle.dumps({"weights": [1, 2, 3]}))


def symlink_to_nowhere(tmp: Path) -> None:
    (tmp / "link.txt").symlink_to(tmp / "gone.txt")


def fifo(name: str) -> Callable[[Path], None]:
    return lambda tmp: os.mkfifo(tmp / name)


def symlink_loop(tmp: Path) -> None:
    (tmp / "loop-a.txt").symlink_to(tmp / "loop-b.txt")
    (tmp / "loop-b.txt").symlink_to(tmp / "loop-a.txt")


def docx(tmp: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>项目争速</w:document>")
    (tmp / "news.docx.txt").write_bytes(buffer.getvalue())


GOOD_CORPUS = jsonl({"text": "项目开工。", "label": "项目争速"}, {"text": "今天天气晴。", "label": "其他"})

# (id, setup, argv, expected message after "govtext: error: ")
CASES: list[tuple[str, Callable[[Path], None], list[str], str]] = [
    # -- classify: input files ----------------------------------------------------------------
    ("missing file", lambda tmp: None, ["classify", "{tmp}/none.txt"], "{tmp}/none.txt: no such file"),
    ("dangling symlink", symlink_to_nowhere, ["classify", "{tmp}/link.txt"], "{tmp}/link.txt: no such file"),
    (
        "folder without articles",
        make_all(folder("empty"), write("empty/notes.csv", "a,b")),
        ["classify", "{tmp}/empty"],
        "{tmp}/empty: folder holds no article files (.txt, .text, .md, .html, .htm)",
    ),
    (
        "png image",
        write("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        ["classify", "{tmp}/photo.txt"],
        "{tmp}/photo.txt: looks like a PNG image, not text",
    ),
    (
        "jpeg image",
        write("a.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ["classify", "{tmp}/a.txt"],
        "{tmp}/a.txt: looks like a JPEG image, not text",
    ),
    (
        "pdf document",
        write("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ["classify", "{tmp}/report.txt"],
        "{tmp}/report.txt: looks like a PDF document, not text",
    ),
    (
        "word document",
        docx,
        ["classify", "{tmp}/news.docx.txt"],
        "{tmp}/news.docx.txt: looks like a ZIP archive (a .docx or .xlsx is one), not text",
    ),
    (
        "gzip file",
        write("page.html", gzip.compress(NEWS.encode())),
        ["classify", "{tmp}/page.html"],
        "{tmp}/page.html: looks like gzip-compressed, not text",
    ),
    (
        "program",
        write("run.txt", b"\x7fELF\x02\x01\x01" + bytes(50)),
        ["classify", "{tmp}/run.txt"],
        "{tmp}/run.txt: looks like a program, not text",
    ),
    (
        "model file given as article",
        lambda tmp: (tmp / "m.txt").write_bytes(_model_bytes()),
        ["classify", "{tmp}/m.txt"],
        "{tmp}/m.txt: looks like a govtext model file, not text",
    ),
    (
        "nul bytes",
        write("blob.txt", b"abc\x00\x01\x02" * 100),
        ["classify", "{tmp}/blob.txt"],
        "{tmp}/blob.txt: looks like a binary file (it holds NUL bytes), not text",
    ),
    (
        "utf-16 without byte-order mark",
        write("u16.txt", "Hello 你好".encode("utf-16-le")),
        ["classify", "{tmp}/u16.txt"],
        "{tmp}/u16.txt: looks like a binary file (it holds NUL bytes), not text; for UTF-16 without a "
        "byte-order mark give --encoding utf-16",
    ),
    (
        "control characters",
        write("ctl.txt", bytes(range(1, 9)) * 200),
        ["classify", "{tmp}/ctl.txt"],
        "{tmp}/ctl.txt: looks like a binary file (mostly control characters), not text",
    ),
    (
        "mixed encodings",
        write("mixed.txt", "第一行\n".encode() + "第二行".encode("gb18030")),
        ["classify", "{tmp}/mixed.txt"],
        "{tmp}/mixed.txt:2: cannot decode as UTF-8 at byte 10, nor as GB18030 or Big5; give its encoding with "
        "--encoding (e.g. gb18030, big5)",
    ),
    (
        "wrong --encoding",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "--encoding", "ascii"],
        "{tmp}/news.txt:1: cannot decode as ascii at byte 0; is it in another encoding?",
    ),
    (
        "utf-8 asked of gb18030",
        write("gb.txt", ("标题\n" + NEWS).encode("gb18030")),
        ["classify", "{tmp}/gb.txt", "--encoding", "utf-8"],
        "{tmp}/gb.txt:1: cannot decode as utf-8 at byte 0; is it in another encoding?",
    ),
    (
        "unknown --encoding",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "--encoding", "klingon"],
        "argument --encoding: unknown encoding 'klingon' (try utf-8, gb18030, big5) (see 'govtext classify --help')",
    ),
    # -- classify: outputs and options --------------------------------------------------------
    (
        "output exists",
        make_all(write("news.txt", NEWS), write("out.jsonl", "precious")),
        ["classify", "{tmp}/news.txt", "-o", "{tmp}/out.jsonl"],
        "{tmp}/out.jsonl: already exists; use --force to replace it",
    ),
    (
        "output is a folder",
        make_all(write("news.txt", NEWS), folder("out")),
        ["classify", "{tmp}/news.txt", "-o", "{tmp}/out", "--force"],
        "{tmp}/out: is a folder; give a file name",
    ),
    (
        "output under a file",
        make_all(write("news.txt", NEWS), write("file", "x")),
        ["classify", "{tmp}/news.txt", "-o", "{tmp}/file/out.csv"],
        "{tmp}/file/out.csv: cannot write there: {tmp}/file is a file, not a folder",
    ),
    ("--top-k 0", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--top-k", "0"], "must be at least 1, not 0"),
    ("--top-k x", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--top-k", "x"], "not a whole number: 'x'"),
    ("--min-score x", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--min-score", "x"], "not a number: 'x'"),
    # -- classify: models ---------------------------------------------------------------------
    (
        "missing model",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "--model", "{tmp}/none.joblib"],
        "{tmp}/none.joblib: no such model file",
    ),
    (
        "model is a folder",
        make_all(write("news.txt", NEWS), folder("m.joblib")),
        ["classify", "{tmp}/news.txt", "--model", "{tmp}/m.joblib"],
        "{tmp}/m.joblib: is a folder, not a file",
    ),
    (
        "empty model file",
        make_all(write("news.txt", NEWS), write("m.joblib", b"")),
        ["classify", "{tmp}/news.txt", "--model", "{tmp}/m.joblib"],
        "{tmp}/m.joblib: not a govtext model file (no govtext header)",
    ),
    (
        "foreign pickle",
        make_all(write("news.txt", NEWS), foreign_pickle),
        ["classify", "{tmp}/news.txt", "--model", "{tmp}/m.joblib", "--trust"],
        "{tmp}/m.joblib: not a govtext model file (no govtext header)",
    ),
    (
        "tampered model",
        make_all(write("news.txt", NEWS), tampered_model),
        ["classify", "{tmp}/news.txt", "--model", "{tmp}/m.joblib", "--trust"],
        "does not match its SHA-256 digest (tampered or damaged file)",
    ),
    (
        "truncated model",
        make_all(write("news.txt", NEWS), truncated_model),
        ["classify", "{tmp}/news.txt", "--model", "{tmp}/m.joblib"],
        "{tmp}/m.joblib: model is truncated or padded",
    ),
    (
        "header only",
        make_all(write("news.txt", NEWS), write("m.joblib", MAGIC + b'{"format": "govtext-model"')),
        ["classify", "{tmp}/news.txt", "--model", "{tmp}/m.joblib"],
        "{tmp}/m.joblib: model header is truncated or too long",
    ),
    (
        # classify reads only the data-only prediction section; explain unpickles the model, so it asks for trust
        "untrusted model",
        make_all(write("news.txt", NEWS), untrusted_model),
        ["explain", "项目开工", "--model", "{tmp}/m.joblib"],
        "{tmp}/m.joblib: not a bundled model and not one saved by this user; unpickling it could run code from "
        "the file. If you trust its source, load it with trusted=True (command line: --trust)",
    ),
    (
        "unknown scheme",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "--scheme", "shanghai"],
        "no bundled model or file named 'shanghai'; bundled models: ningbo, yuecheng",
    ),
    # -- train: corpora -----------------------------------------------------------------------
    (
        "missing corpus",
        lambda tmp: None,
        ["train", "{tmp}/none.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/none.jsonl: no such file or folder",
    ),
    (
        "malformed json line",
        write("c.jsonl", jsonl({"text": "项目开工。", "label": "项目争速"}, '{"text": "半行')),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:2: not valid JSON: Unterminated string starting at (column 10)",
    ),
    (
        "missing label field",
        write("c.jsonl", jsonl({"text": "项目开工。"})),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:1: missing field 'label'",
    ),
    (
        "unknown label",
        write("c.jsonl", GOOD_CORPUS + jsonl({"text": "营商环境。", "label": "服务争先"})),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: unknown label '服务争先' for scheme 'ningbo'; valid labels: 项目争速, 产业争先, 科技争投, "
        "城乡争优, 服务争效, 党建争强, 其他",
    ),
    (
        "wrong scheme",
        write("c.jsonl", GOOD_CORPUS + jsonl({"text": "整改。", "label": "其他", "scheme": "yuecheng"})),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: sentence is for scheme 'yuecheng', not 'ningbo'",
    ),
    (
        "conflicting duplicates",
        write("c.jsonl", GOOD_CORPUS + jsonl({"text": "项目 开工。", "label": "其他"})),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: conflicting labels: '其他' here but '项目争速' at {tmp}/c.jsonl:1",
    ),
    (
        "corpus not utf-8",
        write("c.jsonl", GOOD_CORPUS.encode("gb18030")),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:1: not UTF-8 text (a corpus must be UTF-8)",
    ),
    (
        "csv without label column",
        write("c.csv", "text,category\n项目开工。,项目争速\n"),
        ["train", "{tmp}/c.csv", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.csv:1: header lacks column label (has: text, category)",
    ),
    (
        "not a corpus file",
        write("c.txt", NEWS),
        ["train", "{tmp}/c.txt", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.txt: not a corpus file: expected .jsonl, .csv or .tsv, got '.txt'",
    ),
    (
        "folder without corpus files",
        folder("corpus"),
        ["train", "{tmp}/corpus", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/corpus: folder holds no corpus files (.jsonl, .csv, .tsv)",
    ),
    (
        "empty corpus",
        write("c.jsonl", "\n\n"),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl: corpus holds no sentences",
    ),
    (
        "one label only",
        write(
            "c.jsonl", jsonl({"text": "项目开工。", "label": "项目争速"}, {"text": "项目投产。", "label": "项目争速"})
        ),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl: every sentence has the label '项目争速'; training needs sentences of at least two labels",
    ),
    (
        "model output exists",
        make_all(write("c.jsonl", GOOD_CORPUS), write("m.joblib", "precious")),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/m.joblib: already exists; use --force to replace it",
    ),
    (
        "missing scheme file",
        write("c.jsonl", GOOD_CORPUS),
        ["train", "{tmp}/c.jsonl", "--scheme-file", "{tmp}/s.toml", "-o", "{tmp}/m.joblib"],
        "{tmp}/s.toml: cannot read scheme file: No such file or directory",
    ),
    (
        "bad scheme file",
        make_all(write("c.jsonl", GOOD_CORPUS), write("s.toml", 'name = "x"\ncategories = [')),
        ["train", "{tmp}/c.jsonl", "--scheme-file", "{tmp}/s.toml", "-o", "{tmp}/m.joblib"],
        "{tmp}/s.toml: not a valid TOML scheme file",
    ),
    (
        "unknown training scheme",
        write("c.jsonl", GOOD_CORPUS),
        ["train", "{tmp}/c.jsonl", "--scheme", "mars", "-o", "{tmp}/m.joblib"],
        "unknown scheme 'mars'; available: ningbo, yuecheng (or give a scheme file with --scheme-file)",
    ),
    # -- evaluate -----------------------------------------------------------------------------
    (
        "evaluate a bad corpus",
        write("c.jsonl", jsonl({"text": "项目开工。", "label": "项目"})),
        ["evaluate", "{tmp}/c.jsonl"],
        "{tmp}/c.jsonl:1: unknown label '项目' for scheme 'ningbo'",
    ),
    (
        "plot exists",
        make_all(write("c.jsonl", GOOD_CORPUS), write("cm.png", "x")),
        ["evaluate", "{tmp}/c.jsonl", "--plot", "{tmp}/cm.png"],
        "{tmp}/cm.png: already exists; use --force to replace it",
    ),
    # -- round 2: inputs nobody tried yet --------------------------------------------------------
    (
        "named pipe",
        fifo("feed.txt"),
        ["classify", "{tmp}/feed.txt"],
        "{tmp}/feed.txt: is a named pipe (FIFO), not a regular file",
    ),
    ("/dev/zero", lambda tmp: None, ["classify", "/dev/zero"], "/dev/zero: is a device, not a regular file"),
    ("/dev/urandom", lambda tmp: None, ["classify", "/dev/urandom"], "/dev/urandom: is a device, not a regular file"),
    ("symlink loop", symlink_loop, ["classify", "{tmp}/loop-a.txt"], "{tmp}/loop-a.txt: is a loop of symbolic links"),
    (
        "missing name with spaces",
        lambda tmp: None,
        ["classify", "{tmp}/my news.txt"],
        "{tmp}/my news.txt: no such file",
    ),
    (
        "missing name with a newline",
        lambda tmp: None,
        ["classify", "{tmp}/a\nb.txt"],
        "'{tmp}/a\\nb.txt': no such file",
    ),
    (
        "missing name of undecodable bytes",
        lambda tmp: None,
        ["classify", "{tmp}/\udcff\udcfe.txt"],
        "'{tmp}/\\udcff\\udcfe.txt': no such file",
    ),
    (
        "leading dash taken for an option",
        write("-news.txt", NEWS),
        ["classify", "-news.txt"],
        "a file name that starts with '-' goes after '--'",
    ),
    (
        "utf-32 without byte-order mark",
        write("u32.txt", "你好，世界。".encode("utf-32-le")),
        ["classify", "{tmp}/u32.txt"],
        "{tmp}/u32.txt: looks like a binary file (it holds NUL bytes), not text",
    ),
    (
        "utf-16 with a broken surrogate pair",
        write("news.txt", b"\x00\xd8A\x00B\x00"),
        ["classify", "{tmp}/news.txt", "--encoding", "utf-16"],
        "{tmp}/news.txt:1: cannot decode as utf-16",
    ),
    (
        "sqlite database",
        write("db.txt", b"SQLite format 3\x00" + bytes(100)),
        ["classify", "{tmp}/db.txt"],
        "{tmp}/db.txt: looks like an SQLite database, not text",
    ),
    (
        "xz archive",
        write("a.txt", b"\xfd7zXZ\x00\x00\x04"),
        ["classify", "{tmp}/a.txt"],
        "{tmp}/a.txt: looks like xz-compressed, not text",
    ),
    (
        "output is the input",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "-o", "{tmp}/news.txt", "--force"],
        "{tmp}/news.txt: is also an input; write the output to another file",
    ),
    (
        "output is the input by another path",
        make_all(folder("d"), write("news.txt", NEWS)),
        ["classify", "{tmp}/news.txt", "-o", "{tmp}/d/../news.txt", "--force"],
        "{tmp}/d/../news.txt: is also an input",
    ),
    (
        "summary written over an input",
        write("news.txt", NEWS),
        ["summarize", "{tmp}/news.txt", "-o", "{tmp}/news.txt", "--force"],
        "{tmp}/news.txt: is also an input",
    ),
    (
        "model written over the corpus",
        write("c.jsonl", GOOD_CORPUS),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/c.jsonl", "--force"],
        "{tmp}/c.jsonl: is also an input",
    ),
    (
        "output in a missing folder",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "-o", "{tmp}/nowhere/out.csv"],
        "{tmp}/nowhere/out.csv: cannot write there: folder {tmp}/nowhere does not exist; create it first",
    ),
    (
        "model in a missing folder",
        write("c.jsonl", GOOD_CORPUS),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/nowhere/m.joblib"],
        "{tmp}/nowhere/m.joblib: cannot write there: folder {tmp}/nowhere does not exist",
    ),
    (
        "plot in a missing folder",
        write("c.jsonl", GOOD_CORPUS),
        ["evaluate", "{tmp}/c.jsonl", "--plot", "{tmp}/nowhere/cm.png"],
        "{tmp}/nowhere/cm.png: cannot write there: folder {tmp}/nowhere does not exist",
    ),
    (
        "output in a read-only place",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "-o", "/proc/govtext-out.jsonl"],
        "/proc/govtext-out.jsonl: cannot write",
    ),
    (
        "--jobs 0",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "--jobs", "0"],
        "must be -1 (every core) or 1 to 256",
    ),
    ("--jobs -5", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--jobs", "-5"], "not -5"),
    ("--jobs 10000", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--jobs", "10000"], "not 10000"),
    ("--jobs x", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--jobs", "x"], "not a whole number: 'x'"),
    (
        "--top-k 999",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "--top-k", "999"],
        "argument --top-k: at most 7 (the model's labels), not 999",
    ),
    (
        "--min-score 2",
        write("news.txt", NEWS),
        ["classify", "{tmp}/news.txt", "--min-score", "2"],
        "must be between 0 and 1, not 2",
    ),
    ("--min-score -0.5", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--min-score", "-0.5"], "not -0.5"),
    ("--min-score nan", write("news.txt", NEWS), ["classify", "{tmp}/news.txt", "--min-score", "nan"], "not nan"),
    (
        "--cv 1",
        write("c.jsonl", GOOD_CORPUS),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib", "--cv", "1"],
        "must be 0 (no cross-validation) or at least 2 folds, not 1",
    ),
    (
        "--cv -3",
        write("c.jsonl", GOOD_CORPUS),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib", "--cv", "-3"],
        "not -3",
    ),
    (
        "--C 0",
        write("c.jsonl", GOOD_CORPUS),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib", "--C", "0"],
        "argument --C: must be a number above 0, not 0",
    ),
    (
        "-n 0",
        write("news.txt", NEWS),
        ["suggest", "{tmp}/news.txt", "-o", "{tmp}/s.jsonl", "-n", "0"],
        "must be at least 1, not 0",
    ),
    (
        "suggestions written over an input",
        write("news.txt", NEWS),
        ["suggest", "{tmp}/news.txt", "-o", "{tmp}/news.txt", "--force"],
        "{tmp}/news.txt: is also an input",
    ),
    # -- round 2: corpora and schemes ---------------------------------------------------------------
    (
        "csv separated by semicolons",
        write("c.csv", "text;label\n项目开工。;项目争速\n天气晴。;其他\n"),
        ["train", "{tmp}/c.csv", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.csv:1: header lacks column text, label (has: text;label); the columns seem to be separated by ';'",
    ),
    (
        "tsv separated by commas",
        write("c.tsv", "text,label\n项目开工。,项目争速\n"),
        ["train", "{tmp}/c.tsv", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "the columns seem to be separated by ','",
    ),
    (
        "csv with an unclosed quote",
        write("c.csv", 'text,label\n项目开工。,项目争速\n"天气晴。,其他\n'),
        ["train", "{tmp}/c.csv", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.csv:3: a quote opened in this row is never closed (the row runs to the end of the file)",
    ),
    (
        "csv row with a missing column",
        write("c.csv", "text,label\n项目开工。,项目争速\n天气晴。\n"),
        ["train", "{tmp}/c.csv", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.csv:3: expected 2 columns, got 1",
    ),
    (
        "json line that is an array",
        write("c.jsonl", GOOD_CORPUS + '["项目开工。", "项目争速"]\n'),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: expected a JSON object, got list",
    ),
    (
        "text that is a number",
        write("c.jsonl", GOOD_CORPUS + jsonl('{"text": 42, "label": "其他"}')),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: field 'text' must be a string, got int",
    ),
    (
        "empty label",
        write("c.jsonl", GOOD_CORPUS + jsonl({"text": "营商环境。", "label": " "})),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: field 'label' is empty",
    ),
    (
        "article without index",
        write("c.jsonl", GOOD_CORPUS + jsonl('{"text": "营商环境。", "label": "服务争效", "article": "a1"}')),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: fields 'article' and 'index' go together: give both or neither",
    ),
    (
        "negative article index",
        write(
            "c.jsonl", GOOD_CORPUS + jsonl('{"text": "营商环境。", "label": "服务争效", "article": "a1", "index": -1}')
        ),
        ["train", "{tmp}/c.jsonl", "--scheme", "ningbo", "-o", "{tmp}/m.joblib"],
        "{tmp}/c.jsonl:3: field 'index' must be a whole number >= 0, got -1",
    ),
    (
        "article index repeated",
        write(
            "c.jsonl",
            GOOD_CORPUS
            + jsonl(
                '{"text": "营商环境。", "label": "服务争效", "article": "a1", "index": 0}',
                '{"text": "党员干部。", "label": "党建争强", "article": "a1", "index": 0}',
            ),
        ),
        ["corpus", "check", "{tmp}/c.jsonl"],
        "{tmp}/c.jsonl:4: article 'a1': index 0 again (first at line 3)",
    ),
    (
        "scheme naming a category twice",
        make_all(
            write("c.jsonl", GOOD_CORPUS),
            write("s.toml", 'name = "x"\n[[categories]]\nlabel = "A"\n[[categories]]\nlabel = "A"\n'),
        ),
        ["train", "{tmp}/c.jsonl", "--scheme-file", "{tmp}/s.toml", "-o", "{tmp}/m.joblib"],
        "{tmp}/s.toml: scheme 'x' names a category twice: A",
    ),
    (
        "scheme with an empty label",
        make_all(write("c.jsonl", GOOD_CORPUS), write("s.toml", 'name = "x"\n[[categories]]\nlabel = ""\n')),
        ["train", "{tmp}/c.jsonl", "--scheme-file", "{tmp}/s.toml", "-o", "{tmp}/m.joblib"],
        "{tmp}/s.toml: category 1 needs a non-empty 'label'",
    ),
    (
        "scheme redefining 其他",
        make_all(write("c.jsonl", GOOD_CORPUS), write("s.toml", 'name = "x"\n[[categories]]\nlabel = "其他"\n')),
        ["train", "{tmp}/c.jsonl", "--scheme-file", "{tmp}/s.toml", "-o", "{tmp}/m.joblib"],
        "{tmp}/s.toml: scheme 'x': '其他' is reserved for sentences outside every category",
    ),
    (
        "scheme without categories",
        make_all(write("c.jsonl", GOOD_CORPUS), write("s.toml", 'name = "x"\n')),
        ["train", "{tmp}/c.jsonl", "--scheme-file", "{tmp}/s.toml", "-o", "{tmp}/m.joblib"],
        "{tmp}/s.toml:",
    ),
    (
        "corpus check of a missing file",
        lambda tmp: None,
        ["corpus", "check", "{tmp}/none.jsonl"],
        "{tmp}/none.jsonl: no such file or folder",
    ),
    (
        "summarize nothing readable",
        write("photo.txt", b"\x89PNG\r\n\x1a\n"),
        ["summarize", "{tmp}/photo.txt"],
        "{tmp}/photo.txt: looks like a PNG image, not text",
    ),
]


def test_the_table_is_long_enough() -> None:
    assert len(CASES) >= 80
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("setup", "argv", "message"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_status_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    setup: Callable[[Path], None],
    argv: list[str],
    message: str,
) -> None:
    setup(tmp_path)
    before = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    try:
        status = main([arg.format(tmp=tmp_path) for arg in argv])
    except SystemExit as exit_:  # argparse's usage errors
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert _tree(tmp_path) == before  # nothing written, no temporary file left behind
    assert status == 2
    # train's progress lines ("govtext: reading corpus") may come first; the error is one line, the last
    errors = [line for line in err.splitlines() if line.startswith("govtext: error: ")]
    assert len(errors) == 1 and err.endswith(errors[0] + "\n"), err
    assert all(line.startswith("govtext: ") for line in err.splitlines())
    assert message.format(tmp=tmp_path) in err
    assert "Traceback" not in err + out


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under *folder* (hidden ones too) with a regular file's content."""
    out: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        regular = path.is_file() and not path.is_symlink() and not path.is_fifo()
        out[str(path.relative_to(folder))] = path.read_bytes() if regular else None
    return out


def test_several_files_good_ones_still_processed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _, setup, _, _ in CASES[:14]:
        setup(tmp_path)
    bad = [tmp_path / name for name in ("none.txt", "photo.txt", "blob.txt", "mixed.txt", "ctl.txt")]
    (tmp_path / "good.txt").write_text(NEWS, encoding="utf-8")
    argv = ["classify", str(bad[0]), str(NINGBO_ARTICLE), *map(str, bad[1:]), str(tmp_path / "good.txt")]
    status = main([*argv, "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == len(bad) and all(line.startswith("govtext: error: ") for line in lines)
    assert [line.split(": ")[2].rstrip(":0123456789") for line in lines] == list(map(str, bad))
    files = [json.loads(line)["file"] for line in out.splitlines()]
    assert files.count(str(NINGBO_ARTICLE)) == 70 and files.count(str(tmp_path / "good.txt")) == 2


def test_bad_input_as_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01" * 100)
    done = subprocess.run(
        [sys.executable, "-m", "govtext", "classify", str(tmp_path / "blob.txt"), "--model", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"govtext: error: {tmp_path}: is a folder, not a file\n"


def test_an_unexpected_error_is_still_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import govtext.batch

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(govtext.batch, "read_text", broken)
    monkeypatch.delenv("GOVTEXT_DEBUG", raising=False)
    status = main(["classify", str(NINGBO_ARTICLE)])
    err = capsys.readouterr().err
    assert status == 2
    assert err == (
        "govtext: error: internal error (RuntimeError: something nobody expected); set GOVTEXT_DEBUG=1 to see where\n"
    )
