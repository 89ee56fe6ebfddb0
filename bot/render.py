"""Answers and contexts as Telegram HTML (or plain text for the terminal chat), made of the pieces
in `bot.render_text`.

Match quality is relative: a passage scoring at least 75% of the answer's best score is strong
(🟢), at least 40% fair (🟡), else weak (🟠). Scores have no fixed scale, so only the ratio to the
best passage of the same answer says anything. Article lists and statistics are `bot.render_lists`.
"""

from __future__ import annotations

import math

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
    sentence_key,
    shorten,
    shorten_start,
    utf16_len,
)

STRONG_RATIO = 0.75
FAIR_RATIO = 0.4
MAX_QUESTION = 200  # echoed question
MAX_MISSING = 4  # question words listed as missing under a passage
MAX_WORD = 30


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


def missing_note(words: tuple[str, ...], html: bool) -> str:
    """'\nTidak disebut di artikel ini: X, Y' for the question's words a passage's article lacks
    (the first MAX_MISSING of them, then '…'), or ''."""
    cleaned = [word for word in (shorten(clean(word), MAX_WORD) for word in words) if word]
    if not cleaned:
        return ""
    listed = ", ".join(cleaned[:MAX_MISSING]) + (", …" if len(cleaned) > MAX_MISSING else "")
    note = for_output(messages.MISSING.format(words=escape(listed, True)), html)
    return f"\n<i>{note}</i>" if html else f"\n{note}"


def _answer_header(question: str, html: bool) -> str:
    question = shorten(clean(question), MAX_QUESTION)
    if not question:
        return for_output(messages.ANSWER_HEADER_BARE, html)
    return for_output(messages.ANSWER_HEADER.format(question=escape(question, True)), html)


def _passage_block(
    number: int,
    passage: Passage,
    grade: str,
    limit: int,
    html: bool,
    *,
    note: bool = True,
    same_as: int = 0,
) -> str:
    sentence = clean(passage.sentence)
    head = f"<b>{number}.</b>" if html else f"{number}."
    sign = messages.QUALITY_SIGNS[grade]
    cite = citation(passage.title, passage.source, passage.url, html=html)
    if note:
        cite += missing_note(passage.missing, html)
    if same_as:  # the sentence shown as passage `same_as`: only this other article of it
        same = for_output(messages.SAME_SENTENCE.format(number=same_as), html)
        return f"{head} {sign} <i>{same}</i>\n{cite}" if html else f"{head} {sign} {same}\n{cite}"

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
    # the words an article lacks are said under its first passage on the page only
    firsts = {passage.article_id: number for number, passage in reversed(shown)}
    # a sentence that several articles carry is written out at its first passage only
    keys = [sentence_key(passage.sentence) for passage in answer.passages]
    first_of = {key: number for number, key in reversed(list(enumerate(keys, start=1)))}
    blocks = []
    for number, passage in shown:
        first = first_of.get(sentence_key(passage.sentence), number)
        block = _passage_block(
            number,
            passage,
            quality(passage.score, best),
            room,
            html,
            note=firsts[passage.article_id] == number,
            same_as=first if first < number else 0,
        )
        blocks.append(block)
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
