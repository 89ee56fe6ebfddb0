"""Choosing between corrections of a typo that are equally likely as edits ("psatnya": "pusatnya"
or "pesatnya"? "sunami": "tsunami" or "suami"?) by the question's other words: the reading an
article holding the question's words also holds."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from bot.index import Collection, Index
from bot.postings import accumulate, column_of
from bot.text import Analyzer

# The question's rarest known words weighed as context: they name its story; frequent ones
# ("tahun", "kata") are in too many articles to choose, and would read long postings.
CONTEXT_WORDS = 4


def context_scorer(
    collection: Collection, analyzer: Analyzer, others: Sequence[str], frequency: dict[str, int]
) -> Callable[[str], float]:
    """How well a word goes with `others` (the question's other known terms, `frequency`: in how
    many sentences each is): the most that one article holding it (not a removed one) holds of
    the rarest CONTEXT_WORDS of them, in summed article weights. A word that reads to no terms
    (a stop word) fits any question. The articles are read at the first word scored."""
    rarest = sorted(dict.fromkeys(others), key=lambda term: (frequency[term], term))
    columns = [column_of(term) for term in rarest[:CONTEXT_WORDS]]
    read: list[tuple[Index, np.ndarray, np.ndarray]] = []

    def score(word: str) -> float:
        terms = analyzer.word_terms(word)
        if not terms:
            return math.inf
        if not columns:
            return 0.0
        if not read:
            read.extend(_articles(collection, columns))
        best = 0.0
        for term in terms:
            for segment, rows, scores in read:
                [together] = segment.articles.held_by([column_of(term)], rows)
                if together.any():
                    best = max(best, float(scores[together].max()))
        return best

    return score


def _articles(
    collection: Collection, columns: list[int]
) -> list[tuple[Index, np.ndarray, np.ndarray]]:
    """Each segment's articles holding any of `columns`, with their summed weights of them."""
    found = []
    for segment in collection.segments:
        sums = accumulate(segment.articles, columns, [1.0] * len(columns))
        rows, scores = sums.rows, sums.scores
        if segment is collection.main and collection.hidden:
            kept = ~np.isin(rows, list(collection.hidden))
            rows, scores = rows[kept], scores[kept]
        found.append((segment, rows, scores))
    return found
