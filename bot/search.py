"""Ranking: a question against the index, giving passages (matched sentence, context, score)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from bot.cues import answer_type, offers
from bot.index import Index, accumulate
from bot.models import Answer, Passage
from bot.spelling import colloquial_forms
from bot.text import Analyzer, normalise, tokens

_WORD = re.compile(r"\d+(?:[.,:/]\d+)*|[^\W_]+(?:-[^\W_]+)*")


@dataclass(frozen=True)
class Weights:
    """How the evidence is combined; tuned on the evalpack dev sets only."""

    article: float = 2.0  # share of the article's score added to its sentences
    neighbour: float = 0.0  # share of the neighbouring sentences' scores
    candidates: int = 200  # sentences re-ranked after the first pass
    min_coverage: float = 0.3  # best sentence holds less of the question's idf mass: "not found"
    cue: float = 0.4  # bonus for a sentence holding the kind of answer asked for
    cue_depth: int = 30  # how many of the best candidates the cue is checked on
    bigram: float = 0.3  # weight of a pair of neighbouring terms against a single term
    typo: float = 0.8  # weight of a known term standing in for a question word one typo away
    coverage: float = 0.0  # weight of the share of the question's idf mass found in the article

    def without_threshold(self) -> Weights:
        """The same weights with the "not found" rule switched off."""
        return replace(self, min_coverage=0.0)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Query:
    """A question turned into weighted terms."""

    text: str
    columns: tuple[int, ...]
    boosts: tuple[float, ...]
    terms: tuple[str, ...]  # every term of the question, also those the index does not know
    total_weight: float  # idf mass of all the question's single terms, known or not
    single: tuple[tuple[int, float], ...] = ()  # (column, idf mass) of the known single terms


def question_terms(question: str, index: Index, analyzer: Analyzer) -> list[str]:
    """The question's terms, with colloquial verbs ("diadain") replaced by the standard forms the
    index knows ("diadakan"), when it knows them."""
    terms: list[str] = []
    for token in tokens(question):
        found = analyzer.word_terms(token)
        if found and not any(term in index.vocabulary for term in found):
            for form in colloquial_forms(token):
                standard = analyzer.word_terms(form)
                if standard and all(term in index.vocabulary for term in standard):
                    found = standard
                    break
        terms.extend(found)
    return terms


def parse_question(
    question: str,
    index: Index,
    analyzer: Analyzer,
    bigram_weight: float = 1.0,
    typo_weight: float = 0.0,
) -> Query:
    """The question's terms that the index knows, with their repeat counts as boosts; an unknown
    word one typo away from a known term stands in for it at `typo_weight`."""
    counts = Counter(analyzer.with_pairs(question_terms(question, index, analyzer)))
    columns, boosts, single = [], [], []
    total = 0.0
    max_idf = float(index.idf.max()) if len(index.idf) else 1.0
    for term, count in counts.items():
        column, boost = index.vocabulary.get(term), float(count)
        if column is None and " " not in term and typo_weight:
            correction = index.speller.correct(term)
            column = index.vocabulary.get(correction) if correction else None
            boost *= typo_weight
        if column is None:
            total += 0.0 if " " in term else max_idf
            continue
        columns.append(column)
        boosts.append(boost * (bigram_weight if " " in term else 1.0))
        if " " not in term:
            mass = float(index.idf[column]) * min(boost, 1.0)
            single.append((column, mass))
            total += mass
    return Query(question, tuple(columns), tuple(boosts), tuple(counts), total, tuple(single))


def coverage(query: Query, row: int, index: Index) -> float:
    """The share of the question's idf mass that sentence `row` holds: a question whose best
    sentence holds too little of it is not answered by the collection."""
    if query.total_weight <= 0:
        return 0.0
    matrix = index.sentences
    held = 0.0
    for column, mass in query.single:
        start, end = matrix.indptr[column], matrix.indptr[column + 1]
        at = np.searchsorted(matrix.indices[start:end], row)
        if start + at < end and matrix.indices[start + at] == row:
            held += mass
    return held / query.total_weight


def score_sentences(
    query: Query, index: Index, weights: Weights, slang: Mapping[str, str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate sentence rows and their combined scores, best first."""
    rows, scores = accumulate(index.sentences, query.columns, query.boosts)
    if not len(rows):
        return rows, scores
    corpus = index.corpus
    if weights.article:
        art_rows, art_scores = accumulate(index.articles, query.columns, query.boosts)
        article_score = np.zeros(len(corpus.articles), dtype=np.float32)
        article_score[art_rows] = art_scores
        scores = scores + weights.article * article_score[corpus.article_of[rows]]
    if weights.coverage:
        idf = index.idf[list(query.columns)] if query.columns else np.empty(0)
        art_rows, art_mass = accumulate(index.articles, query.columns, idf.tolist(), presence=True)
        share = np.zeros(len(corpus.articles), dtype=np.float32)
        share[art_rows] = art_mass / max(query.total_weight, 1e-9)
        scores = scores * (1 + weights.coverage * share[corpus.article_of[rows]])
    if weights.neighbour:
        lookup = dict(zip(rows.tolist(), scores.tolist(), strict=True))
        bonus = np.zeros_like(scores)
        for i, row in enumerate(rows.tolist()):
            for other in (row - 1, row + 1):
                if (
                    other in lookup
                    and corpus.article_of[other] == corpus.article_of[row]
                    and corpus.paragraph[other] == corpus.paragraph[row]
                ):
                    bonus[i] = max(bonus[i], lookup[other])
        scores = scores + weights.neighbour * bonus
    order = np.argsort(-scores, kind="stable")[: weights.candidates]
    rows, scores = rows[order], scores[order]
    kind = answer_type(query.text, slang) if weights.cue else None
    if kind:
        depth = min(weights.cue_depth, len(rows))
        for i in range(depth):
            row = int(rows[i])
            if offers(kind, corpus.texts[row][corpus.leads[row] :], query.text):
                scores[i] *= 1 + weights.cue
        order = np.argsort(-scores, kind="stable")
        rows, scores = rows[order], scores[order]
    return rows, scores


