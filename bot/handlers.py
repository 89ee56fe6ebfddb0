"""The Telegram handlers for everyone: greeting, questions, inline mode and errors.

The Library and Config live in `context.bot_data` (put there by `build_application`). Anything
that touches the database runs in a worker thread, so a large ingest never stops the bot
answering. All text comes from `bot.messages` and `bot.render`. Buttons and /artikel are in
`bot.browsing`, admin actions in `bot.admin`; the helpers here serve all three.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import callbacks, messages, render, render_text
from bot.config import Config
from bot.console import answer_size, example_questions, question_refusal
from bot.library import Library
from bot.models import Answer
from bot.transport import maybe_delivered

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
INLINE_RESULTS = 10  # Telegram allows 50; a list longer than this is not read
INLINE_CACHE_SECONDS = 60
# Telegram counts chat actions against the bot's ~30 requests a second: an answer found in a few
# milliseconds would spend half that budget on a "typing…" nobody sees. Only slower work shows it.
TYPING_DELAY = 0.5
TYPING_REPEAT = 4.5  # Telegram shows a chat action for 5 seconds


def library_of(context: Context) -> Library:
    """The Library the bot answers from."""
    return context.bot_data["library"]


def config_of(context: Context) -> Config:
    """The bot's configuration."""
    return context.bot_data["config"]


def keyboard_markup(keyboard: callbacks.Keyboard) -> InlineKeyboardMarkup | None:
    """Telegram's inline keyboard for rows of (text, callback data); None for no buttons."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in keyboard]
    )


def command_argument(text: str | None) -> str:
    """What follows the command word, line breaks kept (they separate paragraphs)."""
    parts = (text or "").split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


@asynccontextmanager
async def showing_typing(message: Message) -> AsyncIterator[None]:
    """Show 'typing…' while the block works, once it has taken longer than TYPING_DELAY."""
    task = asyncio.create_task(_keep_typing(message))
    try:
        yield
    finally:
        task.cancel()


async def _keep_typing(message: Message) -> None:
    await asyncio.sleep(TYPING_DELAY)
    while True:
        try:
            await message.chat.send_action(ChatAction.TYPING)
        except TelegramError as error:  # failing to show it must not cost the answer
            logger.debug("typing action failed: %s", error)
        await asyncio.sleep(TYPING_REPEAT)


# --- greeting and help --------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """Greet: what the bot does, how many articles it knows, questions to try."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_text(await asyncio.to_thread(_greeting, library_of(context)))


def _greeting(library: Library) -> str:
    return messages.greeting(library.count_articles(), example_questions(library))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask, how groups work and what the buttons do."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(messages.help_text(context.bot.username))


# --- questions ----------------------------------------------------------------------------------


async def on_question(update: Update, context: Context) -> None:
    """Answer a text: any text in a private chat; in groups only what is addressed to the bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    if message.chat.type == ChatType.PRIVATE:
        await _answer(message, context, message.text)
    elif (question := _addressed_question(message, context)) is not None:
        await _answer(message, context, question)


async def on_not_text(update: Update, context: Context) -> None:
    """A sticker, photo, voice note... in a private chat: say that questions are typed."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(messages.ONLY_TEXT)


async def ask_command(update: Update, context: Context) -> None:
    """/tanya <question>: answer it, in any chat."""
    message = update.effective_message
    if message is not None:
        await _answer(message, context, command_argument(message.text))


def _addressed_question(message: Message, context: Context) -> str | None:
    """The question in a group message that mentions the bot or replies to it, else None."""
    text = message.text or ""
    replied = message.reply_to_message
    if (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == context.bot.id
    ):
        return text
    mention = re.compile(rf"@{re.escape(context.bot.username)}\b", re.IGNORECASE)
    if mention.search(text):
        return mention.sub(" ", text)
    return None


def _ask_and_record(library: Library, question: str, k: int, channel: str) -> tuple[Answer, int]:
    answer = render.merge_repeats(library.ask(question, k=k))
    return answer, library.record_question(question, answer.found, channel)


async def _answer(message: Message, context: Context, question: str) -> None:
    library, per_page = library_of(context), config_of(context).passages_per_page
    question = question.strip()
    if refusal := question_refusal(library, question):
        await message.reply_text(refusal)
        return
    channel = "private" if message.chat.type == ChatType.PRIVATE else "group"
    async with showing_typing(message):
        answer, question_id = await asyncio.to_thread(
            _ask_and_record, library, question, answer_size(per_page), channel
        )
    parts = render.render_answer_messages(answer, page=0, per_page=per_page)
    keyboard = callbacks.answer_keyboard(question_id, len(answer.passages), 0, per_page)
    await send_parts(message, parts, keyboard)


async def send_parts(message: Message, parts: list[str], keyboard: callbacks.Keyboard) -> None:
    """Reply with the messages of one answer page, the buttons under the last."""
    for number, part in enumerate(parts, start=1):
        markup = keyboard_markup(keyboard) if number == len(parts) else None
        await message.reply_text(part, reply_markup=markup)


# --- inline mode --------------------------------------------------------------------------------


async def on_inline_query(update: Update, context: Context) -> None:
    """List passages answering an inline query, each ready to send to any chat."""
    inline = update.inline_query
    if inline is None:
        return
    library = library_of(context)
    question = inline.query.strip()
    if question_refusal(library, question):
        await inline.answer([], cache_time=INLINE_CACHE_SECONDS)
        return
    answer, question_id = await asyncio.to_thread(
        _ask_and_record, library, question, INLINE_RESULTS, "inline"
    )
    results = [
        InlineQueryResultArticle(
            id=f"{question_id}-{number}",
            title=render_text.shorten(render_text.clean(passage.sentence), 100),
            description=_inline_description(passage.title, passage.source),
            input_message_content=InputTextMessageContent(
                render.render_passage_message(answer, number), parse_mode=ParseMode.HTML
            ),
        )
        for number, passage in enumerate(answer.passages)
    ]
    await inline.answer(results, cache_time=INLINE_CACHE_SECONDS)


def _inline_description(title: str, source: str) -> str:
    parts = [render_text.clean(title) or messages.UNTITLED, render_text.clean(source)]
    return render_text.shorten(" — ".join(part for part in parts if part), 120)


# --- errors -------------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the failure with its traceback and tell the user briefly, in Indonesian."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("handling update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or maybe_delivered(context.error):
        # A request that timed out waiting for its answer was most likely carried out all the
        # same, only late: an apology on top of the answer would make two replies to one message.
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(messages.GENERIC_ERROR)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(messages.GENERIC_ERROR)
    except TelegramError as error:
        logger.warning("could not tell the user about the failure: %s", error)
