"""Building an index segment: sentences and articles hashed to term counts by scikit-learn's
HashingVectorizer over the shared Analyzer, then weighted BM25-style (saturated term frequency,
length-normalised, idf-weighted) into term-major postings.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from bot.corpus import Corpus
from bot.index import Index
from bot.postings import N_FEATURES, Postings, Statistics, term_keys
from bot.text import Analyzer, tokens

# Sentences from which hashing is spread over the cores, by how the workers start. Forked workers
# start in milliseconds, but forking is safe only while the process runs a single thread (a lock
# another thread holds would stay held in the child); otherwise they are spawned, and each imports
# the code afresh, which on the 2-core benchmark machine only a few hundred thousand sentences win
# back. Measured: news (59,000) 2.0 s alone, 1.5 s forked; 200,000 spawned 7.4 s against 5.4 s
# alone; 1,000,000 spawned 17 s against 25 s alone.
PARALLEL_FROM = {"fork": 30_000, "spawn": 400_000}
# BM25 parameters for sentence-sized and article-sized documents, tuned on the dev sets. A word
# said twice in a sentence says little more than once: k1 0.3 (from 0.6, seventh session) gained a
# little on both halves of news, wiki and chat-blind, lost nothing (0.1-0.2 cost `chat`).
SENTENCE_K1, SENTENCE_B = 0.3, 0.3
ARTICLE_K1, ARTICLE_B = 1.2, 0.75


@dataclass(frozen=True)
class Frequencies:
    """A document-term count matrix, term-major, with each document's length."""

    postings: Postings  # term counts
    lengths: np.ndarray  # float32, terms per document

    @classmethod
    def from_counts(cls, counts: sp.csr_matrix) -> Frequencies:
        counts = counts.tocsr().astype(np.float32, copy=False)
        return cls(Postings.from_csr(counts), np.asarray(counts.sum(axis=1)).ravel())

    def statistics(self) -> Statistics:
        """The documents' own statistics: a column's postings are the documents holding it."""
        mean = float(self.lengths.mean()) if len(self.lengths) else 0.0
        df = np.diff(self.postings.indptr).astype(np.int32)
        return Statistics(len(self.lengths), mean, self.postings.columns, df)


