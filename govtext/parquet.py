"""Parquet output for archive-scale work (optional: needs pyarrow, ``pip install 'govtext[parquet]'``).

Sentences are written one row each (file, date, index, start, end, text, label, score,
low_confidence and, with ``top_k`` > 1, list columns ``top_labels`` and ``top_scores``), in row
groups as results arrive, so memory stays bounded however many articles stream through.  Like
every govtext output the file is written to a temporary name and renamed at the end: an
interrupted run leaves no half-written file.  pandas, DuckDB, Polars, Spark and R's arrow read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from . import messages
from .errors import GovtextError
from .io.files import atomic_write

if TYPE_CHECKING:
    from .report.summary import Summary
    from .results import ArticleResult

ROW_GROUP_ROWS = 64 * 1024


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # lazy: optional (the parquet extra)
        import pyarrow.parquet as pq
    except ImportError:
        raise GovtextError(messages.needs_extra("Parquet output", "pyarrow", "parquet")) from None
    return pa, pq


def sentence_schema(top_k: int = 1) -> Any:
    """The Arrow schema of sentence rows (``top_labels`` and ``top_scores`` only when *top_k* > 1)."""
    pa, _ = _pyarrow()
    fields = [
        pa.field("file", pa.string()),
        pa.field("date", pa.date32()),
        pa.field("index", pa.int32()),
        pa.field("start", pa.int64()),
        pa.field("end", pa.int64()),
        pa.field("text", pa.string()),
        pa.field("label", pa.string()),
        pa.field("score", pa.float64()),
        pa.field("low_confidence", pa.bool_()),
    ]
    if top_k > 1:
        fields += [pa.field("top_labels", pa.list_(pa.string())), pa.field("top_scores", pa.list_(pa.float64()))]
    return pa.schema(fields)


class SentenceWriter:
    """Writes sentence rows to an open binary file in row groups of *row_group_rows*.

    >>> import io
    >>> from govtext.results import ArticleResult, SentenceResult
    >>> buffer = io.BytesIO()
    >>> with SentenceWriter(buffer) as writer:
    ...     writer.add("a.txt", ArticleResult((SentenceResult("项目开工。", "项目争速", 0.9, 0, 5),), ("项目争速",)))
    >>> import pyarrow.parquet as pq
    >>> pq.read_table(io.BytesIO(buffer.getvalue())).column("label").to_pylist()
    ['项目争速']
    """

    def __init__(self, handle: IO[bytes], *, top_k: int = 1, row_group_rows: int = ROW_GROUP_ROWS) -> None:
        if row_group_rows < 1:
            raise ValueError(messages.at_least("row_group_rows", 1, row_group_rows))
        pa, pq = _pyarrow()
        self._pa = pa
        self.schema = sentence_schema(top_k)
        self.top_k = top_k
        self.row_group_rows = row_group_rows
        self.rows = 0
        self._writer = pq.ParquetWriter(handle, self.schema, compression="zstd")
        self._columns: dict[str, list[Any]] = {name: [] for name in self.schema.names}

    def add(self, name: str, result: ArticleResult) -> None:
        """Queue the sentences of one article; a full row group is written at once."""
        columns = self._columns
        for s in result.sentences:
            columns["file"].append(name)
            columns["date"].append(result.date)
            columns["index"].append(s.index)
            columns["start"].append(s.start)
            columns["end"].append(s.end)
            columns["text"].append(s.text)
            columns["label"].append(s.label)
            columns["score"].append(s.score)
            columns["low_confidence"].append(s.low_confidence)
            if self.top_k > 1:
                columns["top_labels"].append([label for label, _ in s.top])
                columns["top_scores"].append([p for _, p in s.top])
            if len(columns["file"]) >= self.row_group_rows:
                self._flush()

    def _flush(self) -> None:
        count = len(self._columns["file"])
        if not count:
            return
        table = self._pa.table(self._columns, schema=self.schema)
        self._writer.write_table(table, row_group_size=self.row_group_rows)
        self.rows += count
        for values in self._columns.values():
            values.clear()

    def close(self) -> None:
        """Write what is queued and the file's footer."""
        self._flush()
        self._writer.close()

    def abandon(self) -> None:
        """Stop without writing what is queued (the file is about to be thrown away)."""
        for values in self._columns.values():
            values.clear()
        self._writer.close()

    def __enter__(self) -> SentenceWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()


def write_sentences(
    results: Iterable[tuple[str, ArticleResult]],
    path: str | Path,
    *,
    top_k: int = 1,
    overwrite: bool = False,
    row_group_rows: int = ROW_GROUP_ROWS,
) -> int:
    """Write the sentences of ``(name, result)`` pairs to a Parquet file, atomically; returns the row count.

    *results* is consumed as it goes (a generator of a whole archive is fine).
    """
    _pyarrow()
    with (
        atomic_write(path, overwrite=overwrite) as handle,
        SentenceWriter(handle, top_k=top_k, row_group_rows=row_group_rows) as writer,
    ):
        for name, result in results:
            writer.add(name, result)
    return writer.rows


def write_summary(summary: Summary, path: Path, *, overwrite: bool = False) -> Path:
    """A summary's rows (without TOTAL) as Parquet: typed columns, dates as dates."""
    pa, pq = _pyarrow()
    table = pa.table(summary.column_values())
    with atomic_write(path, overwrite=overwrite) as handle:
        pq.write_table(table, handle, compression="zstd")
    return path


__all__ = ["ROW_GROUP_ROWS", "SentenceWriter", "sentence_schema", "write_sentences", "write_summary"]
