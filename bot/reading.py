"""How a question's words are read: each word's index terms, and, for a word the collection does
not know or rarely holds, the word meant: a name and number typed as one ("u16" -> "U-16"), a
colloquial Jakarta form ("diadain" -> "diadakan"), held letters ("kremlinnn"), a word without its
vowels or with a typo ("tntr", "bicra"), with "di" written onto it ("diperbatasan"); which words
are names; and the standard spelling that joins a chat spelling some quotes write ("dateng" ->
"datang")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import partial
from itertools import chain
from typing import NamedTuple

import numpy as np

from bot.colloquial import colloquial_forms, undoubled, unstretched, written_h, written_vowels
from bot.index import Collection
from bot.postings import column_of
from bot.spelling import VOWELS, fat_finger
from bot.text import Analyzer, tokens, unrepeated, written_words
from bot.typos import context_scorer


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
# A word the collection does not know is read as its plain chat reading ("nyerang" menyerang) when
# that is in RARE sentences of a collection of RARE_SCALE sentences for each; in a smaller one, in
# fewer, as long as the collection writes it so (a single article holds most of its words once or
# twice: the founding article writes "menyerang" twice). The readings that misread real words (a
# root under a prefix, a short "-in", an unspoken "h") and the reading of a word the collection
# holds need RARE sentences, however small the collection.
RARE_SCALE = 1000


def believed_from(collection: Collection) -> int:
    """How many sentences of `collection` must hold a word for an unknown question word to be
    read as it: RARE, or fewer in a collection of under RARE x RARE_SCALE sentences, down to 1."""
    return max(1, min(RARE, collection.sentence_stats.documents // RARE_SCALE))


# The verb prefixes me-, te(r)- and be(r)-, which Snowball cuts some words off their root with
# ("terendam" to "endam", "merendam" to "rendam"): a word of LONG_WORD letters or more that the
# collection writes with another of them is read as it (see _mistyped). Not ke-, se-, pe-, de-:
# "keberapa" is no "beberapa"
_PREFIXED = re.compile(r"[mtb]e")
LONG_WORD = 7


def _mistyped(word: str, term: str) -> bool:
    """Whether `word`, one letter from `term` (a consonant missing, a letter too many or one
    changed), reads as `term` in a small collection. A long word: with another verb prefix
    ("terendam" for "merendam", see _PREFIXED) or a vowel for another ("mencapei"). Else not at
    the first letter, which typists seldom get wrong ("usia" is no "rusia", "hilang" no
    "bilang"); then a consonant missing ("kremin"), or a letter changed or too many where a
    finger slipped (see fat_finger: "bernama" is no "bersama", "pertamax" no "pertama")."""
    if len(word) >= LONG_WORD and len(word) == len(term):
        changed = {letter for a, b in zip(word, term, strict=True) if a != b for letter in (a, b)}
        if changed <= VOWELS:
            return True
        if word[1:] == term[1:] and _PREFIXED.match(word) and _PREFIXED.match(term):
            return True
    if word[:1] != term[:1]:
        return False
    return len(word) < len(term) or fat_finger(word, term)


def _mistyped_name(
    word: str, term: str, *, collection: Collection, typed: Mapping[str, tuple[str, ...]]
) -> bool:
    """_mistyped, for a word the question writes as a name: a name the collection lacks ("Peru")
    is no typo of a word it holds ("perlu"), only of a name it writes ("Peskof" for "Peskov") or
    of a lexicon word ("Jubr" for "jubir")."""
    return _mistyped(word, term) and (term in typed or collection.writes_as_name(term))


def _needed(
    form: str, plain: set[str], spoken: list[str], believed: int, collection: Collection
) -> int:
    """How many sentences must hold the terms of `form` for an unknown question word to be read as
    it, 0 when it may not be: its plain chat reading (of `plain`), `believed` (see RARE_SCALE),
    written so in a small collection (not a stem of another word: "memungkinkan" for
    "memungkin"); a reading that misreads real words (a root under a prefix, a short "-in":
    "spain" as "spa"), RARE; an unspoken "h" (of `spoken`), RARE and written so (no hash shared)."""
    if form in spoken:
        return RARE if collection.written(form) >= RARE else 0
    if form not in plain:
        return RARE
    if believed < RARE and collection.written(form) < believed:
        return 0
    return believed


def _detached(word: str, collection: Collection, believed: int) -> str | None:
    """The word after "di" written onto it ("diperbatasan" -> "perbatasan") when the collection
    writes that word (`believed` times: see RARE_SCALE), or None. (Not "ke": "keluarkan",
    "kehendaki" are words; nor a word only its stem stands for: "dipenjarakan" is no "di" +
    "penjarakan".)"""
    rest = word.removeprefix("di")
    written = rest != word and len(rest) >= 4 and rest.isalpha()
    return rest if written and collection.written(rest) >= believed else None


# A name and a number typed as one word ("u16", "g20", "covid19"), which news writes apart
_NAME_NUMBER = re.compile(r"([a-z]+)(\d+)")


def _frequencies(collection: Collection, terms: tuple[str, ...]) -> np.ndarray:
    """How many sentences of the collection hold each of `terms` (none a term no word of it has,
    whatever its hashed column holds: see Collection.has_terms)."""
    columns = np.asarray([column_of(term) for term in terms])
    found = collection.sentence_stats.frequencies(columns)
    return np.where(collection.has_terms(terms), found, 0)


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
    token: str, collection: Collection, analyzer: Analyzer, believed: int
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
    if frequencies[0] >= believed:
        return terms, form
    parts = terms[1:]
    # apart, each part anywhere says little of the two side by side ("f" and "1"): RARE each
    if len(parts) == 2 and frequencies[1:].min() >= RARE:
        return parts, form
    return None


# A question word in fewer sentences than UNCOMMON that news writes SPOKEN_RATIO times as often
# with the "a" chat speaks as "e" ("dateng" 3 times, "datang" 499), with the "h" chat leaves
# unspoken ("ilang", "hilang"), or without the last vowel doubled ("partaii", never written; its
# stem is), is a chat spelling of that word; the standard word joins it (a wrong join, "baret" ->
# "barat", costs little: such a word is common, its idf low)
UNCOMMON = 30
SPOKEN_RATIO = 20


def _spoken_standard(token: str, collection: Collection, analyzer: Analyzer) -> tuple[str, ...]:
    """The terms of the word news writes for the chat spelling `token` (see UNCOMMON), or none."""
    count = collection.written(token)
    # a vowel held ("partaii"), not a doubled consonant: English and names end so ("hall")
    single = undoubled(token) if token[-1] in "aeiou" else None
    for form in [*written_vowels(token), *written_h(token), *([single] if single else [])]:
        if collection.written(form) >= max(SPOKEN_RATIO * count, RARE):
            return analyzer.word_terms(form)
    return ()


def question_terms(
    question: str, collection: Collection, analyzer: Analyzer, typo_weight: float = 0.0
) -> list[QuestionTerm]:
    """The question's terms with their weights. A word the collection does not know is read as a
    name and number written apart ("u16" -> "U-16"), as a colloquial verb ("diadain" ->
    "diadakan"), with its held letters let go ("kremlinnn"), apart from a "di" written onto it
    ("diperbatasan"), with the "h" chat leaves unspoken ("ilang"), or, at `typo_weight`, as the
    known word one typo away ("bicra" -> "bicara"; in a small collection only the typos typists
    make, not another word it lacks: see _mistyped), when
    there is one: of several as likely, the one that goes with the question's other words
    ("sunami aceh": "tsunami", not "suami"). How often the word read must be there: see RARE and
    RARE_SCALE. A chat spelling the collection holds in a few quotes ("dateng") is joined by the
    standard word, at `typo_weight`, when that is far more frequent."""
    words = tokens(question)
    per_word = analyzer.terms_per_token(words)
    written = written_words(unicodedata.normalize("NFC", question))
    names = names_of(written, words)
    shown = written if len(written) == len(words) else words
    every = tuple(chain.from_iterable(per_word))
    frequency = dict(zip(every, _frequencies(collection, every).tolist(), strict=True))
    terms: list[QuestionTerm] = []
    mixed_case = question.lower() != question and question.upper() != question
    believed = believed_from(collection)
    # A small collection holds few of the words users ask about: a word one letter from a word
    # it holds is more often one it lacks ("nekat", not "dekat"; "jenis", not "jens"; "usia",
    # not "rusia") than that word mistyped, unless a finger slipped to a key next to the one
    # meant ("kremlim", "kremlinm") or a consonant was left out ("kremin"), not at the first
    # letter; a long word may also have another vowel or verb prefix. See _mistyped
    mistyped = _mistyped if believed < RARE else None
    for token, found, name, as_written in zip(words, per_word, names, shown, strict=True):
        weight, guessed, read = 1.0, False, ""
        displayed = ""  # how the word read is shown, when not as read ("di perbatasan")
        word = unrepeated(token)  # "nyari2", "pindh2": the word repeated is what is read
        # an acronym in a question that also has lower case; longer, capitals are emphasis
        acronym = mixed_case and 1 < len(as_written) <= 6 and as_written.isupper()
        frequencies = [frequency[term] for term in found]
        rare = bool(frequencies) and min(frequencies) < RARE
        unknown = bool(frequencies) and not any(frequencies)
        apart = _apart(token, collection, analyzer, believed) if unknown else None
        if apart:
            found, read = apart
            weight = 1 / len(found)  # one word typed: its parts share one word's weight
        elif rare:
            # unknown, or known from a stray chat-style article: "diluncurin" -> "diluncurkan"
            held = unstretched(token)  # "kremlinnn": no standard word holds a letter so long
            single = undoubled(token) if unknown else None
            if single:
                held.append(single)  # "siapaa", "brpp" where no word is so written
            # a name or an acronym ("SAGE") is no chat spelling, unless its letters are held
            chat = held or not (name or acronym)
            forms = colloquial_forms(word, unsure=unknown) if chat else []
            plain = set(colloquial_forms(word, unsure=False)) if chat and unknown else set()
            # "diperbatasan": the preposition written onto the word after it (the stemmer takes
            # off "di-" and leaves the "-an" it would take off "perbatasan")
            detached = _detached(word, collection, believed) if chat and unknown else None
            if detached:
                forms.append(detached)
                plain.add(detached)
            # an unknown word's unspoken "h" ("ilang"), last: real words fit it too ("arus")
            spoken = [f for f in written_h(word) if f not in forms] if chat and unknown else []
            forms += spoken
            readings = [analyzer.word_terms(form) for form in forms]
            counts = _counts(collection, readings)
            for form, standard in zip(forms, readings, strict=True):
                if not standard and form in held:  # "siapaaa", "yanggg": a stop word held long
                    found = ()
                    break
                if form in held:
                    enough = 1
                elif unknown:
                    enough = _needed(form, plain, spoken, believed, collection)
                else:
                    enough = RARE
                if standard and enough and min(map(counts.get, standard)) >= enough:
                    found, read = standard, form
                    if form == detached:
                        displayed = f"di {form}"  # "di perbatasan"
                    break
            else:
                # a rare word the question writes as a name is taken as written
                wanted = typo_weight and (unknown or not name)
                correction = None
                if wanted:
                    # the question's other known words: context for choosing a correction
                    others = [t for t, count in frequency.items() if count and t not in found]
                    prefer = context_scorer(collection, analyzer, others, frequency)
                    slipped = mistyped
                    if mistyped and name:
                        slipped = partial(
                            _mistyped_name, collection=collection, typed=analyzer.typed_words
                        )
                    correction = collection.correct(
                        word, known=not unknown, prefer=prefer, mistyped=slipped
                    )
                meant = analyzer.word_terms(correction) if correction else ()
                if tuple(meant) == tuple(found):  # "tahun" is one letter from "taun", read so
                    meant, correction = (), None
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
            also = _spoken_standard(word, collection, analyzer)
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
            QuestionTerm(term, weight, guessed, name, as_written, read=displayed or read)
            for term in found
        )
    return terms