def bm25_weights(frequencies: Frequencies, k1: float, b: float, statistics: Statistics) -> Postings:
    """BM25 term weights of term frequencies, under a collection's statistics. The counts are
    overwritten: at a million sentences each array is ~100 MB, so no copy is made."""
    postings, lengths = frequencies.postings, frequencies.lengths
    norm = (k1 * (1 - b + b * lengths / max(statistics.mean_length, 1e-9))).astype(np.float32)
    weights = postings.data  # term frequencies, term-major, float32
    denominator = norm[postings.indices]
    denominator += weights
    weights *= k1 + 1
    weights /= denominator
    del denominator
    weights *= np.repeat(statistics.idf(postings.columns), np.diff(postings.indptr))
    return postings


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a segment is built: the build makes millions of
    short-lived lists and strings that form no cycles, and every full collection on the way
    would walk all the objects already alive (the collection being served among them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _hasher(analyzer: Analyzer, seen: Counter[str] | None = None) -> HashingVectorizer:
    terms_of_tokens, with_pairs = analyzer.terms_of_tokens, analyzer.with_pairs
    count = seen.update if seen is not None else None

    def features(text: str) -> list[str]:
        words = tokens(text)
        if count is not None:
            count(words)
        return with_pairs(terms_of_tokens(words))

    return HashingVectorizer(
        analyzer=features,
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


class Hashed(NamedTuple):
    """What hash_texts gives: term counts, one row a text; the words seen, with their counts;
    and the term_keys of those words' terms (made where the words were stemmed: the analyzer's
    cache holds them there)."""

    counts: sp.csr_matrix
    words: Counter[str]
    keys: np.ndarray


def term_counts(
    analyzer: Analyzer, texts: Sequence[str], seen: Counter[str] | None = None
) -> sp.csr_matrix:
    """Term counts of `texts`, one row a text (the words seen counted into `seen`, if given)."""
    if not len(texts):
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    with collector_paused():  # also in the worker processes
        return _hasher(analyzer, seen).transform(texts)


def hash_texts(analyzer: Analyzer, texts: Sequence[str]) -> Hashed:
    """Term counts of `texts`, the words seen and their terms' keys (see Hashed)."""
    seen: Counter[str] = Counter()
    counts = term_counts(analyzer, texts, seen)
    return Hashed(counts, seen, term_keys(chain.from_iterable(map(analyzer.word_terms, seen))))


def _start_method() -> str:
    """How worker processes can start here: forked when no other thread runs, else spawned."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _hash_in_parallel(analyzer: Analyzer, texts: list[str]) -> Hashed:
    """hash_texts over a large corpus, split across the machine's cores."""
    workers = min(os.cpu_count() or 1, 8)
    method = _start_method()
    if workers < 2 or len(texts) < PARALLEL_FROM[method]:
        return hash_texts(analyzer, texts)
    size = -(-len(texts) // workers)
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        parts = list(pool.map(hash_texts, [analyzer] * len(chunks), chunks))
    seen: Counter[str] = Counter()
    for part in parts:
        seen.update(part.words)
    counts = sp.vstack([part.counts for part in parts], format="csr")
    return Hashed(counts, seen, np.unique(np.concatenate([part.keys for part in parts])))


def article_counts(counts: sp.csr_matrix, article_of: np.ndarray, n_articles: int) -> sp.csr_matrix:
    """Each article's term counts: the sum of its sentences' rows."""
    if np.all(article_of[1:] >= article_of[:-1]):
        # Sentences come article by article: an article's rows are contiguous, so its vector is
        # those rows read as one row, with the repeated columns added up.
        bounds = np.searchsorted(article_of, np.arange(n_articles + 1))
        summed = sp.csr_matrix(
            (counts.data.copy(), counts.indices.copy(), counts.indptr[bounds]),
            shape=(n_articles, counts.shape[1]),
        )
        summed.sum_duplicates()
        return summed
    membership = sp.csr_matrix(
        (np.ones(len(article_of), dtype=np.float32), (article_of, np.arange(len(article_of)))),
        shape=(n_articles, len(article_of)),
    )
    return (membership @ counts).tocsr()


def build_index(corpus: Corpus, analyzer: Analyzer, base: Index | None = None) -> Index:
    """Index every sentence of `corpus` (its matchable part) and every article (title and
    sentences together). With `base`, weights use the base's statistics plus this corpus's, so
    the new segment's scores compare with the base's."""
    with collector_paused():
        leads = corpus.leads.tolist()
        matchable = [text[lead:] for text, lead in zip(corpus.texts, leads, strict=True)]
        counts, seen, keys = _hash_in_parallel(analyzer, matchable)
        del matchable
        # An article's vector: its sentences' counts summed, plus its title's terms.
        titles = term_counts(analyzer, [a.title for a in corpus.articles])
        per_article = article_counts(counts, corpus.article_of, len(corpus.articles)) + titles
        del titles
        sentence_tf = Frequencies.from_counts(counts)
        del counts  # the largest array: gone before the articles' are made
        article_tf = Frequencies.from_counts(per_article)
        del per_article
        sentence_stats, article_stats = sentence_tf.statistics(), article_tf.statistics()
        if base is not None:
            sentence_stats = base.sentence_stats.plus(sentence_stats)
            article_stats = base.article_stats.plus(article_stats)
        return Index(
            corpus=corpus,
            sentences=bm25_weights(sentence_tf, SENTENCE_K1, SENTENCE_B, sentence_stats),
            articles=bm25_weights(article_tf, ARTICLE_K1, ARTICLE_B, article_stats),
            sentence_stats=sentence_stats,
            article_stats=article_stats,
            words=dict(seen),
            keys=keys,
            stemmer=analyzer.stemmer,
            typed=analyzer.typed_words,
        )
