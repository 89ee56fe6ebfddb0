"""kill -9 during a large ingest, then a restart: the database and the index stay whole.

`python -m bot ingest` runs in a subprocess on a few thousand generated articles and is killed
with SIGKILL, once while it stores batches and once while it builds and stores the index. After
each kill: `PRAGMA integrity_check` passes, every article is fully there or absent, a new Library
answers from exactly the stored articles, and an ingest run again completes the collection.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import persist
from bot.cli import main
from bot.ingest import BATCH
from bot.library import Library
from tests.conftest import ROOT

ARTICLES = 3000


def place(n: int) -> str:
    """A made-up village name that only article `n` mentions: 'zorbaa', 'zorbab', ..."""
    letters = ""
    n += 26 * 26
    while n:
        n, rest = divmod(n, 26)
        letters = string.ascii_lowercase[rest] + letters
    return "zor" + letters


@pytest.fixture(scope="module")
def articles_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "berita.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(ARTICLES):
            name = place(n)
            text = (
                f"Warga desa {name} memanen padi pada hari Senin. Hasil panen naik tahun ini.\n"
                f"Kepala desa {name} mengatakan irigasi sudah membaik."
            )
            record = {"id": f"a{n:05d}", "title": f"Panen di {name.title()}", "text": text}
            out.write(json.dumps(record) + "\n")
    return path


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return 0


def ingest_killed_when(db: Path, articles: Path, ready) -> None:
    """Run `python -m bot ingest` and SIGKILL it as soon as ready(stored count) holds."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--db", str(db), "ingest", str(articles)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not ready(stored_count(db)) and process.poll() is None:
            assert time.monotonic() < deadline, "the ingest never got there"
            time.sleep(0.002)
        assert process.poll() is None, "the ingest finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


def check_whole(db: Path) -> list[str]:
    """The database after a crash is sound and holds whole batches; returns the stored ids."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        partial = conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN sentences s ON s.article_id = a.id"
            " GROUP BY a.id HAVING count(s.id) != a.sentence_count"
        ).fetchall()
        orphans = conn.execute(
            "SELECT count(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY rowid")]
    assert (partial, orphans) == ([], 0)
    # Each batch is one transaction, stored in input order: what is there is a whole prefix.
    assert len(ids) % BATCH == 0
    assert ids == [f"a{n:05d}" for n in range(len(ids))]
    return ids


def check_library(db: Path, ids: list[str]) -> None:
    """A restarted Library answers from exactly the stored articles."""
    library = Library(db)
    try:
        stored = library.stats().sentences
        collection = library.collection
        visible = {
            info.id
            for n, info in enumerate(collection.main.corpus.articles)
            if n not in collection.hidden
        }
        if collection.recent is not None:
            visible |= {info.id for info in collection.recent.corpus.articles}
        assert visible == set(ids)
        for article_id in random.Random(len(ids)).sample(ids, 20):
            name = place(int(article_id[1:]))
            answer = library.ask(f"apa kata kepala desa {name}?", k=1)
            assert [p.article_id for p in answer.passages] == [article_id]
        library.rebuild()
        assert len(library.index.corpus) == stored == 3 * len(ids)
    finally:
        library.close()


def check_stored_index(db: Path) -> None:
    """The index files beside the database load, or are set aside to be rebuilt."""
    directory = db.with_name(db.name + ".index")
    params = persist.parameters(Library(":memory:").analyzer)
    index = persist.load_index(directory, params)
    if index is not None:
        assert len(index.corpus.sentence_ids) == len(index.corpus)


@pytest.mark.parametrize(
    "when",
    [
        pytest.param(lambda stored: stored >= BATCH, id="while-storing-batches"),
        pytest.param(lambda stored: stored == ARTICLES, id="while-building-the-index"),
    ],
)
def test_a_killed_ingest_leaves_whole_articles_and_a_consistent_index(
    tmp_path, articles_file, capsys, when
):
    db = tmp_path / "tanya.db"
    ingest_killed_when(db, articles_file, when)
    ids = check_whole(db)
    assert 0 < len(ids) <= ARTICLES
    check_stored_index(db)
    check_library(db, ids)
    # Run again, the ingest completes the collection and leaves what was stored as it was.
    capsys.readouterr()
    assert main(["--db", str(db), "ingest", str(articles_file)]) == 0
    added = ARTICLES - len(ids)
    assert capsys.readouterr().out == f"{added} added, 0 updated, {len(ids)} unchanged, 0 skipped\n"
    check_library(db, check_whole(db))


def test_a_damaged_stored_index_is_rebuilt_from_the_database(tmp_path, articles_file):
    db = tmp_path / "tanya.db"
    assert main(["--db", str(db), "ingest", str(articles_file)]) == 0
    directory = db.with_name(db.name + ".index")
    data = directory / "sentences.data.npy"
    data.write_bytes(data.read_bytes()[: data.stat().st_size // 2])  # cut short by a crash
    check_library(db, check_whole(db))
    meta = directory / "meta.json"
    meta.write_text(meta.read_text()[:-10])  # half-written
    check_library(db, check_whole(db))
