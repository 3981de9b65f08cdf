from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from govtext import Segmenter, get_scheme, schemes, tokenize
from govtext.segment import domain_terms

REQUIRED_TERMS = ["六争攻坚", "三年攀高", "最多跑一次", "一件事联办", "大院大所", "数字化改革", "揭榜挂帅", "首位度"]


@pytest.mark.parametrize(
    "term", REQUIRED_TERMS + [label for name in schemes() for label in get_scheme(name).labels[:-1]]
)
def test_domain_terms_stay_whole(term: str) -> None:
    assert term in tokenize(f"全市上下要把{term}作为重要工作来抓")


def test_every_dictionary_term_stays_whole() -> None:
    broken = [t for t in domain_terms() if t not in tokenize(f"我们要{t}并且")]
    assert broken == []


def test_tokens_cover_the_sentence_without_whitespace() -> None:
    sentence = "2019年56个省市县长项目, 开工39个，落地率达71%"
    tokens = tokenize(sentence)
    assert "".join(tokens) == sentence.replace(" ", "")
    assert "省市县长项目" in tokens and "落地率" in tokens


def test_tokenize_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        tokenize(b"bytes")  # type: ignore[arg-type]


def test_segmenter_pickles_as_its_terms_and_keeps_them_whole() -> None:
    segmenter = Segmenter(["招商争先冲刺", " 招商争先冲刺 ", ""])
    assert segmenter.extra_terms == ("招商争先冲刺",)
    clone = pickle.loads(pickle.dumps(segmenter))
    assert clone == segmenter
    assert "招商争先冲刺" in clone("全面开展招商争先冲刺行动")
    assert "招商争先冲刺" not in tokenize("全面开展招商争先冲刺行动")


def test_library_is_silent_and_caches_per_user(tmp_path: Path) -> None:
    """A fresh process builds jieba's dictionary without a word on stdout/stderr, in the user cache."""
    env = {**os.environ, "GOVTEXT_CACHE_DIR": str(tmp_path / "cache"), "GOVTEXT_SEGMENTER": "jieba"}
    code = "import govtext; print('|'.join(govtext.tokenize('推进六争攻坚')))"
    for _ in range(2):  # first run builds the cache, the second reads it
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        assert done.stdout == "推进|六争攻坚\n"
        assert done.stderr == ""
    assert list((tmp_path / "cache").glob("jieba*.cache"))
    shared = Path(tempfile.gettempdir()) / "jieba.cache"
    before = shared.stat().st_mtime if shared.exists() else None
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)
    after = shared.stat().st_mtime if shared.exists() else None
    assert before == after, "govtext must not write jieba's shared cache in the temporary folder"


def test_unwritable_cache_still_segments(tmp_path: Path) -> None:
    # A cache folder that cannot be created (its parent is a file: fails even for root).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = {**os.environ, "GOVTEXT_CACHE_DIR": str(blocker / "cache"), "GOVTEXT_SEGMENTER": "jieba"}
    code = "import govtext; print('|'.join(govtext.tokenize('推进六争攻坚')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout == "推进|六争攻坚\n"
    assert done.stderr == ""


def all_texts() -> list[str]:
    import json

    from .conftest import ROOT

    texts = []
    for path in sorted((ROOT / "corpus").glob("*/*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    for path in sorted((ROOT / "corpus" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [text, *text.splitlines()]
    return texts


def test_rjieba_cuts_exactly_like_jieba() -> None:
    """The fast engine is used only because it gives jieba's tokens: checked on every corpus sentence,
    both whole articles, and their lower-cased forms (what the TF-IDF vectoriser segments)."""
    pytest.importorskip("rjieba", reason="the optional fast engine (govtext[fast]) is not installed")
    from govtext.segment import _build_rjieba, _tokenizer

    fast, slow = _build_rjieba(), _tokenizer(())
    texts = all_texts()
    texts += [t.lower() for t in texts]
    differing = [t for t in texts if fast(t) != slow.lcut(t, HMM=False)]
    assert len(texts) > 5000
    assert differing == []


@pytest.mark.parametrize("engine", ["jieba", "auto"])
def test_cutting_sentences_together_gives_each_sentence_its_own_tokens(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govtext import segment
    from govtext.segment import SEPARATOR, Segmenter, _cutter

    monkeypatch.setenv("GOVTEXT_SEGMENTER", engine)
    monkeypatch.setattr(segment, "_cutters", {})
    cut = _cutter(())
    sentences = [t for t in all_texts() if "\n" not in t][:3000]
    odd = ["", "结尾回车\r", "中间\n换行", "\r\n", "a b", "ABC123", "", "项目争速。"]
    for batch in (sentences, odd, sentences[:50] + odd):
        tokens = Segmenter().cut_joined(batch)
        pieces: list[list[str]] = [[]]
        for token in tokens:
            if token == SEPARATOR:
                pieces.append([])
            else:
                pieces[-1].append(token)
        expected = [[" " if t == SEPARATOR else t for t in cut(s)] for s in batch]
        assert pieces == expected
    assert Segmenter().cut_joined([]) == []


def test_engine_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    from govtext.segment import _rjieba_available, engine_name

    assert engine_name(["自定义词"]) == "jieba"
    monkeypatch.setenv("GOVTEXT_SEGMENTER", "jieba")
    assert engine_name() == "jieba"
    monkeypatch.delenv("GOVTEXT_SEGMENTER")
    assert engine_name() == ("rjieba" if _rjieba_available() else "jieba")
