"""The terminal chat: the bot's answers as plain text, with paging and a way out."""

import io

from bot import messages, render, render_text
from bot.console import PROMPT, question_refusal, run_console
from bot.library import MAX_QUESTION

JUBIR = "siapa jubir kremlin?"


def chat(library, *lines: str, per_page: int = 3) -> str:
    stdout = io.StringIO()
    run_console(
        library, io.StringIO("".join(f"{line}\n" for line in lines)), stdout, per_page=per_page
    )
    return stdout.getvalue()


def intro() -> str:
    return f"{messages.TERMINAL_INTRO}\n{messages.TERMINAL_HINT}\n\n"


def test_a_question_gets_plain_text_passages_and_more_pages(library):
    answer = library.ask(JUBIR, k=9)
    first = render.render_answer(answer, page=0, per_page=3, html=False)
    second = render.render_answer(answer, page=1, per_page=3, html=False)
    output = chat(library, JUBIR, "lanjut")
    assert output == f"{intro()}{PROMPT}{first}\n\n{PROMPT}{second}\n\n{PROMPT}\n"
    assert first.startswith(f"🔎 {JUBIR}\n\n1. 🟢 «Juru» «bicara» «Kremlin», Dmitry Peskov")
    assert "<b>" not in output


def test_more_runs_out_and_needs_a_question_first(library):
    output = chat(library, "more", JUBIR, "lanjut", "lanjut", "lanjut", "keluar", JUBIR)
    assert output.count(messages.TERMINAL_ASK_FIRST) == 1
    assert output.count(messages.TERMINAL_NO_MORE) == 1
    assert output.count("Halaman ") == 3
    # "keluar" ends the chat: the question after it is never read.
    assert output.endswith(f"{PROMPT}{messages.TERMINAL_GOODBYE}\n")


def test_refused_questions_and_help_are_plain_text(library):
    output = chat(library, "apa yang di", "x" * (MAX_QUESTION + 1), "/bantuan", "", "exit")
    assert output == (
        f"{intro()}"
        f"{PROMPT}{render_text.to_plain(messages.NOTHING_TO_SEARCH)}\n\n"
        f"{PROMPT}{render_text.to_plain(messages.question_too_long(MAX_QUESTION))}\n\n"
        f"{PROMPT}{render_text.to_plain(messages.help_text())}\n\n"
        f"{PROMPT}{PROMPT}{messages.TERMINAL_GOODBYE}\n"
    )


def test_not_found_and_start(library):
    output = chat(library, "kapan piala dunia sepak bola dimulai?", "/start")
    assert render_text.to_plain(messages.NOT_FOUND) in output
    assert render_text.to_plain(messages.greeting(1, messages.EXAMPLE_QUESTIONS)) in output


def test_the_intro_says_how_to_connect_telegram(library):
    assert chat(library) == f"{intro()}{PROMPT}\n"
    assert "TELEGRAM_BOT_TOKEN" in messages.TERMINAL_INTRO


def test_question_refusal(library):
    assert question_refusal(library, "  ") == messages.EMPTY_QUESTION
    assert question_refusal(library, "yang di") == messages.NOTHING_TO_SEARCH
    assert question_refusal(library, "makasih banyak ya") == messages.YOU_ARE_WELCOME
    assert question_refusal(library, "wkwkwk") == messages.ACKNOWLEDGED
    assert question_refusal(library, "halo") == messages.greeting(1, messages.EXAMPLE_QUESTIONS)
    assert question_refusal(library, "halo, siapa jubir kremlin?") == ""
    assert question_refusal(library, "k" * (MAX_QUESTION + 1)) == messages.question_too_long(
        MAX_QUESTION
    )
    assert question_refusal(library, JUBIR) == ""