def matched_words(text: str, terms: set[str], analyzer: Analyzer) -> tuple[str, ...]:
    """Words of `text`, as written, whose index terms are among the question's terms."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        if set(analyzer.word_terms(normalise(word))) & terms:
            found.append(word)
    return tuple(dict.fromkeys(found))


def context_of(row: int, index: Index) -> str:
    """The sentence with its neighbours in the same paragraph."""
    corpus = index.corpus
    rows = [row]
    for other in (row - 1, row + 1):
        if (
            0 <= other < len(corpus)
            and corpus.article_of[other] == corpus.article_of[row]
            and corpus.paragraph[other] == corpus.paragraph[row]
        ):
            rows.append(other)
    return " ".join(corpus.texts[r] for r in sorted(rows))


def search(
    question: str,
    index: Index,
    analyzer: Analyzer,
    *,
    k: int = 3,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Answer:
    """The best `k` passages for `question`; none when nothing answers it well enough."""
    query = parse_question(question, index, analyzer, weights.bigram, weights.typo)
    rows, scores = score_sentences(query, index, weights, analyzer.lexicon.slang)
    if not len(rows) or coverage(query, int(rows[0]), index) < weights.min_coverage:
        return Answer(question)
    terms = set(query.terms)
    corpus = index.corpus
    passages: list[Passage] = []
    seen: set[str] = set()
    for row, score in zip(rows.tolist(), scores.tolist(), strict=True):
        text = corpus.texts[row]
        key = " ".join(tokens(text))
        if key in seen:
            continue
        seen.add(key)
        info = corpus.articles[corpus.article_of[row]]
        passages.append(
            Passage(
                article_id=info.id,
                title=info.title,
                source=info.source,
                url=info.url,
                sentence=text,
                context=context_of(row, index),
                score=round(float(score), 4),
                sentence_id=int(corpus.sentence_ids[row]),
                matched=matched_words(text[corpus.leads[row] :], terms, analyzer),
            )
        )
        if len(passages) == k:
            break
    return Answer(question, tuple(passages))
