"""What the benchmark scripts share: where the data is, the two reference retrievers (bm25s and
SQLite FTS5) over the project's own sentence list, timing helpers and table printing.

The reference retrievers rank the very rows of the project's index (`Index.corpus`), each row's
matchable text (the dateline left out, as the project does), so the three systems are compared on
exactly the same sentences and scored by `bot.evaluate` itself.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import resource
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.evaluate import Question, read_questions
from bot.index import Index
from bot.library import Library
from bot.models import Answer, Passage
from bot.text import LEXICON_DIR, read_word_list

REPO = Path(__file__).resolve().parent.parent
EVALPACK = Path(os.environ.get("EVALPACK", REPO.parent / "shared" / "evalpack"))
FOUNDING = REPO / "data" / "articles"
CHAT = REPO / "benchmarks" / "chat" / "dev.jsonl"
CHAT_BLIND = REPO / "benchmarks" / "chat" / "blind.jsonl"
CHAT_BLIND2 = REPO / "benchmarks" / "chat" / "blind2.jsonl"
CHAT_BLIND3 = REPO / "benchmarks" / "chat" / "blind3.jsonl"
CHAT_BLIND4 = REPO / "benchmarks" / "chat" / "blind4.jsonl"
CHAT_BLIND5 = REPO / "benchmarks" / "chat" / "blind5.jsonl"
CHAT_BLIND6 = REPO / "benchmarks" / "chat" / "blind6.jsonl"
CHAT_BLIND7 = REPO / "benchmarks" / "chat" / "blind7.jsonl"
CHAT_BLIND8 = REPO / "benchmarks" / "chat" / "blind8.jsonl"
NEWS_ARTICLES = EVALPACK / "news" / "articles.jsonl"
WIKI_ARTICLES = EVALPACK / "wiki" / "articles.jsonl"


@dataclass(frozen=True)
class Track:
    """A question set and the collection its questions are asked against."""

    name: str
    questions: Path | tuple[Path, ...]
    articles: tuple[Path, ...]
    about: str | None = None  # only the questions about this article
    # instead, the questions about every other article, as questions the collection cannot answer
    off_topic: bool = False

    def read(self) -> list[Question]:
        """The track's questions, in the order of their files."""
        paths = self.questions if isinstance(self.questions, tuple) else (self.questions,)
        every = [question for path in paths for question in read_questions(path)]
        if self.about is None:
            return every
        if self.off_topic:
            return [
                replace(q, answers=(), answerable=False)
                for q in every
                if q.article_id != self.about
            ]
        return [q for q in every if q.article_id == self.about]


