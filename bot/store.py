"""SQLite is the source of truth: articles and their sentences (the questions asked and the
feedback given are logged beside them, in `bot.asked`).

Writes go through sqlite-utils on one connection; every article is stored in one transaction, so a
crash leaves each article either fully there or not there.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from bot.models import Article, Sentence


class StoreError(Exception):
    """The database cannot be opened or written."""


class ArticleNotFound(KeyError):
    """No article has that id."""


@dataclass(frozen=True)
class ArticleInfo:
    """An article's row, without its text."""

    id: str
    title: str
    source: str
    url: str
    sentence_count: int
    added_at: str
    content_hash: str = ""


@dataclass(frozen=True)
class SentenceRow:
    """A stored sentence with its database id and article."""

    id: int
    article_id: str
    paragraph: int
    position: int
    text: str
    lead: int


@dataclass(frozen=True)
class SentenceColumns:
    """Stored sentences as parallel lists, one item a sentence."""

    ids: list[int]
    article_ids: list[str]
    paragraphs: list[int]
    texts: list[str]
    leads: list[int]


def now() -> str:
    """The time a row is written, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(article: Article) -> str:
    """A fingerprint of what an article says, so the same article ingested twice changes nothing."""
    digest = hashlib.sha256()
    for part in (article.title, article.text, article.source, article.url):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _migration_1(db: sqlite_utils.Database) -> None:
    db.table("articles").create(
        {
            "id": str,
            "title": str,
            "source": str,
            "url": str,
            "text": str,
            "content_hash": str,
            "sentence_count": int,
            "added_at": str,
        },
        pk="id",
        not_null={"title", "source", "url", "text", "content_hash"},
    )
    db.table("articles").create_index(["content_hash"])
    db.table("sentences").create(
        {"id": int, "article_id": str, "paragraph": int, "position": int, "text": str, "lead": int},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("sentences").create_index(["article_id", "paragraph", "position"], unique=True)
    db.table("questions").create(
        {"id": int, "question": str, "found": int, "asked_at": str, "channel": str}, pk="id"
    )
    db.table("feedback").create(
        {
            "id": int,
            "question_id": int,
            "sentence_id": int,
            "article_id": str,
            "sentence": str,
            "vote": int,
            "user_id": int,
            "at": str,
        },
        pk="id",
    )
    db.table("feedback").create_index(["question_id", "sentence_id", "user_id"], unique=True)


MIGRATIONS = [_migration_1]


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create or upgrade the schema; running it again changes nothing."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, migrate in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.conn:
            migrate(db)
            db.execute(f"PRAGMA user_version = {number}")


def open_db(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and by default create) the database at `path` in WAL mode with its schema."""
    path = Path(path)
    if str(path) != ":memory:" and not create and not path.exists():
        raise StoreError(f"no database at {path}")
    try:
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        if str(path) != ":memory:":
            db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        ensure_schema(db)
    except (sqlite3.Error, OSError) as error:
        raise StoreError(f"cannot open database {path}: {error}") from error
    return db


def save_article(db: sqlite_utils.Database, article: Article, sentences: list[Sentence]) -> str:
    """Store one article and its sentences atomically; returns its outcome (see save_articles)."""
    return save_articles(db, [(article, sentences)])[0]


def save_articles(
    db: sqlite_utils.Database, batch: Iterable[tuple[Article, list[Sentence]]]
) -> list[str]:
    """Store a batch of articles in one transaction; each gets 'added', 'updated', 'unchanged'
    or 'duplicate' (the same content is stored under another id)."""
    outcomes = []
    conn = db.conn
    with conn:
        for article, sentences in batch:
            digest = content_hash(article)
            row = conn.execute(
                "SELECT content_hash FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            if row and row[0] == digest:
                outcomes.append("unchanged")
                continue
            if (
                not row
                and conn.execute(
                    "SELECT 1 FROM articles WHERE content_hash = ? LIMIT 1", (digest,)
                ).fetchone()
            ):
                outcomes.append("duplicate")  # the same article under another id
                continue
            if row:
                conn.execute("DELETE FROM sentences WHERE article_id = ?", (article.id,))
                conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            conn.execute(
                "INSERT INTO articles (id, title, source, url, text, content_hash, sentence_count,"
                " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.title,
                    article.source,
                    article.url,
                    article.text,
                    digest,
                    len(sentences),
                    now(),
                ),
            )
            conn.executemany(
                "INSERT INTO sentences (article_id, paragraph, position, text, lead)"
                " VALUES (?, ?, ?, ?, ?)",
                [(article.id, s.paragraph, s.position, s.text, s.lead) for s in sentences],
            )
            outcomes.append("updated" if row else "added")
    return outcomes


