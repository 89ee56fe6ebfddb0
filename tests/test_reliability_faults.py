"""Faults from Telegram, injected by the fake: 429s, 5xx, timeouts, dropped connections and a
getUpdates that fails for a while. Every update gets exactly one reply once the fault passes.

Each question comes from a chat of its own, so counting the messages in a chat counts the replies
to one update: a lost update shows as none, one answered twice as two.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot import messages, render, render_text, transport
from bot.transport import RetryingRequest
from tests.conftest import ADMIN_ID
from tests.fake_telegram import DOWNLOAD

JUBIR = "siapa jubir kremlin?"
BANJIR = "Banjir merendam 450 rumah warga di Kecamatan Jati, Kabupaten Kudus, pada Minggu pagi."


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    """Retry after 50 ms rather than 250: the same steps, in less of the suite's time."""
    monkeypatch.setattr(transport, "BACKOFF", 0.05)


def chats(count: int, first: int = 5000) -> list[int]:
    return list(range(first, first + count))


async def ask_from(fake, chat_ids: list[int], question: str = JUBIR) -> None:
    for chat_id in chat_ids:
        fake.user_message(question, user_id=chat_id)


async def replies(fake, chat_ids: list[int], timeout: float = 10.0) -> dict[int, list[str]]:
    """The texts the bot sent to each chat, once every chat has one and a moment has passed in
    which a second reply (a duplicate) would have shown up."""
    await fake.await_for(lambda: all(fake.sent_messages(c) for c in chat_ids), timeout)
    await asyncio.sleep(0.3)
    return {c: [m["text"] for m in fake.sent_messages(c)] for c in chat_ids}


def faults(fake) -> list[tuple[str, int]]:
    """(method, status) of every call the fake failed on purpose; status 0: dropped."""
    return sorted((r.method, r.status) for r in fake.requests if r.status != 200)


def answer_text(library, question: str = JUBIR) -> str:
    [html] = render.render_answer_messages(library.ask(question, k=9), per_page=3)
    return render_text.to_plain(html)


