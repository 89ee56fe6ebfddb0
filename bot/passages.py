"""The best candidates of a ranking (bot/search.py) made into the passages users see: the
sentence with its neighbours, where it comes from, the words that matched and the question's words
its article never mentions."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from operator import not_

from bot.index import Candidate, Index
from bot.models import Passage
from bot.question import Query
from bot.sentences import sentence_key
from bot.text import Analyzer, written_words


def passages_of(
    query: Query, candidates: Sequence[Candidate], k: int, analyzer: Analyzer
) -> tuple[Passage, ...]:
    """The first `k` of `candidates` as passages. A sentence that several articles carry (a wire
    story, a copied article) is a passage of each of them, where each ranks: each is a source of
    it (a reply shows them as one, bot.render.merge_repeats); one its own article repeats is
    taken once."""
    shown: list[tuple[Candidate, str, int]] = []  # with its sentence and article
    seen: set[tuple[int, int, str]] = set()
    for candidate in candidates:
        corpus = candidate.segment.corpus
        text, article = corpus.texts[candidate.row], int(corpus.article_of[candidate.row])
        key = (id(candidate.segment), article, sentence_key(text))
        if key not in seen:
            seen.add(key)
            shown.append((candidate, text, article))
            if len(shown) == k:
                break
    missing: dict[tuple[int, int], tuple[str, ...]] = {}
    for segment in {id(c.segment): c.segment for c, _, _ in shown}.values():
        articles = sorted({article for c, _, article in shown if c.segment is segment})
        lacking = missing_words(query, segment, articles, analyzer)
        for article, words in zip(articles, lacking, strict=True):
            missing[id(segment), article] = words
    terms = set(query.terms)
    return tuple(
        passage_of(c, text, terms, analyzer, missing[id(c.segment), article])
        for c, text, article in shown
    )


def matched_words(text: str, terms: set[str], analyzer: Analyzer) -> tuple[str, ...]:
    """Words of `text`, as written, whose index terms are among the question's terms."""
    words = written_words(text)
    missed = map(terms.isdisjoint, analyzer.terms_per_written_word(words))
    return tuple(dict.fromkeys(compress(words, map(not_, missed))))


def context_of(row: int, index: Index, text: str | None = None) -> str:
    """The sentence (`text`, when already read) with its neighbours in the same paragraph."""
    corpus = index.corpus
    first, last = max(row - 1, 0), min(row + 2, len(corpus))
    articles = corpus.article_of[first:last].tolist()
    paragraphs = corpus.paragraph[first:last].tolist()
    at = row - first
    return " ".join(
        text if i == at and text is not None else corpus.texts[first + i]
        for i in range(last - first)
        if articles[i] == articles[at] and paragraphs[i] == paragraphs[at]
    )


def missing_words(
    query: Query, index: Index, articles: list[int], analyzer: Analyzer
) -> list[tuple[str, ...]]:
    """For each of `articles` of `index`, the question's words (as written) it does not hold,
    in its sentences or in the dateline it opens with (which is shown, though not matched)."""
    lacking: list[list[tuple[str, frozenset[str]]]] = [[] for _ in articles]
    held = dict(
        zip(
            query.word_columns,
            index.articles.held_by(query.word_columns, articles).tolist(),
            strict=True,
        )
    )
    for word, columns, terms in query.words:
        if len(columns) == 1:
            holds = held[columns[0]]
        else:  # an abbreviation's words, a typo's guess beside it; none: a word nowhere
            holds = [any(h) for h in zip(*map(held.get, columns), strict=True)] if columns else ()
        for at in range(len(articles)):
            if not (holds and holds[at]):
                lacking[at].append((word, terms))
    corpus = index.corpus
    found = []
    for article, words in zip(articles, lacking, strict=True):
        dateline = corpus.dateline_terms(article, analyzer)
        found.append(tuple(word for word, terms in words if dateline.isdisjoint(terms)))
    return found


def passage_of(
    candidate: Candidate, text: str, terms: set[str], analyzer: Analyzer, missing: tuple[str, ...]
) -> Passage:
    """The passage of `candidate`, whose sentence is `text`."""
    corpus, row = candidate.segment.corpus, candidate.row
    info = corpus.articles[corpus.article_of[row]]
    return Passage(
        article_id=info.id,
        title=info.title,
        source=info.source,
        url=info.url,
        sentence=text,
        context=context_of(row, candidate.segment, text),
        score=round(candidate.score, 4),
        sentence_id=int(corpus.sentence_ids[row]),
        matched=matched_words(text[corpus.leads[row] :], terms, analyzer),
        missing=missing,
    )
