"""Rendering: escaping, highlighting, citations, paging and Telegram's 4096-unit limit."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import messages
from bot.models import Answer, Passage
from bot.render import (
    merge_repeats,
    quality,
    render_answer,
    render_answer_messages,
    render_context,
    render_passage_message,
)
from bot.render_lists import render_article, render_article_list, render_stats
from bot.render_text import (
    MAX_MESSAGE,
    citation,
    fit_message,
    highlight,
    shorten,
    to_plain,
    utf16_len,
    visible_length,
)

_TOKEN = re.compile(r"(<[^>]*>)")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_OPEN = re.compile(r'<(b|i|code)>|<a href="(https?://[^"<>]+)">')
_CLOSE = re.compile(r"</(b|i|code|a)>")


def check_telegram_html(text: str) -> int:
    """Fail unless `text` is HTML Telegram accepts from us; return its length after parsing."""
    stack: list[str] = []
    for token in _TOKEN.split(text):
        if opening := _OPEN.fullmatch(token):
            tag = opening.group(1) or "a"
            assert tag not in stack, f"nested <{tag}> in {text!r}"
            stack.append(tag)
        elif closing := _CLOSE.fullmatch(token):
            assert stack and stack.pop() == closing.group(1), f"unbalanced {token} in {text!r}"
        else:
            assert "<" not in token and ">" not in token, token
            assert "&" not in _ENTITY.sub("", token), f"unescaped & in {token!r}"
    assert not stack, f"unclosed {stack} in {text!r}"
    length = visible_length(text)
    assert html.unescape(_TOKEN.sub("", text)).strip()
    assert 1 <= length <= MAX_MESSAGE
    return length


def passage(sentence: str, **fields) -> Passage:
    values = {
        "article_id": "a1",
        "title": "Bendungan Baru",
        "source": "Kompas",
        "url": "https://kompas.example/bendungan",
        "sentence": sentence,
        "context": sentence,
        "score": 1.0,
        "sentence_id": 1,
        "matched": (),
    } | fields
    return Passage(**values)


def test_highlight_escapes_every_piece_and_bolds_whole_words():
    text = "Harga <b>naik</b> & \"turun\" 'lagi' <a href=javascript:alert(1)>klik</a> harga."
    assert highlight(text, ["harga", "<b>naik</b>", "alert(1)"]) == (
        "<b>Harga</b> <b>&lt;b&gt;naik&lt;/b&gt;</b> &amp; &quot;turun&quot; &#x27;lagi&#x27; "
        "&lt;a href=javascript:<b>alert(1)</b>&gt;klik&lt;/a&gt; <b>harga</b>."
    )


def test_highlight_treats_matched_words_as_text_not_patterns():
    assert highlight("Rumus a+b (c) dan aab c.", ["a+b", "(c)", ".*"]) == (
        "Rumus <b>a+b</b> <b>(c)</b> dan aab c."
    )


def test_highlight_never_bolds_inside_a_word():
    text = "Pemerintah memerintahkan PERINTAH itu; perintah-perintah pun datang."
    assert highlight(text, ["perintah"]) == (
        "Pemerintah memerintahkan <b>PERINTAH</b> itu; <b>perintah</b>-<b>perintah</b> pun datang."
    )


def test_highlight_plain_text_marks_with_guillemets():
    assert highlight("Tol <baru> dibuka.", ["tol", ""], html=False) == "«Tol» <baru> dibuka."


def test_citation_links_only_http_urls():
    assert citation("A & B", "Kompas", "https://k.example/x?a=1&b=2") == (
        '📰 <a href="https://k.example/x?a=1&amp;b=2">A &amp; B</a> — <i>Kompas</i>'
    )
    assert citation("A", "", "") == "📰 A"
    assert citation("A", "Tempo", "javascript:alert(1)") == "📰 A — <i>Tempo</i>"
    assert citation("A", "", 'https://k.example/"><b>') == "📰 A"
    assert citation("", "", "http://[broken") == f"📰 {messages.UNTITLED}"
    assert citation("A", "Tempo", "https://t.example/a", html=False) == (
        "📰 A — Tempo (https://t.example/a)"
    )


def test_answer_page_numbering_continues_across_pages():
    scores = [1.0, 0.9, 0.8, 0.8, 0.5, 0.1, 0.05]
    passages = tuple(
        passage(f"Kalimat nomor {n} tentang tol.", score=score, matched=("tol",))
        for n, score in enumerate(scores)
    )
    answer = Answer("  kapan   tol dibuka? ", passages)
    cite = '📰 <a href="https://kompas.example/bendungan">Bendungan Baru</a> — <i>Kompas</i>'
    assert render_answer_messages(answer, page=1) == [
        "🔎 <b>kapan tol dibuka?</b>\n\n"
        f"<b>4.</b> 🟢 Kalimat nomor 3 tentang <b>tol</b>.\n{cite}\n\n"
        f"<b>5.</b> 🟡 Kalimat nomor 4 tentang <b>tol</b>.\n{cite}\n\n"
        f"<b>6.</b> 🟠 Kalimat nomor 5 tentang <b>tol</b>.\n{cite}\n\n"
        "Halaman 2/3"
    ]
    assert render_answer(answer, page=2, html=False) == (
        "🔎 kapan tol dibuka?\n\n"
        "7. 🟠 Kalimat nomor 6 tentang «tol».\n"
        "📰 Bendungan Baru — Kompas (https://kompas.example/bendungan)\n\n"
        "Halaman 3/3"
    )


def test_single_page_has_no_page_indicator_and_out_of_range_page_is_clamped():
    answer = Answer("tol?", (passage("Tol dibuka."),))
    assert (
        render_answer(answer, page=5)
        == render_answer(answer)
        == (
            "🔎 <b>tol?</b>\n\n<b>1.</b> 🟢 Tol dibuka.\n"
            '📰 <a href="https://kompas.example/bendungan">Bendungan Baru</a> — <i>Kompas</i>'
        )
    )


def test_a_passage_alone_is_graded_against_the_best_of_its_whole_answer():
    scores = [2.0, 1.0, 0.5]
    answer = Answer("tol?", tuple(passage(f"Tol ke-{n}.", score=s) for n, s in enumerate(scores)))
    cite = '📰 <a href="https://kompas.example/bendungan">Bendungan Baru</a> — <i>Kompas</i>'
    assert [render_passage_message(answer, n) for n in range(3)] == [
        f"🔎 <b>tol?</b>\n\n<b>1.</b> {sign} Tol ke-{n}.\n{cite}" for n, sign in enumerate("🟢🟡🟠")
    ]
    assert render_passage_message(answer, 2, html=False).startswith("🔎 tol?\n\n1. 🟠 Tol ke-2.")


def test_question_words_the_article_lacks_are_named_under_its_passage():
    answer = Answer("siapa jubir <kremlin> di Paris?", (passage("Peskov.", missing=("<Paris>",)),))
    text = render_answer(answer)
    assert text.endswith("\n<i>Tidak disebut di artikel ini: &lt;Paris&gt;</i>")
    check_telegram_html(text)
    assert render_answer(answer, html=False).endswith("\nTidak disebut di artikel ini: <Paris>")
    many = Answer("q", (passage("P.", missing=("satu", "x" * 99, "", "tiga", "empat", "lima")),))
    # at most four, each cut short, and a sign that there are more
    assert render_answer(many).endswith(f": satu, {'x' * 29}…, tiga, empat, …</i>")
    assert "Tidak disebut" not in render_answer(Answer("q", (passage("P."),)))
    # said once per article on a page, under its first passage
    twice = Answer("q", tuple(passage(f"P{n}.", missing=("Paris",)) for n in range(2)))
    assert render_answer(twice).count("Tidak disebut") == 1
    other = passage("Q.", article_id="a2", missing=("Paris",))
    assert render_answer(Answer("q", (*twice.passages, other))).count("Tidak disebut") == 2


def test_a_sentence_several_articles_carry_is_one_passage_naming_the_other_articles():
    same = "Gempa <b>besar</b> di Palu."
    copies = [
        passage(same, article_id=f"c{n}", title=f"Salinan {n}", url="", source="", score=0.5)
        for n in range(5)
    ]
    ranked = Answer(
        "gempa", (passage(same), copies[0], passage("Lain."), *copies[1:], passage(f" {same} "))
    )
    merged = merge_repeats(ranked)
    assert [p.sentence for p in merged.passages] == [same, "Lain."]
    assert [p.article_id for p in merged.passages[0].also] == ["c0", "c1", "c2", "c3", "c4"]
    assert merge_repeats(merged) == merged  # nothing left to merge
    text = render_answer(merged)
    check_telegram_html(text)
    assert text.count("Gempa &lt;b&gt;besar") == 1 and "<b>2.</b>" in text
    assert "\nJuga dimuat di: 📰 Salinan 0; 📰 Salinan 1; 📰 Salinan 2 (dan 2 artikel lain)" in text
    plain = render_answer(merged, html=False)
    assert "Juga dimuat di: 📰 Salinan 0; 📰 Salinan 1" in plain
    # an answer without repeats is shown as ranked
    distinct = Answer("q", (passage("Satu."), passage("Dua.", article_id="a2")))
    assert merge_repeats(distinct) == distinct


def test_answer_without_passages_says_not_found():
    assert render_answer(Answer("apa itu <x>?")) == (
        f"🔎 <b>apa itu &lt;x&gt;?</b>\n\n{messages.NOT_FOUND}"
    )


def test_quality_is_relative_to_the_best_score():
    assert [quality(s, 2.0) for s in (2.0, 1.5, 1.0, 0.79, 0.0)] == [
        "strong",
        "strong",
        "fair",
        "weak",
        "weak",
    ]
    assert [quality(s, 0.0) for s in (0.0, -1.0, float("nan"))] == ["fair", "weak", "weak"]


def test_a_question_read_otherwise_says_how_it_was_read():
    answer = Answer("mnajer <tom> pety", (passage("Manajer Tony Dimitriades."),), "manajer petty")
    header = render_answer(answer).split("\n\n")[0]
    assert header == "🔎 <b>mnajer &lt;tom&gt; pety</b>\n✏️ <i>Dibaca: manajer petty</i>"
    assert "Dibaca" not in render_answer(Answer("siapa jubir", answer.passages))
    assert "Dibaca: manajer petty" in render_answer(replace(answer, passages=()))  # not found
    assert "Dibaca: manajer petty" in render_answer(answer, html=False)


def test_a_passage_whose_article_lacks_a_question_word_is_at_most_fair():
    assert [quality(s, 2.0, whole=False) for s in (2.0, 1.0, 0.5)] == ["fair", "fair", "weak"]
    best = passage("Presiden Rusia Vladimir Putin.", score=2.0, missing=("indonesia",))
    second = passage("Presiden Rusia bertemu Biden.", score=1.9, article_id="a2")
    text = render_answer(Answer("siapa presiden indonesia", (best, second)))
    assert text.index("🟡") < text.index("Putin") < text.index("🟢") < text.index("Biden")


def test_page_of_huge_passages_is_split_between_whole_passages():
    sentences = [f"Passage {n} " + "kata & <tag> " * 250 for n in range(3)]  # 3000+ each
    answer = Answer("tol?", tuple(passage(s, matched=("kata",)) for s in sentences))
    sent = render_answer_messages(answer)
    assert len(sent) == 3
    for text in sent:
        check_telegram_html(text)
    plain = [to_plain(text) for text in sent]
    assert plain[0].startswith("🔎 tol?\n\n1. 🟢 Passage 0 ")
    assert [sentence.strip() in text for text, sentence in zip(plain, sentences, strict=True)] == [
        True
    ] * 3
    assert "…" not in "".join(plain)


def test_single_huge_sentence_is_trimmed_before_escaping():
    sentence = "Harga & <naik> " * 700  # 10,500 characters
    texts = render_answer_messages(Answer("harga?", (passage(sentence, matched=("harga",)),)))
    assert len(texts) == 1
    assert check_telegram_html(texts[0]) > 4000
    body = to_plain(texts[0]).split("\n")[2]
    assert body.endswith(" <naik>…")  # cut at a word boundary
    assert body.startswith("1. 🟢 Harga & <naik> Harga")


def test_astral_characters_count_as_two_units():
    assert utf16_len("a😀") == 3
    assert visible_length("<b>😀</b>&amp;") == 3
    assert shorten("😀" * 5, 5) == "😀😀…"
    answer = Answer("😀?", (passage("😀" * 3000),))  # 3000 code points, 6000 units
    (text,) = render_answer_messages(answer)
    assert len(text) < MAX_MESSAGE < utf16_len(text)
    assert check_telegram_html(text) > 4000


def test_context_shows_the_paragraph_with_the_sentence_in_italics():
    shown = passage(
        "Tol dibuka <hari> ini.",
        context="Hujan turun. Tol dibuka <hari> ini. Warga senang.",
        matched=("tol",),
        url="",
    )
    assert render_context(shown) == (
        "📄 <b>Konteks</b>\n\nHujan turun. <i><b>Tol</b> dibuka &lt;hari&gt; ini.</i> "
        "Warga senang.\n\n📰 Bendungan Baru — <i>Kompas</i>"
    )


def test_huge_context_is_trimmed_around_its_sentence():
    shown = passage("Kalimat inti.", context="awal " * 3000 + "Kalimat inti." + " akhir" * 3000)
    text = render_context(shown)
    check_telegram_html(text)
    assert "📄 <b>Konteks</b>\n\n…awal awal" in text
    assert "awal <i>Kalimat inti.</i> akhir" in text
    assert "akhir akhir…" in text


def test_fit_message_packs_whole_parts_and_refuses_oversized_ones():
    parts = ["a" * 2000, "b" * 2000, "c" * 2000]
    assert fit_message(parts) == ["a" * 2000 + "\n\n" + "b" * 2000, "c" * 2000]
    assert fit_message(["x", "", "y"], limit=4) == ["x\n\ny"]
    with pytest.raises(ValueError):
        fit_message(["z" * 5000])


def test_article_list_numbers_rows_across_pages():
    rows = [("a1", "Tol <baru>", 12), ("a2", "", 1)]
    assert render_article_list(rows, page=1, per_page=2, total=5) == (
        "📚 <b>Daftar artikel</b> (5)\n\n"
        "3. <b>Tol &lt;baru&gt;</b>\n    <code>a1</code> · 12 kalimat\n"
        "4. <b>Tanpa judul</b>\n    <code>a2</code> · 1 kalimat\n\n"
        "Halaman 2/3"
    )
    assert render_article_list([], page=0, total=0) == messages.ARTICLE_LIST_EMPTY


def test_article_list_of_huge_rows_fits_one_message():
    rows = [("i" * 500, "t & " * 500, 10**9)] * 20
    check_telegram_html(render_article_list(rows, page=0, per_page=20, total=10**6))


def test_article_details_show_a_preview():
    assert render_article("a1", "Tol", "Tempo", "", 1234, ["Satu <a>.", "Dua."]) == (
        "📰 Tol — <i>Tempo</i>\nID: <code>a1</code>\nJumlah kalimat: 1.234\n\n"
        "<b>Cuplikan:</b>\nSatu &lt;a&gt;. Dua."
    )
    check_telegram_html(render_article("a1", "Tol", "", "", 9, ["kata " * 3000]))


def test_stats_in_html_and_plain_text():
    assert render_stats(articles=3, sentences=1500, questions=8, not_found=1, up=2, down=0) == (
        "📊 <b>Statistik</b>\n📚 Artikel: 3\n🧾 Kalimat: 1.500\n❓ Pertanyaan: 8\n"
        "🤷 Tidak terjawab: 12,5%\n👍 2 · 👎 0"
    )
    assert render_stats(
        articles=0, sentences=0, questions=0, not_found=0, up=0, down=0, html=False
    ).startswith("📊 Statistik\n")


def test_every_message_string_is_valid_telegram_html():
    texts = [
        messages.greeting(0),
        messages.greeting(12345, ["Siapa <presiden>?"]),
        messages.help_text(),
        messages.help_text("tanya_bot"),
        messages.NOT_FOUND,
        messages.EMPTY_QUESTION,
        messages.NOTHING_TO_SEARCH,
        messages.question_too_long(500),
        messages.ADMIN_ONLY,
        messages.USAGE_ADD,
        messages.USAGE_REMOVE,
        messages.article_added("A & B " * 100, 12, "id<1>"),
        messages.article_removed(""),
        messages.article_not_found("<x>"),
        messages.duplicate_article("Judul"),
        messages.unsupported_document(),
        messages.document_too_large(1.5),
        messages.DOCUMENT_UNREADABLE,
        messages.link_failed("HTTP 404 <Not Found>"),
        messages.LINK_NO_ARTICLE,
        messages.GENERIC_ERROR,
        messages.ARTICLE_LIST_EMPTY,
    ]
    for text in texts:
        check_telegram_html(text)
    assert "1,5 MB" in messages.document_too_large(1.5)


_text = st.text(max_size=300) | st.text(min_size=3000, max_size=6000)
_passages = st.builds(
    Passage,
    article_id=st.text(max_size=20),
    title=st.text(max_size=400),
    source=st.text(max_size=200),
    url=st.text(max_size=50) | st.just("https://x.example/a?b=1&c=<2>"),
    sentence=_text,
    context=_text,
    score=st.floats(allow_nan=True),
    matched=st.lists(st.text(max_size=8), max_size=4).map(tuple),
    missing=st.lists(st.text(max_size=60), max_size=6).map(tuple),
)
# a passage with other articles carrying its sentence (merge_repeats), at most a few of them
_with_copies = st.builds(
    lambda first, copies: replace(first, also=tuple(copies)),
    _passages,
    st.lists(_passages, max_size=5),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow],
)
@given(
    question=st.text(max_size=500),
    passages=st.lists(_passages | _with_copies, max_size=5).map(tuple),
    page=st.integers(-1, 3),
)
def test_any_answer_renders_to_valid_messages_within_the_limit(question, passages, page):
    for text in render_answer_messages(Answer(question, passages), page=page, per_page=3):
        check_telegram_html(text)
    for text in render_answer_messages(merge_repeats(Answer(question, passages)), page=page):
        check_telegram_html(text)
    for shown in passages:
        check_telegram_html(render_context(shown))
        assert utf16_len(render_context(shown, html=False)) <= MAX_MESSAGE