def remove_article(db: sqlite_utils.Database, article_id: str) -> None:
    """Delete an article and its sentences; raises ArticleNotFound when there is none."""
    with db.conn:
        db.execute("DELETE FROM sentences WHERE article_id = ?", [article_id])
        cursor = db.execute("DELETE FROM articles WHERE id = ?", [article_id])
        if cursor.rowcount == 0:
            raise ArticleNotFound(article_id)


def list_articles(
    db: sqlite_utils.Database, *, limit: int | None = None, offset: int = 0
) -> list[ArticleInfo]:
    """Stored articles, oldest first."""
    sql = (
        "SELECT id, title, source, url, sentence_count, added_at, content_hash FROM articles"
        " ORDER BY rowid LIMIT ? OFFSET ?"
    )
    rows = db.query(sql, [-1 if limit is None else limit, offset])
    return [ArticleInfo(**row) for row in rows]


def get_article(db: sqlite_utils.Database, article_id: str) -> ArticleInfo:
    """One article's row; raises ArticleNotFound."""
    rows = list(
        db.query(
            "SELECT id, title, source, url, sentence_count, added_at, content_hash"
            " FROM articles WHERE id = ?",
            [article_id],
        )
    )
    if not rows:
        raise ArticleNotFound(article_id)
    return ArticleInfo(**rows[0])


def count_articles(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM articles").fetchone()[0]


def iter_sentences(db: sqlite_utils.Database) -> Iterator[SentenceRow]:
    """Every stored sentence in a stable order (article by article, in reading order)."""
    cursor = db.execute(
        "SELECT id, article_id, paragraph, position, text, lead FROM sentences ORDER BY id"
    )
    for row in cursor:
        yield SentenceRow(*row)


def sentence_columns(db: sqlite_utils.Database) -> SentenceColumns:
    """What iter_sentences gives, column by column: cheaper by far than a million SentenceRows."""
    columns = SentenceColumns([], [], [], [], [])
    parts = (columns.ids, columns.article_ids, columns.paragraphs, columns.texts, columns.leads)
    cursor = db.execute("SELECT id, article_id, paragraph, text, lead FROM sentences ORDER BY id")
    while rows := cursor.fetchmany(10_000):
        for part, values in zip(parts, zip(*rows, strict=True), strict=True):
            part.extend(values)
    return columns


def article_hashes(db: sqlite_utils.Database) -> dict[str, str]:
    """Every article's id with the fingerprint of its content."""
    return dict(db.execute("SELECT id, content_hash FROM articles").fetchall())


def _rows_with(
    db: sqlite_utils.Database, select: str, column: str, values: Iterable[str]
) -> Iterator[tuple]:
    """Rows of `select` whose `column` is one of `values`, asked 500 values at a time to stay
    under SQLite's limit on parameters."""
    values = list(values)
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        yield from db.execute(f"{select} WHERE {column} IN ({marks})", chunk)


def articles_with_ids(db: sqlite_utils.Database, ids: Iterable[str]) -> list[ArticleInfo]:
    """The rows of the given articles, in storage order."""
    select = (
        "SELECT rowid, id, title, source, url, sentence_count, added_at, content_hash FROM articles"
    )
    rows = sorted(_rows_with(db, select, "id", ids))
    return [ArticleInfo(*row[1:]) for row in rows]


def sentences_of_articles(db: sqlite_utils.Database, ids: Iterable[str]) -> list[SentenceRow]:
    """The sentences of the given articles, in storage order."""
    select = "SELECT id, article_id, paragraph, position, text, lead FROM sentences"
    return sorted(
        (SentenceRow(*row) for row in _rows_with(db, select, "article_id", ids)),
        key=lambda row: row.id,
    )


def article_sentences(db: sqlite_utils.Database, article_id: str) -> list[SentenceRow]:
    cursor = db.execute(
        "SELECT id, article_id, paragraph, position, text, lead FROM sentences"
        " WHERE article_id = ? ORDER BY paragraph, position",
        [article_id],
    )
    return [SentenceRow(*row) for row in cursor]
