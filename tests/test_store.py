"""The SQLite store: schema, idempotent saves, atomic batches, removal, questions and feedback."""

from __future__ import annotations

import sqlite3

import pytest

from bot import asked, store
from bot.models import Article, Sentence


def _article(id: str = "a1", text: str = "Satu kalimat.") -> tuple[Article, list[Sentence]]:
    article = Article(id, "Judul", text, "Sumber", "https://contoh.id/a")
    return article, [Sentence(id, 0, 0, text)]


@pytest.fixture
def db():
    return store.open_db(":memory:")


def test_the_schema_is_created_once_and_reopening_changes_nothing(tmp_path) -> None:
    path = tmp_path / "t.db"
    first = store.open_db(path)
    store.save_article(first, *_article())
    first.conn.close()
    again = store.open_db(path)
    assert again.execute("PRAGMA user_version").fetchone()[0] == len(store.MIGRATIONS)
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [a.id for a in store.list_articles(again)] == ["a1"]


def test_saving_the_same_article_twice_changes_nothing(db) -> None:
    assert store.save_article(db, *_article()) == "added"
    assert store.save_article(db, *_article()) == "unchanged"
    assert asked.stats(db) == asked.Stats(1, 1, 0, 0, 0, 0)


def test_an_article_with_new_content_replaces_its_sentences(db) -> None:
    store.save_article(db, *_article())
    article, _ = _article(text="Kalimat baru. Dua.")
    outcome = store.save_article(
        db, article, [Sentence("a1", 0, 0, "Kalimat baru."), Sentence("a1", 0, 1, "Dua.")]
    )
    assert outcome == "updated"
    assert [s.text for s in store.article_sentences(db, "a1")] == ["Kalimat baru.", "Dua."]


def test_a_batch_that_fails_half_way_stores_nothing(db) -> None:
    good = _article("good")
    bad_article = Article("bad", "Judul", "x", "", "")
    duplicate = [Sentence("bad", 0, 0, "x"), Sentence("bad", 0, 0, "x")]  # breaks the unique key
    with pytest.raises(sqlite3.IntegrityError):
        store.save_articles(db, [good, (bad_article, duplicate)])
    assert store.list_articles(db) == []
    assert asked.stats(db).sentences == 0


def test_removing_an_article_removes_its_sentences(db) -> None:
    store.save_article(db, *_article("a1"))
    store.save_article(db, *_article("a2", "Lain."))
    store.remove_article(db, "a1")
    assert [a.id for a in store.list_articles(db)] == ["a2"]
    assert [s.article_id for s in store.iter_sentences(db)] == ["a2"]
    with pytest.raises(store.ArticleNotFound):
        store.remove_article(db, "a1")


def test_questions_and_feedback_are_counted(db) -> None:
    store.save_article(db, *_article())
    sentence_id = next(store.iter_sentences(db)).id
    question = asked.record_question(db, "siapa?", True, "private")
    asked.record_question(db, "apa?", False, "group")
    asked.record_feedback(db, question_id=question, sentence_id=sentence_id, vote=1, user_id=7)
    asked.record_feedback(db, question_id=question, sentence_id=sentence_id, vote=-1, user_id=7)
    asked.record_feedback(db, question_id=question, sentence_id=sentence_id, vote=1, user_id=8)
    assert asked.get_question(db, question) == "siapa?"
    assert asked.get_question(db, 999) is None
    assert asked.stats(db) == asked.Stats(1, 1, 2, 1, 1, 1)
    row = db.execute("SELECT sentence, article_id FROM feedback WHERE user_id = 7").fetchone()
    assert row == ("Satu kalimat.", "a1")
    with pytest.raises(ValueError):
        asked.record_feedback(db, question_id=question, sentence_id=sentence_id, vote=2, user_id=7)


def test_a_database_that_cannot_be_created_is_a_store_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(store.StoreError):
        store.open_db(blocker / "sub" / "t.db")
    with pytest.raises(store.StoreError, match="no database"):
        store.open_db(tmp_path / "missing.db", create=False)


def test_the_same_content_under_another_id_is_a_duplicate(db) -> None:
    store.save_article(db, *_article("a1"))
    article, sentences = _article("copy")
    assert store.save_article(db, article, [Sentence("copy", 0, 0, "Satu kalimat.")]) == (
        "duplicate"
    )
    assert [a.id for a in store.list_articles(db)] == ["a1"]
