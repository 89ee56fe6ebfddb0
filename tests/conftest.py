"""Shared fixtures: a real database, the founding article, the bundled lexicons."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# python-telegram-bot 22 warns when it builds time fields as ints; opt in to timedeltas,
# as the bot does.
os.environ.setdefault("PTB_TIMEDELTA", "1")

ROOT = Path(__file__).resolve().parent.parent
FOUNDING_ARTICLE = ROOT / "data" / "articles" / "purnawarta-rusia-as-jenewa-2022.md"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def founding_article_path() -> Path:
    return FOUNDING_ARTICLE


# --- the Telegram bot, run for real against the fake Bot API ------------------------------------

ADMIN_ID = 4242  # the one admin of the test bot; tests.fake_telegram_state.USER_ID is an outsider


@pytest.fixture
def fake_telegram():
    from tests.fake_telegram import FakeTelegram

    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def library(tmp_path):
    """A Library in a temporary database file, holding the founding article."""
    from bot.library import Library

    library = Library(tmp_path / "tanya.db")
    library.ingest([FOUNDING_ARTICLE])
    yield library
    library.close()


@pytest.fixture
def bot_config(fake_telegram, tmp_path):
    from bot.config import Config
    from tests.fake_telegram_state import TOKEN

    return Config(
        token=TOKEN,
        db_path=tmp_path / "tanya.db",
        admins=frozenset({ADMIN_ID}),
        api_url=fake_telegram.url,
    )


class BotRunner:
    """Starts real Applications polling the fake server, and stops whatever is left at the end."""

    def __init__(self) -> None:
        self.apps = []

    async def start(self, config, library, **options):
        import datetime as dt

        from bot.telegram_app import ALLOWED_UPDATES, build_application

        app = build_application(config, library, **options)
        await app.initialize()
        await app.post_init(app)  # run_polling would call it; the tests start polling by hand
        await app.start()
        await app.updater.start_polling(
            poll_interval=0,
            timeout=dt.timedelta(seconds=1),
            allowed_updates=ALLOWED_UPDATES,
        )
        self.apps.append(app)
        return app

    async def stop(self, app) -> None:
        if app not in self.apps:
            return
        self.apps.remove(app)
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


@pytest.fixture
async def bot_runner(fake_telegram):
    runner = BotRunner()
    yield runner
    for app in list(runner.apps):
        await runner.stop(app)


@pytest.fixture
async def telegram_bot(bot_runner, bot_config, library):
    """The bot polling the fake server, answering from `library`."""
    return await bot_runner.start(bot_config, library)


@pytest.fixture
def say(fake_telegram):
    """Send a text to the bot as a user; returns the bot's new messages in that chat."""
    from tests.fake_telegram_state import USER_ID

    async def say(
        text: str,
        *,
        count: int = 1,
        user_id: int = USER_ID,
        chat_type: str = "private",
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> list[dict]:
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else -100_000 - user_id
        before = len(fake_telegram.sent_messages(chat_id))
        fake_telegram.user_message(
            text,
            user_id=user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            reply_to_message_id=reply_to_message_id,
        )
        return (await fake_telegram.await_sent(chat_id, before + count))[before:]

    return say


@pytest.fixture
def sent_html(fake_telegram):
    """The HTML of every message the bot sent to a chat, as it sent it (edits not included)."""

    def sent_html(chat_id: int) -> list[str]:
        return [
            r.params["text"]
            for r in fake_telegram.requests_for("sendMessage")
            if r.status == 200 and r.params["chat_id"] == chat_id
        ]

    return sent_html


# --- reliability and security: fixtures for tests/test_reliability_*.py and test_security.py ----


@pytest.fixture
async def bot_seeing_everything(bot_runner, bot_config, library):
    """The bot polling for every kind of update, edits and channel posts included: what it gets
    if Telegram kept allowed_updates from an older setup. Its handlers must still ignore them."""
    import datetime as dt

    from telegram import Update

    from bot.telegram_app import build_application

    app = build_application(bot_config, library)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(
        poll_interval=0, timeout=dt.timedelta(seconds=1), allowed_updates=Update.ALL_TYPES
    )
    bot_runner.apps.append(app)
    return app


@pytest.fixture
def logged_errors(caplog):
    """The log records at ERROR or above so far (the bot's error handler logs at ERROR)."""
    import logging

    def logged_errors() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

    return logged_errors
