"""A question turned into what the index is searched with: its terms as read (bot/reading.py:
chat spellings, colloquial verbs, held letters and typos read as the words meant), their weights,
which of them are names, pairs of neighbouring terms, and the question's idf mass for the "not
found" rule."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

import numpy as np

from bot.cues import FRAME_WORDS, asked_units, is_one_of
from bot.index import Collection
from bot.postings import FLAG_BITS, column_of
from bot.reading import QuestionTerm, question_terms
from bot.text import Analyzer, normalise, tokens


@dataclass(frozen=True)
class Query:
    """A question turned into weighted terms."""

    text: str
    columns: tuple[int, ...]
    boosts: tuple[float, ...]
    terms: tuple[str, ...]  # every term of the question, also those the index does not know
    # idf mass of the question's single terms, known or not: a typo's guess weighs as the unknown
    # word typed, a word it may also stand for (QuestionTerm.also) and an unknown word that only
    # frames the question nothing (see parse_question)
    total_weight: float
    single: tuple[tuple[int, float], ...] = ()  # (column, idf mass) of the known single terms
    single_terms: tuple[str, ...] = ()  # those terms, in the same order
    # for each of `columns`, 2**k when it is the k-th of `single` (k < FLAG_BITS), else 0: the sum
    # of the flags of a sentence's columns tells which single terms it holds (index.accumulate)
    flags: tuple[float, ...] = ()
    names: tuple[bool, ...] = ()  # whether each of `columns` is a term of a name (see names_of)
    # the question's words as written (once each, whatever their case), with the columns of their
    # known single terms and all their terms, besides the words that only frame the question
    # ("nama", "maksud", the "tanggal" of "tanggal berapa"); and all those columns
    words: tuple[tuple[str, tuple[int, ...], frozenset[str]], ...] = ()
    word_columns: tuple[int, ...] = ()
    # the question as read: a typo or a colloquial word replaced by the standard word it was
    # read as ("umr brp" -> "umur brp"), for the answer-type cues
    reading: str = ""
    # each word read as another, as written, with the word it was read as ("bicra", "bicara")
    read_as: tuple[tuple[str, str], ...] = ()

    def as_read(self) -> str:
        """The question as written with each word read as another replaced by that word, in the
        case it was written in ("siapa juru bicra Kremlin?" -> "siapa juru bicara Kremlin?",
        "Apa kata Peskof?" -> "Apa kata Peskov?", "SIAPA JUBR KREMLIN" -> "SIAPA JUBIR
        KREMLIN"), or "" when none was."""
        shown = self.text
        for word, read in self.read_as:
            if len(word) > 1 and word.isupper():
                read = read.upper()
            elif word[:1].isupper():
                read = read[:1].upper() + read[1:]
            shown = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda _, read=read: read, shown)
        return shown if self.read_as else ""

    def boosts_with_names(self, name_weight: float) -> tuple[float, ...]:
        """The boosts, those of the name terms times `name_weight`."""
        if name_weight == 1.0 or not any(self.names):
            return self.boosts
        return tuple(
            boost * name_weight if name else boost
            for boost, name in zip(self.boosts, self.names, strict=True)
        )


def _reading(question: str, read_as: tuple[tuple[str, str], ...]) -> str:
    """The question's tokens, those read as another word (`read_as`) replaced by it."""
    read = {normalise(word): reading for word, reading in read_as}
    if not read:
        return question
    return " ".join(read.get(token, token) for token in tokens(question))


def _pairs(weighted: list[QuestionTerm], analyzer: Analyzer) -> list[str]:
    """Pairs of neighbouring terms: of the words' own terms, and of the words they may stand for
    (`QuestionTerm.also`) with their neighbours."""
    own = [t.term for t in weighted if not t.also]
    pairs = analyzer.pairs(own)
    if len(own) < len(weighted):
        instead: list[str] = []
        for _, group in groupby(weighted, key=lambda t: t.word):
            terms = list(group)
            also = [t.term for t in terms if t.also]
            instead += also or [t.term for t in terms]
        pairs += [pair for pair in analyzer.pairs(instead) if pair not in pairs]
    return pairs


