"""Bad input, through the real bot against the fake Telegram and through the CLI.

Whatever a user sends gets one clear reply or is ignored: the error handler is never reached
(nothing is logged at ERROR) and Telegram never refuses what the bot sends (the fake refuses
broken HTML, empty or overlong text, as Telegram does).
"""

from __future__ import annotations

import functools
import io
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot import admin, messages, render, render_text
from bot.cli import main
from bot.library import MAX_QUESTION
from tests.conftest import ADMIN_ID, FOUNDING_ARTICLE
from tests.fake_telegram_state import BOT_USERNAME, USER_ID

JUBIR = "siapa jubir kremlin?"
PESKOV = "Dmitry Peskov"
GROUP = -100_000 - USER_ID
INJECTION = '<b>jubir</b> & <a href="javascript:alert(1)">kremlin</a> &amp; </i> *x* [y](tg://z)'
HOSTILE_ARTICLE = (
    "Awas <b>Hoaks</b> & <a href=javascript:alert(1)>Tautan</a> Palsu\n\n"
    "Polisi menangkap penyebar hoaks <b>kebakaran</b> & <a href=javascript:alert(1)>pasar</a> "
    "di Cimahi pada Senin malam.\n\n"
    "Pesan berantai itu menyebut 1 < 2 && 3 > 2, dan tautan <script>alert(1)</script> palsu."
)
MARKED_UP = "<b>jubir</b> kremlin &amp; <i>siapa</i> &"
NO_ARTICLE_PAGE = b"<html><head><title>Beranda</title></head><body><nav>Beranda</nav></body></html>"