async def test_sends_refused_with_429_502_503_or_dropped_are_sent_again_and_arrive_once(
    telegram_bot, fake_telegram, library, logged_errors
):
    # One send may meet all of these in a row; RETRIES (3) covers the ones after the 429,
    # which the rate limiter waits out before it sends again.
    fake_telegram.fail_next("sendMessage", status=429, retry_after=1)
    fake_telegram.fail_next("sendMessage", status=502)
    fake_telegram.fail_next("sendMessage", status=503)
    fake_telegram.drop_next("sendMessage")
    fake_telegram.fail_next("answerCallbackQuery", status=504)
    asked = chats(8)
    await ask_from(fake_telegram, asked)
    assert await replies(fake_telegram, asked) == {c: [answer_text(library)] for c in asked}
    assert faults(fake_telegram) == [("sendMessage", s) for s in (0, 429, 502, 503)]
    # Buttons keep working after the faults, and a refused callback answer is sent again.
    [answer] = fake_telegram.sent_messages(asked[0])
    vote = answer["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]  # its own 👍
    query = fake_telegram.callback_query(vote, message=answer, user_id=asked[0])
    query_id = query["callback_query"]["id"]
    await fake_telegram.await_for(lambda: query_id in fake_telegram.callback_answers)
    assert fake_telegram.callback_answers[query_id]["text"] == messages.FEEDBACK_THANKS
    assert faults(fake_telegram)[0] == ("answerCallbackQuery", 504)
    assert logged_errors() == []


async def test_a_500_from_the_bot_api_is_not_repeated_and_the_user_hears_once(
    telegram_bot, fake_telegram, library, logged_errors
):
    # A 500 may come after Telegram acted: sending again could post the answer twice.
    fake_telegram.fail_next("sendMessage", status=500)
    [first] = chats(1)
    await ask_from(fake_telegram, [first])
    assert await replies(fake_telegram, [first]) == {first: [messages.GENERIC_ERROR]}
    assert logged_errors() == ["handling update 1 failed"]
    later = chats(3, 6000)
    await ask_from(fake_telegram, later)
    assert await replies(fake_telegram, later) == {c: [answer_text(library)] for c in later}


async def test_a_send_that_times_out_is_neither_repeated_nor_apologised_for(
    bot_runner, bot_config, fake_telegram, library, logged_errors
):
    # Telegram carries out a call that is slow to answer: the answer arrives, late, and once.
    request = RetryingRequest(connection_pool_size=16, read_timeout=0.3)
    await bot_runner.start(bot_config, library, request=request)
    fake_telegram.delay_next("sendMessage", 1.0)
    [slow] = chats(1)
    await ask_from(fake_telegram, [slow])
    assert await replies(fake_telegram, [slow]) == {slow: [answer_text(library)]}
    assert logged_errors() == ["handling update 1 failed"]
    later = chats(3, 6000)
    await ask_from(fake_telegram, later)
    assert await replies(fake_telegram, later) == {c: [answer_text(library)] for c in later}


async def test_a_download_that_times_out_is_told_once(
    bot_runner, bot_config, fake_telegram, library, logged_errors
):
    # Unlike a send, a download that timed out posted nothing: the admin hears of the failure.
    request = RetryingRequest(connection_pool_size=16, read_timeout=0.3)
    await bot_runner.start(bot_config, library, request=request)
    fake_telegram.delay_next(DOWNLOAD, 1.0)
    fake_telegram.document_message("banjir.txt", BANJIR.encode(), user_id=ADMIN_ID)
    assert await replies(fake_telegram, [ADMIN_ID]) == {ADMIN_ID: [messages.GENERIC_ERROR]}
    assert logged_errors() == ["handling update 1 failed"]
    assert library.count_articles() == 1


async def test_updates_wait_out_a_failing_get_updates_and_none_is_lost_or_repeated(
    telegram_bot, fake_telegram, library
):
    await fake_telegram.await_for(lambda: fake_telegram.waiting_polls)
    fake_telegram.fail_for("getUpdates", 0.5, status=502)
    fake_telegram.fail_next("getUpdates", status=500)  # the Updater pauses a second for this
    fake_telegram.drop_next("getUpdates")
    # The waiting long poll ends when these arrive; the next polls meet the faults.
    asked = chats(6)
    await ask_from(fake_telegram, asked[:3])
    await fake_telegram.await_for(lambda: faults(fake_telegram))
    await ask_from(fake_telegram, asked[3:])
    assert await replies(fake_telegram, asked) == {c: [answer_text(library)] for c in asked}
    assert {method for method, _ in faults(fake_telegram)} == {"getUpdates"}
    assert {status for _, status in faults(fake_telegram)} == {0, 500, 502}
    later = chats(2, 6000)
    await ask_from(fake_telegram, later)
    assert await replies(fake_telegram, later) == {c: [answer_text(library)] for c in later}


async def test_a_document_download_that_drops_or_hits_a_gateway_error_is_fetched_again(
    telegram_bot, fake_telegram, library, logged_errors
):
    fake_telegram.drop_next(DOWNLOAD)
    fake_telegram.fail_next(DOWNLOAD, status=502)
    fake_telegram.fail_next("getFile", status=503)
    text = f"Banjir di Kudus\n\n{BANJIR}"
    fake_telegram.document_message("banjir.txt", text.encode(), user_id=ADMIN_ID)
    [reply] = await fake_telegram.await_sent(ADMIN_ID)
    info = library.article("banjir")
    assert reply["text"] == render_text.to_plain(messages.article_added(info.title, 1, info.id))
    assert faults(fake_telegram) == [
        (DOWNLOAD, 0),
        (DOWNLOAD, 502),
        ("getFile", 503),
    ]
    assert logged_errors() == []


async def test_retries_are_logged_without_the_token(telegram_bot, fake_telegram, caplog):
    caplog.set_level(logging.WARNING, logger="bot.transport")
    fake_telegram.drop_next("sendMessage")
    fake_telegram.fail_next("sendMessage", status=502)
    [chat] = chats(1)
    await ask_from(fake_telegram, [chat])
    await replies(fake_telegram, [chat])
    retries = [r.getMessage() for r in caplog.records if r.name == "bot.transport"]
    assert retries == [
        "sendMessage not sent (httpx.RemoteProtocolError: Server disconnected without sending"
        " a response.); retrying",
        "sendMessage answered HTTP 502; retrying",
    ]
