"""The answering core as one object: the database (the source of truth) and the index built from it.

Questions are answered from an immutable in-memory index; adding or removing articles writes to the
database and then swaps in a freshly built index, so readers never see a half-built one and never
wait for a rebuild. Database access is serialised by one lock, so any thread may call any method.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from bot import store
from bot.index import Corpus, Index, build_index
from bot.ingest import IngestReport, ingest_articles, ingest_paths
from bot.models import Answer, Article
from bot.readers import Skipped
from bot.search import DEFAULT_WEIGHTS, Weights, search
from bot.text import Analyzer

logger = logging.getLogger(__name__)

MAX_QUESTION = 1000  # characters of a question that are read; the rest is ignored


class Library:
    """Articles in, answers out."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        analyzer: Analyzer | None = None,
        weights: Weights = DEFAULT_WEIGHTS,
        create: bool = True,
    ) -> None:
        self.db_path = str(db_path)
        self.db = store.open_db(db_path, create=create)
        self.analyzer = analyzer or Analyzer()
        self.weights = weights
        self._lock = threading.RLock()
        self._rebuild_lock = threading.Lock()
        self._index: Index = self._build()

    # -- answering ---------------------------------------------------------------------------

    @property
    def index(self) -> Index:
        return self._index

    def ask(self, question: str, *, k: int = 10, threshold: bool = True) -> Answer:
        """The best `k` passages for `question` (an empty answer when nothing answers it)."""
        question = question[:MAX_QUESTION]
        weights = self.weights if threshold else self.weights.without_threshold()
        return search(question, self._index, self.analyzer, k=k, weights=weights)

    def has_terms(self, question: str) -> bool:
        """Whether the question has any word left to search for once stop words are dropped."""
        return bool(self.analyzer.terms(question[:MAX_QUESTION]))

    # -- changing the collection -------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], *, show_progress: bool = False) -> IngestReport:
        """Ingest files and folders, then bring the index up to date."""
        with self._lock:
            report = ingest_paths(self.db, paths, show_progress=show_progress)
        if report.changed:
            self.rebuild()
        return report

    def add(self, articles: Iterable[Article | Skipped]) -> IngestReport:
        """Store articles, then bring the index up to date."""
        with self._lock:
            report = ingest_articles(self.db, articles)
        if report.changed:
            self.rebuild()
        return report

    def remove(self, article_id: str) -> store.ArticleInfo:
        """Delete an article (raises store.ArticleNotFound) and bring the index up to date."""
        with self._lock:
            info = store.get_article(self.db, article_id)
            store.remove_article(self.db, article_id)
        self.rebuild()
        return info

    def rebuild(self) -> None:
        """Build a new index from the database and swap it in."""
        with self._rebuild_lock:
            self._index = self._build()

    def _build(self) -> Index:
        with self._lock:
            articles = store.list_articles(self.db)
            corpus = Corpus.from_rows(store.iter_sentences(self.db), articles)
        index = build_index(corpus, self.analyzer)
        logger.info("index built: %d sentences, %d articles", len(corpus), len(articles))
        return index

    # -- looking at the collection -----------------------------------------------------------

    def articles(self, *, limit: int | None = None, offset: int = 0) -> list[store.ArticleInfo]:
        with self._lock:
            return store.list_articles(self.db, limit=limit, offset=offset)

    def article(self, article_id: str) -> store.ArticleInfo:
        with self._lock:
            return store.get_article(self.db, article_id)

    def article_sentences(self, article_id: str) -> list[store.SentenceRow]:
        with self._lock:
            return store.article_sentences(self.db, article_id)

    def count_articles(self) -> int:
        with self._lock:
            return store.count_articles(self.db)

    def stats(self) -> store.Stats:
        with self._lock:
            return store.stats(self.db)

    # -- what people asked and thought -------------------------------------------------------

    def record_question(self, question: str, found: bool, channel: str) -> int:
        with self._lock:
            return store.record_question(self.db, question, found, channel)

    def question(self, question_id: int) -> str | None:
        with self._lock:
            return store.get_question(self.db, question_id)

    def record_feedback(
        self, *, question_id: int, sentence_id: int, vote: int, user_id: int
    ) -> None:
        with self._lock:
            store.record_feedback(
                self.db,
                question_id=question_id,
                sentence_id=sentence_id,
                vote=vote,
                user_id=user_id,
            )

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()
