"""Soak: the real bot against the fake Telegram for minutes, with questions, buttons, an admin
adding and removing articles, and faults injected all along. Not a test: it prints figures.

Every question comes from a chat of its own, so the replies in a chat are the replies to one
update: none is a lost update, two a repeated one. Errors seen by users are replies (or button
answers) carrying the bot's apology. The faults are those the bot recovers from by itself: 429
with retry_after, 502/503 gateway errors and dropped connections on sends, downloads and
getUpdates, a getUpdates failing for a second or two, slow answers. (A 500 or a timeout is
ambiguous, is never repeated and tells the user once; the tests cover that.) Memory is the
resident size of this process, which also holds the fake server; the fake forgets every chat
once it is checked so that only the bot could grow.

    python benchmarks/soak.py [--minutes 3] [--rate 20] [--articles PATH] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from benchmarks.common import rss_mb  # noqa: E402
from bot import messages  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.library import Library  # noqa: E402
from bot.telegram_app import ALLOWED_UPDATES, build_application  # noqa: E402
from tests.fake_telegram import DOWNLOAD, FakeTelegram  # noqa: E402
from tests.fake_telegram_state import TOKEN  # noqa: E402

EVALPACK = ROOT.parent / "shared" / "evalpack" / "news"
FOUNDING = ROOT / "data" / "articles"
ADMIN = 4242
FIRST_CHAT = 1_000_000
CHECK_AFTER = 1.0  # seconds between looks at the chats waiting for their reply
GIVE_UP = 30.0  # a chat without a reply this long after its question counts as lost
FAULT_EVERY = 3.0
ADMIN_EVERY = 4.0
PRESS_SHARE = 0.2  # answers whose 👍 or ▶️ button is pressed


@dataclass
class Tally:
    """What the soak saw."""

    updates: int = 0  # questions, button presses and admin actions sent to the bot
    handled: int = 0  # of those, answered exactly once
    lost: int = 0
    repeated: int = 0
    user_errors: int = 0
    faults: int = 0
    latencies: list[float] = field(default_factory=list)
    memory: list[tuple[float, float]] = field(default_factory=list)  # (minute, MB)


def load_questions(path: Path) -> list[str]:
    if not path.exists():
        return list(messages.EXAMPLE_QUESTIONS)
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["question"] for line in lines if line.strip()]


FAULTS = [
    lambda fake: fake.fail_next("sendMessage", status=429, retry_after=1),
    lambda fake: fake.fail_next("sendMessage", status=502, times=2),
    lambda fake: fake.fail_next("sendMessage", status=503),
    lambda fake: fake.drop_next("sendMessage"),
    lambda fake: fake.delay_next("sendMessage", 0.5, times=3),
    lambda fake: fake.fail_for("getUpdates", 1.5, status=502),
    lambda fake: fake.drop_next("getUpdates"),
    lambda fake: fake.fail_next("answerCallbackQuery", status=502),
    lambda fake: fake.fail_next("getFile", status=503),
    lambda fake: fake.drop_next(DOWNLOAD),
]


async def admin_action(fake: FakeTelegram, tally: Tally, send, *args, **kwargs) -> str:
    """Send one admin update with `send(*args, **kwargs)`; its reply, or "" when none came."""
    before = len(fake.sent_messages(ADMIN))
    send(*args, user_id=ADMIN, **kwargs)
    tally.updates += 1
    try:
        sent = await fake.await_sent(ADMIN, before + 1, timeout=GIVE_UP)
    except TimeoutError:
        tally.lost += 1
        return ""
    reply = sent[before]["text"]
    tally.handled += 1
    tally.user_errors += reply == messages.GENERIC_ERROR
    return reply


async def administer(fake: FakeTelegram, tally: Tally, stop: asyncio.Event, rng) -> None:
    """The admin adds an article (a document or /tambah), lists, and removes it, over and over."""
    number = 0
    while not stop.is_set():
        number += 1
        text = (
            f"Panen Raya Desa Zorbak {number}\n\n"
            f"Warga desa Zorbak memanen {number} ton padi pada hari Senin. "
            f"Kepala desa mengatakan irigasi ke-{number} sudah membaik."
        )
        if rng.random() < 0.5:
            added = await admin_action(
                fake, tally, fake.document_message, f"panen-{number}.txt", text.encode()
            )
        else:
            added = await admin_action(fake, tally, fake.user_message, f"/tambah {text}")
        await asyncio.sleep(ADMIN_EVERY / 2)
        await admin_action(fake, tally, fake.user_message, "/artikel")
        if "ID: " in added:
            await asyncio.sleep(ADMIN_EVERY / 2)
            article_id = added.rsplit("ID: ", 1)[1]
            await admin_action(fake, tally, fake.user_message, f"/hapus {article_id}")


async def soak(library: Library, questions: list[str], minutes: float, rate: float, seed: int):
    rng = random.Random(seed)
    tally = Tally()
    with FakeTelegram() as fake:
        config = Config(token=TOKEN, api_url=fake.url, admins=frozenset({ADMIN}))
        app = build_application(config, library)
        async with app:
            await app.start()
            await app.updater.start_polling(
                poll_interval=0, timeout=dt.timedelta(seconds=10), allowed_updates=ALLOWED_UPDATES
            )
            fake.add_chat(ADMIN)
            stop = asyncio.Event()
            admin = asyncio.create_task(administer(fake, tally, stop, rng))
            started = time.monotonic()
            end = started + 60 * minutes
            tally.memory.append((0.0, rss_mb()))
            waiting: dict[int, float] = {}  # chat -> when its question was sent
            pressed: dict[int, tuple[str, float]] = {}  # chat -> (query id, when)
            chat, next_fault, next_check, next_memory = FIRST_CHAT, started, started, started + 60
            while time.monotonic() < end or waiting or pressed:
                now = time.monotonic()
                if now < end:
                    fake.user_message(rng.choice(questions), user_id=chat)
                    waiting[chat] = time.time()
                    tally.updates += 1
                    chat += 1
                    if now >= next_fault:
                        rng.choice(FAULTS)(fake)
                        tally.faults += 1
                        next_fault = now + FAULT_EVERY
                if now >= next_memory:
                    tally.memory.append(((now - started) / 60, rss_mb()))
                    next_memory += 60
                if now >= next_check:
                    next_check = now + CHECK_AFTER
                    check(fake, tally, waiting, pressed, rng)
                await asyncio.sleep(1 / rate if now < end else 0.2)
            stop.set()
            await admin
            tally.memory.append(((time.monotonic() - started) / 60, rss_mb()))
            await app.updater.stop()
            await app.stop()
    return tally


def check(fake: FakeTelegram, tally: Tally, waiting: dict, pressed: dict, rng) -> None:
    """Settle the chats whose reply (or button answer) is in, or overdue; the fake forgets them."""
    settled: set[int] = set()
    now = time.time()
    for chat, asked in list(waiting.items()):
        sent = fake.sent_messages(chat)
        if not sent and now - asked < GIVE_UP:
            continue
        del waiting[chat]
        if not sent:
            tally.lost += 1
            settled.add(chat)
            continue
        if now - asked < 2.0 and len(sent) == 1:
            waiting[chat] = asked  # look again later, for a repeated reply
            continue
        tally.handled += 1
        tally.repeated += len(sent) > 1
        tally.user_errors += sent[0]["text"] == messages.GENERIC_ERROR
        first = min(
            r.timestamp for r in fake.requests_for("sendMessage") if r.params["chat_id"] == chat
        )
        tally.latencies.append(first - asked)
        buttons = [
            b for row in sent[0].get("reply_markup", {}).get("inline_keyboard", []) for b in row
        ]
        pressable = [b["callback_data"] for b in buttons if b["callback_data"][0] in "pu"]
        if pressable and rng.random() < PRESS_SHARE:
            query = fake.callback_query(rng.choice(pressable), message=sent[0], user_id=chat)
            pressed[chat] = (query["callback_query"]["id"], now)
            tally.updates += 1
        else:
            settled.add(chat)
    for chat, (query_id, when) in list(pressed.items()):
        answer = fake.callback_answers.get(query_id)
        if answer is None and now - when < GIVE_UP:
            continue
        del pressed[chat]
        settled.add(chat)
        if answer is None:
            tally.lost += 1
        else:
            tally.handled += 1
            tally.user_errors += answer.get("text") == messages.GENERIC_ERROR
    fake.forget(settled, before=now - GIVE_UP)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--rate", type=float, default=20.0, help="questions a second")
    parser.add_argument("--articles", type=Path, default=EVALPACK / "articles.jsonl")
    parser.add_argument("--questions", type=Path, default=EVALPACK / "dev.jsonl")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # The retries and the error handler log; the soak prints its own summary.
    logging.basicConfig(level=logging.CRITICAL)
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "tanya.db")
        source = args.articles if args.articles.exists() else FOUNDING
        report = library.ingest([source])
        print(f"loaded {report.stored} articles from {source}")
        questions = load_questions(args.questions)
        tally = asyncio.run(soak(library, questions, args.minutes, args.rate, args.seed))
        library.close()
    memory = ", ".join(f"{minute:.1f} min {mb:.0f} MB" for minute, mb in tally.memory)
    print(
        f"soak of {args.minutes:g} min at {args.rate:g} questions/s,"
        f" {tally.faults} faults injected\n"
        f"updates handled:       {tally.handled} of {tally.updates}\n"
        f"errors seen by users:  {tally.user_errors}\n"
        f"updates lost:          {tally.lost}\n"
        f"updates answered twice: {tally.repeated}\n"
        f"answer latency:        p50 {1000 * percentile(tally.latencies, 0.5):.0f} ms,"
        f" p99 {1000 * percentile(tally.latencies, 0.99):.0f} ms\n"
        f"memory (RSS):          start {tally.memory[0][1]:.0f} MB,"
        f" end {tally.memory[-1][1]:.0f} MB ({memory})"
    )


if __name__ == "__main__":
    main()
