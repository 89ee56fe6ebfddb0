"""Property-based tests of the text pipeline and the renderer, checked by the fake's Telegram rules.

Any Unicode text splits into sentences, is stored and indexed, answers any question, and renders
to messages that Telegram's HTML parser (tests/fake_telegram_rules.py) accepts within 4096
UTF-16 units, with callback data within 64 bytes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import callbacks, render, render_lists, render_text
from bot.library import Library
from bot.models import Article
from bot.readers import UnreadableInput, article_from_text, paragraphs
from bot.sentences import sentences_of, split_sentences
from bot.text import _TOKEN, Analyzer, normalise, tokens, written_words
from tests.fake_telegram_rules import MESSAGE_LIMIT, parse_text, utf16_len

VOCABULARY = (
    "banjir merendam rumah warga kudus presiden jokowi rusia kremlin juru bicara gempa "
    "cianjur 450 2022 Rp1,5 triliun <b> </a> & &amp; javascript: 🔥 مرحبا \u200b \u202e"
)
WORDS = VOCABULARY.split(" ")
# Unicode of every kind, with words the index knows often enough that questions find passages.
WORD = st.sampled_from(WORDS)
TEXT = st.lists(
    st.one_of(WORD, WORD, st.text(max_size=12), st.sampled_from([". ", "\n", "\n\n", "? "])),
    max_size=60,
).map(" ".join)
QUESTIONS = st.lists(st.one_of(WORD, WORD, st.text(max_size=8)), max_size=6).map(" ".join)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def check_accepted(html: str) -> None:
    """Telegram would send this HTML: it parses, and is not empty or over the limit."""
    text, _ = parse_text(html, "HTML")  # raises ApiError where Telegram refuses
    assert 0 < utf16_len(text) <= MESSAGE_LIMIT


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_is_cut_into_tokens_as_any_text_is(text):
    # tokens() and written_words() take a faster ASCII-only pattern when they can
    assert tokens(text) == _TOKEN.findall(normalise(text))
    assert written_words(text) == _TOKEN.findall(text)


@SETTINGS
@given(st.text())
def test_any_text_splits_into_clean_sentences_and_loses_no_word(text):
    for paragraph in paragraphs(text):
        found = split_sentences(paragraph)
        assert all(sentence and sentence.strip() == sentence for sentence in found)
        assert " ".join(found) == " ".join(paragraph.split())


@SETTINGS
@given(text=TEXT, title=st.text(max_size=200))
def test_any_article_gives_sentences_in_reading_order(text, title):
    try:
        article = article_from_text(text, id="a", title=title)
    except UnreadableInput:
        assert "".join(paragraphs(text)) == ""
        return
    found = sentences_of(article)
    assert [(s.paragraph, s.position) for s in found] == sorted(
        (s.paragraph, s.position) for s in found
    )
    assert all(s.article_id == "a" and s.text.strip() == s.text != "" for s in found)


def check_answer(answer, stored: set[str], page: int) -> None:
    assert {p.article_id for p in answer.passages} <= stored
    for html in render.render_answer_messages(answer, page=page, per_page=3):
        check_accepted(html)
    for passage in answer.passages:
        check_accepted(render.render_context(passage))
        title = render_text.shorten(render_text.clean(passage.sentence), 100)
        assert title.strip(), "an inline result needs a title"
    keyboard = callbacks.answer_keyboard(2**63 - 1, len(answer.passages), page, 3)
    assert all(len(data.encode()) <= 64 for row in keyboard for _, data in row)


@SETTINGS
@given(
    texts=st.lists(TEXT, min_size=1, max_size=3),
    titles=st.lists(st.text(max_size=300), min_size=3, max_size=3),
    question=QUESTIONS,
    page=st.integers(0, 3),
)
def test_any_text_indexes_answers_and_renders_to_messages_telegram_accepts(
    analyzer, texts, titles, question, page
):
    library = Library(":memory:", analyzer=analyzer)
    try:
        articles = [
            Article(f"id-{n}", titles[n], text, source=titles[-n], url=f"https://x.id/{titles[n]}")
            for n, text in enumerate(texts)
        ]
        report = library.add(articles)
        stored = {info.id for info in library.articles()}
        assert len(stored) == report.added and stored <= {a.id for a in articles}
        sentences = library.stats().sentences
        assert len(library.collection) == sentences
        # Without the score threshold more questions find passages: more renderings are tried.
        for answer in (library.ask(question, k=9), library.ask(question, k=9, threshold=False)):
            check_answer(answer, stored, page)
        rows = [(i.id, i.title, i.sentence_count) for i in library.articles()]
        if rows:
            check_accepted(render_lists.render_article_list(rows, page=0, total=len(rows)))
        for info in library.articles():
            first = [row.text for row in library.article_sentences(info.id)[:3]]
            check_accepted(
                render_lists.render_article(
                    info.id, info.title, info.source, info.url, info.sentence_count, first
                )
            )
    finally:
        library.close()
