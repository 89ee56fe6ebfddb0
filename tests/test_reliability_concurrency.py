"""Questions from many chats while an admin adds and removes articles, and while another process
holds the database's write lock: every answer comes from one consistent index, every question
gets one reply, and "database is locked" reaches nobody.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
import time

from bot import messages, render_text
from tests.conftest import ADMIN_ID

QUESTION = "berapa rumah terendam banjir di desa zorbak?"
VERSIONS = range(1001, 1006)
CHATS = range(7000, 7030)
ASKED = 3  # questions per chat


def version(number: int) -> str:
    """Version `number` of an article: its title and both its sentences carry the number."""
    return (
        f"Desa Zorbak Versi {number}\n\n"
        f"Banjir merendam {number} rumah di desa Zorbak pada Minggu. "
        f"Warga desa Zorbak mengungsi ke balai desa nomor {number}."
    )


def check_consistent(text: str) -> None:
    """Each passage of the answer comes from the version its citation names."""
    # the question, and how it was read when the collection lacks one of its words ("terendam")
    assert re.match(rf"🔎 {re.escape(QUESTION)}\n(✏️ Dibaca: [^\n]*\n)?\n", text), text
    blocks = re.findall(r"\d+\. \S+ (.*)\n📰 ([^\n]*)", text)
    if not blocks:
        assert text.endswith(render_text.to_plain(messages.NOT_FOUND))
    for sentence, title in blocks:
        if title.startswith("Desa Zorbak Versi "):
            number = title.removeprefix("Desa Zorbak Versi ")
            assert number in sentence, (sentence, title)


def hold_write_lock(db_path, stop: threading.Event) -> int:
    """Another process's writer (`tanya ingest`, say): takes the write lock again and again."""
    conn = sqlite3.connect(db_path, timeout=30)
    held = 0
    try:
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE articles SET added_at = added_at WHERE rowid = 1")
            time.sleep(0.02)
            conn.commit()
            held += 1
            time.sleep(0.02)
    finally:
        conn.close()
    return held


async def test_answers_stay_consistent_while_articles_come_and_go(
    telegram_bot, fake_telegram, library, say, bot_config, logged_errors
):
    stop = threading.Event()
    writer = asyncio.create_task(asyncio.to_thread(hold_write_lock, library.db_path, stop))

    async def administer() -> list[tuple[str, str]]:
        replies = []
        for number in VERSIONS:
            [added] = await say(f"/tambah {version(number)}", user_id=ADMIN_ID)
            info = next(a for a in library.articles() if a.title.endswith(str(number)))
            [removed] = await say(f"/hapus {info.id}", user_id=ADMIN_ID)
            replies.append((added["text"], removed["text"]))
        return replies

    async def ask() -> None:
        for _ in range(ASKED):
            for chat in CHATS:
                fake_telegram.user_message(QUESTION, user_id=chat)
            await asyncio.sleep(0.05)

    admin_replies, _ = await asyncio.gather(administer(), ask())
    # once more after the last removal, so that some answer surely comes from no version (on a
    # slow machine every question of the rounds above may be answered while one is there)
    last = CHATS[0]
    fake_telegram.user_message(QUESTION, user_id=last)
    await fake_telegram.await_for(
        lambda: (
            all(len(fake_telegram.sent_messages(c)) >= ASKED for c in CHATS)
            and len(fake_telegram.sent_messages(last)) > ASKED
        ),
        20,
    )
    stop.set()
    assert await writer > 0
    for number, (added, removed) in zip(VERSIONS, admin_replies, strict=True):
        assert added.startswith(f"✅ Artikel Desa Zorbak Versi {number} sudah disimpan (2 kalimat)")
        assert removed == f"🗑️ Artikel Desa Zorbak Versi {number} sudah dihapus."
    answers = [m["text"] for c in CHATS for m in fake_telegram.sent_messages(c)]
    assert len(answers) == len(CHATS) * ASKED + 1
    for text in answers:
        check_consistent(text)
    found = [t for t in answers if "Versi" in t]
    assert found and len(found) < len(answers)  # asked while the article was there, and not
    everything = [r.params.get("text", "") for r in fake_telegram.requests]
    assert [t for t in everything if "locked" in t or t == messages.GENERIC_ERROR] == []
    assert (fake_telegram.refused(), logged_errors()) == ([], [])
    assert [a.id for a in library.articles()] == ["purnawarta-rusia-as-jenewa-2022"]
    assert library.stats().questions == len(answers)
