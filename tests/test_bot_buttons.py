"""Buttons under answers, through the real bot and the fake Bot API: paging, context, votes."""

from bot import messages, render, render_text
from bot.library import MAX_QUESTION, Library
from tests.fake_telegram_state import USER_ID

JUBIR = "siapa jubir kremlin?"


async def press(fake, data: str, message: dict, user_id: int = USER_ID) -> dict:
    """Press a button under `message` and return Telegram's record of the query's answer."""
    query_id = fake.callback_query(data, message=message, user_id=user_id)["callback_query"]["id"]
    await fake.await_for(lambda: query_id in fake.callback_answers)
    return fake.callback_answers[query_id]


def buttons(message: dict) -> list[list[str]]:
    return [[b["callback_data"] for b in row] for row in message["reply_markup"]["inline_keyboard"]]


def page_html(library: Library, page: int) -> str:
    [html] = render.render_answer_messages(library.ask(JUBIR, k=9), page=page, per_page=3)
    return html


async def test_next_and_previous_buttons_edit_the_answer_in_place(
    telegram_bot, fake_telegram, library, say
):
    [answer] = await say(JUBIR)
    assert (await press(fake_telegram, "p:1:1", answer))["callback_query_id"]
    second = fake_telegram.message(USER_ID, answer["message_id"])
    assert second["text"] == render_text.to_plain(page_html(library, 1))
    assert second["text"].startswith(f"🔎 {JUBIR}\n\n4. ")
    assert second["text"].endswith("Halaman 2/3")
    assert buttons(second) == [
        ["c:1:3", "c:1:4", "c:1:5"],
        ["p:1:0", "n", "p:1:2"],
        ["u:1:1", "d:1:1"],
    ]
    await press(fake_telegram, "p:1:2", second)
    last = fake_telegram.message(USER_ID, answer["message_id"])
    assert last["text"].startswith(f"🔎 {JUBIR}\n\n7. ")
    assert buttons(last) == [["c:1:6"], ["p:1:1", "n"], ["u:1:2", "d:1:2"]]
    await press(fake_telegram, "p:1:1", last)
    assert fake_telegram.message(USER_ID, answer["message_id"]) == {
        **second,
        "edit_date": fake_telegram.message(USER_ID, answer["message_id"])["edit_date"],
    }
    # Each edit sent the page's HTML; nothing was sent as a new message.
    edits = [r.params["text"] for r in fake_telegram.requests_for("editMessageText")]
    assert edits == [page_html(library, 1), page_html(library, 2), page_html(library, 1)]
    assert len(fake_telegram.sent_messages(USER_ID)) == 1
    assert fake_telegram.refused() == []


async def test_the_context_button_shows_the_passage_paragraph(
    telegram_bot, fake_telegram, library, say
):
    [answer] = await say(JUBIR)
    reply = await press(fake_telegram, "c:1:0", answer)
    assert "text" not in reply
    [_, context] = await fake_telegram.await_sent(USER_ID, 2)
    passage = library.ask(JUBIR, k=9).passages[0]
    assert fake_telegram.requests_for("sendMessage")[-1].params["text"] == render.render_context(
        passage
    )
    assert context["text"].startswith("📄 Konteks\n\n")
    assert "Dmitry Peskov" in context["text"]


async def test_votes_are_stored_for_each_passage_on_the_page(
    telegram_bot, fake_telegram, library, say
):
    [answer] = await say(JUBIR)
    assert (await press(fake_telegram, "u:1:0", answer))["text"] == messages.FEEDBACK_THANKS
    await press(fake_telegram, "d:1:0", answer, user_id=55)
    shown = [p.sentence_id for p in library.ask(JUBIR, k=9).passages[:3]]
    rows = library.db.execute(
        "SELECT question_id, sentence_id, vote, user_id FROM feedback ORDER BY user_id, sentence_id"
    ).fetchall()
    assert rows == sorted(
        [(1, s, -1, 55) for s in shown] + [(1, s, 1, USER_ID) for s in shown],
        key=lambda row: (row[3], row[1]),
    )
    # A second vote by the same user replaces the first.
    await press(fake_telegram, "d:1:0", answer)
    stats = library.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (0, 6)


async def test_callback_data_fits_64_bytes_for_the_longest_question(
    telegram_bot, fake_telegram, say
):
    question = ("siapa jubir kremlin " * 60)[:MAX_QUESTION]
    [answer] = await say(question)
    data = [d for row in buttons(answer) for d in row]
    assert data[0] == "c:1:0"
    assert max(len(d.encode()) for d in data) <= 64


async def test_crafted_expired_and_malformed_buttons_are_answered_politely(
    telegram_bot, fake_telegram, library, say
):
    [answer] = await say(JUBIR)
    for data in ["p:1:2", "p:999:1", "zzz", "p:01:1", "u:1:0:0", "c:1:99"]:
        reply = await press(fake_telegram, data, answer)
        assert reply["text"] == messages.BUTTON_EXPIRED, data
    assert (await press(fake_telegram, "n", answer)).get("text") is None
    assert fake_telegram.edited_messages() == []
    assert library.stats().thumbs_up == 0
    # The question's articles are gone: its buttons expire.
    library.remove("purnawarta-rusia-as-jenewa-2022")
    assert (await press(fake_telegram, "p:1:1", answer))["text"] == messages.BUTTON_EXPIRED
    assert fake_telegram.refused() == []


async def test_a_double_press_is_answered_without_an_error(telegram_bot, fake_telegram, say):
    [answer] = await say(JUBIR)
    # Both presses reach the bot before either edit: the second edit changes nothing, which
    # Telegram refuses; the bot takes that in its stride.
    queries = [fake_telegram.callback_query("p:1:1", message=answer) for _ in range(2)]
    ids = [q["callback_query"]["id"] for q in queries]
    await fake_telegram.await_for(lambda: all(i in fake_telegram.callback_answers for i in ids))
    assert [fake_telegram.callback_answers[i].get("text") for i in ids] == [None, None]
    assert [r.description for r in fake_telegram.refused()] == [
        "Bad Request: message is not modified: specified new message content and reply markup"
        " are exactly the same as a current content and reply markup of the message"
    ]
    assert fake_telegram.sent_messages(USER_ID)[1:] == []


async def test_buttons_keep_working_after_a_restart_with_the_same_database(
    bot_runner, bot_config, library, fake_telegram, say
):
    app = await bot_runner.start(bot_config, library)
    [answer] = await say(JUBIR)
    await bot_runner.stop(app)
    library.close()

    reopened = Library(bot_config.db_path)
    try:
        await bot_runner.start(bot_config, reopened)
        await press(fake_telegram, "p:1:1", answer)
        assert fake_telegram.message(USER_ID, answer["message_id"])["text"] == render_text.to_plain(
            page_html(reopened, 1)
        )
        await press(fake_telegram, "u:1:1", answer)
        assert reopened.stats().thumbs_up == 3
    finally:
        for running in list(bot_runner.apps):
            await bot_runner.stop(running)
        reopened.close()
