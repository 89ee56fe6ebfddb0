"""Ranking: a parsed question (bot/question.py) against the index, the best sentences made into
passages (bot/passages.py), or none when the collection does not answer the question."""

from __future__ import annotations

from dataclasses import dataclass, replace
from operator import attrgetter

import numpy as np

from bot.corpus import Corpus
from bot.cues import answer_type
from bot.index import Candidate, Collection, Index
from bot.models import Answer
from bot.offers import offers
from bot.passages import passages_of
from bot.postings import FLAG_BITS, Postings, accumulate
from bot.question import Query, parse_question
from bot.text import Analyzer


@dataclass(frozen=True)
class Weights:
    """How the evidence is combined; tuned on the evalpack dev sets only."""

    article: float = 3.0  # share of the article's score added to its sentences
    # best sentences of each segment taken to the re-ranking (the passages asked for, when more)
    candidates: int = 30
    # "not found" when the best sentence holds less than this share of the question's idf mass
    # and its article less than that one
    min_coverage: float = 0.2
    min_article_coverage: float = 0.5
    cue: float = 0.4  # bonus for a sentence holding the kind of answer asked for
    # how many of the best candidates the cue is checked on (15 and 30 gave the same dev figures;
    # each check reads a sentence, so fewer is faster)
    cue_depth: int = 15
    bigram: float = 0.3  # weight of a pair of neighbouring terms against a single term
    opening: float = 0.015  # bonus for an article's first sentence, where leads define and sum up
    typo: float = 0.8  # weight of a known term standing in for a question word one typo away
    # A name the question writes capitalised ("Gamawan Fauzi", "PSSI") picks the article more than
    # the sentence: the answering sentence often says "he" or "the party" where its neighbours
    # name it. Its weight in the sentence score and in the article score:
    name_sentence: float = 0.4
    name_article: float = 1.25
    # Within an article the story's own words (its names, its topic) are in many sentences; the
    # one that answers holds the question's other words too. Among the best `specific_depth`
    # candidates, each is raised by the question's idf mass it holds, each word's mass shared
    # among the candidates of its article that hold the word (so a lone candidate of its article
    # keeps all of it: the bonus moves sentences between articles too, which is where news gains)
    specific: float = 0.15
    specific_depth: int = 30
    # A question word in the article's title picks the article (its score holds the title); among
    # that article's candidates the answer is the one holding the question's other words. A
    # candidate is lowered by how much more of the question's idf mass it holds in title words
    # than its article's other candidates do, this many times over.
    title: float = 0.15

    def without_threshold(self) -> Weights:
        """The same weights with the "not found" rule switched off."""
        return replace(self, min_coverage=0.0)


DEFAULT_WEIGHTS = Weights()


def coverage(query: Query, row: int, index: Index) -> float:
    """The share of the question's idf mass that sentence `row` holds."""
    return _held(query, index.sentences, row)


def article_coverage(query: Query, row: int, index: Index) -> float:
    """The share of the question's idf mass that the article of sentence `row` holds."""
    return _held(query, index.articles, int(index.corpus.article_of[row]))


def _held(query: Query, postings: Postings, row: int) -> float:
    if query.total_weight <= 0:
        return 0.0
    held = postings.holds([column for column, _ in query.single], row).tolist()
    return sum(mass for (_, mass), holds in zip(query.single, held, strict=True) if holds) / (
        query.total_weight
    )


def unanswered(query: Query, best: Candidate, weights: Weights) -> bool:
    """Whether the collection does not answer the question: its best sentence holds too little of
    the question's idf mass, and so does that sentence's article. (The sentence alone is not
    enough: an answering sentence often leaves the question's other words to its neighbours.)"""
    return (
        coverage(query, best.row, best.segment) < weights.min_coverage
        and article_coverage(query, best.row, best.segment) < weights.min_article_coverage
    )


_SCORE = attrgetter("score")


def score_segment(
    query: Query,
    index: Index,
    weights: Weights,
    hidden: frozenset[int] = frozenset(),
    analyzer: Analyzer | None = None,
) -> list[Candidate]:
    """The segment's best sentences for the query: sentence score plus a share of its article's,
    the best compared with their article's other candidates (the titles read with `analyzer`)."""
    rows, scores, holds = accumulate(
        index.sentences,
        query.columns,
        query.boosts_with_names(weights.name_sentence),
        flags=query.flags or None,
    )
    if not len(rows):
        return []
    corpus = index.corpus
    if hidden:
        keep = ~np.isin(corpus.article_of[rows], list(hidden))
        rows, scores = rows[keep], scores[keep]
        if holds is not None:
            holds = holds[keep]
    if weights.article and len(rows):
        art_rows, art_scores, _ = accumulate(
            index.articles, query.columns, query.boosts_with_names(weights.name_article)
        )
        article_score = np.zeros(len(corpus.articles), dtype=np.float32)
        article_score[art_rows] = art_scores
        scores = scores + weights.article * article_score[corpus.article_of[rows]]
    if weights.opening and len(rows):
        scores = scores * (1 + weights.opening * corpus.opening[rows])
    best = _best(scores, weights.candidates)
    if holds is not None and query.single and (weights.specific or weights.title):
        top = best[: weights.specific_depth]
        articles = corpus.article_of[rows[top]]
        in_title = None
        if weights.title and analyzer is not None:
            in_title = _in_titles(query, corpus, articles, analyzer)
        scores[top] *= within_article(query, articles, holds[top], in_title, weights)
        best = best[np.argsort(-scores[best], kind="stable")]  # a lowered one may fall past top
    return [
        Candidate(index, row, score)
        for row, score in zip(rows[best].tolist(), scores[best].tolist(), strict=True)
    ]