@functools.cache
def zip_bomb_docx() -> bytes:
    """A .docx whose document part unpacks 30 MB from 30 kB: real Word XML packs ~10 to 1."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 30_000_000)
    return out.getvalue()


def plain(html: str) -> str:
    return render_text.to_plain(html)


async def no_reply_to(fake, chat_id: int, say) -> None:
    """Wait until the bot has handled everything sent so far, then check it sent `chat_id` nothing.

    A question from another chat, sent last, is answered only after the earlier updates were
    fetched; updates that no handler takes are done with at once."""
    await say(JUBIR, user_id=31337)
    assert fake.sent_messages(chat_id) == []


# --- questions ----------------------------------------------------------------------------------

ANSWERED = [
    # So many markup words drown the question: it is not found, and says so.
    pytest.param(INJECTION, False, id="html-and-markdown-injection"),
    pytest.param(MARKED_UP, True, id="html-among-words"),
    pytest.param("\u202ejubir kremlin\u202c مرحبا؟", True, id="rtl"),
    pytest.param("jubir\u200b kremlin\u200d\u2060\ufeff", True, id="zero-width"),
    pytest.param("🇮🇩 jubir kremlin 👨‍👩‍👧 siapa? 🔥" * 3, True, id="emoji-among-words"),
    pytest.param(("jubir kremlin " * 100)[:MAX_QUESTION], True, id="longest-question"),
]


@pytest.mark.parametrize(("question", "found"), ANSWERED)
async def test_odd_questions_get_one_answer_in_html_telegram_accepts(
    telegram_bot, fake_telegram, library, say, sent_html, logged_errors, question, found
):
    [reply] = await say(question)
    expected = render.render_answer_messages(library.ask(question, k=9), per_page=3)
    assert sent_html(USER_ID) == expected
    assert (PESKOV in reply["text"]) is found
    # The question is shown as the user wrote it, as text: no markup of theirs survives.
    shown = render_text.shorten(render_text.clean(question), render.MAX_QUESTION)
    # (then how it was read, when a word was read as another: in this one-article collection
    # "&amp;" holds a word "amp" it does not know, which the speller reads as another)
    assert re.match(rf"🔎 {re.escape(shown)}\n(✏️ Dibaca: [^\n]*\n)?\n", reply["text"])
    assert not [e for e in reply["entities"] if e["type"] in ("text_link", "pre", "code")]
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


REFUSED = [
    pytest.param("   \n\t  ", messages.EMPTY_QUESTION, id="whitespace"),
    pytest.param("\u200b\u200c\u200d\u2060", messages.NOTHING_TO_SEARCH, id="zero-width-only"),
    pytest.param("🔥😂🇮🇩👍🏽", messages.NOTHING_TO_SEARCH, id="emoji-only"),
    pytest.param("\u202e\u202c\u200f", messages.NOTHING_TO_SEARCH, id="direction-marks-only"),
    pytest.param("kremlin " * 512, messages.question_too_long(MAX_QUESTION), id="4096-chars"),
    pytest.param("😀" * 2048, messages.question_too_long(MAX_QUESTION), id="4096-utf16-emoji"),
]


@pytest.mark.parametrize(("question", "reply"), REFUSED)
async def test_questions_that_cannot_be_searched_get_a_clear_reply(
    telegram_bot, fake_telegram, library, say, sent_html, logged_errors, question, reply
):
    await say(question)
    await say(f"/tanya {question}", chat_type="group")
    assert sent_html(USER_ID) == [reply]
    assert sent_html(GROUP) == [reply if question.strip() else messages.EMPTY_QUESTION]
    assert library.stats().questions == 0
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


async def test_injection_through_inline_mode_and_a_group_mention(
    telegram_bot, fake_telegram, say, logged_errors
):
    query = fake_telegram.inline_query(MARKED_UP)["inline_query"]["id"]
    await fake_telegram.await_for(lambda: query in fake_telegram.inline_answers)
    results = fake_telegram.inline_answers[query]["results"]
    assert results and all(
        r["input_message_content"]["message_text"].startswith(
            "🔎 <b>&lt;b&gt;jubir&lt;/b&gt; kremlin &amp;amp; &lt;i&gt;siapa&lt;/i&gt; &amp;</b>"
        )
        for r in results
    )
    [reply] = await say(f"@{BOT_USERNAME} {INJECTION}", chat_type="group")
    assert reply["text"].startswith('🔎 <b>jubir</b> & <a href="javascript:alert(1)">kremlin')
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


# --- things that are not questions ---------------------------------------------------------------


async def test_stickers_photos_and_voice_get_a_hint_in_private_and_silence_in_groups(
    bot_seeing_everything, fake_telegram, say, logged_errors
):
    fake_telegram.sticker_message(chat_type="group")
    fake_telegram.photo_message(chat_type="group")
    fake_telegram.sticker_message()
    fake_telegram.photo_message()
    fake_telegram.voice_message()
    hints = await fake_telegram.await_sent(USER_ID, count=3)
    assert [m["text"] for m in hints] == [render_text.to_plain(messages.ONLY_TEXT)] * 3
    await no_reply_to(fake_telegram, GROUP, say)
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


async def test_edits_and_channel_posts_are_ignored(
    bot_seeing_everything, fake_telegram, library, say, logged_errors
):
    question = fake_telegram.user_message(JUBIR)["message"]
    [answer] = await fake_telegram.await_sent(USER_ID)
    fake_telegram.edited_message(question, "siapa sekjen nato?")
    fake_telegram.edited_message(question, f"/hapus {library.articles()[0].id}")
    post = fake_telegram.channel_post(JUBIR)["channel_post"]
    fake_telegram.channel_post("/statistik")
    fake_telegram.edited_message(post, "/start")
    await no_reply_to(fake_telegram, GROUP, say)
    assert fake_telegram.sent_messages(USER_ID) == [answer]
    assert fake_telegram.sent_messages(post["chat"]["id"]) == []
    assert library.count_articles() == 1
    assert fake_telegram.requests_for("getFile") == []
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


# --- documents ----------------------------------------------------------------------------------

TOO_LARGE = messages.document_too_large(5)
DOCUMENTS = [
    pytest.param("program.exe", b"MZ\x90\x00", {}, messages.unsupported_document(), id="exe"),
    pytest.param("README", b"teks", {}, messages.unsupported_document(), id="no-extension"),
    pytest.param("koleksi.jsonl", b"{}", {}, messages.unsupported_document(), id="jsonl"),
    pytest.param("besar.txt", b"x", {"file_size": 6 << 20}, TOO_LARGE, id="declared-too-large"),
    pytest.param(
        "diam.txt", b"a" * ((5 << 20) + 1), {"file_size": 0}, TOO_LARGE, id="undeclared-too-large"
    ),
    pytest.param("laporan.pdf", b"bukan PDF", {}, messages.DOCUMENT_UNREADABLE, id="fake-pdf"),
    pytest.param(
        "rusak.pdf", b"%PDF-1.7\n1 0 obj <<", {}, messages.DOCUMENT_UNREADABLE, id="broken-pdf"
    ),
    pytest.param("bom.docx", None, {}, messages.DOCUMENT_UNREADABLE, id="zip-bomb-docx"),
    pytest.param("bukan.docx", b"PK\x03\x04", {}, messages.DOCUMENT_UNREADABLE, id="not-a-zip"),
    pytest.param("menu.html", NO_ARTICLE_PAGE, {}, messages.DOCUMENT_UNREADABLE, id="no-article"),
    pytest.param("kosong.md", b"#  \n\n", {}, messages.DOCUMENT_UNREADABLE, id="empty-markdown"),
    pytest.param("biner.txt", bytes(range(256)), {}, messages.DOCUMENT_UNREADABLE, id="binary"),
]


@pytest.mark.parametrize(("name", "data", "options", "reply"), DOCUMENTS)
async def test_bad_documents_get_a_clear_reply_and_store_nothing(
    telegram_bot, fake_telegram, library, sent_html, logged_errors, name, data, options, reply
):
    data = zip_bomb_docx() if data is None else data
    fake_telegram.document_message(name, data, user_id=ADMIN_ID, **options)
    await fake_telegram.await_sent(ADMIN_ID)
    assert sent_html(ADMIN_ID) == [reply]
    assert library.count_articles() == 1
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


async def test_documents_from_outsiders_are_refused_or_ignored(
    telegram_bot, fake_telegram, library, say, sent_html, logged_errors
):
    fake_telegram.document_message("bom.docx", zip_bomb_docx())
    fake_telegram.document_message("bom.docx", zip_bomb_docx(), chat_type="group")
    await fake_telegram.await_sent(USER_ID)
    await no_reply_to(fake_telegram, GROUP, say)
    assert sent_html(USER_ID) == [messages.ADMIN_ONLY]
    assert fake_telegram.requests_for("getFile") == []
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


# --- links --------------------------------------------------------------------------------------


@pytest.fixture
def bad_site():
    """A web server on 127.0.0.1 whose pages hang, fail, or hold no article."""
    release = threading.Event()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/macet":
                release.wait(10)
                return
            status, kind, body = {
                "/rusak": (500, "text/html", b"<h1>Internal Server Error</h1>"),
                "/menu": (200, "text/html; charset=utf-8", NO_ARTICLE_PAGE),
                "/gambar": (200, "image/png", b"\x89PNG"),
            }[self.path]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    release.set()
    server.shutdown()
    server.server_close()
    thread.join()


async def test_links_that_hang_fail_or_hold_no_article_get_a_clear_reply(
    telegram_bot, fake_telegram, library, say, sent_html, logged_errors, bad_site, monkeypatch
):
    monkeypatch.setattr(admin, "LINK_TIMEOUT", 0.3)
    for path in ("/macet", "/rusak", "/menu", "/gambar"):
        await say(f"{bad_site}{path}", user_id=ADMIN_ID)
    await say("/tambah http://127.0.0.1:9/tertutup", user_id=ADMIN_ID)
    assert sent_html(ADMIN_ID) == [
        messages.link_failed("waktu habis"),
        messages.link_failed("HTTP 500"),
        messages.LINK_NO_ARTICLE,
        messages.link_failed(""),
        messages.link_failed(""),
    ]
    assert library.count_articles() == 1
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


# --- markup in article text ---------------------------------------------------------------------


async def test_markup_in_article_text_is_shown_as_text_everywhere(
    telegram_bot, fake_telegram, library, say, sent_html, logged_errors
):
    [added] = await say(f"/tambah {HOSTILE_ARTICLE}", user_id=ADMIN_ID)
    title = "Awas <b>Hoaks</b> & <a href=javascript:alert(1)>Tautan</a> Palsu"
    [info] = [a for a in library.articles() if a.title == title]
    assert added["text"].startswith(f"✅ Artikel {title} sudah disimpan")
    question = "siapa yang ditangkap polisi karena hoaks kebakaran pasar di cimahi?"
    [answer] = await say(question)
    assert (
        "penyebar hoaks <b>kebakaran</b> & <a href=javascript:alert(1)>pasar</a>"
        in (answer["text"])
    )
    assert f"📰 {title}" in answer["text"]
    context = answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    query = fake_telegram.callback_query(context, message=answer)["callback_query"]["id"]
    await fake_telegram.await_for(lambda: query in fake_telegram.callback_answers)
    [listing] = await say("/artikel")
    [detail] = await say(f"/artikel {info.id}")
    inline = fake_telegram.inline_query(question)["inline_query"]["id"]
    await fake_telegram.await_for(lambda: inline in fake_telegram.inline_answers)
    [removed] = await say(f"/hapus {info.id}", user_id=ADMIN_ID)
    sent = fake_telegram.sent_messages(USER_ID)
    assert sent[1]["text"].startswith("📄 Konteks\n\nPolisi menangkap penyebar hoaks <b>")
    assert title in listing["text"] and detail["text"].startswith(f"📰 {title}\nID: {info.id}")
    assert "1 < 2 && 3 > 2, dan tautan <script>alert(1)</script> palsu." in detail["text"]
    assert removed["text"] == plain(messages.article_removed(title))
    links = [e for m in sent for e in m.get("entities", []) if e["type"] == "text_link"]
    assert links == []
    assert (fake_telegram.refused(), logged_errors()) == ([], [])


# --- the same through the CLI -------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "tanya.db"
    assert main(["--db", str(path), "ingest", str(FOUNDING_ARTICLE)]) == 0
    return str(path)


@pytest.mark.parametrize(
    ("question", "error"),
    [
        ("   \n\t  ", "error: empty question\n"),
        ("\u200b\u200c\u200d", "error: nothing to search for: the question has only stop words\n"),
        ("🔥😂🇮🇩👍🏽", "error: nothing to search for: the question has only stop words\n"),
        ("kremlin " * 512, "error: question too long (4096 characters; at most 1000)\n"),
    ],
)
def test_the_cli_refuses_unsearchable_questions_in_one_line(db, capsys, question, error):
    capsys.readouterr()
    assert main(["--db", db, "ask", question]) == 1
    assert capsys.readouterr() == ("", error)


@pytest.mark.parametrize(
    "question", [MARKED_UP, "\u202ejubir kremlin\u202c مرحبا؟", "jubir\u200b kremlin"]
)
def test_the_cli_answers_odd_questions_as_given(db, capsys, question):
    capsys.readouterr()
    assert main(["--db", db, "ask", "--k", "1", question]) == 0
    out = capsys.readouterr()
    assert re.match(rf"\? {re.escape(question)}\n(  read as: [^\n]*\n)?  1\. ", out.out)
    assert "Kremlin" in out.out
    assert out.err == ""


def test_the_cli_skips_hostile_files_with_a_reason_each(db, tmp_path, capsys):
    folder = tmp_path / "masuk"
    folder.mkdir()
    (folder / "bom.docx").write_bytes(zip_bomb_docx())
    (folder / "laporan.pdf").write_bytes(b"bukan PDF")
    (folder / "menu.html").write_bytes(NO_ARTICLE_PAGE)
    (folder / "biner.txt").write_bytes(bytes(range(256)))
    (folder / "hoaks.txt").write_text(HOSTILE_ARTICLE)
    capsys.readouterr()
    assert main(["--db", db, "ingest", str(folder)]) == 2
    out = capsys.readouterr()
    assert out.out == "1 added, 0 updated, 0 unchanged, 4 skipped\n"
    assert sorted(out.err.splitlines()) == sorted(
        [
            f"skipped {folder / 'bom.docx'}: the Word document is packed suspiciously tightly"
            " (a zip bomb?)",
            f"skipped {folder / 'biner.txt'}: not a text file (binary content)",
            f"skipped {folder / 'laporan.pdf'}: not a PDF file",
            f"skipped {folder / 'menu.html'}: no article text found",
        ]
    )
    assert main(["--db", db, "ask", "--k", "1", "hoaks kebakaran pasar cimahi"]) == 0
    assert "<b>kebakaran</b> & <a href=javascript:alert(1)>pasar</a>" in capsys.readouterr().out
