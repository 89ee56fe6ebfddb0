"""A question turned into what the index is searched with: its terms (chat spellings,
colloquial verbs, held letters and typos read as the words meant), their weights, which of them
are names, and the question's idf mass for the "not found" rule."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import chain, groupby
from typing import NamedTuple

import numpy as np

from bot.cues import FRAME_WORDS, asked_units
from bot.index import FLAG_BITS, Collection, column_of
from bot.spelling import colloquial_forms, undoubled, unstretched, written_vowels
from bot.text import Analyzer, normalise, tokens, unrepeated, written_words
from bot.typos import context_scorer


@dataclass(frozen=True)
class Query:
    """A question turned into weighted terms."""

    text: str
    columns: tuple[int, ...]
    boosts: tuple[float, ...]
    terms: tuple[str, ...]  # every term of the question, also those the index does not know
    total_weight: float  # idf mass of all the question's single terms, known or not
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

    def boosts_with_names(self, name_weight: float) -> tuple[float, ...]:
        """The boosts, those of the name terms times `name_weight`."""
        if name_weight == 1.0 or not any(self.names):
            return self.boosts
        return tuple(
            boost * name_weight if name else boost
            for boost, name in zip(self.boosts, self.names, strict=True)
        )


def names_of(written: list[str], words: list[str]) -> list[bool]:
    """Which of the question's tokens `words` it writes as names (`written`: the same words as
    written): capitalised, past its first word, in a question that also writes words in lower
    case (in one typed in capitals or lower case throughout, case tells nothing)."""
    if len(written) != len(words):  # folding changed the cuts (rare): no names rather than wrong
        return [False] * len(words)
    capital = [word[0].isupper() for word in written]
    if all(capital) or not any(capital[1:]):
        return [False] * len(words)
    return [False, *capital[1:]]


RARE = 3  # sentences: a question word found in fewer may be a chat spelling or a typo
# A name and a number typed as one word ("u16", "g20", "covid19"), which news writes apart
_NAME_NUMBER = re.compile(r"([a-z]+)(\d+)")


def _frequencies(collection: Collection, terms: tuple[str, ...]) -> np.ndarray:
    """How many sentences of the collection hold each of `terms`."""
    columns = np.asarray([column_of(term) for term in terms])
    return collection.sentence_stats.frequencies(columns)


def _counts(collection: Collection, readings: list[tuple[str, ...]]) -> dict[str, int]:
    """How many sentences hold each term of `readings`, asked of the collection at once."""
    every = tuple(dict.fromkeys(chain.from_iterable(readings)))
    return dict(zip(every, _frequencies(collection, every).tolist(), strict=True)) if every else {}


class QuestionTerm(NamedTuple):
    term: str
    weight: float
    guessed: bool = False  # stands for a word the collection does not know, one typo away
    name: bool = False  # of a word the question writes as a name (see names_of)
    word: str = ""  # the question's word it comes from, as written
    also: bool = False  # a word it may stand for, beside its own term (no pairs are made of it)
    read: str = ""  # the standard word the question's word was read as, when another ("umur")


def _apart(
    token: str, collection: Collection, analyzer: Analyzer
) -> tuple[tuple[str, ...], str] | None:
    """A name and a number typed as one word ("u16") read as news writes them: "U-16" (terms of
    the compound and of its parts, as an article's "U-16" is indexed) or "U - 16" (the parts);
    with the form read. None when the collection holds neither."""
    match = _NAME_NUMBER.fullmatch(token)
    if not match:
        return None
    form = f"{match[1]}-{match[2]}"
    terms = analyzer.word_terms(form)
    frequencies = _frequencies(collection, terms)
    if frequencies[0] >= RARE:
        return terms, form
    parts = terms[1:]
    if len(parts) == 2 and frequencies[1:].min() >= RARE:
        return parts, form
    return None


# A question word in fewer sentences than UNCOMMON that news writes SPOKEN_RATIO times as often
# with the "a" chat speaks as "e" ("dateng" 3 times, "datang" 499), or without the last vowel
# doubled ("partaii", never written; its stem is), is a chat spelling of that word; the standard
# word joins it (a wrong join, "baret" -> "barat", costs little: such a word is common, its idf low)
UNCOMMON = 30
SPOKEN_RATIO = 20


def _spoken_standard(token: str, collection: Collection, analyzer: Analyzer) -> tuple[str, ...]:
    """The terms of the word news writes for the chat spelling `token` (see UNCOMMON), or none."""
    count = collection.written(token)
    # a vowel held ("partaii"), not a doubled consonant: English and names end so ("hall")
    single = undoubled(token) if token[-1] in "aeiou" else None
    for form in [*written_vowels(token), *([single] if single else [])]:
        if collection.written(form) >= max(SPOKEN_RATIO * count, RARE):
            return analyzer.word_terms(form)
    return ()


def question_terms(
    question: str, collection: Collection, analyzer: Analyzer, typo_weight: float = 0.0
) -> list[QuestionTerm]:
    """The question's terms with their weights. A word the collection does not know is read as a
    name and number written apart ("u16" -> "U-16"), as a colloquial verb ("diadain" ->
    "diadakan"), with its held letters let go ("kremlinnn"), or, at `typo_weight`, as the known
    word one typo away ("bicra" -> "bicara"), when there is one: of several as likely, the one
    that goes with the question's other words ("sunami aceh": "tsunami", not "suami"). A chat
    spelling the collection holds in a few quotes ("dateng") is joined by the standard word, at
    `typo_weight`, when that is far more frequent."""
    words = tokens(question)
    per_word = analyzer.terms_per_token(words)
    written = written_words(unicodedata.normalize("NFC", question))
    names = names_of(written, words)
    shown = written if len(written) == len(words) else words
    every = tuple(chain.from_iterable(per_word))
    frequency = dict(zip(every, _frequencies(collection, every).tolist(), strict=True))
    terms: list[QuestionTerm] = []
    mixed_case = question.lower() != question and question.upper() != question
    for token, found, name, as_written in zip(words, per_word, names, shown, strict=True):
        weight, guessed, read = 1.0, False, ""
        acronym = mixed_case and len(as_written) > 1 and as_written.isupper()
        frequencies = [frequency[term] for term in found]
        rare = bool(frequencies) and min(frequencies) < RARE
        unknown = bool(frequencies) and not any(frequencies)
        apart = _apart(token, collection, analyzer) if unknown else None
        if apart:
            found, read = apart
            weight = 1 / len(found)  # one word typed: its parts share one word's weight
        elif rare:
            # unknown, or known from a stray chat-style article: "diluncurin" -> "diluncurkan"
            held = unstretched(token)  # "kremlinnn": no standard word holds a letter so long
            single = undoubled(token) if unknown else None
            if single:
                held.append(single)  # "siapaa", "brpp" where no word is so written
            word = unrepeated(token)  # "nyari2", "pindh2": the word repeated is what is read
            # a name or an acronym ("SAGE") is no chat spelling, unless its letters are held
            forms = colloquial_forms(word, roots=unknown) if held or not (name or acronym) else []
            readings = [analyzer.word_terms(form) for form in forms]
            counts = _counts(collection, readings)
            for form, standard in zip(forms, readings, strict=True):
                if not standard and form in held:  # "siapaaa", "yanggg": a stop word held long
                    found = ()
                    break
                if standard and min(map(counts.get, standard)) >= (1 if form in held else RARE):
                    found, read = standard, form
                    break
            else:
                # a rare word the question writes as a name is taken as written
                wanted = typo_weight and (unknown or not name)
                correction = None
                if wanted:
                    # the question's other known words: context for choosing a correction
                    others = [t for t, count in frequency.items() if count and t not in found]
                    prefer = context_scorer(collection, analyzer, others, frequency)
                    correction = collection.correct(word, known=not unknown, prefer=prefer)
                meant = analyzer.word_terms(correction) if correction else ()
                if meant and unknown:
                    found, weight, guessed, read = meant, typo_weight, True, correction
                elif correction:
                    # a word in only a sentence or two may be a typo there too ("mninggal"):
                    # the word it may stand for joins it rather than replacing it
                    also = [t for t in meant if t not in found]
                    if also and _frequencies(collection, tuple(also)).min() >= RARE:
                        terms.extend(
                            QuestionTerm(t, typo_weight, word=as_written, also=True) for t in also
                        )
        elif (
            typo_weight and not (name or acronym) and min(frequencies, default=UNCOMMON) < UNCOMMON
        ):
            # a chat spelling some quotes write ("dateng") is joined by the standard word
            also = _spoken_standard(unrepeated(token), collection, analyzer)
            terms.extend(
                QuestionTerm(t, typo_weight, word=as_written, also=True)
                for t in also
                if t not in found
            )
        if (read or token) in analyzer.lexicon.abbreviations and len(found) > 1:
            # "kpu" is one concept (typed so or mistyped): its expansion's words share one word's
            # weight, so they do not outweigh the rest of the question
            weight /= len(found)
        name = name and not guessed  # a guess for a typo is no name
        terms.extend(
            QuestionTerm(term, weight, guessed, name, as_written, read=read) for term in found
        )
    return terms


def _reading(question: str, weighted: list[QuestionTerm]) -> str:
    """The question's tokens, those read as another word replaced by it."""
    read = {normalise(t.word): t.read for t in weighted if t.read}
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
    weighted = question_terms(question, collection, analyzer, typo_weight)
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
    known = collection.known(every).tolist()
    *idf, rarest = stats.idf(np.asarray([*every, -1])).tolist()  # -1: a column no sentence holds
    columns, boosts, single, is_name, flags = [], [], [], [], []
    single_terms: list[str] = []
    known_terms = {term for term, is_known in zip(weight_of, known, strict=True) if is_known}
    total = 0.0
    for (term, weight), column, is_known, term_idf in zip(
        weight_of.items(), every, known, idf, strict=True
    ):
        pair = " " in term
        if not is_known:
            total += 0.0 if pair else rarest
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
    units = asked_units(tokens(question), analyzer.lexicon)
    framing = FRAME_WORDS | units if units else FRAME_WORDS
    slang = analyzer.lexicon.slang
    for t in weighted:
        folded = t.word.casefold()
        if folded not in words:
            if folded in framing or slang.get(folded) in framing:  # "nama", "mksd" (maksud)
                continue
            words[folded] = (t.word, [], set())
        _, held, its_terms = words[folded]
        its_terms.add(t.term)
        if t.term in known_terms:
            held.append(column_of_term[t.term])
    word_columns = tuple(dict.fromkeys(c for _, held, _ in words.values() for c in held))
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
        _reading(question, weighted),
    )
