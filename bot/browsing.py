"""The Telegram handlers for looking further: buttons and /artikel.

A button press turns the page of an answer or of the article list, shows a passage's context or
records a vote; /artikel lists the stored articles or shows one. Pressed data is trusted only
when it is on the pressed message's own keyboard, and every press gets an answer.
"""

from __future__ import annotations

import asyncio

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest

from bot import callbacks, messages, render, render_lists, render_text
from bot.console import answer_size
from bot.handlers import (
    Context,
    command_argument,
    config_of,
    keyboard_markup,
    library_of,
    send_parts,
)
from bot.library import Library
from bot.models import Answer
from bot.store import ArticleNotFound

ARTICLES_PER_PAGE = 10
PREVIEW_SENTENCES = 3


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
    return None if question is None else render.merge_repeats(library.ask(question, k=k))


async def _on_answer_button(query: CallbackQuery, context: Context, pressed: callbacks.Callback):
    library, per_page = library_of(context), config_of(context).passages_per_page
    question_id, number = pressed.args
    answer = await asyncio.to_thread(_stored_answer, library, question_id, answer_size(per_page))
    if answer is None or not answer.found:  # forgotten question, or its articles were removed
        await query.answer(messages.BUTTON_EXPIRED)
        return
    if pressed.action == "page":
        pages = render_text.page_count(len(answer.passages), per_page)
        page = render_text.clamp_page(number, pages)
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
        await send_parts(query.message, parts, keyboard)
        return
    try:
        await query.edit_message_text(parts[0], reply_markup=keyboard_markup(keyboard))
    except BadRequest as error:
        # A double press asks for what is already shown; Telegram refuses that edit.
        if "not modified" not in str(error).lower():
            raise


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
    page = render_text.clamp_page(page, render_text.page_count(total, ARTICLES_PER_PAGE))
    rows = library.articles(limit=ARTICLES_PER_PAGE, offset=page * ARTICLES_PER_PAGE)
    text = render_lists.render_article_list(
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
    return render_lists.render_article(
        info.id, info.title, info.source, info.url, info.sentence_count, first
    )