def parse_question(
    question: str,
    collection: Collection,
    analyzer: Analyzer,
    bigram_weight: float = 1.0,
    typo_weight: float = 0.0,
) -> Query:
    """The question's terms that the collection knows, weighted by how often they occur (pairs of
    neighbouring terms at `bigram_weight`, typo corrections at `typo_weight`)."""
    units = asked_units(tokens(question), analyzer.lexicon)
    framing = FRAME_WORDS | units if units else FRAME_WORDS
    as_read = question_terms(question, collection, analyzer, typo_weight)
    # the words that frame the question: "nama(nya)", "mksd" (maksud), "tanggal" of "tanggal brp"
    frames = {
        word
        for word in dict.fromkeys(t.word for t in as_read)
        if is_one_of(word, framing, analyzer.lexicon.slang)
    }
    # A word that frames the question is no sign that the collection lacks its subject: unknown
    # (an article that says "bernama" once, if at all), it adds nothing to the question's mass,
    # and it is read as no typo's guess either ("nama" as "sama")
    weighted = [t for t in as_read if not (t.guessed and t.word in frames)]
    weight_of: dict[str, float] = {}
    for term, weight, *_ in weighted:
        weight_of[term] = weight_of.get(term, 0.0) + weight
    # A typo's guess matches at its weight, but the word as typed is unknown to the collection:
    # it weighs in the question's idf mass as such (once, whatever the guess's terms: "wamnlu"
    # for "wamenlu", wakil menteri luar negeri), so a guess alone cannot make an answer.
    guesses = Counter(t.word for t in weighted if t.guessed)
    guessed = {t.term: 1 / guesses[t.word] for t in weighted if t.guessed} if guesses else {}
    names = {t.term for t in weighted if t.name}
    # a word it may stand for adds nothing to the question's mass: its own term stands for it
    beside = {t.term for t in weighted if t.also} - {t.term for t in weighted if not t.also}
    for pair in _pairs(weighted, analyzer):
        weight_of[pair] = weight_of.get(pair, 0.0) + bigram_weight
    stats = collection.sentence_stats
    every = [column_of(term) for term in weight_of]
    # a term no word of the collection has is unknown, whatever its hashed column holds, and so
    # is a pair with such a term
    parts = {part for term in weight_of for part in term.split(" ")}
    has = dict(zip(parts, collection.has_terms(list(parts)).tolist(), strict=True))
    known = [
        held and all(has[part] for part in term.split(" "))
        for term, held in zip(weight_of, collection.known(every).tolist(), strict=True)
    ]
    *idf, rarest = stats.idf(np.asarray([*every, -1])).tolist()  # -1: a column no sentence holds
    columns, boosts, single, is_name, flags = [], [], [], [], []
    single_terms: list[str] = []
    known_terms = {term for term, is_known in zip(weight_of, known, strict=True) if is_known}
    framed = {t.term for t in weighted if t.word in frames} - {
        t.term for t in weighted if t.word not in frames
    }
    total = 0.0
    for (term, weight), column, is_known, term_idf in zip(
        weight_of.items(), every, known, idf, strict=True
    ):
        pair = " " in term
        if not is_known:
            total += 0.0 if pair or term in framed else rarest
            continue
        columns.append(column)
        boosts.append(weight)
        is_name.append(term in names)
        flags.append(0.0 if pair or len(single) >= FLAG_BITS else 2.0 ** len(single))
        if not pair:
            mass = term_idf * min(weight, 1.0)
            single.append((column, mass))
            single_terms.append(term)
            if term not in beside:
                total += rarest * guessed[term] if term in guessed else mass
    column_of_term = dict(zip(weight_of, every, strict=True))
    words: dict[str, tuple[str, list[int], set[str]]] = {}  # by the word folded
    for t in weighted:
        folded = t.word.casefold()
        if folded not in words:
            if t.word in frames:
                continue
            words[folded] = (t.word, [], set())
        _, held, its_terms = words[folded]
        its_terms.add(t.term)
        if t.term in known_terms:
            held.append(column_of_term[t.term])
    word_columns = tuple(dict.fromkeys(c for _, held, _ in words.values() for c in held))
    read_as = tuple(dict.fromkeys((t.word, t.read) for t in weighted if t.read))
    return Query(
        question,
        tuple(columns),
        tuple(boosts),
        tuple(weight_of),
        total,
        tuple(single),
        tuple(single_terms),
        tuple(flags),
        tuple(is_name),
        tuple(
            (word, tuple(dict.fromkeys(held)), frozenset(its_terms))
            for word, held, its_terms in words.values()
        ),
        word_columns,
        _reading(question, read_as),
        read_as,
    )
