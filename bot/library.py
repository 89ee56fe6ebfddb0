"""The answering core as one object: the database (the source of truth) and the index built from it.

Questions are answered from an immutable collection: a main index segment (stored beside the
database, so a restart does not rebuild it) and a small segment for the articles added since, with
the main segment's removed or replaced articles hidden. Adding or removing an article writes to the
database, then swaps in a new collection whose small segment is rebuilt in milliseconds; when the
small segment grows, the main one is rebuilt while the old collection keeps answering. Database
access is serialised by one lock, so any thread may call any method.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from bot import asked, persist, store
from bot.build import build_index, collector_paused
from bot.corpus import Corpus
from bot.index import Collection, Index
from bot.ingest import IngestReport, ingest_articles, ingest_paths
from bot.models import Answer, Article
from bot.readers import Skipped
from bot.search import DEFAULT_WEIGHTS, Weights, search
from bot.text import Analyzer

logger = logging.getLogger(__name__)

MAX_QUESTION = 1000  # characters of a question that are read; the rest is ignored
# The main segment is rebuilt when the recent one holds more sentences than this share of it.
RECENT_SHARE = 0.1
RECENT_MIN = 2_000


def _ready(index: Index) -> Index:
    """The segment with its typo speller built, so no question waits for it."""
    with collector_paused():
        index.speller  # noqa: B018 - a cached property: reading it builds it
    return index


def _release_freed_memory() -> None:
    """Hand the memory a rebuild freed back to the system. glibc keeps freed heap pages for
    reuse, so without this the process would go on holding what the build's temporaries took
    (about 20 MB on the news collection). Elsewhere than glibc there is nothing to call."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _recent_limit(main: Index) -> float:
    """How many sentences the recent segment may hold before the main one is rebuilt."""
    return max(RECENT_MIN, RECENT_SHARE * len(main))


