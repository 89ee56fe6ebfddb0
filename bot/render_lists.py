"""Article lists, one article and the statistics as Telegram HTML (or plain text).

Pure functions over plain values, built from the pieces in `bot.render_text`: everything from
articles is cleaned and shortened as plain text before it is escaped, so finished HTML is never
sliced.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import messages
from bot.render_text import (
    MAX_MESSAGE,
    SEPARATOR,
    citation,
    clamp_page,
    clean,
    escape,
    fit_budget,
    for_output,
    measurer,
    page_count,
    shorten,
    utf16_len,
)

MAX_ID = 48
MAX_LIST_TITLE = 100
MAX_LIST_PAGE = 20  # rows of /artikel that surely fit one message with the limits above


def render_article_list(
    articles: Sequence[tuple[str, str, int]],
    *,
    page: int,
    per_page: int = 10,
    total: int,
    html: bool = True,
) -> str:
    """One page of /artikel: (id, title, sentence count) rows numbered across pages."""
    if not 1 <= per_page <= MAX_LIST_PAGE:
        raise ValueError(f"per_page must be 1..{MAX_LIST_PAGE}, got {per_page}")
    if not articles:
        return for_output(messages.ARTICLE_LIST_EMPTY, html)
    pages = page_count(total, per_page)
    page = clamp_page(page, pages)
    header = messages.ARTICLE_LIST_HEADER.format(total=messages.format_number(total))
    rows = []
    for number, (article_id, title, count) in enumerate(articles, start=page * per_page + 1):
        name = escape(shorten(clean(title), MAX_LIST_TITLE) or messages.UNTITLED, html)
        ident = escape(shorten(clean(article_id), MAX_ID), html)
        if html:
            name, ident = f"<b>{name}</b>", f"<code>{ident}</code>"
        rows.append(f"{number}. {name}\n    {ident} · {messages.sentence_count(count)}")
    parts = [for_output(header, html), "\n".join(rows)]
    if pages > 1:
        parts.append(for_output(messages.page_indicator(page + 1, pages), html))
    return SEPARATOR.join(parts)


def render_article(
    article_id: str,
    title: str,
    source: str,
    url: str,
    sentence_count: int,
    first_sentences: Sequence[str],
    *,
    html: bool = True,
) -> str:
    """/artikel <id>: the article's citation, id, size and its first sentences."""
    ident = escape(shorten(clean(article_id), MAX_ID), html)
    lines = [
        citation(title, source, url, html=html),
        f"{messages.ARTICLE_ID}: " + (f"<code>{ident}</code>" if html else ident),
        f"{messages.ARTICLE_SENTENCES}: {messages.format_number(sentence_count)}",
    ]
    head = "\n".join(lines)
    preview = clean(" ".join(first_sentences))
    if not preview:
        return head
    label = f"<b>{messages.ARTICLE_PREVIEW}:</b>" if html else f"{messages.ARTICLE_PREVIEW}:"

    def render(budget: int) -> str:
        return f"{head}{SEPARATOR}{label}\n{escape(shorten(preview, budget), html)}"

    return fit_budget(render, utf16_len(preview), MAX_MESSAGE, measurer(html))


def render_stats(
    *,
    articles: int,
    sentences: int,
    questions: int,
    not_found: int,
    up: int,
    down: int,
    html: bool = True,
) -> str:
    """The statistics message."""
    text = messages.stats(
        articles=articles,
        sentences=sentences,
        questions=questions,
        not_found=not_found,
        up=up,
        down=down,
    )
    return for_output(text, html)
