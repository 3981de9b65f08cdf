"""A labelling session: the sentences ``suggest`` picked, the decisions taken on them, saved at once.

Every decision (a label, or a skip) is written straight away, atomically: the output holds the
labelled sentences in the corpus format (ready for ``govtext train``) and a small progress file
beside it (``OUT.progress.json``) keeps the order of decisions, skips included, so that undo works
and a new session resumes where the last one stopped, even after the process was killed.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> row = {"text": "项目开工。", "label": "项目争速", "scheme": "ningbo", "source": "article:a"}
>>> _ = (folder / "to_label.jsonl").write_text(json.dumps(row) + "\\n", encoding="utf-8")
>>> items = read_items(folder / "to_label.jsonl")
>>> session = LabellingSession(items, folder / "out.jsonl", ("项目争速", "其他"), "ningbo")
>>> session.decide(0, "其他").done, json.loads((folder / "out.jsonl").read_text(encoding="utf-8"))["label"]
(1, '其他')
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import messages
from .errors import InputError
from .io.files import atomic_write

SKIP = None


@dataclass(frozen=True)
class Item:
    """A sentence to label, with the article text around it and what ``suggest`` guessed."""

    text: str
    guess: str | None
    source: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Progress:
    """Where a session stands: how many decisions, how many items, and the next undecided item."""

    done: int
    total: int
    current: int | None
    decisions: tuple[tuple[int, str | None], ...] = field(default=())


def read_items(path: str | Path) -> list[Item]:
    """The rows of a ``suggest`` output (or any corpus JSONL): one item each; bad lines raise
    :class:`~govtext.InputError` with the line number."""
    items: list[Item] = []
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error), path=path) from None
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InputError(messages.to_label_not_utf8(), path=path) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(messages.row_not_json_object(error.msg), path=path, line=number) from None
        if not isinstance(row, dict):
            raise InputError(messages.row_not_json_object(), path=path, line=number)
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(messages.row_without_text(), path=path, line=number)
        guess = row.get("label")
        before, after = row.get("context_before", []), row.get("context_after", [])
        if not (_strings(before) and _strings(after)):
            raise InputError(messages.context_not_strings(), path=path, line=number)
        items.append(
            Item(
                text,
                guess if isinstance(guess, str) else None,
                str(row.get("source", "")),
                tuple(before),
                tuple(after),
            )
        )
    if not items:
        raise InputError(messages.nothing_to_label(), path=path)
    return items


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def progress_path(output: Path) -> Path:
    """The progress file kept beside *output*."""
    return output.with_name(output.name + ".progress.json")


class LabellingSession:
    """The items, the decisions taken (in order) and the files they are saved to; thread-safe."""

    def __init__(self, items: Sequence[Item], output: str | Path, labels: Sequence[str], scheme: str) -> None:
        self.items = list(items)
        self.output = Path(output)
        self.labels = tuple(labels)
        self.scheme = scheme
        self._lock = threading.Lock()
        self._decisions: dict[int, str | None] = {}  # item -> label (None: skipped), in decision order
        self._resume()

    # -- reading what an earlier session saved ----------------------------------------------------
    def _resume(self) -> None:
        index = {item.text: number for number, item in enumerate(self.items)}
        state = progress_path(self.output)
        if state.exists():
            try:
                saved = json.loads(state.read_text(encoding="utf-8"))
                entries = saved["decisions"]
            except (ValueError, KeyError, TypeError, OSError):
                raise InputError(messages.not_a_progress_file(), path=state) from None
            for entry in entries:
                if not (isinstance(entry, dict) and isinstance(entry.get("text"), str)):
                    raise InputError(messages.not_a_progress_file(), path=state)
                number = index.get(entry["text"])
                label = entry.get("label")
                if number is not None and (label is None or label in self.labels):
                    self._decisions[number] = label
        if self.output.exists():  # rows saved after the progress file, or without one
            for line_number, line in enumerate(self.output.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError(messages.row_not_json_object(), path=self.output, line=line_number) from None
                text = row.get("text") if isinstance(row, dict) else None
                number = index.get(text) if isinstance(text, str) else None
                if number is None:  # rewriting the file would lose this row: it is not this session's
                    raise InputError(messages.output_of_another_session(), path=self.output)
                if number is not None and number not in self._decisions and row.get("label") in self.labels:
                    self._decisions[number] = row["label"]

    # -- decisions --------------------------------------------------------------------------------
    def progress(self) -> Progress:
        with self._lock:
            return self._progress()

    def _progress(self) -> Progress:
        current = next((n for n in range(len(self.items)) if n not in self._decisions), None)
        return Progress(len(self._decisions), len(self.items), current, tuple(self._decisions.items()))

    def decide(self, item: int, label: str | None) -> Progress:
        """Give *item* its *label* (``None``: skip it) and save; deciding again replaces the decision."""
        if not isinstance(item, int) or isinstance(item, bool) or not 0 <= item < len(self.items):
            raise ValueError(messages.no_such_item(item, len(self.items)))
        if label is not None and label not in self.labels:
            raise ValueError(messages.label_not_in_scheme(label, self.labels))
        with self._lock:
            self._decisions.pop(item, None)
            self._decisions[item] = label
            self._save()
            return self._progress()

    def undo(self) -> Progress:
        """Take back the last decision (nothing happens when there is none) and save."""
        with self._lock:
            if self._decisions:
                self._decisions.pop(next(reversed(self._decisions)))
                self._save()
            return self._progress()

    def _save(self) -> None:
        rows = []
        for number, label in self._decisions.items():
            if label is not None:
                item = self.items[number]
                rows.append(
                    {"text": item.text, "label": label, "scheme": self.scheme, "source": item.source or "labelled"}
                )
        data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
        with atomic_write(self.output, overwrite=True) as handle:
            handle.write(data)
        state = {
            "decisions": [
                {"text": self.items[number].text, "label": label} for number, label in self._decisions.items()
            ]
        }
        with atomic_write(progress_path(self.output), overwrite=True) as handle:
            handle.write(json.dumps(state, ensure_ascii=False).encode("utf-8"))


__all__ = ["SKIP", "Item", "LabellingSession", "Progress", "progress_path", "read_items"]