class Library:
    """Articles in, answers out."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        analyzer: Analyzer | None = None,
        weights: Weights = DEFAULT_WEIGHTS,
        create: bool = True,
        index_dir: str | Path | None = None,
    ) -> None:
        self.db_path = str(db_path)
        self.db = store.open_db(db_path, create=create)
        self.analyzer = analyzer or Analyzer()
        self.weights = weights
        if index_dir is None and self.db_path != ":memory:":
            index_dir = Path(self.db_path).with_name(Path(self.db_path).name + ".index")
        self.index_dir = Path(index_dir) if index_dir is not None else None
        self._params = persist.parameters(self.analyzer)
        self._lock = threading.RLock()  # the database connection
        self._update_lock = threading.RLock()  # write, then swap in the matching collection
        self._rebuild_lock = threading.Lock()
        # SQLite bumps this when another connection commits; our own writes leave it alone.
        self._data_version = self.db.execute("PRAGMA data_version").fetchone()[0]
        typed = self.analyzer.typed_words  # typos may stand for them (Index.typed)
        main = persist.load_index(self.index_dir, self._params, typed) if self.index_dir else None
        refreshed = self._refreshed(_ready(main), _recent_limit(main)) if main else None
        self._collection = refreshed or self._rebuilt()

    # -- answering ---------------------------------------------------------------------------

    @property
    def collection(self) -> Collection:
        return self._collection

    @property
    def index(self) -> Index:
        """The main segment (after `rebuild()`, every stored sentence is in it)."""
        return self._collection.main

    def ask(self, question: str, *, k: int = 10, threshold: bool = True) -> Answer:
        """The best `k` passages for `question` (an empty answer when nothing answers it)."""
        question = question[:MAX_QUESTION]
        weights = self.weights if threshold else self.weights.without_threshold()
        return search(question, self._collection, self.analyzer, k=k, weights=weights)

    def has_terms(self, question: str) -> bool:
        """Whether the question has any word left to search for once stop words are dropped."""
        return bool(self.analyzer.terms(question[:MAX_QUESTION]))

    # -- changing the collection -------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], *, show_progress: bool = False) -> IngestReport:
        """Ingest files and folders, then bring the index up to date."""
        with self._update_lock:
            with self._lock:
                report = ingest_paths(self.db, paths, show_progress=show_progress)
            if report.changed:
                self._update()
        return report

    def add(self, articles: Iterable[Article | Skipped]) -> IngestReport:
        """Store articles, then bring the index up to date."""
        with self._update_lock:
            with self._lock:
                report = ingest_articles(self.db, articles)
            if report.changed:
                self._update()
        return report

    def remove(self, article_id: str) -> store.ArticleInfo:
        """Delete an article (raises store.ArticleNotFound) and bring the index up to date."""
        with self._update_lock:
            with self._lock:
                info = store.get_article(self.db, article_id)
                store.remove_article(self.db, article_id)
            self._update()
        return info

    def sync(self) -> bool:
        """Pick up changes another process (a `tanya ingest` beside the running bot) committed
        to the database; True when there were any. Cheap when there were none."""
        with self._lock:
            version = self.db.execute("PRAGMA data_version").fetchone()[0]
            changed, self._data_version = version != self._data_version, version
        if changed:
            with self._update_lock:
                self._update()
        return changed

    def watch(self, every: float = 30.0) -> threading.Event:
        """Call sync() every `every` seconds in a daemon thread until the returned event is set."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(every):
                try:
                    self.sync()
                except Exception:  # keep watching: a failed sync is retried next time
                    logger.exception("could not pick up changes from the database")

        threading.Thread(target=loop, name="tanya-sync", daemon=True).start()
        return stop

    def rebuild(self) -> None:
        """Build the main segment anew from the database, store it, and swap it in."""
        with self._rebuild_lock:
            collection = self._rebuilt()
            with self._update_lock:
                # Changes made while it was built are picked up by the refresh.
                self._collection = self._refreshed(collection.main)
        del collection
        _release_freed_memory()

    def _update(self) -> None:
        """Swap in a collection that matches the database; rebuild when the recent part is big."""
        main = self._collection.main
        refreshed = self._refreshed(main, _recent_limit(main))
        if refreshed is None:
            del main
            self._collection = self._rebuilt()
            _release_freed_memory()
        else:
            self._collection = refreshed

    def _rebuilt(self) -> Collection:
        with self._lock:
            articles = store.list_articles(self.db)
            with collector_paused():
                corpus = Corpus.from_columns(store.sentence_columns(self.db), articles)
        main = _ready(build_index(corpus, self.analyzer))
        logger.info("index built: %d sentences, %d articles", len(corpus), len(articles))
        if self.index_dir:
            try:
                persist.save_index(main, self.index_dir, self._params)
            except OSError as error:
                logger.warning("index not stored at %s: %s", self.index_dir, error)
        return Collection(main)

    def _refreshed(self, main: Index, limit: float | None = None) -> Collection | None:
        """`main` with the articles added or changed since it was built in a recent segment, and
        those removed or changed hidden; None when the recent segment would pass `limit`
        sentences (the main segment is better rebuilt then)."""
        with self._lock:
            stored = store.article_hashes(self.db)
            built = {info.id: (n, info.content_hash) for n, info in enumerate(main.corpus.articles)}
            hidden = frozenset(n for id, (n, h) in built.items() if stored.get(id) != h)
            recent_ids = [id for id, h in stored.items() if built.get(id, (0, None))[1] != h]
            if not recent_ids:
                return Collection(main, None, hidden)
            articles = store.articles_with_ids(self.db, recent_ids)
            if limit is not None and sum(a.sentence_count for a in articles) > limit:
                return None
            rows = store.sentences_of_articles(self.db, recent_ids)
        recent = _ready(build_index(Corpus.from_rows(rows, articles), self.analyzer, base=main))
        return Collection(main, recent, hidden)

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

    def stats(self) -> asked.Stats:
        with self._lock:
            return asked.stats(self.db)

    # -- what people asked and thought -------------------------------------------------------

    def record_question(self, question: str, found: bool, channel: str) -> int:
        with self._lock:
            return asked.record_question(self.db, question, found, channel)

    def question(self, question_id: int) -> str | None:
        with self._lock:
            return asked.get_question(self.db, question_id)

    def record_feedback(
        self, *, question_id: int, sentence_id: int, vote: int, user_id: int
    ) -> None:
        with self._lock:
            asked.record_feedback(
                self.db,
                question_id=question_id,
                sentence_id=sentence_id,
                vote=vote,
                user_id=user_id,
            )

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()
