"""The Telegram handlers for everyone: greeting, questions, buttons, inline mode and /artikel.

The Library and Config live in `context.bot_data` (put there by `build_application`). Anything
that touches the database runs in a worker thread, so a large ingest never stops the bot
answering. All text comes from `bot.messages` and `bot.render`. Admin actions are in `bot.admin`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import callbacks, messages, render
from bot.config import Config
from bot.console import answer_size, example_questions, question_refusal
from bot.library import Library
from bot.models import Answer
from bot.store import ArticleNotFound
from bot.transport import maybe_delivered

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
ARTICLES_PER_PAGE = 10
INLINE_RESULTS = 10  # Telegram allows 50; a list longer than this is not read
INLINE_CACHE_SECONDS = 60
PREVIEW_SENTENCES = 3
# Telegram counts chat actions against the bot's ~30 requests a second: an answer found in a few
# milliseconds would spend half that budget on a "typing…" nobody sees. Only slower work shows it.
TYPING_DELAY = 0.5
TYPING_REPEAT = 4.5  # Telegram shows a chat action for 5 seconds


def library_of(context: Context) -> Library:
    return context.bot_data["library"]


def config_of(context: Context) -> Config:
    return context.bot_data["config"]


def keyboard_markup(keyboard: callbacks.Keyboard) -> InlineKeyboardMarkup | None:
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
    answer = library.ask(question, k=k)
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
    await _send_parts(message, parts, keyboard)


async def _send_parts(message: Message, parts: list[str], keyboard: callbacks.Keyboard) -> None:
    """Reply with the messages of one answer page, the buttons under the last."""
    for number, part in enumerate(parts, start=1):
        markup = keyboard_markup(keyboard) if number == len(parts) else None
        await message.reply_text(part, reply_markup=markup)


# --- buttons ------------------------------------------------------------------------------------


async def on_callback(update: Update, context: Context) -> None:
    """Handle a button press (page, context, vote, article page); every press gets an answer."""
    query = update.callback_query
    if query is None:
        return
    try:
        pressed = callbacks.decode(query.data)
    except callbacks.BadCallback:
        pressed = None
    if pressed is None or not _is_button_of(query):
        await query.answer(messages.BUTTON_EXPIRED)
        return
    if pressed.action == "noop":
        await query.answer()
    elif pressed.action == "articles":
        text, keyboard = await asyncio.to_thread(_article_page, library_of(context), *pressed.args)
        await _edit(query, [text], keyboard)
        await query.answer()
    else:
        await _on_answer_button(query, context, pressed)


def _is_button_of(query: CallbackQuery) -> bool:
    """Whether the pressed data is on the message's own keyboard: crafted data never is."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    rows = message.reply_markup.inline_keyboard
    return any(button.callback_data == query.data for row in rows for button in row)


def _stored_answer(library: Library, question_id: int, k: int) -> Answer | None:
    question = library.question(question_id)
    return None if question is None else library.ask(question, k=k)


async def _on_answer_button(query: CallbackQuery, context: Context, pressed: callbacks.Callback):
    library, per_page = library_of(context), config_of(context).passages_per_page
    question_id, number = pressed.args
    answer = await asyncio.to_thread(_stored_answer, library, question_id, answer_size(per_page))
    if answer is None or not answer.found:  # forgotten question, or its articles were removed
        await query.answer(messages.BUTTON_EXPIRED)
        return
    if pressed.action == "page":
        page = render.clamp_page(number, render.page_count(len(answer.passages), per_page))
        parts = render.render_answer_messages(answer, page=page, per_page=per_page)
        keyboard = callbacks.answer_keyboard(question_id, len(answer.passages), page, per_page)
        await _edit(query, parts, keyboard)
        await query.answer()
    elif pressed.action == "context":
        if number >= len(answer.passages):
            await query.answer(messages.BUTTON_EXPIRED)
            return
        await query.message.reply_text(render.render_context(answer.passages[number]))
        await query.answer()
    else:
        shown = answer.passages[number * per_page : (number + 1) * per_page]
        vote = 1 if pressed.action == "up" else -1
        for passage in shown:
            await asyncio.to_thread(
                library.record_feedback,
                question_id=question_id,
                sentence_id=passage.sentence_id,
                vote=vote,
                user_id=query.from_user.id,
            )
        await query.answer(messages.FEEDBACK_THANKS if shown else messages.BUTTON_EXPIRED)


async def _edit(query: CallbackQuery, parts: list[str], keyboard: callbacks.Keyboard) -> None:
    """Show `parts` in the pressed message, or as new messages when they need more than one."""
    if len(parts) > 1:
        await _send_parts(query.message, parts, keyboard)
        return
    try:
        await query.edit_message_text(parts[0], reply_markup=keyboard_markup(keyboard))
    except BadRequest as error:
        # A double press asks for what is already shown; Telegram refuses that edit.
        if "not modified" not in str(error).lower():
            raise


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
            title=render.shorten(render.clean(passage.sentence), 100),
            description=_inline_description(passage.title, passage.source),
            input_message_content=InputTextMessageContent(
                render.render_answer_messages(Answer(answer.question, (passage,)), per_page=1)[0],
                parse_mode=ParseMode.HTML,
            ),
        )
        for number, passage in enumerate(answer.passages)
    ]
    await inline.answer(results, cache_time=INLINE_CACHE_SECONDS)


def _inline_description(title: str, source: str) -> str:
    parts = [render.clean(title) or messages.UNTITLED, render.clean(source)]
    return render.shorten(" — ".join(part for part in parts if part), 120)


# --- articles -----------------------------------------------------------------------------------


async def articles_command(update: Update, context: Context) -> None:
    """/artikel: the stored articles, paged; /artikel <id>: one article."""
    message = update.effective_message
    if message is None:
        return
    library = library_of(context)
    argument = command_argument(message.text).split()
    if argument:
        await message.reply_text(await asyncio.to_thread(_article_detail, library, argument[0]))
        return
    text, keyboard = await asyncio.to_thread(_article_page, library, 0)
    await message.reply_text(text, reply_markup=keyboard_markup(keyboard))


def _article_page(library: Library, page: int) -> tuple[str, callbacks.Keyboard]:
    total = library.count_articles()
    page = render.clamp_page(page, render.page_count(total, ARTICLES_PER_PAGE))
    rows = library.articles(limit=ARTICLES_PER_PAGE, offset=page * ARTICLES_PER_PAGE)
    text = render.render_article_list(
        [(info.id, info.title, info.sentence_count) for info in rows],
        page=page,
        per_page=ARTICLES_PER_PAGE,
        total=total,
    )
    return text, callbacks.article_list_keyboard(page, total, ARTICLES_PER_PAGE)


def _article_detail(library: Library, article_id: str) -> str:
    try:
        info = library.article(article_id)
        sentences = library.article_sentences(article_id)[:PREVIEW_SENTENCES]
    except ArticleNotFound:
        return messages.article_not_found(article_id)
    first = [row.text for row in sentences]
    return render.render_article(
        info.id, info.title, info.source, info.url, info.sentence_count, first
    )


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
