"""Wiring the handlers into a python-telegram-bot Application, and running it.

Bot API URLs carry the token, so httpx stays at WARNING (it logs every URL at INFO) and a record
factory redacts the token from every log record as a second guard: from messages, arguments
and tracebacks alike, whichever handler ends up writing them.
"""

from __future__ import annotations

import logging
import traceback

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import admin, browsing, handlers, messages
from bot.config import Config, ConfigError
from bot.library import Library
from bot.transport import RetryingRequest

logger = logging.getLogger(__name__)

# Edited messages and channel posts are never acted on: an edit must not turn into an admin action.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
CONCURRENT_UPDATES = 32
CONNECTION_POOL = 256  # python-telegram-bot's default for its own request
RATE_LIMIT_RETRIES = 3  # 429 answers retried after Telegram's retry_after
REDACTED = "[TOKEN]"


class TokenFilter(logging.Filter):
    """Replaces secrets in a log record's message and traceback; never drops a record."""

    def __init__(self, secrets: set[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = [secret for secret in self.secrets if secret]
        if not secrets:
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: logging reports it later
            return True
        # The message is fixed now, redacted: python-telegram-bot logs a getFile result and then
        # writes the file's URL, token included, into that same dict, so a handler formatting
        # the record later (a MemoryHandler, pytest's caplog.messages) would print the token.
        record.msg, record.args = _redact(message, secrets), None
        if record.exc_info and record.exc_info[0] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            if any(secret in text for secret in secrets):
                # Formatters print exc_text as it is and format exc_info only when it is unset.
                record.exc_info, record.exc_text = None, _redact(text, secrets)
        if record.exc_text and any(secret in record.exc_text for secret in secrets):
            record.exc_text = _redact(record.exc_text, secrets)
        return True


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


_SECRETS: set[str] = set()
_TOKEN_FILTER = TokenFilter(_SECRETS)


def protect_secrets(*secrets: str) -> None:
    """Keep these strings out of every log record from now on, whichever handler writes it."""
    if not _SECRETS:
        make_record = logging.getLogRecordFactory()

        def redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            _TOKEN_FILTER.filter(record)
            return record

        logging.setLogRecordFactory(redacting_factory)
    _SECRETS.update(secret for secret in secrets if secret)
    # httpx logs each request URL (token included) at INFO; httpcore logs connection chatter.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def build_application(
    config: Config,
    library: Library,
    *,
    rate_limiter: BaseRateLimiter | None = None,
    request: BaseRequest | None = None,
) -> Application:
    """The bot: every handler wired to `library`, talking to config.api_url.

    `request` replaces the HTTP client of Bot API calls other than getUpdates (the tests use it
    for short timeouts). By default, calls that surely failed are retried (bot.transport).
    """
    if not config.token:
        raise ValueError("a bot token is needed to build the Telegram application")
    protect_secrets(config.token, config.webhook_secret)
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        allow_sending_without_reply=True,
    )
    app = (
        Application.builder()
        .token(config.token)
        .base_url(config.base_url)
        .base_file_url(config.base_file_url)
        .defaults(defaults)
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .request(request or RetryingRequest(connection_pool_size=CONNECTION_POOL))
        # One long poll at a time; a gateway error or dropped connection is retried at once
        # rather than after the Updater's growing pause (1 s, 1.5 s, ... up to 30 s).
        .get_updates_request(RetryingRequest(connection_pool_size=1))
        # Updates are handled side by side, so a slow ingest does not hold up questions; but
        # not too many at once: httpcore scans every open connection for each request, and at
        # 256 concurrent updates that scan halved the throughput.
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_set_commands)
        .build()
    )
    app.bot_data.update(library=library, config=config)
    add_handlers(app, config)
    return app


def add_handlers(app: Application, config: Config) -> None:
    """Route each kind of update to its handler."""
    new = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE
    by_admin = filters.User(user_id=config.admins)
    link = filters.Regex(admin.LINK_ONLY)
    commands = [
        (("start",), handlers.start),
        (("bantuan", "help"), handlers.help_command),
        (("tanya",), handlers.ask_command),
        (("artikel",), browsing.articles_command),
        (("tambah",), admin.add_command),
        (("hapus",), admin.remove_command),
        (("statistik",), admin.stats_command),
    ]
    for names, callback in commands:
        app.add_handler(CommandHandler(names, callback, filters=new))
    documents = filters.Document.ALL & (private | filters.CaptionRegex(r"^/tambah(@\w+)?\b"))
    app.add_handler(MessageHandler(new & documents, admin.on_document))
    text = new & filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(text & private & by_admin & link, admin.on_link))
    app.add_handler(MessageHandler(text, handlers.on_question))
    not_text = (
        filters.Sticker.ALL | filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO
        | filters.VIDEO_NOTE | filters.ANIMATION | filters.LOCATION | filters.CONTACT
    )  # fmt: skip
    app.add_handler(MessageHandler(new & private & not_text, handlers.on_not_text))
    app.add_handler(CallbackQueryHandler(browsing.on_callback))
    app.add_handler(InlineQueryHandler(handlers.on_inline_query))
    app.add_error_handler(handlers.on_error)


async def _set_commands(app: Application) -> None:
    """Fill the command menu: everyone's commands, and the admin ones in each admin's chat."""
    public = [BotCommand(name, text) for name, text in messages.BOT_COMMANDS]
    admins = public + [BotCommand(name, text) for name, text in messages.ADMIN_COMMANDS]
    await app.bot.set_my_commands(public)
    for user_id in sorted(app.bot_data["config"].admins):
        try:
            await app.bot.set_my_commands(admins, scope=BotCommandScopeChat(user_id))
        except TelegramError as error:  # an admin who never opened the bot has no chat yet
            logger.warning("no admin command menu for user %d: %s", user_id, error)


def run(config: Config, library: Library) -> None:
    """Run the bot until interrupted: long polling, or a webhook server when one is configured."""
    app = build_application(config, library)
    watching = library.watch()  # articles added by `tanya ingest` while the bot runs
    try:
        if config.webhook_url:
            logger.info("serving webhook on %s:%d", config.webhook_listen, config.webhook_port)
            app.run_webhook(**webhook_options(config))
        else:
            logger.info("polling %s for updates", config.api_url)
            app.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1)
    except InvalidToken:
        # python-telegram-bot puts the rejected token in the message, and an uncaught exception
        # goes to stderr by no logging handler that could redact it.
        raise ConfigError(f"Telegram rejected TELEGRAM_BOT_TOKEN (at {config.api_url})") from None
    finally:
        watching.set()


def webhook_options(config: Config) -> dict:
    """The arguments of run_webhook / Updater.start_webhook for the configured webhook.

    Telegram sends the secret token in a header with every update; the server refuses (403)
    any request without it, so nobody who merely finds the URL can send the bot updates.
    """
    if not config.webhook_secret:
        raise ValueError("a webhook needs a secret token")
    return {
        "listen": config.webhook_listen,
        "port": config.webhook_port,
        "url_path": config.webhook_path,
        "webhook_url": config.webhook_url,
        "secret_token": config.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
    }
