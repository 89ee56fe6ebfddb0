"""The questions asked and the feedback given on passages, logged in the bot's database for
statistics and for buttons that refer back to a question."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bot import store


@dataclass(frozen=True)
class Stats:
    """Counts for /statistik and `tanya stats`."""

    articles: int
    sentences: int
    questions: int
    not_found: int
    thumbs_up: int
    thumbs_down: int


def record_question(db: sqlite_utils.Database, question: str, found: bool, channel: str) -> int:
    """Remember a question (for statistics and for buttons that refer to it); returns its id."""
    with db.conn:
        cursor = db.execute(
            "INSERT INTO questions (question, found, asked_at, channel) VALUES (?, ?, ?, ?)",
            [question, int(found), store.now(), channel],
        )
    return cursor.lastrowid


def get_question(db: sqlite_utils.Database, question_id: int) -> str | None:
    row = db.execute("SELECT question FROM questions WHERE id = ?", [question_id]).fetchone()
    return row[0] if row else None


def record_feedback(
    db: sqlite_utils.Database,
    *,
    question_id: int,
    sentence_id: int,
    vote: int,
    user_id: int,
) -> None:
    """Store a 👍 (+1) or 👎 (-1) for a passage; a user's later vote on it replaces the earlier."""
    if vote not in (1, -1):
        raise ValueError("vote must be 1 or -1")
    row = db.execute(
        "SELECT s.article_id, s.text FROM sentences s WHERE s.id = ?", [sentence_id]
    ).fetchone()
    article_id, sentence = row if row else ("", "")
    with db.conn:
        db.execute(
            "INSERT INTO feedback"
            " (question_id, sentence_id, article_id, sentence, vote, user_id, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (question_id, sentence_id, user_id) DO UPDATE SET vote = excluded.vote,"
            " at = excluded.at",
            [question_id, sentence_id, article_id, sentence, vote, user_id, store.now()],
        )


def stats(db: sqlite_utils.Database) -> Stats:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return Stats(
        articles=one("SELECT count(*) FROM articles"),
        sentences=one("SELECT count(*) FROM sentences"),
        questions=one("SELECT count(*) FROM questions"),
        not_found=one("SELECT count(*) FROM questions WHERE found = 0"),
        thumbs_up=one("SELECT count(*) FROM feedback WHERE vote = 1"),
        thumbs_down=one("SELECT count(*) FROM feedback WHERE vote = -1"),
    )
