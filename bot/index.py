"""The TF-IDF index: BM25-weighted sentence and article vectors, stored term-major.

Terms are hashed to columns with scikit-learn's HashingVectorizer driven by the shared Analyzer, so
no vocabulary has to be built, stored or loaded; the weights are the BM25 family (saturated term
frequency, length-normalised, idf-weighted). Both matrices are kept in CSC layout, so a question
touches only the columns (postings) of its own terms.

A collection is one large segment and, beside it, a small one for the articles added since; the
small one is weighted with the large one's statistics, so the scores of the two compare.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from bot.spelling import Speller
from bot.store import ArticleInfo, SentenceRow
from bot.text import Analyzer, tokens

PARALLEL_FROM = 100_000  # sentences from which hashing is spread over the cores
N_FEATURES = 2**23  # hashed columns; collisions among a few million terms stay rare
# BM25 parameters for sentence-sized and article-sized documents, tuned on the dev sets.
SENTENCE_K1, SENTENCE_B = 0.8, 0.5
ARTICLE_K1, ARTICLE_B = 1.2, 0.75


def column_of(term: str) -> int:
    """The column a term is hashed to: the same as HashingVectorizer's."""
    return abs(murmurhash3_32(term, seed=0)) % N_FEATURES


@dataclass(frozen=True)
class Corpus:
    """What the answering path needs in memory about every sentence and article."""

    sentence_ids: np.ndarray  # int64, database ids, one per row
    texts: Sequence[str]
    leads: np.ndarray  # int32
    article_of: np.ndarray  # int32, row -> article number
    paragraph: np.ndarray  # int32
    articles: list[ArticleInfo]

    def __len__(self) -> int:
        return len(self.texts)

    @classmethod
    def from_rows(cls, rows: Iterable[SentenceRow], articles: Sequence[ArticleInfo]) -> Corpus:
        number = {info.id: i for i, info in enumerate(articles)}
        ids, texts, leads, article_of, paragraph = [], [], [], [], []
        for row in rows:
            if row.article_id not in number:
                continue
            ids.append(row.id)
            texts.append(row.text)
            leads.append(row.lead)
            article_of.append(number[row.article_id])
            paragraph.append(row.paragraph)
        return cls(
            sentence_ids=np.asarray(ids, dtype=np.int64),
            texts=texts,
            leads=np.asarray(leads, dtype=np.int32),
            article_of=np.asarray(article_of, dtype=np.int32),
            paragraph=np.asarray(paragraph, dtype=np.int32),
            articles=list(articles),
        )

    def same_paragraph(self, row: int, other: int) -> bool:
        return (
            0 <= other < len(self)
            and self.article_of[other] == self.article_of[row]
            and self.paragraph[other] == self.paragraph[row]
        )


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """values[k] for each wanted key k, 0 where a key is absent (`keys` sorted)."""
    at = np.searchsorted(keys, wanted)
    at = np.minimum(at, max(len(keys) - 1, 0))
    found = (keys[at] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
    return np.where(found, values[at] if len(keys) else 0, 0)


@dataclass(frozen=True)
class Statistics:
    """What BM25 needs to know about a collection: its size, mean length and document frequencies
    (kept for the columns in use only, sorted, so no array spans the whole hash space). A
    collection's statistics plus a new segment's are chained, not merged, so adding one article
    to a large collection costs lookups, not a pass over every column."""

    documents: int
    mean_length: float
    columns: np.ndarray  # int64, sorted
    df: np.ndarray  # int32, one per column
    earlier: Statistics | None = None  # the statistics these were added to

    def frequencies(self, columns: np.ndarray) -> np.ndarray:
        found = _lookup(self.columns, self.df, columns)
        return found + self.earlier.frequencies(columns) if self.earlier else found

    def idf(self, columns: np.ndarray) -> np.ndarray:
        df = self.frequencies(np.asarray(columns)).astype(np.float32)
        return np.log1p((self.documents - df + 0.5) / (df + 0.5)).astype(np.float32)

    def plus(self, other: Statistics) -> Statistics:
        documents = self.documents + other.documents
        total = self.mean_length * self.documents + other.mean_length * other.documents
        return Statistics(documents, total / max(documents, 1), other.columns, other.df, self)


def count_statistics(counts: sp.csr_matrix) -> Statistics:
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    mean = float(lengths.mean()) if len(lengths) else 0.0
    columns, df = np.unique(counts.indices, return_counts=True)
    return Statistics(counts.shape[0], mean, columns.astype(np.int64), df.astype(np.int32))


@dataclass(frozen=True)
class Postings:
    """A term-major (CSC-like) matrix that stores only the columns in use: a question's terms
    are found by binary search among `columns`, then their rows and weights are contiguous."""

    columns: np.ndarray  # int64, sorted hashed term columns
    indptr: np.ndarray  # int64, len(columns) + 1
    indices: np.ndarray  # int32 rows, sorted within each column
    data: np.ndarray  # float32 weights
    shape: tuple[int, int]

    @classmethod
    def from_csr(cls, matrix: sp.csr_matrix) -> Postings:
        if matrix.nnz < 1_000_000:
            # Small (a recent segment): renumber the columns in use first, so the transpose does
            # not walk the whole hash space.
            used, compact = np.unique(matrix.indices, return_inverse=True)
            csc = sp.csr_matrix(
                (matrix.data, compact, matrix.indptr), shape=(matrix.shape[0], len(used))
            ).tocsc()
        else:
            csc = matrix.tocsc()
            used = np.flatnonzero(np.diff(csc.indptr))
        csc.sort_indices()
        sizes = np.diff(csc.indptr)
        used_sizes = sizes[sizes > 0]
        indptr = np.zeros(len(used) + 1, dtype=np.int64)
        np.cumsum(used_sizes, out=indptr[1:])
        indices = csc.indices.astype(np.int32, copy=False)
        return cls(used.astype(np.int64), indptr, indices, csc.data, matrix.shape)

    def span(self, column: int) -> tuple[int, int]:
        at = int(np.searchsorted(self.columns, column))
        if at < len(self.columns) and self.columns[at] == column:
            return int(self.indptr[at]), int(self.indptr[at + 1])
        return 0, 0

    def holds(self, column: int, row: int) -> bool:
        start, end = self.span(column)
        at = start + int(np.searchsorted(self.indices[start:end], row))
        return at < end and self.indices[at] == row


def bm25_weights(counts: sp.csr_matrix, k1: float, b: float, statistics: Statistics) -> Postings:
    """BM25 term weights of a document-term count matrix, under a collection's statistics."""
    counts = counts.tocsr().astype(np.float32, copy=False)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    norm = (k1 * (1 - b + b * lengths / max(statistics.mean_length, 1e-9))).astype(np.float32)
    postings = Postings.from_csr(counts)
    del counts
    # In place, one temporary at a time: at a million sentences each array is ~100 MB.
    weights = postings.data.astype(np.float32, copy=False)  # term frequencies, term-major
    denominator = norm[postings.indices]
    denominator += weights
    weights *= k1 + 1
    weights /= denominator
    del denominator
    weights *= np.repeat(statistics.idf(postings.columns), np.diff(postings.indptr))
    return replace(postings, data=weights)


@dataclass(frozen=True)
class Index:
    """One segment: sentence and article BM25 matrices over hashed terms, and its corpus."""

    corpus: Corpus
    sentences: Postings  # rows: sentences, columns: hashed terms
    articles: Postings  # rows: articles, columns: hashed terms
    sentence_stats: Statistics  # of the whole collection this segment's weights were made with
    article_stats: Statistics
    words: dict[str, int]  # the words it holds as written (normalised), with counts: for typos
    stemmer: str

    def __len__(self) -> int:
        return len(self.corpus)

    def __repr__(self) -> str:
        return f"Index({len(self.corpus)} sentences, {len(self.corpus.articles)} articles)"

    def knows(self, column: int) -> bool:
        start, end = self.sentences.span(column)
        return end > start

    @cached_property
    def speller(self) -> Speller:
        """Typo correction over the segment's words (built before the segment serves). In a
        large collection a word seen once is as likely a typo itself as a correction."""
        return Speller(self.words.items(), min_count=2 if len(self.corpus) > 20_000 else 1)


def _hasher(analyzer: Analyzer, seen: Counter[str] | None = None) -> HashingVectorizer:
    def features(text: str) -> list[str]:
        words = tokens(text)
        if seen is not None:
            seen.update(words)
        word_terms = analyzer.word_terms
        return analyzer.with_pairs([term for word in words for term in word_terms(word)])

    return HashingVectorizer(
        analyzer=features,
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def hash_texts(analyzer: Analyzer, texts: Sequence[str]) -> tuple[sp.csr_matrix, Counter[str]]:
    """Term counts of `texts`, one row a text, and the words seen with their counts."""
    seen: Counter[str] = Counter()
    if not len(texts):
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32), seen
    return _hasher(analyzer, seen).transform(texts), seen


def _hash_in_parallel(analyzer: Analyzer, texts: list[str]) -> tuple[sp.csr_matrix, Counter[str]]:
    """hash_texts over a large corpus, split across the machine's cores."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(texts) < PARALLEL_FROM:
        return hash_texts(analyzer, texts)
    size = -(-len(texts) // workers)
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    # spawn, not fork: the bot rebuilds from a thread, and forking a threaded process can hang
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        parts = list(pool.map(hash_texts, [analyzer] * len(chunks), chunks))
    seen: Counter[str] = Counter()
    for _, words in parts:
        seen.update(words)
    return sp.vstack([counts for counts, _ in parts], format="csr"), seen


def build_index(corpus: Corpus, analyzer: Analyzer, base: Index | None = None) -> Index:
    """Index every sentence of `corpus` (its matchable part) and every article (title and
    sentences together). With `base`, weights use the base's statistics plus this corpus's, so
    the new segment's scores compare with the base's."""
    leads = corpus.leads.tolist()
    matchable = [text[lead:] for text, lead in zip(corpus.texts, leads, strict=True)]
    counts, seen = _hash_in_parallel(analyzer, matchable)
    del matchable
    # An article's vector: its sentences' counts summed, plus its title's terms.
    n_articles = len(corpus.articles)
    membership = sp.csr_matrix(
        (np.ones(len(corpus), dtype=np.float32), (corpus.article_of, np.arange(len(corpus)))),
        shape=(n_articles, len(corpus)),
    )
    titles, _ = hash_texts(analyzer, [a.title for a in corpus.articles])
    article_counts = (membership @ counts + titles).tocsr()
    del membership, titles
    sentence_stats, article_stats = count_statistics(counts), count_statistics(article_counts)
    if base is not None:
        sentence_stats = base.sentence_stats.plus(sentence_stats)
        article_stats = base.article_stats.plus(article_stats)
    sentences = bm25_weights(counts, SENTENCE_K1, SENTENCE_B, sentence_stats)
    del counts  # the largest array: gone before the articles' weights are made
    return Index(
        corpus=corpus,
        sentences=sentences,
        articles=bm25_weights(article_counts, ARTICLE_K1, ARTICLE_B, article_stats),
        sentence_stats=sentence_stats,
        article_stats=article_stats,
        words=dict(seen),
        stemmer=analyzer.stemmer,
    )


@dataclass(frozen=True)
class Collection:
    """What answers come from: the main segment, the recent one, and the main segment's articles
    that were removed or replaced since it was built (their rows no longer count)."""

    main: Index
    recent: Index | None = None
    hidden: frozenset[int] = field(default_factory=frozenset)  # article numbers in `main`

    @property
    def segments(self) -> list[Index]:
        return [self.main] if self.recent is None else [self.main, self.recent]

    def __len__(self) -> int:
        return sum(len(segment) for segment in self.segments)

    def correct(self, word: str) -> str | None:
        """The known word one typo away from `word`, from any segment (see Speller.correct)."""
        found = [guess for s in self.segments if (guess := s.speller.guess(word))]
        return min(found)[-1] if found else None

    def knows(self, term: str) -> bool:
        """Whether any sentence holds the index term `term`."""
        column = column_of(term)
        return any(segment.knows(column) for segment in self.segments)


def accumulate(
    matrix: Postings,
    columns: Sequence[int],
    boosts: Sequence[float],
    *,
    presence: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows that contain any of `columns`, with their summed (boosted) weights; with `presence`,
    each column counts its boost alone, whatever its weight in the row."""
    parts_rows, parts_weights = [], []
    for column, boost in zip(columns, boosts, strict=True):
        start, end = matrix.span(column)
        if start == end:
            continue
        parts_rows.append(matrix.indices[start:end])
        if presence:
            parts_weights.append(np.full(end - start, boost, dtype=np.float32))
        else:
            parts_weights.append(matrix.data[start:end] * boost)
    if not parts_rows:
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
    rows = np.concatenate(parts_rows)
    weights = np.concatenate(parts_weights)
    unique_rows, inverse = np.unique(rows, return_inverse=True)
    return unique_rows, np.bincount(inverse, weights=weights).astype(np.float32)
