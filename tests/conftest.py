from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"
NINGBO_ARTICLE = ARTICLES / "ningbo-2020-01-18.txt"
YUECHENG_ARTICLE = ARTICLES / "yuecheng-2021-07-29.txt"


@pytest.fixture(scope="session")
def ningbo_text() -> str:
    return NINGBO_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def yuecheng_text() -> str:
    return YUECHENG_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus (the ningbo seed sentences) for quick training in tests."""
    folder = tmp_path_factory.mktemp("seed-corpus")
    for path in (ROOT / "corpus" / "ningbo").glob("seed-*.jsonl"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="session")
def small_model(seed_corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    import govtext

    return govtext.train(seed_corpus_dir, "ningbo", cv=0)


# How headless Chromium must start here (no network but the registries; see the browser tests).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
