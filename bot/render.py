"""Answers and contexts as Telegram HTML (or plain text for the terminal chat), and the pieces
every message is made of: lengths, cleaning, shortening, highlighting, citations, fitting.

Everything that comes from articles or users is cleaned, shortened as plain text and only then
escaped and wrapped in tags, so finished HTML is never sliced. Telegram limits a message to
4096 UTF-16 code units after entity parsing: tags do not count and an entity counts as one, so
the visible length of our HTML equals the UTF-16 length of the plain text it was made from.

Match quality is relative: a passage scoring at least 75% of the answer's best score is strong
(🟢), at least 40% fair (🟡), else weak (🟠). Scores have no fixed scale, so only the ratio to the
best passage of the same answer says anything. Article lists and statistics are `bot.render_lists`.
"""

from __future__ import annotations

import html as htmllib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from bot import messages
from bot.models import Answer, Passage

MAX_MESSAGE = 4096
STRONG_RATIO = 0.75
FAIR_RATIO = 0.4
MAX_QUESTION = 200  # echoed question
MAX_TITLE = 150
MAX_SOURCE = 80
MAX_MISSING = 4  # question words listed as missing under a passage
MAX_WORD = 30
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


def quality(score: float, best: float) -> str:
    """'strong', 'fair' or 'weak': `score` relative to the best score of the same answer."""
    if not math.isfinite(score):
        return "weak"
    if not math.isfinite(best) or best <= 0:
        # Nothing scored above zero, so there is no scale: rank alone decides.
        return "fair" if score >= best else "weak"
    ratio = score / best
    if ratio >= STRONG_RATIO:
        return "strong"
    return "fair" if ratio >= FAIR_RATIO else "weak"


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


def missing_note(words: tuple[str, ...], html: bool) -> str:
    """'\nTidak disebut di artikel ini: X, Y' for the question's words a passage's article lacks
    (the first MAX_MISSING of them), or ''."""
    shown = [shorten(clean(word), MAX_WORD) for word in words[:MAX_MISSING]]
    shown = [word for word in shown if word]
    if not shown:
        return ""
    note = escape(messages.MISSING.format(words=", ".join(shown)), html)
    return f"\n<i>{note}</i>" if html else f"\n{note}"


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


def _answer_header(question: str, html: bool) -> str:
    question = shorten(clean(question), MAX_QUESTION)
    if not question:
        return for_output(messages.ANSWER_HEADER_BARE, html)
    return for_output(messages.ANSWER_HEADER.format(question=escape(question, True)), html)


def _passage_block(number: int, passage: Passage, grade: str, limit: int, html: bool) -> str:
    sentence = clean(passage.sentence)
    head = f"<b>{number}.</b>" if html else f"{number}."
    sign = messages.QUALITY_SIGNS[grade]
    cite = citation(passage.title, passage.source, passage.url, html=html)
    cite += missing_note(passage.missing, html)

    def render(budget: int) -> str:
        text = highlight(shorten(sentence, budget), passage.matched, html=html)
        return f"{head} {sign} {text}\n{cite}"

    return fit_budget(render, utf16_len(sentence), limit, measurer(html))


def render_answer_messages(
    answer: Answer, *, page: int = 0, per_page: int = 3, html: bool = True
) -> list[str]:
    """One page of `answer` as messages that each fit Telegram's limit, split between passages."""
    if not answer.passages:
        header = _answer_header(answer.question, html)
        return fit_message([header, for_output(messages.NOT_FOUND, html)], html=html)
    pages = page_count(len(answer.passages), per_page)
    page = clamp_page(page, pages)
    footer = for_output(messages.page_indicator(page + 1, pages), html) if pages > 1 else ""
    first = page * per_page
    shown = enumerate(answer.passages[first : first + per_page], start=first + 1)
    return _answer_page(answer, list(shown), footer, html)


def render_passage_message(answer: Answer, index: int, *, html: bool = True) -> str:
    """Passage `index` of `answer` alone under the question (an inline result), numbered 1 and
    graded, like every passage of a reply, against the best passage of the whole answer."""
    return _answer_page(answer, [(1, answer.passages[index])], "", html)[0]


def _answer_page(
    answer: Answer, shown: list[tuple[int, Passage]], footer: str, html: bool
) -> list[str]:
    """The numbered passages `shown` of `answer` between its header and `footer`, as messages."""
    measure = measurer(html)
    header = _answer_header(answer.question, html)
    # Every block must fit a message that also carries the header and the footer.
    room = MAX_MESSAGE - measure(header) - 2 * utf16_len(SEPARATOR) - measure(footer)
    best = max((p.score for p in answer.passages if math.isfinite(p.score)), default=0.0)
    blocks = [
        _passage_block(number, passage, quality(passage.score, best), room, html)
        for number, passage in shown
    ]
    blocks[0] = header + SEPARATOR + blocks[0]
    if footer:
        blocks[-1] += SEPARATOR + footer
    return fit_message(blocks, html=html)


def render_answer(answer: Answer, *, page: int = 0, per_page: int = 3, html: bool = True) -> str:
    """One page of `answer` as one text; may exceed the limit: send render_answer_messages."""
    messages_ = render_answer_messages(answer, page=page, per_page=per_page, html=html)
    return SEPARATOR.join(messages_)


def render_context(passage: Passage, *, html: bool = True) -> str:
    """The passage's paragraph context, its sentence in italics and matched words in bold."""
    context = clean(passage.context) or clean(passage.sentence)
    sentence = clean(passage.sentence)
    at = context.find(sentence) if sentence else -1
    if at < 0:
        before, sentence, after = "", "", context
    else:
        before, after = context[:at], context[at + len(sentence) :]
    header = for_output(messages.CONTEXT_HEADER, html)
    cite = citation(passage.title, passage.source, passage.url, html=html)

    def render(budget: int) -> str:
        # The matched sentence first, then what follows, then what precedes it.
        kept = shorten(sentence, budget)
        rest = budget - utf16_len(kept)
        tail = shorten(after, max(rest - utf16_len(before), rest // 2))
        lead = shorten_start(before, rest - utf16_len(tail))
        middle = highlight(kept, passage.matched, html=html)
        if html and middle:
            middle = f"<i>{middle}</i>"
        body = "".join(
            [
                highlight(lead, passage.matched, html=html),
                middle,
                highlight(tail, passage.matched, html=html),
            ]
        )
        return f"{header}{SEPARATOR}{body}{SEPARATOR}{cite}"

    return fit_budget(render, utf16_len(context), MAX_MESSAGE, measurer(html))