def _best(scores: np.ndarray, n: int) -> np.ndarray:
    """Where the `n` highest of `scores` are, highest first; of equal scores (a sentence repeated
    in a copied article) the earlier row, of the article stored first. Most rows hold only a
    frequent word of a weak article: when `n` rows reach an eighth of the top score (nine
    questions in ten), only those are partitioned."""
    if n <= 0 or not len(scores):
        return np.arange(0)
    best = np.flatnonzero(scores >= scores.max() / 8)
    if len(best) < n:
        best = np.arange(len(scores))
    if len(best) > n:
        high = scores[best]
        nth = np.partition(high, len(high) - n)[len(high) - n]  # the n-th highest
        best = best[high >= nth]  # with every row tied with it
    return best[np.lexsort((best, -scores[best]))][:n]


def rank(
    query: Query,
    collection: Collection,
    weights: Weights,
    analyzer: Analyzer | None = None,
) -> list[Candidate]:
    """Candidates from every segment, best first, those holding the kind of answer asked for
    ("siapa" -> a name, "berapa" -> a number, ...) raised among the best (with `analyzer`, its
    lexicon reads chat spellings of question words, and titles count; see Weights.title)."""
    lexicon = analyzer.lexicon if analyzer else None
    candidates = score_segment(query, collection.main, weights, collection.hidden, analyzer)
    if collection.recent is not None:
        candidates += score_segment(query, collection.recent, weights, analyzer=analyzer)
        candidates.sort(key=_SCORE, reverse=True)  # stable: ties keep their order
    kind = answer_type(query.reading or query.text, lexicon) if weights.cue else None
    if kind:
        # what the question already holds, as typed and as read ("pety" is Petty's name)
        known = query.text if query.reading == query.text else f"{query.text} {query.reading}"
        for i, c in enumerate(candidates[: weights.cue_depth]):
            text = c.segment.corpus.texts[c.row][c.segment.corpus.leads[c.row] :]
            if offers(kind, text, known):
                candidates[i] = c._replace(score=c.score * (1 + weights.cue))
        candidates.sort(key=_SCORE, reverse=True)  # stable: ties keep their order
    return candidates


def within_article(
    query: Query,
    article: np.ndarray,
    holds: np.ndarray,
    in_title: np.ndarray | None,
    weights: Weights,
) -> np.ndarray:
    """What each of the best candidates' scores is multiplied by. `article`: each candidate's
    article; `holds`: its sum of Query.flags; `in_title`: whether each single term (a row) is in
    the title of each candidate's article (a column), or None. Raised by the share of the
    question's idf mass it holds, each term's share divided among the candidates of its article
    holding it (Weights.specific); lowered by how much more of that mass it holds in title words
    than its article's candidates on average (Weights.title)."""
    factor = np.ones(len(holds), dtype=np.float32)
    if query.total_weight <= 0:
        return factor
    n = min(len(query.single), FLAG_BITS)
    bits = np.arange(n, dtype=np.uint64)[:, None]
    held = (holds.astype(np.uint64) >> bits & 1).astype(np.float32)  # a row per single term
    mass = np.asarray([m for _, m in query.single[:n]], dtype=np.float32) / query.total_weight
    same = (article[:, None] == article[None, :]).astype(np.float32)
    if weights.specific:
        sharing = held @ same  # each term's holders in the same article
        factor += weights.specific * (mass @ (held / np.maximum(sharing, 1)))
    if weights.title and in_title is not None:
        titled = mass @ (held * in_title)
        factor *= 1 - weights.title * (titled - (titled @ same) / same.sum(axis=0))
    return factor


def _in_titles(
    query: Query, corpus: Corpus, article: np.ndarray, analyzer: Analyzer
) -> np.ndarray | None:
    """Whether each of the question's single terms (a row) is in the title of each article of
    `article` (a column); None when no title holds any."""
    terms = query.single_terms[:FLAG_BITS]
    wanted = set(terms)
    numbers = article.tolist()
    at: dict[int, int] = {}
    rows = [[False] * len(terms)]  # row 0: a title holding none of them
    for number in dict.fromkeys(numbers):
        title = corpus.title_terms(number, analyzer)
        if not wanted.isdisjoint(title):
            at[number] = len(rows)
            rows.append([term in title for term in terms])
    if not at:
        return None
    return np.asarray(rows, dtype=np.float32)[[at.get(number, 0) for number in numbers]].T


def search(
    question: str,
    collection: Collection,
    analyzer: Analyzer,
    *,
    k: int = 3,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Answer:
    """The best `k` passages for `question`; none when nothing answers it well enough."""
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    query = parse_question(question, collection, analyzer, weights.bigram, weights.typo)
    if k > weights.candidates:
        weights = replace(weights, candidates=k)
    reading = query.as_read()
    candidates = rank(query, collection, weights, analyzer)
    if not candidates or unanswered(query, candidates[0], weights):
        return Answer(question, reading=reading)
    return Answer(question, passages_of(query, candidates, k, analyzer), reading)
