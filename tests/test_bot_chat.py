"""The real bot against the fake Bot API: greeting, questions, groups, inline mode and /artikel."""

import logging
import re

from bot import messages, render, render_lists, render_text
from bot.library import MAX_QUESTION
from bot.models import Article
from tests.conftest import ADMIN_ID
from tests.fake_telegram_state import BOT_USERNAME, TOKEN, USER_ID

JUBIR = "siapa jubir kremlin?"
PESKOV = "Juru bicara Kremlin, Dmitry Peskov mengatakan hari Selasa (11/1)"
NOT_ANSWERED = "kapan piala dunia sepak bola dimulai?"
NO_PREVIEW = {"is_disabled": True}


def expected_answer(library, question: str, page: int = 0) -> list[str]:
    return render.render_answer_messages(library.ask(question, k=9), page=page, per_page=3)


async def test_start_greets_with_the_article_count_and_answerable_examples(
    telegram_bot, fake_telegram, say, sent_html
):
    [reply] = await say("/start")
    assert sent_html(USER_ID) == [messages.greeting(1, messages.EXAMPLE_QUESTIONS)]
    assert "1 artikel" in reply["text"]
    assert "Siapa juru bicara Kremlin?" in reply["text"]
    assert "reply_markup" not in reply


async def test_bantuan_and_help_explain_asking_groups_and_buttons(telegram_bot, say, sent_html):
    await say("/bantuan")
    await say("/help")
    assert sent_html(USER_ID) == [messages.help_text(BOT_USERNAME)] * 2
    assert f"@{BOT_USERNAME}" in messages.help_text(BOT_USERNAME)


async def test_bot_commands_are_set_for_everyone_and_for_admins(telegram_bot, fake_telegram):
    public = [{"command": c, "description": d} for c, d in messages.BOT_COMMANDS]
    admin = public + [{"command": c, "description": d} for c, d in messages.ADMIN_COMMANDS]
    assert fake_telegram.commands == {
        ('{"type": "default"}', ""): public,
        (f'{{"chat_id": {ADMIN_ID}, "type": "chat"}}', ""): admin,
    }


async def test_a_private_question_gets_highlighted_passages_with_citations(
    telegram_bot, fake_telegram, library, say, sent_html
):
    [reply] = await say(JUBIR)
    [html] = sent_html(USER_ID)
    assert [html] == expected_answer(library, JUBIR)
    assert html.startswith(
        f"🔎 <b>{JUBIR}</b>\n\n<b>1.</b> 🟢 <b>Juru</b> <b>bicara</b> <b>Kremlin</b>"
    )
    assert "Dmitry Peskov" in html
    assert "📰 Rusia Tak Lihat Alasan untuk Optimis Usai Pembicaraan dengan AS di Jenewa" in html
    assert html.endswith("Halaman 1/3")
    assert reply["text"].startswith(f"🔎 {JUBIR}\n\n1. 🟢 {PESKOV}")
    assert reply["link_preview_options"] == NO_PREVIEW
    buttons = [
        [b["callback_data"] for b in row] for row in reply["reply_markup"]["inline_keyboard"]
    ]
    assert buttons == [["c:1:0", "c:1:1", "c:1:2"], ["n", "p:1:1"], ["u:1:0", "d:1:0"]]
    # Found in milliseconds: no "typing…" spends Telegram's request budget.
    assert fake_telegram.requests_for("sendChatAction") == []


async def test_a_question_nothing_answers_gets_the_helpful_reply(telegram_bot, library, say):
    [reply] = await say(NOT_ANSWERED)
    assert reply["text"] == f"🔎 {NOT_ANSWERED}\n\n" + render_text.to_plain(messages.NOT_FOUND)
    assert "reply_markup" not in reply
    assert library.stats().not_found == 1


async def test_empty_stop_word_and_overlong_questions_get_clear_replies(
    telegram_bot, say, sent_html, library
):
    overlong = ("kremlin " * 600)[:4096]
    await say("/tanya")
    await say("apa yang di")
    [too_long] = await say(overlong)
    assert sent_html(USER_ID) == [
        messages.EMPTY_QUESTION,
        messages.NOTHING_TO_SEARCH,
        messages.question_too_long(MAX_QUESTION),
    ]
    assert "reply_markup" not in too_long
    assert library.stats().questions == 0  # refused questions are not searched or stored


