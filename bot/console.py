"""A chat in the terminal over the bot's answering and rendering path, in plain text.

The question checks and the /start examples live here rather than in the Telegram adapter so
that the terminal and Telegram refuse and greet the same way without this module importing
`telegram`.
"""

from __future__ import annotations

from typing import TextIO

from bot import messages
from bot.library import MAX_QUESTION, Library
from bot.models import Answer
from bot.render import merge_repeats, render_answer
from bot.render_text import to_plain

ANSWER_PAGES = 3  # pages of passages fetched per question; paging never asks again
PROMPT = "> "
MORE = frozenset({"lanjut", "more"})
QUIT = frozenset({"keluar", "exit"})
HELP = frozenset({"/bantuan", "/help"})


def answer_size(per_page: int) -> int:
    """How many passages to fetch for a question shown `per_page` at a time."""
    return per_page * ANSWER_PAGES


def question_refusal(library: Library, question: str) -> str:
    """The reply (Telegram HTML) to a question that cannot be searched, or '' when it can:
    small talk ("halo", "makasih ya", "wkwk") is answered in kind."""
    question = question.strip()
    if not question:
        return messages.EMPTY_QUESTION
    if len(question) > MAX_QUESTION:
        return messages.question_too_long(MAX_QUESTION)
    kind = library.analyzer.small_talk(question)
    if kind == "greeting":
        return messages.greeting(library.count_articles(), example_questions(library))
    if kind:
        return messages.YOU_ARE_WELCOME if kind == "thanks" else messages.ACKNOWLEDGED
    if not library.has_terms(question):
        return messages.NOTHING_TO_SEARCH
    return ""


def example_questions(library: Library) -> list[str]:
    """The example questions this collection can answer, for the greeting."""
    return [q for q in messages.EXAMPLE_QUESTIONS if library.ask(q, k=1).found]


def run_console(library: Library, stdin: TextIO, stdout: TextIO, *, per_page: int = 3) -> None:
    """Answer questions typed on `stdin` until end of input, 'keluar' or 'exit'."""

    def say(text: str) -> None:
        stdout.write(text + "\n\n")

    stdout.write(messages.TERMINAL_INTRO + "\n" + messages.TERMINAL_HINT + "\n\n")
    answer: Answer | None = None
    page = 0
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input (Ctrl+D)
            stdout.write("\n")
            return
        text = line.strip()
        command = text.casefold()
        if command in QUIT:
            stdout.write(messages.TERMINAL_GOODBYE + "\n")
            return
        if not text:
            continue
        if command in HELP:
            say(to_plain(messages.help_text()))
        elif command == "/start":
            say(to_plain(messages.greeting(library.count_articles(), example_questions(library))))
        elif command in MORE:
            if answer is None:
                say(messages.TERMINAL_ASK_FIRST)
            elif (page + 1) * per_page >= len(answer.passages):
                say(messages.TERMINAL_NO_MORE)
            else:
                page += 1
                say(render_answer(answer, page=page, per_page=per_page, html=False))
        elif refusal := question_refusal(library, text):
            say(to_plain(refusal))
        else:
            answer, page = merge_repeats(library.ask(text, k=answer_size(per_page))), 0
            say(render_answer(answer, page=0, per_page=per_page, html=False))
