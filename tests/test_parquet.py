"""Parquet output: sentences streamed in row groups, summaries, read back with pandas and DuckDB."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govtext
from govtext.cli import main
from govtext.results import ArticleResult, SentenceResult

from .conftest import NINGBO_ARTICLE, YUECHENG_ARTICLE

pq = pytest.importorskip("pyarrow.parquet")


def test_classify_to_parquet_has_one_row_per_sentence_with_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sentences.parquet"
    assert main(["classify", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--format", "parquet", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"govtext: wrote 124 sentences to {out}\n"
    table = pq.read_table(out)
    assert table.column_names == [
        "file", "date", "index", "start", "end", "text", "label", "score", "low_confidence"
    ]  # fmt: skip
    assert str(table.schema.field("date").type) == "date32[day]"
    rows = table.to_pylist()
    assert len(rows) == 124
    assert {row["date"] for row in rows if row["file"] == str(NINGBO_ARTICLE)} == {dt.date(2020, 1, 18)}
    # the same sentences, labels and scores as the JSONL output
    assert main(["classify", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--format", "jsonl"]) == 0
    jsonl = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["file"], r["index"], r["text"], r["label"]) for r in rows] == [
        (r["file"], r["index"], r["text"], r["label"]) for r in jsonl
    ]
    assert all(abs(a["score"] - b["score"]) < 1e-4 for a, b in zip(rows, jsonl, strict=True))


def test_top_k_gives_list_columns(tmp_path: Path) -> None:
    out = tmp_path / "top.parquet"
    assert main(["classify", str(YUECHENG_ARTICLE), "--format", "parquet", "--top-k", "3", "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert str(table.schema.field("top_labels").type) == "list<element: string>"
    first = table.slice(0, 1).to_pylist()[0]
    assert len(first["top_labels"]) == len(first["top_scores"]) == 3
    assert first["top_labels"][0] == first["label"] and first["top_scores"][0] == pytest.approx(first["score"])
    assert first["top_scores"] == sorted(first["top_scores"], reverse=True)


def test_pandas_and_duckdb_read_it(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "sentences.parquet"
    assert main(["classify", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--format", "parquet", "-o", str(out)]) == 0
    frame = pd.read_parquet(out)
    assert len(frame) == 124 and frame["label"].value_counts()["其他"] == 95
    counts = dict(
        duckdb.sql(f"SELECT label, count(*) AS n FROM '{out}' GROUP BY label ORDER BY n DESC, label").fetchall()
    )
    assert counts == frame["label"].value_counts().to_dict()
    assert sum(counts.values()) == 124
    months = duckdb.sql(f"SELECT strftime(date, '%Y-%m') AS m, count(*) FROM '{out}' GROUP BY m ORDER BY m").fetchall()
    assert months == [("2020-01", 70), ("2021-07", 54)]


def _articles(count: int, sentences: int) -> Iterator[tuple[str, ArticleResult]]:
    for number in range(count):
        rows = tuple(
            SentenceResult(f"句子{number}-{i}。", "其他", 0.5, 10 * i, 10 * i + 6, i) for i in range(sentences)
        )
        yield f"a{number}.txt", ArticleResult(rows, ("项目争速", "其他"), date=dt.date(2021, 1, 1 + number % 28))


def test_rows_are_written_in_row_groups_as_results_stream() -> None:
    from govtext.parquet import SentenceWriter

    buffer = io.BytesIO()
    writer = SentenceWriter(buffer, row_group_rows=100)
    sizes = []
    for name, result in _articles(50, 7):
        writer.add(name, result)
        sizes.append(buffer.tell())
        assert len(writer._columns["file"]) < 100  # never more than one row group held in memory
    writer.close()
    assert sizes[-1] > sizes[14] > sizes[0]  # bytes reach the file while articles still arrive
    parquet = pq.ParquetFile(io.BytesIO(buffer.getvalue()))
    assert parquet.metadata.num_rows == 350
    assert parquet.metadata.num_row_groups == 4
    assert parquet.read().column("file").to_pylist()[-1] == "a49.txt"


def test_write_sentences_is_atomic(tmp_path: Path) -> None:
    from govtext.parquet import write_sentences

    out = tmp_path / "s.parquet"

    def failing() -> Iterator[tuple[str, ArticleResult]]:
        yield from _articles(3, 5)
        raise RuntimeError("the classifier fell over")

    with pytest.raises(RuntimeError):
        write_sentences(failing(), out, row_group_rows=2)
    assert list(tmp_path.iterdir()) == []  # nothing half-written, no temporary file left
    assert write_sentences(_articles(3, 5), out) == 15
    with pytest.raises(FileExistsError):
        write_sentences(_articles(1, 1), out)
    assert write_sentences(_articles(1, 1), out, overwrite=True) == 1


def test_a_folder_streams_through_bounded_batches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for number in range(60):
        (folder / f"n{number:03d}.txt").write_text(
            f"时间:2021-{1 + number % 12:02d}-03\n项目争速是主要抓手。\n今天天气晴。", encoding="utf-8"
        )
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "all.parquet"
    assert main(["classify", str(folder), "--format", "parquet", "-o", str(out)]) == 2  # one bad file
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("govtext: error: ") and "broken.txt" in err[0]
    table = pq.read_table(out)
    assert table.num_rows == 180
    assert len(set(table.column("file").to_pylist())) == 60


def test_parquet_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", str(YUECHENG_ARTICLE), "--format", "parquet"]) == 2
    assert capsys.readouterr().err == (
        "govtext: error: --format parquet writes a binary file: give it with -o FILE.parquet\n"
    )


def test_summarize_to_parquet(tmp_path: Path) -> None:
    out = tmp_path / "shares.parquet"
    assert main(["summarize", str(NINGBO_ARTICLE), str(YUECHENG_ARTICLE), "--by", "year", "-o", str(out)]) == 0
    rows = pq.read_table(out).to_pylist()
    assert [(r["period"], r["start"], r["articles"], r["sentences"]) for r in rows] == [
        ("2020", dt.date(2020, 1, 1), 1, 70),
        ("2021", dt.date(2021, 1, 1), 1, 54),
    ]
    assert rows[0]["n_项目争速"] == 4 and rows[0]["share_其他"] == pytest.approx(49 / 70)
    per_article = tmp_path / "articles.parquet"
    assert main(["summarize", str(YUECHENG_ARTICLE), "-o", str(per_article)]) == 0
    (row,) = pq.read_table(per_article).to_pylist()
    assert row["file"] == str(YUECHENG_ARTICLE) and row["date"] == dt.date(2021, 7, 29)


def test_without_pyarrow_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    out = tmp_path / "s.parquet"
    assert main(["classify", str(YUECHENG_ARTICLE), "--format", "parquet", "-o", str(out)]) == 2
    assert capsys.readouterr().err == "govtext: error: Parquet output needs pyarrow: pip install 'govtext[parquet]'\n"
    assert not out.exists()


def test_classify_many_streams_into_write_sentences(tmp_path: Path) -> None:
    from govtext.parquet import write_sentences

    texts = ((f"t{n}", f"时间:2020-0{1 + n % 9}-01\n项目争速是主要抓手。") for n in range(20))
    results = ((r.source or "", r) for r in govtext.classify_many(texts, batch_size=4))
    assert write_sentences(results, tmp_path / "x.parquet", row_group_rows=8) == 40
    assert pq.ParquetFile(tmp_path / "x.parquet").metadata.num_row_groups == 5


def test_the_command_reads_files_only_a_few_batches_ahead_of_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import govtext.batch
    from govtext.parquet import SentenceWriter

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(120):
        (folder / f"{number:03d}.txt").write_text("项目争速是主要抓手。", encoding="utf-8")
    reads, lags = [0], []
    real_read, real_add = govtext.batch.read_text, SentenceWriter.add  # files are read where they are labelled

    def counting_read(*args: Any, **kwargs: Any) -> str:
        reads[0] += 1
        return real_read(*args, **kwargs)

    def watching_add(self: SentenceWriter, name: str, result: ArticleResult) -> None:
        lags.append(reads[0] - len(lags) - 1)
        real_add(self, name, result)

    monkeypatch.setattr(govtext.batch, "read_text", counting_read)
    monkeypatch.setattr(SentenceWriter, "add", watching_add)
    assert main(["classify", str(folder), "--format", "parquet", "-o", str(tmp_path / "m.parquet")]) == 0
    assert len(lags) == 120
    assert max(lags) <= 3 * 8  # a few batches of 8 in flight, not the whole folder
