"""The pieces every message is made of, as Telegram HTML or plain text: lengths, cleaning,
shortening, escaping, highlighting, citations, paging and fitting a message.

Everything that comes from articles or users is cleaned, shortened as plain text and only then
escaped and wrapped in tags, so finished HTML is never sliced. Telegram limits a message to
4096 UTF-16 code units after entity parsing: tags do not count and an entity counts as one, so
the visible length of our HTML equals the UTF-16 length of the plain text it was made from.
Answers are `bot.render`, article lists and statistics `bot.render_lists`.
"""

from __future__ import annotations

import html as htmllib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from bot import messages

MAX_MESSAGE = 4096
MAX_TITLE = 150
MAX_SOURCE = 80
MAX_URL = 2048
SEPARATOR = "\n\n"

_TAG = re.compile(r"<[^>]*>")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts: astral characters count 2."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def to_plain(html: str) -> str:
    """The text Telegram shows for `html`: tags dropped, entities decoded."""
    return htmllib.unescape(_TAG.sub("", html))


def visible_length(html: str) -> int:
    """Length of `html` after entity parsing, in UTF-16 code units (what Telegram limits)."""
    return utf16_len(to_plain(html))


def clean(text: str) -> str:
    """Collapse whitespace and drop control characters and lone surrogates Telegram rejects."""
    kept = "".join(
        char for char in text if unicodedata.category(char) not in ("Cc", "Cs") or char.isspace()
    )
    return " ".join(kept.split())


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-16 units, at a word boundary when one is near, with '…'."""
    if utf16_len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    cut, units = text, 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units >= limit:  # one unit stays free for the ellipsis
            cut = text[:index]
            break
    space = cut.rfind(" ")
    # Back up to the last word boundary unless the cut already falls on one or none is near.
    if not text[len(cut)].isspace() and space > 0 and len(cut) - space <= 30:
        cut = cut[:space]
    return cut.rstrip() + "…"


def shorten_start(text: str, limit: int) -> str:
    """Like `shorten`, but keeps the end of `text` and puts the '…' first."""
    return shorten(text[::-1], limit)[::-1]


def page_count(items: int, per_page: int) -> int:
    """How many pages `items` take, at least one."""
    if per_page < 1:
        raise ValueError(f"per_page must be positive, got {per_page}")
    return max(1, math.ceil(items / per_page))


def clamp_page(page: int, pages: int) -> int:
    """`page` moved into 0..pages-1 (a stale button may point past the end)."""
    return min(max(page, 0), pages - 1)


def escape(text: str, html: bool) -> str:
    """`text` escaped for HTML output, or as it is for plain text."""
    return htmllib.escape(text, quote=True) if html else text


def for_output(text: str, html: bool) -> str:
    """A string from bot.messages (already HTML) for the chosen output."""
    return text if html else to_plain(text)


def measurer(html: bool) -> Callable[[str], int]:
    """How the chosen output's length is counted: visible length for HTML, UTF-16 for text."""
    return visible_length if html else utf16_len


def highlight(text: str, matched: Iterable[str], *, html: bool = True) -> str:
    """`text` escaped, with whole-word, case-insensitive occurrences of `matched` in bold."""
    words = sorted({clean(word) for word in matched} - {""}, key=len, reverse=True)
    if not words:
        return escape(text, html)
    # Longest first so that a matched phrase wins over a word inside it.
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE
    )
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()], html))
        word = escape(match.group(), html)
        out.append(f"<b>{word}</b>" if html else f"«{word}»")
        last = match.end()
    out.append(escape(text[last:], html))
    return "".join(out)


def http_url(url: str) -> str:
    """`url` when it is a plain http(s) address safe to link, else ''."""
    url = url.strip()
    if not url or len(url) > MAX_URL or clean(url) != url or any(c in url for c in ' "<>\\'):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def citation(title: str, source: str, url: str, *, html: bool = True) -> str:
    """'📰 Title — Source': the title linked to `url` when it is http(s)."""
    title = shorten(clean(title), MAX_TITLE) or messages.UNTITLED
    source = shorten(clean(source), MAX_SOURCE)
    link = http_url(url)
    if html and link:
        text = f'<a href="{htmllib.escape(link, quote=True)}">{escape(title, html)}</a>'
    else:
        text = escape(title, html)
    if source:
        text += f" — <i>{escape(source, html)}</i>" if html else f" — {source}"
    if link and not html:
        text += f" ({link})"
    return f"📰 {text}"


def fit_budget(
    render: Callable[[int], str], full: int, limit: int, measure: Callable[[str], int]
) -> str:
    """render(budget) with the largest budget (up to `full`) whose result fits `limit`."""
    budget = full
    while True:
        out = render(budget)
        over = measure(out) - limit
        if over <= 0:
            return out
        if budget <= 0:
            raise ValueError("the fixed parts of a message exceed the limit")
        budget = max(0, budget - over)


def fit_message(
    parts: Sequence[str], *, html: bool = True, limit: int = MAX_MESSAGE, separator: str = SEPARATOR
) -> list[str]:
    """Whole `parts` packed in order into as few messages of at most `limit` as possible."""
    measure = measurer(html)
    gap = measure(separator)
    out: list[str] = []
    current, size = "", 0
    for part in parts:
        if not part.strip():
            continue
        length = measure(part)
        if length > limit:
            raise ValueError(f"a part of {length} units exceeds the limit of {limit}")
        if current and size + gap + length <= limit:
            current, size = current + separator + part, size + gap + length
        else:
            if current:
                out.append(current)
            current, size = part, length
    if not current:
        raise ValueError("nothing to send")
    return [*out, current]
