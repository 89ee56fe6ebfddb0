"""Fetching a web page a user links to, and reading the news article in it."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

import httpx
from trafilatura.utils import decode_file

from bot.models import Article
from bot.readers import UnreadableInput, article_from_html, article_from_text, article_id_for

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
_PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_HEADERS = {
    "User-Agent": "Mozilla/5.0 (compatible; TanyaBerita/0.1)",
    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
}


class FetchError(Exception):
    """A linked page could not be fetched, or holds no article."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def fetch_article(
    url: str,
    *,
    timeout: float = 15.0,
    max_bytes: int = 5_000_000,
    client: httpx.AsyncClient | None = None,
) -> Article:
    """Download a web page (http or https only) and read the article in it; raises FetchError."""
    _check_url(url)
    try:
        # httpx times each read on its own: the deadline bounds a page that trickles in slowly.
        async with asyncio.timeout(timeout):
            if client is not None:
                page_url, kind, body, charset = await _download(client, url, timeout, max_bytes)
            else:
                async with httpx.AsyncClient(headers=_HEADERS) as own_client:
                    page_url, kind, body, charset = await _download(
                        own_client, url, timeout, max_bytes
                    )
    except (TimeoutError, httpx.TimeoutException) as error:
        raise FetchError(f"the site did not answer within {timeout:g} s") from error
    except httpx.ConnectError as error:
        raise FetchError("could not connect to the site") from error
    except httpx.InvalidURL as error:
        raise FetchError("not a valid link") from error
    except httpx.HTTPError as error:
        raise FetchError(f"the download failed ({type(error).__name__})") from error
    logger.info("fetched %s (%d bytes of %s)", page_url, len(body), kind)
    host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    article_id = article_id_for_url(page_url)
    try:
        if kind == "text":
            text = _decode(body, charset) or body.decode("utf-8", errors="replace")
            return article_from_text(text, id=article_id, source=host, url=page_url)
        # Without a charset in the header trafilatura guesses it, as browsers do.
        html = _decode(body, charset) or decode_file(body, max_size=max_bytes)
        # Extraction parses the whole page: keep it off the event loop.
        return await asyncio.to_thread(article_from_html, html, id=article_id, url=page_url)
    except UnreadableInput as error:
        raise FetchError(error.reason) from error


def _decode(body: bytes, charset: str | None) -> str:
    """The body decoded with the charset the server named, or "" when it named none it knows."""
    try:
        return body.decode(charset, errors="replace") if charset else ""
    except LookupError:
        return ""


def article_id_for_url(url: str) -> str:
    """An article id from a link: its host and path, e.g. "kompas-com-read-2022-rusia"."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return article_id_for(f"{host} {parts.path} {parts.query}")


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FetchError("not a valid link") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("only http and https links can be read")
    if not parts.hostname:
        raise FetchError("the link has no host")


async def _download(
    client: httpx.AsyncClient, url: str, timeout: float, max_bytes: int
) -> tuple[str, str, bytes, str | None]:
    """(final url, "html" or "text", body, charset) of a page, following a few redirects."""
    for _ in range(MAX_REDIRECTS + 1):
        request = client.build_request("GET", url, headers=_HEADERS, timeout=timeout)
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            if response.is_redirect:
                # Each hop is checked again, so a redirect cannot lead to a file: or ftp: link.
                url = str(response.url.join(response.headers["location"]))
                _check_url(url)
                continue
            if response.status_code >= 400:
                raise FetchError(f"the site answered with HTTP error {response.status_code}")
            media_type = response.headers.get("content-type", "text/html").split(";")[0]
            kind = _PAGE_TYPES.get(media_type.strip().lower())
            if kind is None:
                raise FetchError(f"the link is not a web page but {media_type.strip()}")
            body = await _read_limited(response, max_bytes)
            return str(response.url), kind, body, response.charset_encoding
        finally:
            await response.aclose()
    raise FetchError("the link redirects too many times")


async def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    too_large = FetchError(f"the page is larger than {max_bytes:,} bytes")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
