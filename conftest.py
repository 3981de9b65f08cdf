"""Shared by the tests and the doctests of govtext/ (both are collected from here down)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session uses its own cache and data folders, never the real user's."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("GOVTEXT_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("GOVTEXT_DATA_DIR", str(base / "data"))