FOUNDING_ID = "purnawarta-rusia-as-jenewa-2022"
# the chat sets whose misses have been read (chat-blind4 to chat-blind8 are held out)
CHAT_DEV_SETS = (CHAT, CHAT_BLIND, CHAT_BLIND2, CHAT_BLIND3)
CHAT_HELD_OUT_SETS = (CHAT_BLIND4, CHAT_BLIND5, CHAT_BLIND6, CHAT_BLIND7, CHAT_BLIND8)
TRACKS = {
    "news": Track("news", EVALPACK / "news" / "dev.jsonl", (NEWS_ARTICLES,)),
    "wiki": Track("wiki", EVALPACK / "wiki" / "dev.jsonl", (WIKI_ARTICLES,)),
    "chat": Track("chat", CHAT, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind": Track("chat-blind", CHAT_BLIND, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind2": Track("chat-blind2", CHAT_BLIND2, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind3": Track("chat-blind3", CHAT_BLIND3, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind4": Track("chat-blind4", CHAT_BLIND4, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind5": Track("chat-blind5", CHAT_BLIND5, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind6": Track("chat-blind6", CHAT_BLIND6, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind7": Track("chat-blind7", CHAT_BLIND7, (NEWS_ARTICLES, FOUNDING)),
    "chat-blind8": Track("chat-blind8", CHAT_BLIND8, (NEWS_ARTICLES, FOUNDING)),
    "noanswer": Track("noanswer", EVALPACK / "noanswer" / "dev.jsonl", (WIKI_ARTICLES,)),
    # the read chat sets' questions about the founding article, asked of it alone: what
    # `python -m bot` answers out of the box
    "chat-founding": Track("chat-founding", CHAT_DEV_SETS, (FOUNDING,), about=FOUNDING_ID),
    # the same of the held-out sets: scored, never read
    "chat-founding-held": Track(
        "chat-founding-held", CHAT_HELD_OUT_SETS, (FOUNDING,), about=FOUNDING_ID
    ),
    # the read chat sets' and FacQA's questions about other articles, asked of it alone: how
    # often it says "not found" to them
    "founding-offtopic": Track(
        "founding-offtopic",
        (*CHAT_DEV_SETS, EVALPACK / "news" / "dev.jsonl"),
        (FOUNDING,),
        about=FOUNDING_ID,
        off_topic=True,
    ),
}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The project's Indonesian stop-word list, reused for both reference retrievers."""
    return read_word_list(LEXICON_DIR / "stopwords.txt")


# -- the sentences every system ranks ------------------------------------------------------------


@dataclass(frozen=True)
class SentenceList:
    """The project's index rows: text as matched, text as shown, and the article of each."""

    matchable: list[str]
    shown: list[str]
    article_ids: list[str]

    def __len__(self) -> int:
        return len(self.matchable)

    @classmethod
    def from_library(cls, library: Library) -> SentenceList:
        """Every row the library answers from: each index segment's sentences in order, leaving
        out the rows of articles a newer segment hides."""
        collection = getattr(library, "collection", None)
        if collection is None:  # before segments: one index
            return cls._from_segments([(library.index, frozenset())])
        hidden = getattr(collection, "hidden", frozenset())
        return cls._from_segments(
            [(seg, hidden if n == 0 else frozenset()) for n, seg in enumerate(collection.segments)]
        )

    @classmethod
    def _from_segments(cls, segments: list[tuple[Index, frozenset[int]]]) -> SentenceList:
        matchable, shown, article_ids = [], [], []
        for index, hidden in segments:
            corpus = index.corpus
            ids = [info.id for info in corpus.articles]
            for text, lead, number in zip(
                corpus.texts, corpus.leads.tolist(), corpus.article_of.tolist(), strict=True
            ):
                if number in hidden:
                    continue
                matchable.append(text[lead:])
                shown.append(text)
                article_ids.append(ids[number])
        return cls(matchable, shown, article_ids)

    def answer(self, question: str, rows: Sequence[int], scores: Sequence[float]) -> Answer:
        """Ranked rows as an Answer, so `bot.evaluate` scores them like the project's own."""
        passages = tuple(
            Passage(
                article_id=self.article_ids[row],
                title="",
                source="",
                url="",
                sentence=self.shown[row],
                context="",
                score=float(score),
                sentence_id=int(row),
            )
            for row, score in zip(rows, scores, strict=True)
        )
        return Answer(question, passages)


# -- bm25s with the Snowball Indonesian stemmer ---------------------------------------------------

_BM25S_WORD = re.compile(r"(?u)\b\w\w+\b")  # bm25s's own default token pattern


class Bm25sRetriever:
    """bm25s (default Lucene BM25) over stemmed, stop-word-free words."""

    name = "bm25s"

    def __init__(self, sentences: SentenceList) -> None:
        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each build at DEBUG

        self.sentences = sentences
        self._stop = stopwords()
        self._stem = lru_cache(maxsize=1_000_000)(Stemmer.Stemmer("indonesian", 0).stemWord)
        started = time.perf_counter()
        corpus_tokens = [self.terms(text) for text in sentences.matchable]
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus_tokens, show_progress=False)
        self.vocabulary = set(self.retriever.vocab_dict)
        self.build_seconds = time.perf_counter() - started

    def terms(self, text: str) -> list[str]:
        words = _BM25S_WORD.findall(text.lower())
        return [self._stem(w) for w in words if w not in self._stop]

    def search(self, question: str, k: int = 10) -> Answer:
        terms = [t for t in self.terms(question) if t in self.vocabulary]
        if not terms:
            return Answer(question)
        docs, scores = self.retriever.retrieve(
            [terms], k=min(k, len(self.sentences)), show_progress=False
        )
        keep = scores[0] > 0  # bm25s pads with zero-score rows when fewer match
        return self.sentences.answer(question, docs[0][keep].tolist(), scores[0][keep].tolist())


# -- SQLite FTS5 bm25() ----------------------------------------------------------------------------

_FTS_WORD = re.compile(r"\w+")  # unicode61 splits on everything that is not a letter or digit


class Fts5Retriever:
    """An in-memory FTS5 table (unicode61) ranked by bm25(); the query's words, stop words
    removed, quoted and OR-ed."""

    name = "FTS5"

    def __init__(self, sentences: SentenceList, path: str = ":memory:") -> None:
        self.sentences = sentences
        self._stop = stopwords()
        started = time.perf_counter()
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE s USING fts5(text, tokenize='unicode61')")
        with self.db:
            self.db.executemany(
                "INSERT INTO s(rowid, text) VALUES (?, ?)", enumerate(sentences.matchable)
            )
        self.build_seconds = time.perf_counter() - started

    def match(self, question: str) -> str:
        words = [w for w in _FTS_WORD.findall(question.lower()) if w not in self._stop]
        return " OR ".join(f'"{w}"' for w in dict.fromkeys(words))

    def search(self, question: str, k: int = 10) -> Answer:
        match = self.match(question)
        if not match:
            return Answer(question)
        rows = self.db.execute(
            "SELECT rowid, -bm25(s) FROM s WHERE s MATCH ? ORDER BY bm25(s), rowid LIMIT ?",
            (match, k),
        ).fetchall()
        return self.sentences.answer(question, [r for r, _ in rows], [s for _, s in rows])

    def close(self) -> None:
        self.db.close()


# -- measuring ----------------------------------------------------------------------------------


def timed_answers(search, questions: Sequence[str]) -> np.ndarray:
    """Seconds each question took."""
    times = np.empty(len(questions))
    for i, question in enumerate(questions):
        started = time.perf_counter()
        search(question)
        times[i] = time.perf_counter() - started
    return times


def percentile_ms(seconds: np.ndarray, q: float) -> float:
    return float(np.percentile(seconds, q) * 1000) if len(seconds) else float("nan")


def rss_mb() -> float:
    """Resident memory now (VmRSS), in MB."""
    return _status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    """The most resident memory this process has had, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_kb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return float(line.split()[1])
    return float("nan")


# -- printing -----------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], markdown: bool) -> str:
    """Rows as a Markdown table or as aligned plain text."""
    cells = [[_cell(c) for c in row] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value != value:
            return "-"
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# -- synthetic collections ------------------------------------------------------------------------


@dataclass(frozen=True)
class Synthetic:
    """What `write_synthetic` wrote."""

    articles: int
    sentences: int  # as planned from the project's splitter; the ingest reports the stored count


def real_paragraphs(sources: Sequence[Path]) -> tuple[list[tuple[str, int]], list[str]]:
    """Every real paragraph (text, sentence count by the project's splitter) and every title."""
    from bot.models import Article
    from bot.sentences import sentences_of

    paragraphs: list[tuple[str, int]] = []
    titles: list[str] = []
    for source in sources:
        with open(source, encoding="utf-8") as lines:
            for line in lines:
                raw = json.loads(line)
                article = Article(str(raw["id"]), raw.get("title", ""), raw.get("text", ""))
                titles.append(article.title)
                grouped: dict[int, list[str]] = {}
                for sentence in sentences_of(article):
                    grouped.setdefault(sentence.paragraph, []).append(sentence.text)
                paragraphs.extend((" ".join(s), len(s)) for s in grouped.values())
    return paragraphs, titles


def write_synthetic(path: Path, sentences: int, sources: Sequence[Path], seed: int) -> Synthetic:
    """A JSON-lines article file of about `sentences` sentences: new articles of 2-8 real
    paragraphs drawn at random (with replacement) from `sources`, each titled with a real title."""
    paragraphs, titles = real_paragraphs(sources)
    rng = random.Random(seed)
    total = count = 0
    with open(path, "w", encoding="utf-8") as out:
        while total < sentences:
            chosen = rng.choices(paragraphs, k=rng.randint(2, 8))
            total += sum(n for _, n in chosen)
            count += 1
            article = {
                "id": f"syn-{count:07d}",
                "title": rng.choice(titles),
                "text": "\n".join(text for text, _ in chosen),
                "source": "synthetic",
                "url": "",
            }
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return Synthetic(count, total)
