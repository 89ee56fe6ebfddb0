"""Answers and contexts as Telegram HTML (or plain text for the terminal chat), made of the pieces
in `bot.render_text`.

Match quality is relative: a passage scoring at least 75% of the answer's best score is strong
(🟢), at least 40% fair (🟡), else weak (🟠). Scores have no fixed scale, so only the ratio to the
best passage of the same answer says anything; but a passage whose article never mentions one of
the question's words is at most fair, however it ranks. Article lists and statistics are
`bot.render_lists`.
"""

from __future__ import annotations

import math
from dataclasses import replace

from bot import messages
from bot.models import Answer, Passage
from bot.render_text import (
    MAX_MESSAGE,
    SEPARATOR,
    citation,
    clamp_page,
    clean,
    escape,
    fit_budget,
    fit_message,
    for_output,
    highlight,
    measurer,
    page_count,
    shorten,
    shorten_start,
    utf16_len,
)
from bot.sentences import sentence_key

STRONG_RATIO = 0.75
FAIR_RATIO = 0.4
MAX_QUESTION = 200  # echoed question
MAX_MISSING = 4  # question words listed as missing under a passage
MAX_ALSO = 3  # other articles named as carrying a passage's sentence
MAX_WORD = 30


def quality(score: float, best: float, *, whole: bool = True) -> str:
    """'strong', 'fair' or 'weak': `score` relative to the best score of the same answer; not
    'strong' unless the passage's article holds the whole question (`whole`)."""
    if not math.isfinite(score):
        return "weak"
    if not math.isfinite(best) or best <= 0:
        # Nothing scored above zero, so there is no scale: rank alone decides.
        return "fair" if score >= best else "weak"
    ratio = score / best
    if ratio >= STRONG_RATIO:
        return "strong" if whole else "fair"
    return "fair" if ratio >= FAIR_RATIO else "weak"


def missing_note(words: tuple[str, ...], html: bool) -> str:
    """'\nTidak disebut di artikel ini: X, Y' for the question's words a passage's article lacks
    (the first MAX_MISSING of them, then '…'), or ''."""
    cleaned = [word for word in (shorten(clean(word), MAX_WORD) for word in words) if word]
    if not cleaned:
        return ""
    listed = ", ".join(cleaned[:MAX_MISSING]) + (", …" if len(cleaned) > MAX_MISSING else "")
    note = for_output(messages.MISSING.format(words=escape(listed, True)), html)
    return f"\n<i>{note}</i>" if html else f"\n{note}"


def _answer_header(answer: Answer, html: bool) -> str:
    """The question echoed, and how it was read when a word of it was read as another."""
    question = shorten(clean(answer.question), MAX_QUESTION)
    if not question:
        return for_output(messages.ANSWER_HEADER_BARE, html)
    header = messages.ANSWER_HEADER.format(question=escape(question, True))
    reading = shorten(clean(answer.reading), MAX_QUESTION)
    if reading:
        header += "\n" + messages.READ_AS.format(reading=escape(reading, True))
    return for_output(header, html)


def merge_repeats(answer: Answer) -> Answer:
    """`answer` as a reply shows it: a sentence several articles carry (a wire story, a copied
    article) is one passage, where its best copy ranks, naming the other articles (`also`), so
    that each numbered passage is a sentence to read."""
    merged: list[Passage] = []
    at: dict[str, int] = {}  # sentence -> its place in `merged`
    for passage in answer.passages:
        key = sentence_key(passage.sentence)
        if key not in at:
            at[key] = len(merged)
            merged.append(passage)
            continue
        first = merged[at[key]]
        if passage.article_id not in {first.article_id, *(p.article_id for p in first.also)}:
            merged[at[key]] = replace(first, also=(*first.also, passage))
    return replace(answer, passages=tuple(merged))


def also_note(also: tuple[Passage, ...], html: bool) -> str:
    """'\nJuga dimuat di: 📰 B; 📰 C' for the other articles carrying a passage's sentence (the
    first MAX_ALSO of them, then how many more), or ''."""
    if not also:
        return ""
    cited = "; ".join(citation(p.title, p.source, p.url, html=html) for p in also[:MAX_ALSO])
    if len(also) > MAX_ALSO:
        cited += " " + messages.ALSO_MORE.format(count=len(also) - MAX_ALSO)
    return f"\n{for_output(messages.ALSO_IN, html)} {cited}"


def _passage_block(
    number: int, passage: Passage, grade: str, limit: int, html: bool, *, note: bool = True
) -> str:
    sentence = clean(passage.sentence)
    head = f"<b>{number}.</b>" if html else f"{number}."
    sign = messages.QUALITY_SIGNS[grade]
    cite = citation(passage.title, passage.source, passage.url, html=html)
    cite += also_note(passage.also, html)
    if note:
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
        header = _answer_header(answer, html)
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
    header = _answer_header(answer, html)
    # Every block must fit a message that also carries the header and the footer.
    room = MAX_MESSAGE - measure(header) - 2 * utf16_len(SEPARATOR) - measure(footer)
    best = max((p.score for p in answer.passages if math.isfinite(p.score)), default=0.0)
    # the words an article lacks are said under its first passage on the page only
    firsts = {passage.article_id: number for number, passage in reversed(shown)}
    blocks = [
        _passage_block(
            number,
            passage,
            quality(passage.score, best, whole=not passage.missing),
            room,
            html,
            note=firsts[passage.article_id] == number,
        )
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
