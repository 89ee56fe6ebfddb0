"""The index as it serves: a segment (`Index`: the sentence and article postings of
`bot.postings` with their corpus, words and term keys) and the collection answers come from.

A collection is one large segment and, beside it, a small one for the articles added since; the
small one is weighted with the large one's statistics, so the scores of the two compare.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np

from bot.corpus import Corpus
from bot.postings import Postings, Statistics, locate, term_key
from bot.spelling import OTHER_LETTER, Speller
from bot.text import normalise, written_words


@dataclass(frozen=True)
class Index:
    """One segment: sentence and article BM25 matrices over hashed terms, and its corpus."""

    corpus: Corpus
    sentences: Postings  # rows: sentences, columns: hashed terms
    articles: Postings  # rows: articles, columns: hashed terms
    sentence_stats: Statistics  # of the whole collection this segment's weights were made with
    article_stats: Statistics
    words: dict[str, int]  # the words it holds as written (normalised), with counts: for typos
    # term_keys of those words' terms: a term hashed to a column another term fills is not there
    keys: np.ndarray
    stemmer: str
    # words users type that the analyzer reads otherwise (Analyzer.typed_words), with the terms
    # they read to: typos may stand for them too when the segment holds those terms (not stored:
    # given by whoever builds or loads the segment; see Speller)
    typed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.corpus)

    def __repr__(self) -> str:
        return f"Index({len(self.corpus)} sentences, {len(self.corpus.articles)} articles)"

    @cached_property
    def speller(self) -> Speller:
        """Typo and vowel-less spelling correction over the segment's words and the words users
        type (`typed`; built before the segment serves) whose every term the segment holds: one
        whose reading finds nothing here is no likelier than any other string ("kalbar",
        Kalimantan Barat, in a collection without Kalimantan, had "kabar" read as it). In a large
        collection a word seen once is as likely a typo itself as a correction."""
        min_count = 2 if len(self.corpus) > 20_000 else 1
        return Speller(self.words.items(), min_count, self._readable())

    def _readable(self) -> list[str]:
        """The words of `typed` whose every term the segment holds."""
        terms = sorted({term for word_terms in self.typed.values() for term in word_terms})
        held = dict(zip(terms, self.has_terms(terms).tolist(), strict=True))
        return [word for word, word_terms in self.typed.items() if all(map(held.get, word_terms))]

    def has_terms(self, terms: Sequence[str]) -> np.ndarray:
        """Whether a word of the segment has each of the single `terms` (see
        Collection.has_terms)."""
        if not len(self.keys) or not terms:
            return np.zeros(len(terms), dtype=bool)
        _, absent = locate(self.keys, np.fromiter(map(term_key, terms), np.uint64, len(terms)))
        return ~absent

    @cached_property
    def names(self) -> frozenset[str]:
        """The words (normalised) its sentences write capitalised past their first word, as
        names. Reads every sentence once: asked of small collections only (see
        bot.reading._mistyped_name)."""
        return frozenset(
            normalise(word)
            for text in self.corpus.texts
            for word in written_words(text)[1:]
            if word[:1].isupper()
        )


class Candidate(NamedTuple):
    """A sentence in the running: its segment, its row there, and its score (a tuple: a
    question makes dozens)."""

    segment: Index
    row: int
    score: float


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

    @property
    def sentence_stats(self) -> Statistics:
        """The whole collection's sentence statistics (the recent segment's include the main's)."""
        return (self.recent or self.main).sentence_stats

    def correct(
        self,
        word: str,
        *,
        known: bool = False,
        prefer: Callable[[str], float] | None = None,
        mistyped: Callable[[str, str], bool] | None = None,
    ) -> str | None:
        """The known word `word` stands for (one a segment holds, or one users type, see
        Index.typed), written without some vowels or one typo away, from any segment; for a
        `known` word, another word it may stand for (see Speller.correct); with `mistyped`, a word
        a consonant, a letter too many or a changed letter apart only when mistyped(word, it)
        holds. Among corrections of the likeliest kind, the one `prefer` scores highest (the
        question's context), else the most frequent."""
        found = [guess for s in self.segments for guess in s.speller.guesses(word, known=known)]
        if mistyped is not None:
            found = [g for g in found if g[0] < OTHER_LETTER or mistyped(word, g[-1])]
        if not found:
            return None
        best = min(found)
        if prefer is None:
            return best[-1]
        likeliest = sorted({guess for guess in found if guess[0] == best[0]})
        if len(likeliest) == 1:
            return best[-1]
        return max(likeliest, key=lambda guess: prefer(guess[-1]))[-1]

    def has_terms(self, terms: Sequence[str]) -> np.ndarray:
        """Whether a word of the collection has each of the single `terms`. A column's statistics
        cannot tell: hashed, a term no article writes may share a column with one that is
        written ("undinng", a typo, with a term of five sentences). The articles removed or
        replaced since the main segment was built still count, as in `written`."""
        found = np.zeros(len(terms), dtype=bool)
        for segment in self.segments:
            found |= segment.has_terms(terms)
        return found

    def written(self, word: str) -> int:
        """How many times the collection writes `word` (normalised), over its segments (the
        articles removed or replaced since the main segment was built still count, until the next
        rebuild, as in its statistics)."""
        return sum(segment.words.get(word, 0) for segment in self.segments)

    def writes_as_name(self, word: str) -> bool:
        """Whether a sentence writes `word` (normalised) capitalised past its first word, as a
        name (see Index.names; the articles removed since a rebuild still count, as in
        `written`)."""
        return any(word in segment.names for segment in self.segments)

    def known(self, columns: Sequence[int]) -> np.ndarray:
        """Whether any sentence holds each of `columns`."""
        found = self.main.sentences.has(columns)
        if self.recent is not None:
            found |= self.recent.sentences.has(columns)
        return found
