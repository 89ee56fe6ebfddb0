"""Admin actions through the real bot and the fake Bot API: adding, removing, statistics."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import docx
import pytest

from bot import messages, render_lists, render_text
from tests.conftest import ADMIN_ID
from tests.fake_telegram_state import USER_ID

BANJIR = (
    "Banjir Rendam Ratusan Rumah di Kudus\n\n"
    "Banjir merendam 450 rumah warga di Kecamatan Jati, Kabupaten Kudus, pada Minggu pagi. "
    "Kepala BPBD Kudus, Budi Santoso, mengatakan air mulai surut pada sore hari.\n\n"
    "Warga yang mengungsi ditampung di balai desa setempat."
)
BANJIR_QUESTION = "berapa rumah yang terendam banjir di kudus?"
PAGE = """<!doctype html><html><head><title>Gempa Guncang Cianjur</title></head><body>
<nav>Beranda | Berita | Olahraga</nav>
<article><h1>Gempa Guncang Cianjur</h1>
<p>Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin siang.</p>
<p>Kepala BMKG Dwikorita Karnawati mengatakan pusat gempa berada di darat pada kedalaman
sepuluh kilometer.</p>
<p>Ribuan warga mengungsi ke tenda darurat karena khawatir gempa susulan.</p>
</article><footer>Hak cipta</footer></body></html>"""


async def document(fake, name: str, data: bytes, user_id: int = ADMIN_ID, **options) -> dict:
    """An admin (by default) sends a file; returns the bot's reply."""
    before = len(fake.sent_messages(user_id))
    fake.document_message(name, data, user_id=user_id, **options)
    return (await fake.await_sent(user_id, before + 1))[before]


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def news_site():
    """A web server on 127.0.0.1 with one article page and one missing page."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path == "/berita/gempa-cianjur"
            body = PAGE.encode() if found else b"<html><body>Tidak ada</body></html>"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


async def test_an_admin_adds_a_text_document_that_can_then_be_asked(
    telegram_bot, fake_telegram, library, say, sent_html
):
    reply = await document(
        fake_telegram, "banjir-kudus.txt", BANJIR.encode(), mime_type="text/plain"
    )
    info = library.article("banjir-kudus")
    assert (info.title, info.sentence_count) == ("Banjir Rendam Ratusan Rumah di Kudus", 3)
    assert sent_html(ADMIN_ID) == [
        messages.article_added("Banjir Rendam Ratusan Rumah di Kudus", 3, "banjir-kudus")
    ]
    assert reply["text"].startswith(
        "✅ Artikel Banjir Rendam Ratusan Rumah di Kudus sudah disimpan"
    )
    [answer] = await say(BANJIR_QUESTION, user_id=ADMIN_ID)
    # "terendam" is read as "merendam", the known word one letter away
    assert "<b>Banjir</b> <b>merendam</b> 450 <b>rumah</b> warga" in sent_html(ADMIN_ID)[-1]
    assert "Banjir merendam 450 rumah warga" in answer["text"]
    # The same file again adds nothing and says so.
    again = await document(
        fake_telegram, "banjir-kudus.txt", BANJIR.encode(), mime_type="text/plain"
    )
    assert sent_html(ADMIN_ID)[-1] == messages.duplicate_article(info.title)
    assert again["text"].startswith("ℹ️ Artikel Banjir Rendam Ratusan Rumah di Kudus sudah")
    assert library.count_articles() == 2


async def test_an_admin_adds_a_word_document(telegram_bot, fake_telegram, library, sent_html):
    data = docx_bytes(BANJIR.split("\n\n"))
    await document(fake_telegram, "Laporan Banjir.docx", data)
    [added] = [a for a in library.articles() if a.id != "purnawarta-rusia-as-jenewa-2022"]
    assert (added.title, added.sentence_count) == ("Banjir Rendam Ratusan Rumah di Kudus", 3)
    assert sent_html(ADMIN_ID) == [messages.article_added(added.title, 3, added.id)]


async def test_an_oversized_document_is_refused_before_downloading(
    telegram_bot, fake_telegram, library, sent_html
):
    size = 6 * 1024 * 1024
    await document(fake_telegram, "besar.txt", BANJIR.encode(), file_size=size)
    assert sent_html(ADMIN_ID) == [messages.document_too_large(5)]
    assert fake_telegram.requests_for("getFile") == []
    assert library.count_articles() == 1


async def test_unsupported_and_unreadable_documents_get_clear_replies(
    telegram_bot, fake_telegram, library, sent_html
):
    await document(fake_telegram, "foto.png", b"\x89PNG\r\n")
    await document(fake_telegram, "laporan.pdf", b"bukan PDF sama sekali")
    await document(fake_telegram, "kosong.txt", b"   \n")
    assert sent_html(ADMIN_ID) == [
        messages.unsupported_document(),
        messages.DOCUMENT_UNREADABLE,
        messages.DOCUMENT_UNREADABLE,
    ]
    assert len(fake_telegram.requests_for("getFile")) == 2  # the .png was never downloaded
    assert library.count_articles() == 1


async def test_an_admin_adds_a_link_and_the_answer_links_the_page(
    telegram_bot, fake_telegram, library, say, sent_html, news_site
):
    url = f"{news_site}/berita/gempa-cianjur"
    [reply] = await say(url, user_id=ADMIN_ID)
    [info] = [a for a in library.articles() if a.url]
    host = news_site.removeprefix("http://")
    assert (info.title, info.url, info.source) == ("Gempa Guncang Cianjur", url, host)
    assert sent_html(ADMIN_ID) == [
        messages.article_added("Gempa Guncang Cianjur", info.sentence_count, info.id)
    ]
    assert "sekarang sudah bisa ditanyakan" in reply["text"]
    await say("siapa kepala bmkg?", user_id=ADMIN_ID)
    answer = sent_html(ADMIN_ID)[-1]
    assert "Dwikorita Karnawati" in answer
    assert f'📰 <a href="{url}">Gempa Guncang Cianjur</a> — <i>{host}</i>' in answer

    await say(f"/tambah {news_site}/berita/hilang", user_id=ADMIN_ID)
    assert sent_html(ADMIN_ID)[-1] == messages.link_failed("HTTP 404")


async def test_an_admin_adds_text_with_tambah(telegram_bot, library, say, sent_html):
    [usage] = await say("/tambah", user_id=ADMIN_ID)
    assert sent_html(ADMIN_ID) == [messages.USAGE_ADD]
    await say(f"/tambah {BANJIR}", user_id=ADMIN_ID)
    [info] = [a for a in library.articles() if a.title.startswith("Banjir")]
    assert info.sentence_count == 3
    assert info.id.startswith("banjir-rendam-ratusan-rumah-di-kudus")
    assert sent_html(ADMIN_ID)[-1] == messages.article_added(info.title, 3, info.id)
    await say(f"/tambah {BANJIR}", user_id=ADMIN_ID)
    assert sent_html(ADMIN_ID)[-1] == messages.duplicate_article(info.title)


async def test_an_admin_removes_an_article(telegram_bot, library, say, sent_html):
    await say("/hapus", user_id=ADMIN_ID)
    await say("/hapus tidak-ada", user_id=ADMIN_ID)
    await say("/hapus purnawarta-rusia-as-jenewa-2022", user_id=ADMIN_ID)
    assert sent_html(ADMIN_ID) == [
        messages.USAGE_REMOVE,
        messages.article_not_found("tidak-ada"),
        messages.article_removed(
            "Rusia Tak Lihat Alasan untuk Optimis Usai Pembicaraan dengan AS di Jenewa"
        ),
    ]
    assert library.count_articles() == 0
    [reply] = await say("siapa jubir kremlin?", user_id=ADMIN_ID)
    assert reply["text"].endswith(render_text.to_plain(messages.NOT_FOUND))


async def test_an_admin_sees_statistics(telegram_bot, library, say, sent_html):
    await say("siapa jubir kremlin?")
    await say("kapan piala dunia sepak bola dimulai?")
    [reply] = await say("/statistik", user_id=ADMIN_ID)
    assert sent_html(ADMIN_ID) == [
        render_lists.render_stats(articles=1, sentences=19, questions=2, not_found=1, up=0, down=0)
    ]
    assert "Tidak terjawab: 50%" in reply["text"]


async def test_outsiders_are_told_politely_no(
    telegram_bot, fake_telegram, library, say, sent_html, news_site
):
    for command in ["/tambah Teks berita baru.", "/hapus purnawarta-rusia-as-jenewa-2022"]:
        await say(command)
    await say("/statistik")
    await document(fake_telegram, "banjir.txt", BANJIR.encode(), user_id=USER_ID)
    await say("/tambah", chat_type="group")
    assert sent_html(USER_ID) == [messages.ADMIN_ONLY] * 4
    assert sent_html(-100_000 - USER_ID) == [messages.ADMIN_ONLY]
    # A link from an outsider is only a question.
    [reply] = await say(f"{news_site}/berita/gempa-cianjur")
    assert reply["text"].startswith("🔎 http://127.0.0.1")
    assert fake_telegram.requests_for("getFile") == []
    assert [a.id for a in library.articles()] == ["purnawarta-rusia-as-jenewa-2022"]


async def test_questions_are_answered_while_an_article_is_being_added(
    telegram_bot, fake_telegram, library, say
):
    fake_telegram.delay_next("getFile", 1.0)
    fake_telegram.document_message("banjir.txt", BANJIR.encode(), user_id=ADMIN_ID)
    [answer] = await say("siapa jubir kremlin?")
    assert fake_telegram.sent_messages(ADMIN_ID) == []  # the admin's file is still on its way
    assert "Dmitry Peskov" in answer["text"]
    [added] = await fake_telegram.await_sent(ADMIN_ID)
    assert added["text"].startswith("✅ Artikel Banjir Rendam Ratusan Rumah di Kudus")
    # The slow download showed "typing…" to the admin, and only to the admin.
    [typing] = fake_telegram.requests_for("sendChatAction")
    assert typing.params == {"chat_id": ADMIN_ID, "action": "typing"}
    [reply] = [
        r for r in fake_telegram.requests_for("sendMessage") if r.params["chat_id"] == ADMIN_ID
    ]
    assert typing.timestamp < reply.timestamp