async def test_small_talk_is_answered_in_kind_and_not_searched(
    telegram_bot, say, sent_html, library
):
    await say("makasih banyak ya 🙏")
    await say("wkwkwk")
    await say("halo min")
    assert sent_html(USER_ID) == [
        messages.YOU_ARE_WELCOME,
        messages.ACKNOWLEDGED,
        messages.greeting(1, messages.EXAMPLE_QUESTIONS),
    ]
    assert library.stats().questions == 0
    [answer] = await say("halo min, " + JUBIR)  # a greeting before a question: still a question
    assert PESKOV in answer["text"]


async def test_in_a_group_it_answers_only_what_is_addressed_to_it(
    telegram_bot, fake_telegram, library, say, sent_html
):
    group = {"chat_type": "group", "user_id": 7}
    group_id = -100_007
    fake_telegram.user_message(JUBIR, **group)  # plain chatter: silence
    [by_command] = await say(f"/tanya {JUBIR}", **group)
    fake_telegram.user_message("terima kasih semuanya", **group)
    [by_mention] = await say(f"@{BOT_USERNAME} {JUBIR}", **group)
    [by_reply] = await say(JUBIR, reply_to_message_id=by_command["message_id"], **group)
    assert len(fake_telegram.sent_messages(group_id)) == 3
    # The mention is not part of the question shown.
    assert sent_html(group_id) == expected_answer(library, JUBIR) * 3
    # In a group the bot replies to the question it answers.
    assert by_mention["reply_to_message"]["text"] == f"@{BOT_USERNAME} {JUBIR}"
    assert [q[0] for q in library.db.execute("SELECT channel FROM questions")] == ["group"] * 3


async def test_inline_mode_lists_passages_ready_to_send(telegram_bot, fake_telegram, library):
    update = fake_telegram.inline_query(JUBIR)
    query_id = update["inline_query"]["id"]
    await fake_telegram.await_for(lambda: query_id in fake_telegram.inline_answers)
    results = fake_telegram.inline_answers[query_id]["results"]
    passages = library.ask(JUBIR, k=10).passages
    assert [r["id"] for r in results] == [f"1-{n}" for n in range(len(passages))]
    assert len(results) == 7
    first = results[0]
    assert first["type"] == "article"
    assert first["title"].startswith("Juru bicara Kremlin, Dmitry Peskov")
    assert (
        first["description"]
        == "Rusia Tak Lihat Alasan untuk Optimis Usai Pembicaraan dengan AS di Jenewa"
    )
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith(
        f"🔎 <b>{JUBIR}</b>\n\n<b>1.</b> 🟢 <b>Juru</b> <b>bicara</b> <b>Kremlin</b>, Dmitry"
    )
    assert library.db.execute("SELECT channel, found FROM questions").fetchall() == [("inline", 1)]
    # An inline message is accepted by Telegram once chosen.
    fake_telegram.chosen_inline_result(first["id"], query=JUBIR)


async def test_inline_results_are_graded_against_the_best_passage_of_the_answer(
    telegram_bot, fake_telegram, library
):
    query_id = fake_telegram.inline_query(JUBIR)["inline_query"]["id"]
    await fake_telegram.await_for(lambda: query_id in fake_telegram.inline_answers)
    texts = [
        r["input_message_content"]["message_text"]
        for r in fake_telegram.inline_answers[query_id]["results"]
    ]
    answer = library.ask(JUBIR, k=10)
    assert texts == [render.render_passage_message(answer, n) for n in range(len(texts))]
    # Like a reply, not as if each passage were the best of an answer of its own.
    signs = [text.split("\n\n")[1].split()[1] for text in texts]
    whole = render.render_answer(answer, per_page=len(answer.passages))
    assert signs == re.findall(r"^<b>\d+\.</b> (\S+)", whole, flags=re.M)
    assert messages.QUALITY_SIGNS["fair"] in signs


async def test_a_sentence_two_articles_carry_is_one_passage_of_a_reply_and_inline(
    telegram_bot, fake_telegram, library, say
):
    wire = "Gunung Lewotobi meletus lagi pada Minggu pagi.\nWarga mengungsi ke balai desa."
    library.add([Article("lewotobi-1", "Lewotobi", wire), Article("lewotobi-2", "Salinan", wire)])
    question = "kapan gunung lewotobi meletus"
    ranked = library.ask(question, k=10).passages
    assert [p.article_id for p in ranked[:2]] == ["lewotobi-1", "lewotobi-2"]  # each ranks
    [reply] = await say(question)
    assert reply["text"].count("Gunung Lewotobi meletus lagi") == 1
    assert "Juga dimuat di: 📰 Salinan" in reply["text"]
    query_id = fake_telegram.inline_query(question)["inline_query"]["id"]
    await fake_telegram.await_for(lambda: query_id in fake_telegram.inline_answers)
    titles = [r["title"] for r in fake_telegram.inline_answers[query_id]["results"]]
    assert titles.count("Gunung Lewotobi meletus lagi pada Minggu pagi.") == 1


