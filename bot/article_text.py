"""Text into articles: paragraphs, titles and ids, shared by every reader (bot.readers, bot.office).

Wrapped lines are joined into paragraphs, a headline-like first line becomes the title, and a file
name or a title becomes a safe id. `UnreadableInput` says why an input holds no article.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import textwrap
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura

from bot.models import Article

MAX_ID_LENGTH = 60
MIN_ARTICLE_CHARS = 40  # less than this from a web page is a menu or a cookie banner, not news
# The file types read as articles: a name ending in one of these keeps it out of the id.
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".jsonl"})
_HEADLINE_MAX = 120
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r") + b"\x7f"
_JUNK_CHARS = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLOCK_START = re.compile(r"(#{1,6}|[-*+•]|\d{1,3}[.)]|>)\s")  # a line that never continues another
_PARAGRAPH_END = tuple(".!?:;\"'”’»")


class UnreadableInput(ValueError):
    """The input holds no article that can be read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsupportedFormat(UnreadableInput):
    """The input is a kind of file that is not read."""


def paragraphs(text: str, *, wrapped: bool | None = None) -> list[str]:
    """Split text into clean paragraphs, joining the lines of wrapped text.

    Text is wrapped when its paragraphs are blocks between blank lines (the guess when wrapped is
    None); then a line continues the one before it unless that one ends a sentence.
    """
    lines = [_SPACES.sub(" ", line).strip() for line in _JUNK_CHARS.sub("", text).splitlines()]
    if wrapped is None:
        wrapped = "\n\n" in "\n".join(lines).strip()
    result: list[str] = []
    for line in lines:
        if not line:
            result.append("")
        elif wrapped and result and result[-1] and _continues(result[-1], line):
            result[-1] = _join_wrapped(result[-1], line)
        else:
            result.append(line)
    return [unicodedata.normalize("NFC", paragraph) for paragraph in result if paragraph]


def _continues(previous: str, line: str) -> bool:
    return not (
        previous.endswith(_PARAGRAPH_END)
        or _BLOCK_START.match(previous)
        or _BLOCK_START.match(line)
    )


def _join_wrapped(previous: str, line: str) -> str:
    # A word broken at the margin ("pembi-" + "caraan") or a reduplication cut at its hyphen
    # ("negara-" + "negara") joins without a space; telling the two apart is not worth guessing.
    if previous.endswith("-") and previous[-2:-1].isalpha():
        return previous + line
    return f"{previous} {line}"


def looks_like_headline(line: str) -> bool:
    """Whether a first line reads as a headline: short, a few words, no final full stop."""
    line = line.strip()
    return (
        len(line) <= _HEADLINE_MAX
        and len(line.split()) >= 2
        and not line.endswith((".", ",", ";", ":"))
        and any(char.isalpha() for char in line)
    )


def first_words(text: str, limit: int = 60) -> str:
    """The opening words of a text, cut at a word boundary, as a stand-in title."""
    return textwrap.shorten(text, limit, placeholder=" …")


def readable_name(name: str) -> str:
    """A file name made into a title: "purnawarta-rusia-2022.txt" -> "Purnawarta Rusia 2022"."""
    words = re.split(r"[\s_.\-]+", Path(name).stem)
    return " ".join(word[:1].upper() + word[1:] for word in words if word)


def article_id_for(name: str) -> str:
    """A safe article id from a file name or a title: lowercase a-z, 0-9 and dashes, never empty."""
    stem = name.strip()
    if Path(stem).suffix.lower() in ARTICLE_SUFFIXES:
        stem = stem[: -len(Path(stem).suffix)]
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    if not slug:
        return f"article-{digest}"
    if len(slug) > MAX_ID_LENGTH:
        # Keep long ids apart from each other with a digest of the whole name.
        cut = slug[: MAX_ID_LENGTH - 9]
        slug = f"{cut.rsplit('-', 1)[0] if '-' in cut else cut}-{digest}"
    return slug


def split_title(text: str, *, wrapped: bool | None = None) -> tuple[str, list[str]]:
    """Take a headline-like first line as the title: (title or "", paragraphs of the rest)."""
    first, _, rest = text.strip().partition("\n")
    if looks_like_headline(first):
        body = paragraphs(rest, wrapped=wrapped)
        if body:  # not when only blank or invisible lines follow: the headline is the text
            return " ".join(first.split()), body
    return "", paragraphs(text, wrapped=wrapped)


def file_article(name: str, title: str, lines: list[str]) -> Article:
    """An article read from a file: id from the file name, which also stands in for a title."""
    if not lines:
        raise UnreadableInput("no text found")
    return Article(article_id_for(Path(name).stem), title or readable_name(name), "\n".join(lines))


def decode_text(data: bytes) -> str:
    """The bytes of a text file as text; UnreadableInput when binary, not UTF-8 or empty."""
    head = data[:8192]
    if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 20:
        raise UnreadableInput("not a text file (binary content)")
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableInput("not UTF-8 text") from error
    if not _JUNK_CHARS.sub("", text).strip():
        raise UnreadableInput("empty file")
    return text


def article_from_text(
    text: str, *, id: str, title: str = "", source: str = "", url: str = ""
) -> Article:
    """An article from plain text, titled by a headline-like first line or else its first words."""
    title, lines = (title, paragraphs(text)) if title else split_title(text)
    if not lines:
        raise UnreadableInput("no text found")
    title = title or first_words(lines[0])
    return Article(id=id, title=title, text="\n".join(lines), source=source, url=url)


def article_from_html(html: str, *, id: str, url: str = "", source: str = "") -> Article:
    """An article from the main text of a web page, with the page's title and site name."""
    page = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False
    )
    lines = paragraphs(page.text or "", wrapped=False) if page else []
    if sum(len(line) for line in lines) < MIN_ARTICLE_CHARS:
        raise UnreadableInput("no article text found")
    title = " ".join((page.title or "").split())
    if title and lines[0].casefold() == title.casefold() and len(lines) > 1:
        lines = lines[1:]  # the page's own <h1> repeats the title
    if not url and urlsplit(page.url or "").scheme in ("http", "https"):
        url = page.url  # a saved page still names where it came from
    source = source or page.sitename or (urlsplit(url).hostname or "").removeprefix("www.")
    title = title or first_words(lines[0])
    return Article(id=id, title=title, text="\n".join(lines), source=source, url=url)
