"""The Telegram handlers for admins: adding articles (documents, links, text), removing them,
and statistics. Everyone else is told politely no; the admin check reads the sender of the new
message itself, never anything a user can edit, forward or put in callback data.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

import httpx
from telegram import Document, Message, Update

from bot import messages, render_lists
from bot.article_text import (
    UnreadableInput,
    UnsupportedFormat,
    article_from_text,
    article_id_for,
    first_words,
)
from bot.fetch import FetchError, fetch_article
from bot.handlers import Context, command_argument, config_of, library_of, showing_typing
from bot.models import Article
from bot.readers import read_document
from bot.store import ArticleNotFound

DOCUMENT_SUFFIXES = frozenset({*messages.SUPPORTED_DOCUMENTS, ".htm"})
LINK_ONLY = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)
LINK_TIMEOUT = 15.0  # seconds a linked page may take to arrive in full


async def _admin_message(update: Update, context: Context) -> Message | None:
    """The message when an admin sent it; anyone else is told politely no."""
    # Only a new message acts: an edit (or a channel post) never turns into an admin action,
    # whatever the routing lets through. A forwarded message counts as its forwarder's.
    message, user = update.message, update.effective_user
    if message is None:
        return None
    if not config_of(context).is_admin(user.id if user else None):
        await message.reply_text(messages.ADMIN_ONLY)
        return None
    return message


async def on_document(update: Update, context: Context) -> None:
    """Store the article in a document an admin sent."""
    message = await _admin_message(update, context)
    if message is None or message.document is None:
        return
    document, config = message.document, config_of(context)
    if Path(document.file_name or "").suffix.lower() not in DOCUMENT_SUFFIXES:
        await message.reply_text(messages.unsupported_document())
        return
    if (document.file_size or 0) > config.max_document_bytes:
        await message.reply_text(messages.document_too_large(config.max_document_mb))
        return
    async with showing_typing(message):
        reply = await _document_reply(document, context)
    await message.reply_text(reply)


async def _document_reply(document: Document, context: Context) -> str:
    """Download, read and store a document; the reply that says how it went."""
    config = config_of(context)
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    if len(data) > config.max_document_bytes:  # the size was not declared
        return messages.document_too_large(config.max_document_mb)
    try:
        article = await asyncio.to_thread(
            read_document, document.file_name or "", data, max_bytes=config.max_document_bytes
        )
    except UnsupportedFormat:
        return messages.unsupported_document()
    except UnreadableInput:
        return messages.DOCUMENT_UNREADABLE
    return await _store(context, article)


async def on_link(update: Update, context: Context) -> None:
    """Store the article behind a link an admin sent in a private chat."""
    message = await _admin_message(update, context)
    if message is not None and (link := LINK_ONLY.fullmatch(message.text or "")):
        await _add_link(message, context, link.group(1))


async def add_command(update: Update, context: Context) -> None:
    """/tambah <link or text>: an admin adds an article."""
    message = await _admin_message(update, context)
    if message is None:
        return
    argument = command_argument(message.text)
    if not argument:
        await message.reply_text(messages.USAGE_ADD)
    elif link := LINK_ONLY.fullmatch(argument):
        await _add_link(message, context, link.group(1))
    else:
        digest = hashlib.sha1(argument.encode()).hexdigest()[:8]
        article_id = f"{article_id_for(first_words(argument, 40))[:40]}-{digest}"
        try:
            article = article_from_text(argument, id=article_id)
        except UnreadableInput:
            await message.reply_text(messages.DOCUMENT_UNREADABLE)
            return
        async with showing_typing(message):
            reply = await _store(context, article)
        await message.reply_text(reply)


async def _add_link(message: Message, context: Context, url: str) -> None:
    async with showing_typing(message):
        try:
            article = await fetch_article(
                url, timeout=LINK_TIMEOUT, max_bytes=config_of(context).max_document_bytes
            )
        except FetchError as error:
            reply = _link_failure(error)
        else:
            reply = await _store(context, article)
    await message.reply_text(reply)


def _link_failure(error: FetchError) -> str:
    """The Indonesian reply for a link that gave no article."""
    if isinstance(error.__cause__, UnreadableInput):
        return messages.LINK_NO_ARTICLE
    if isinstance(error.__cause__, TimeoutError | httpx.TimeoutException):
        return messages.link_failed("waktu habis")
    status = re.search(r"HTTP error (\d{3})", error.reason)
    return messages.link_failed(f"HTTP {status.group(1)}" if status else "")


async def _store(context: Context, article: Article) -> str:
    """Add the article; the reply says what was stored (or that it was there already)."""
    library = library_of(context)
    report = await asyncio.to_thread(library.add, [article])
    if report.skipped:
        return messages.DOCUMENT_UNREADABLE
    if report.unchanged or report.duplicate:
        return messages.duplicate_article(article.title)
    info = await asyncio.to_thread(library.article, article.id)
    return messages.article_added(info.title, info.sentence_count, info.id)


async def remove_command(update: Update, context: Context) -> None:
    """/hapus <id>: an admin removes an article."""
    message = await _admin_message(update, context)
    if message is None:
        return
    argument = command_argument(message.text).split()
    if not argument:
        await message.reply_text(messages.USAGE_REMOVE)
        return
    try:
        info = await asyncio.to_thread(library_of(context).remove, argument[0])
    except ArticleNotFound:
        await message.reply_text(messages.article_not_found(argument[0]))
        return
    await message.reply_text(messages.article_removed(info.title))


async def stats_command(update: Update, context: Context) -> None:
    """/statistik: an admin sees articles, sentences, questions, not-found share and votes."""
    message = await _admin_message(update, context)
    if message is None:
        return
    stats = await asyncio.to_thread(library_of(context).stats)
    await message.reply_text(
        render_lists.render_stats(
            articles=stats.articles,
            sentences=stats.sentences,
            questions=stats.questions,
            not_found=stats.not_found,
            up=stats.thumbs_up,
            down=stats.thumbs_down,
        )
    )