async def test_an_empty_inline_query_gets_no_results(telegram_bot, fake_telegram):
    update = fake_telegram.inline_query("  ")
    query_id = update["inline_query"]["id"]
    await fake_telegram.await_for(lambda: query_id in fake_telegram.inline_answers)
    assert fake_telegram.inline_answers[query_id]["results"] == []


async def test_artikel_lists_articles_in_pages_and_shows_one(
    telegram_bot, fake_telegram, library, say, sent_html
):
    library.add(
        Article(f"berita-{n:02d}", f"Berita nomor {n}", f"Kalimat pertama berita {n}. Lalu dua.")
        for n in range(12)
    )
    [listing] = await say("/artikel")
    rows = [(a.id, a.title, a.sentence_count) for a in library.articles(limit=10)]
    assert sent_html(USER_ID) == [render_lists.render_article_list(rows, page=0, total=13)]
    assert listing["text"].startswith(
        "📚 Daftar artikel (13)\n\n1. Rusia Tak Lihat Alasan untuk Optimis Usai Pembicaraan"
        " dengan AS di Jenewa\n"
        "    purnawarta-rusia-as-jenewa-2022 · 19 kalimat\n2. Berita nomor 0\n"
    )
    keyboard = listing["reply_markup"]["inline_keyboard"]
    assert keyboard == [
        [{"text": "1/2", "callback_data": "n"}, {"text": "▶️", "callback_data": "a:1"}]
    ]
    update = fake_telegram.callback_query("a:1", message=listing)
    await fake_telegram.await_for(
        lambda: update["callback_query"]["id"] in fake_telegram.callback_answers
    )
    [edited] = fake_telegram.edited_messages(USER_ID)
    rest = [(a.id, a.title, a.sentence_count) for a in library.articles(limit=10, offset=10)]
    listed = render_lists.render_article_list(rest, page=1, total=13)
    assert edited["text"] == render_text.to_plain(listed)
    assert edited["text"].endswith("13. Berita nomor 11\n    berita-11 · 2 kalimat\n\nHalaman 2/2")

    [detail] = await say("/artikel berita-03")
    assert sent_html(USER_ID)[-1] == render_lists.render_article(
        "berita-03", "Berita nomor 3", "", "", 2, ["Kalimat pertama berita 3.", "Lalu dua."]
    )
    assert detail["text"].startswith("📰 Berita nomor 3\nID: berita-03\nJumlah kalimat: 2")
    [missing] = await say("/artikel tidak-ada")
    assert sent_html(USER_ID)[-1] == messages.article_not_found("tidak-ada")


async def test_a_429_is_waited_out_and_the_answer_still_arrives(
    telegram_bot, fake_telegram, library, say, sent_html
):
    fake_telegram.fail_next("sendMessage", status=429, retry_after=1)
    await say(JUBIR)
    assert sent_html(USER_ID) == expected_answer(library, JUBIR)
    [refused] = fake_telegram.refused()
    assert (refused.method, refused.status) == ("sendMessage", 429)


async def test_a_failing_send_is_logged_and_the_user_told_briefly(
    telegram_bot, fake_telegram, say, sent_html, caplog
):
    fake_telegram.fail_next("sendMessage", status=500)
    [reply] = await say(JUBIR)
    assert reply["text"] == messages.GENERIC_ERROR
    [record] = [r for r in caplog.records if r.name == "bot.handlers"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "handling update 1 failed"
    assert "Internal Server Error" in caplog.text  # the traceback is logged


async def test_the_token_is_in_no_log_line(
    bot_runner, bot_config, library, fake_telegram, say, caplog
):
    caplog.set_level(logging.DEBUG)
    await bot_runner.start(bot_config, library)
    fake_telegram.fail_next("sendMessage", status=500)
    fake_telegram.drop_next("sendChatAction")
    await say(JUBIR)
    await say("/start")
    logging.getLogger("test").warning("leaked %s", TOKEN, exc_info=RuntimeError(f"/bot{TOKEN}/x"))
    assert len(caplog.records) > 20
    assert [r for r in caplog.records if TOKEN in r.getMessage()] == []
    assert TOKEN not in caplog.text
    assert "leaked [TOKEN]" in caplog.text
    assert "RuntimeError: /bot[TOKEN]/x" in caplog.text
