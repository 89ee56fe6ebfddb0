"""Fetching articles from a real HTTP server on 127.0.0.1 that the tests start."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from bot.fetch import FetchError, article_id_for_url, fetch_article
from bot.models import Article

PESKOV = "Juru bicara Kremlin, Dmitry Peskov, mengatakan tidak ada alasan untuk optimis."
BOGOTA = "Presiden Kolombia berpidato di Bogotá tentang perdamaian dan ekonomi negara."
PAGE = f"""<html><head><title>Rusia Tidak Optimis</title>
<meta property="og:site_name" content="Purna Warta"></head>
<body><nav><a href="/">Beranda</a></nav><article><h1>Rusia Tidak Optimis</h1>
<p>{PESKOV}</p><p>{BOGOTA}</p></article></body></html>"""
MENU_ONLY = "<html><head><title>Beranda</title></head><body><nav>Beranda Dunia</nav></body></html>"
RELEASE = threading.Event()  # lets the hanging handler go when a test ends

# path -> (status, headers, body)
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/artikel": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.encode()),
    "/latin": (200, {"Content-Type": "text/html; charset=iso-8859-1"}, PAGE.encode("latin-1")),
    "/teks": (200, {"Content-Type": "text/plain"}, f"Kabar Dari Moskow\n{PESKOV}".encode()),
    "/menu": (200, {"Content-Type": "text/html"}, MENU_ONLY.encode()),
    "/laporan.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n"),
    "/rusak": (500, {"Content-Type": "text/html"}, b"<h1>Internal Server Error</h1>"),
    "/pindah": (302, {"Location": "/artikel"}, b""),
    "/berputar": (302, {"Location": "/berputar"}, b""),
    "/ke-ftp": (301, {"Location": "ftp://127.0.0.1/berkas"}, b""),
    "/besar": (200, {"Content-Type": "text/html"}, b"<p>" + b"a" * 5000 + b"</p>"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/lambat":
            RELEASE.wait(5)
            return
        status, headers, body = ROUTES.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if self.path != "/besar":  # /besar streams until the connection closes, like old servers
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def site() -> Iterator[str]:
    RELEASE.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    RELEASE.set()
    server.shutdown()
    server.server_close()
    thread.join()


async def test_fetches_an_article_page(site: str) -> None:
    url = f"{site}/artikel"
    assert await fetch_article(url) == Article(
        id="127-0-0-1-artikel",
        title="Rusia Tidak Optimis",
        text=f"{PESKOV}\n{BOGOTA}",
        source="Purna Warta",
        url=url,
    )


async def test_follows_a_redirect_and_keeps_the_final_link(site: str) -> None:
    article = await fetch_article(f"{site}/pindah")
    assert (article.id, article.url) == ("127-0-0-1-artikel", f"{site}/artikel")


async def test_decodes_the_charset_the_server_names_and_plain_text(site: str) -> None:
    assert (await fetch_article(f"{site}/latin")).text == f"{PESKOV}\n{BOGOTA}"
    assert await fetch_article(f"{site}/teks") == Article(
        "127-0-0-1-teks", "Kabar Dari Moskow", PESKOV, "127.0.0.1", f"{site}/teks"
    )


async def test_uses_a_client_it_is_given(site: str) -> None:
    async with httpx.AsyncClient() as client:
        article = await fetch_article(f"{site}/artikel", client=client)
    assert article.title == "Rusia Tidak Optimis"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/rusak", "the site answered with HTTP error 500"),
        ("/tidak-ada", "the site answered with HTTP error 404"),
        ("/menu", "no article text found"),
        ("/laporan.pdf", "the link is not a web page but application/pdf"),
        ("/berputar", "the link redirects too many times"),
        ("/ke-ftp", "only http and https links can be read"),
        ("/besar", "the page is larger than 1,000 bytes"),
    ],
)
async def test_refuses_what_is_no_article_page(site: str, path: str, reason: str) -> None:
    with pytest.raises(FetchError) as error:
        await fetch_article(f"{site}{path}", max_bytes=1000)
    assert error.value.reason == reason


async def test_refuses_a_page_over_the_declared_size(site: str) -> None:
    with pytest.raises(FetchError) as error:
        await fetch_article(f"{site}/artikel", max_bytes=100)
    assert error.value.reason == "the page is larger than 100 bytes"


async def test_gives_up_on_a_server_that_hangs(site: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        await fetch_article(f"{site}/lambat", timeout=0.5)
    assert error.value.reason == "the site did not answer within 0.5 s"
    assert time.monotonic() - started < 2


async def test_reports_a_refused_connection() -> None:
    with socket.socket() as probe:  # a port that nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as error:
        await fetch_article(f"http://127.0.0.1:{port}/artikel", timeout=2)
    assert error.value.reason == "could not connect to the site"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/berita.txt", "only http and https links can be read"),
        ("file:///etc/passwd", "only http and https links can be read"),
        ("javascript:alert(1)", "only http and https links can be read"),
        ("kompas.com/berita", "only http and https links can be read"),
        ("http:///berita", "the link has no host"),
        ("http://[::1/berita", "not a valid link"),
    ],
)
async def test_refuses_links_that_are_not_web_pages(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as error:
        await fetch_article(url)
    assert error.value.reason == reason


def test_article_id_for_url_names_host_and_path() -> None:
    assert article_id_for_url("https://www.kompas.com/read/2022/01/11/rusia-tidak-optimis") == (
        "kompas-com-read-2022-01-11-rusia-tidak-optimis"
    )
    assert article_id_for_url("https://berita.id/baca.php?id=17") == "berita-id-baca-php-id-17"
