"""What the answering path keeps in memory about every sentence and article of a segment: the
sentences' texts, datelines, articles and paragraphs, row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from bot.store import ArticleInfo, SentenceColumns, SentenceRow

if TYPE_CHECKING:
    from bot.text import Analyzer


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
        rows = list(rows)
        columns = SentenceColumns(
            ids=[row.id for row in rows],
            article_ids=[row.article_id for row in rows],
            paragraphs=[row.paragraph for row in rows],
            texts=[row.text for row in rows],
            leads=[row.lead for row in rows],
        )
        return cls.from_columns(columns, articles)

    @classmethod
    def from_columns(cls, columns: SentenceColumns, articles: Sequence[ArticleInfo]) -> Corpus:
        """The corpus of `articles`: their sentences among `columns`, in the order given."""
        number = {info.id: i for i, info in enumerate(articles)}
        article_of = np.fromiter(
            (number.get(id, -1) for id in columns.article_ids), np.int32, len(columns.ids)
        )
        kept = np.flatnonzero(article_of >= 0)
        if len(kept) == len(article_of):
            texts = columns.texts
        else:
            texts = [columns.texts[i] for i in kept.tolist()]
        return cls(
            sentence_ids=np.asarray(columns.ids, dtype=np.int64)[kept],
            texts=texts,
            leads=np.asarray(columns.leads, dtype=np.int32)[kept],
            article_of=article_of[kept],
            paragraph=np.asarray(columns.paragraphs, dtype=np.int32)[kept],
            articles=list(articles),
        )

    @cached_property
    def opening(self) -> np.ndarray:
        """Whether each row is its article's first sentence."""
        first = np.ones(len(self.article_of), dtype=bool)
        np.not_equal(self.article_of[1:], self.article_of[:-1], out=first[1:])
        return first

    @cached_property
    def first_row(self) -> np.ndarray:
        """Each article's first row (-1 for an article without rows)."""
        rows = np.flatnonzero(self.opening)
        first = np.full(len(self.articles), -1, dtype=np.int64)
        first[self.article_of[rows]] = rows
        return first

    def dateline_terms(self, article: int, analyzer: Analyzer) -> frozenset[str]:
        """The terms of the dateline ("JAKARTA, KOMPAS.com -") the article opens with: shown with
        its first sentence, not matched (remembered: an article is shown again and again)."""
        found = self._datelines.get(article)
        if found is None:
            row = int(self.first_row[article])
            lead = int(self.leads[row]) if row >= 0 else 0
            found = frozenset(analyzer.terms(self.texts[row][:lead])) if lead else frozenset()
            self._datelines[article] = found
        return found

    @cached_property
    def _datelines(self) -> dict[int, frozenset[str]]:
        return {}

    def title_terms(self, article: int, analyzer: Analyzer) -> frozenset[str]:
        """The terms of the article's title (remembered, as the dateline's are)."""
        found = self._titles.get(article)
        if found is None:
            found = self._titles[article] = frozenset(analyzer.terms(self.articles[article].title))
        return found

    @cached_property
    def _titles(self) -> dict[int, frozenset[str]]:
        return {}
