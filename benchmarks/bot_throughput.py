"""Questions answered per second end to end: fake Telegram -> the real bot -> fake Telegram.

Loads the evalpack news collection into a temporary database, starts the fake Bot API server
and the real Application (long polling, as in production), pushes N questions from the evalpack
dev set, each from its own private chat (all at once, or with --rate at a steady pace), and
waits until every chat has its reply. The fake server runs in the same process and so takes
its share of the interpreter: the figure is a floor for the bot alone.
Latency is the time from a question entering the fake server to the bot's sendMessage reaching
it, so it includes getUpdates, the search, the database write and the HTTP round trips.

Telegram itself lets a bot send about 30 messages a second; that limit is switched off here
(unless --telegram-limits) so the figure is what the bot could do, not what Telegram allows.

    python benchmarks/bot_throughput.py [--questions 1000] [--rate 50] [--telegram-limits]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram.ext import AIORateLimiter  # noqa: E402

from bot.config import Config  # noqa: E402
from bot.library import Library  # noqa: E402
from bot.telegram_app import ALLOWED_UPDATES, build_application  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.fake_telegram_state import TOKEN  # noqa: E402

EVALPACK = ROOT.parent / "shared" / "evalpack" / "news"
FIRST_CHAT = 500_000


def load_questions(path: Path, count: int) -> list[str]:
    """The first `count` questions of the dev set, repeated if it is shorter."""
    with path.open(encoding="utf-8") as lines:
        questions = [json.loads(line)["question"] for line in lines if line.strip()]
    return [questions[n % len(questions)] for n in range(count)]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def measure(
    library: Library, questions: list[str], telegram_limits: bool, rate: float = 0.0
) -> dict:
    """Run the bot against the fake server and time every question to its first reply."""
    with FakeTelegram() as fake:
        config = Config(token=TOKEN, api_url=fake.url)
        limiter = None if telegram_limits else AIORateLimiter(0, 1, 0, 60, max_retries=3)
        app = build_application(config, library, rate_limiter=limiter)
        async with app:
            await app.start()
            await app.updater.start_polling(
                poll_interval=0, timeout=dt.timedelta(seconds=1), allowed_updates=ALLOWED_UPDATES
            )
            chats = [FIRST_CHAT + n for n in range(len(questions))]
            for chat in chats:
                fake.add_chat(chat)
            asked: dict[int, float] = {}
            started = time.time()
            for number, (chat, question) in enumerate(zip(chats, questions, strict=True)):
                if rate > 0:  # paced: each question at its own moment
                    await asyncio.sleep(max(0.0, started + number / rate - time.time()))
                asked[chat] = time.time()
                fake.user_message(question, user_id=chat)
            await fake.await_for(
                lambda: (
                    {r.params["chat_id"] for r in fake.requests_for("sendMessage")} >= set(chats)
                ),
                timeout=600,
            )
            answered: dict[int, float] = {}
            for request in fake.requests_for("sendMessage"):
                answered.setdefault(request.params["chat_id"], request.timestamp)
            await app.updater.stop()
            await app.stop()
        refused = fake.refused()
    latencies = [answered[chat] - asked[chat] for chat in chats]
    elapsed = max(answered.values()) - started
    return {
        "questions": len(questions),
        "seconds": elapsed,
        "per_second": len(questions) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "refused_calls": len(refused),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--articles", type=Path, default=EVALPACK / "articles.jsonl")
    parser.add_argument("--dev", type=Path, default=EVALPACK / "dev.jsonl")
    parser.add_argument(
        "--rate", type=float, default=0.0, help="questions a second (default: all at once)"
    )
    parser.add_argument(
        "--telegram-limits", action="store_true", help="keep the 30 messages/s rate limiter"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "tanya.db")
        loading = time.perf_counter()
        report = library.ingest([args.articles])
        print(f"loaded {report.stored} articles in {time.perf_counter() - loading:.1f} s")
        questions = load_questions(args.dev, args.questions)
        result = asyncio.run(measure(library, questions, args.telegram_limits, args.rate))
        library.close()
    print(
        f"{result['questions']} questions in {result['seconds']:.2f} s:"
        f" {result['per_second']:.0f} answered/s end to end,"
        f" latency p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms,"
        f" refused calls {result['refused_calls']}"
    )


if __name__ == "__main__":
    main()
