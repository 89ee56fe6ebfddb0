"""The TF-IDF index: BM25-weighted sentence and article vectors, stored term-major.

Counts come from scikit-learn's CountVectorizer driven by the shared Analyzer; the weights are the
BM25 family (saturated term frequency, length-normalised, idf-weighted). Both matrices are kept in
CSC layout, so a question touches only the columns (postings) of its own terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from bot.spelling import Speller
from bot.store import ArticleInfo, SentenceRow
from bot.text import Analyzer

# BM25 parameters for sentence-sized and article-sized documents.
SENTENCE_K1, SENTENCE_B = 0.8, 0.5
ARTICLE_K1, ARTICLE_B = 1.2, 0.75


@dataclass(frozen=True)
class Corpus:
    """What the answering path needs in memory about every sentence and article."""

    sentence_ids: np.ndarray  # int64, database ids, one per row
    texts: list[str]
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


def bm25_weights(counts: sp.csr_matrix, k1: float, b: float) -> tuple[sp.csc_matrix, np.ndarray]:
    """BM25 term weights of a document-term count matrix, and the idf of each term."""
    counts = counts.tocsr().astype(np.float32)
    n_docs = counts.shape[0]
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    average = lengths.mean() if n_docs and lengths.mean() > 0 else 1.0
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = (k1 * (1 - b + b * lengths / average)).astype(np.float32)
    row_norm = np.repeat(norm, np.diff(counts.indptr))
    tf = counts.data
    counts.data = (tf * (k1 + 1) / (tf + row_norm)) * idf[counts.indices]
    weights = counts.tocsc()
    weights.sort_indices()  # coverage() looks rows up by binary search
    return weights, idf


@dataclass(frozen=True)
class Index:
    """Sentence and article BM25 matrices over one vocabulary, plus the corpus they describe."""

    corpus: Corpus
    vocabulary: dict[str, int]
    sentences: sp.csc_matrix  # rows: sentences, columns: terms
    articles: sp.csc_matrix  # rows: articles, columns: terms
    idf: np.ndarray
    stemmer: str

    def __len__(self) -> int:
        return len(self.corpus)

    @cached_property
    def speller(self) -> Speller:
        """Typo correction over the index's single-word terms, built when first needed."""
        df = np.diff(self.sentences.indptr)
        return Speller((term, int(df[col])) for term, col in self.vocabulary.items())


def build_index(corpus: Corpus, analyzer: Analyzer) -> Index:
    """Index every sentence of `corpus` (its matchable part) and every article (title and
    sentences together)."""
    vectorizer = CountVectorizer(analyzer=analyzer.features, dtype=np.float32)
    matchable = [
        text[lead:] for text, lead in zip(corpus.texts, corpus.leads.tolist(), strict=True)
    ]
    if matchable:
        counts = vectorizer.fit_transform(matchable)
        vocabulary = {term: int(col) for term, col in vectorizer.vocabulary_.items()}
    else:
        counts, vocabulary = sp.csr_matrix((0, 0), dtype=np.float32), {}
    sentences, idf = bm25_weights(counts, SENTENCE_K1, SENTENCE_B)
    # An article's vector: its sentences' counts summed, plus its title's terms.
    n_articles = len(corpus.articles)
    membership = sp.csr_matrix(
        (np.ones(len(corpus), dtype=np.float32), (corpus.article_of, np.arange(len(corpus)))),
        shape=(n_articles, len(corpus)),
    )
    article_counts = membership @ counts.tocsr() if len(corpus) else sp.csr_matrix((n_articles, 0))
    titles = CountVectorizer(analyzer=analyzer.features, vocabulary=vocabulary, dtype=np.float32)
    if vocabulary and n_articles:
        article_counts = article_counts + titles.transform([a.title for a in corpus.articles])
    articles, _ = bm25_weights(article_counts, ARTICLE_K1, ARTICLE_B)
    return Index(corpus, vocabulary, sentences, articles, idf, analyzer.stemmer)


def accumulate(
    matrix: sp.csc_matrix,
    columns: Sequence[int],
    boosts: Sequence[float],
    *,
    presence: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows that contain any of `columns`, with their summed (boosted) weights; with `presence`,
    each column counts its boost alone, whatever its weight in the row."""
    if not columns:
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
    parts_rows, parts_weights = [], []
    for column, boost in zip(columns, boosts, strict=True):
        start, end = matrix.indptr[column], matrix.indptr[column + 1]
        parts_rows.append(matrix.indices[start:end])
        if presence:
            parts_weights.append(np.full(end - start, boost, dtype=np.float32))
        else:
            parts_weights.append(matrix.data[start:end] * boost)
    rows = np.concatenate(parts_rows)
    weights = np.concatenate(parts_weights)
    unique_rows, inverse = np.unique(rows, return_inverse=True)
    return unique_rows, np.bincount(inverse, weights=weights).astype(np.float32)
