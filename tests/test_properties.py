"""Properties that hold for any text: nothing crashes, offsets map back, no text is lost."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govtext
from govtext import Classifier, InputError, split_sentences, tokenize
from govtext.io import decode
from govtext.io.html import html_to_text
from govtext.text import MAX_SENTENCE_CHARS

INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TRADITIONAL = st.sampled_from(list("國發會議實現質量經濟黨組織時間體係們這說為與產業爭強"))
SPACING = [" ", "\u3000", "\u00a0", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\x1c", *INVISIBLE]
MARKS = st.sampled_from([*"。！？!?；;，,、：:“”‘’「」『』（）()【】《》.…—", *SPACING])
ODD = st.sampled_from(["😀", "🇨🇳", "👍🏽", "e\u0301", "\x00", "\x07", "\x1b", "\ud7ff", "\U00020000", "\uffff"])
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))  # every character a str can encode
# Pieces of one or more characters, joined: Chinese news with every kind of punctuation and spacing.
NEWSY_TEXT = st.lists(
    st.one_of(CHINESE, CHINESE, TRADITIONAL, MARKS, MARKS, ODD, st.characters(max_codepoint=0x7F)), max_size=300
).map("".join)
TEXTS = st.one_of(ANY_TEXT, NEWSY_TEXT)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def ningbo() -> Classifier:
    return govtext.load()


def lost_between(text: str, spans: list[tuple[int, int]]) -> str:
    """The text outside every span."""
    pieces, previous = [], 0
    for start, end in spans:
        pieces.append(text[previous:start])
        previous = end
    pieces.append(text[previous:])
    return "".join(pieces)


def only_spacing(text: str) -> bool:
    return all(ch.isspace() or ch in INVISIBLE for ch in text)


@FAST
@given(TEXTS)
def test_split_offsets_map_back_and_nothing_is_lost(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.start >= previous_end
        assert len(sentence.text) <= MAX_SENTENCE_CHARS
        assert not only_spacing(sentence.text[0]) and not only_spacing(sentence.text[-1])
        previous_end = sentence.end
    assert only_spacing(lost_between(text, [(s.start, s.end) for s in sentences]))


@FAST
@given(st.text(st.one_of(CHINESE, st.sampled_from(list("，、 ")), st.characters(max_codepoint=0x7F)), min_size=900))
def test_long_sentences_are_cut_without_loss(text: str) -> None:
    text = text * (3 * MAX_SENTENCE_CHARS // len(text) + 1)
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert only_spacing(lost_between(text, [(s.start, s.end) for s in sentences]))


@FAST
@given(TEXTS)
def test_tokenize_never_crashes_and_keeps_every_visible_character(text: str) -> None:
    tokens = tokenize(text)
    assert all(isinstance(token, str) and token and not token.isspace() for token in tokens)
    assert "".join(tokens) == "".join(ch for ch in text if not ch.isspace())


@SLOWER
@given(TEXTS)
def test_classify_never_crashes_and_offsets_map_back(ningbo: Classifier, text: str) -> None:
    result = ningbo.classify(text, top_k=2)
    assert len(result) == len(split_sentences(text))
    for index, sentence in enumerate(result.sentences):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.index == index and sentence.label in ningbo.labels
        assert 0.0 < sentence.score <= 1.0 + 1e-9
    assert sum(result.counts.values()) == len(result)


@FAST
@given(st.binary(max_size=2000))
def test_decode_gives_text_or_a_clear_error(data: bytes) -> None:
    try:
        text = decode(data, source="blob.bin")
    except InputError as error:
        assert str(error).startswith("blob.bin")
    else:
        assert isinstance(text, str)


HTML_PIECES = ["<p>", "</p>", "<script>", "</script>", "<br/>", "&amp;", "&#", "项目", "<nav", ">", "<!--", "-->"]


@FAST
@given(st.one_of(ANY_TEXT, st.lists(st.sampled_from(HTML_PIECES) | ANY_TEXT).map("".join)))
def test_html_to_text_never_crashes(html: str) -> None:
    assert isinstance(html_to_text(html), str)
