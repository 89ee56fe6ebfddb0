"""The one text pipeline shared by articles and questions: normalise, tokenise, map, stem.

Every term that reaches the index or a question goes through `Analyzer.terms`, so the two paths
cannot drift apart. The lexicons (chat spellings, news abbreviations, stop words) are data in
`data/lexicon/`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_DIR = DATA_DIR / "lexicon"

# Zero-width and bidirectional control characters carry no meaning for matching.
_FOLD = str.maketrans(
    {
        **dict.fromkeys(
            [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, *range(0x202A, 0x202F)]
            + list(range(0x2066, 0x206A))
        ),
        # every dash is a hyphen
        **dict.fromkeys([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212], "-"),
    }
)
CACHE_LIMIT = 2_000_000  # words remembered by an Analyzer before it starts afresh

# A number keeps its separators ("100.000", "14/6", "10.30"); a word keeps its hyphens ("bau-bau").
_TOKEN = re.compile(r"\d+(?:[.,:/]\d+)*|[^\W_]+(?:-[^\W_]+)*")
_ASCII_TOKEN = re.compile(_TOKEN.pattern, re.ASCII)  # the same cuts, faster on ASCII text
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
# "pindah2", "negara2": reduplication written with a 2.
_REDUPLICATED = re.compile(r"^([^\W\d_]{3,})2$")
# Laughter typed out: "wkwk", "wkwkwk", "hahaha", "hehe", "xixi" (four letters at least; not
# "hoho" or "huhu", which are also nicknames).
_LAUGHTER = re.compile(r"(?=\w{4})(?:(?:w?k+)+w?|(?:[hx][aei])+h?)")
# Small talk answered in kind, the strongest first when a message holds several.
SMALL_TALK_KINDS = ("thanks", "greeting", "ack")
# Particles and possessives a stemmer takes off before anything else.
_ENDINGS = ("nya", "lah", "kah", "pun", "ku", "mu")
# Endings a chat spelling or an abbreviation takes ("jubirnya", "udahlah", "brpkah"); "-ku" and
# "-mu" are left out: too many words end so
_LEXICON_ENDINGS = ("nya", "lah", "kah", "pun")
_LEXICON_BASE_MIN = 3  # "galah" is no "ga" + "lah", "bilah" no "bi" + "lah"
_VOWEL = re.compile("[aeiou]")
# Bumped when the stemming changes, so that indexes stored with the old stems are rebuilt
# 2: "-nya" off one-syllable roots; 3: lexicon words with a particle; 4: a chat spelling repeated
# with 2 ("nyari2")
STEMMING = 4


def normalise(text: str) -> str:
    """Fold text for matching: NFKC, case-folded, dashes unified, invisible characters dropped."""
    if text.isascii():  # most text: NFKC and the folding table leave ASCII as it is
        return text.lower()
    return unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()


def tokens(text: str) -> list[str]:
    """The normalised word and number tokens of `text`, in order."""
    folded = normalise(text)
    return (_ASCII_TOKEN if folded.isascii() else _TOKEN).findall(folded)


def written_words(text: str) -> list[str]:
    """The words of `text` as written (not folded), cut where tokens() cuts them."""
    return (_ASCII_TOKEN if text.isascii() else _TOKEN).findall(text)


def unrepeated(token: str) -> str:
    """The word a reduplication written with 2 repeats ("pindah2" -> "pindah"), else `token`."""
    match = _REDUPLICATED.match(token)
    return match.group(1) if match else token


def read_lexicon(path: Path) -> dict[str, str]:
    """A TAB-separated `form<TAB>replacement` file; `#` starts a comment line."""
    mapping: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition("\t")
        if value.strip():
            mapping[normalise(key.strip())] = normalise(value.strip())
    return mapping


def read_word_list(path: Path) -> frozenset[str]:
    """One word a line; `#` starts a comment line. Words pass through the same normaliser."""
    return frozenset(
        normalise(line.strip())
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@dataclass(frozen=True)
class Lexicon:
    """Chat spellings replaced by standard words, abbreviations expanded, stop words dropped,
    and the stems of words the stemmer would cut wrongly."""

    slang: dict[str, str] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    stems: dict[str, str] = field(default_factory=dict)
    smalltalk: dict[str, str] = field(default_factory=dict)  # words -> greeting, thanks or ack

    @classmethod
    def load(cls, directory: Path = LEXICON_DIR) -> Lexicon:
        def table(name: str) -> dict[str, str]:
            return read_lexicon(directory / name) if (directory / name).exists() else {}

        stop = directory / "stopwords.txt"
        stopwords = read_word_list(stop) if stop.exists() else frozenset()
        smalltalk = table("smalltalk.tsv")
        return cls(
            slang=table("slang.tsv"),
            abbreviations=table("abbreviations.tsv"),
            # A small-talk word is never searched for; its two-word entries only classify.
            stopwords=stopwords | {words for words in smalltalk if " " not in words},
            stems=table("stems.tsv"),
            smalltalk=smalltalk,
        )


def _snowball() -> callable:
    import Stemmer  # PyStemmer: BSD-licensed Snowball stemmers

    # No cache of its own (size 0): the Analyzer caches per word, and PyStemmer's default cache
    # of 10,000 words, churned by a collection's vocabulary, costs 9x the stemming itself.
    return Stemmer.Stemmer("indonesian", 0).stemWord


def _sastrawi() -> callable:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # optional extra [sastrawi]

    return StemmerFactory().create_stemmer().stem


STEMMERS = {"snowball": _snowball, "sastrawi": _sastrawi, "none": lambda: lambda word: word}


def lexicon_base(token: str, lexicon: Lexicon) -> str | None:
    """The lexicon's chat spelling or abbreviation that `token` is with a particle or "-nya"
    after it, or None."""
    for ending in _LEXICON_ENDINGS:
        base = token.removesuffix(ending)
        listed = base in lexicon.slang or base in lexicon.abbreviations
        if listed and base != token and len(base) >= _LEXICON_BASE_MIN:
            return base
    return None


class Analyzer:
    """Turns text into index terms; one instance serves the corpus and the questions alike."""

    bigrams = True

    def __init__(self, lexicon: Lexicon | None = None, stemmer: str = "snowball") -> None:
        if stemmer not in STEMMERS:
            raise ValueError(f"unknown stemmer {stemmer!r}; choose from {', '.join(STEMMERS)}")
        self.lexicon = lexicon if lexicon is not None else Lexicon.load()
        self.stemmer = stemmer
        self._stem = STEMMERS[stemmer]()
        self._cache: dict[str, tuple[str, ...]] = {}
        # The listed stems, also under a particle or possessive ("menterinya", "ketualah"); one
        # lookup a word (no ending is the end of another, so each form has one listed word, and
        # a listed word is itself before it is another listed word with an ending).
        stems = self.lexicon.stems
        under_endings = {word + ending: stem for ending in _ENDINGS for word, stem in stems.items()}
        self._listed = {**under_endings, **stems}

    def __getstate__(self) -> dict:
        # Sent to worker processes without its cache; the stemmer is made anew there.
        return {"lexicon": self.lexicon, "stemmer": self.stemmer, "bigrams": self.bigrams}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["lexicon"], state["stemmer"])
        self.bigrams = state["bigrams"]

    @cached_property
    def typed_words(self) -> dict[str, tuple[str, ...]]:
        """The lexicons' chat spellings and abbreviations that read to index terms, with those
        terms: words users type, which a typo may stand for as well as the collection's words
        ("mndag" -> "mendag"; see Index.typed). One that reads only to stop words ("kagak") is
        left out: a guess for it would take the unknown word out of the question."""
        typed = {*self.lexicon.slang, *self.lexicon.abbreviations}
        return {word: terms for word in sorted(typed) if (terms := self.word_terms(word))}

    def terms(self, text: str) -> list[str]:
        """Index terms of `text`: content words stemmed, numbers kept, stop words left out."""
        return self.terms_of_tokens(tokens(text))

    def terms_of_tokens(self, words: list[str]) -> list[str]:
        """Index terms of normalised tokens, in order (what `terms` gives for their text)."""
        return list(chain.from_iterable(self.terms_per_token(words)))

    def terms_per_token(self, words: list[str]) -> list[tuple[str, ...]]:
        """word_terms() of each normalised token."""
        return self._terms_each(words, self.word_terms)

    def terms_per_written_word(self, words: list[str]) -> list[tuple[str, ...]]:
        """word_terms() of each word as written in a text ("Rusia"), folded first; remembered
        under the written form too, which never clashes: a folded word folds to itself."""
        return self._terms_each(words, self._written_terms)

    def _terms_each(
        self, words: list[str], compute: Callable[[str], tuple[str, ...]]
    ) -> list[tuple[str, ...]]:
        found = list(map(self._cache.get, words))  # one pass in C when every word is known
        if None in found:
            found = [
                known if known is not None else compute(word)
                for word, known in zip(words, found, strict=True)
            ]
        return found

    def _written_terms(self, written: str) -> tuple[str, ...]:
        found = self._cache[written] = self.word_terms(normalise(written))
        return found

    def features(self, text: str) -> list[str]:
        """What the index holds for `text`: its terms, and pairs of neighbouring terms (joined by a
        space, which no term contains) so that wording shared with a question counts for more."""
        return self.with_pairs(self.terms(text))

    def with_pairs(self, terms: list[str]) -> list[str]:
        """`terms` followed by the pairs of neighbouring terms."""
        return terms + self.pairs(terms)

    def pairs(self, terms: list[str]) -> list[str]:
        """Pairs of neighbouring terms, joined by a space (none when pairs are switched off)."""
        if not self.bigrams:
            return []
        return [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False) if a != b]

    def word_terms(self, token: str) -> tuple[str, ...]:
        """Index terms of one normalised token (cached: stemming is the slow part)."""
        found = self._cache.get(token)
        if found is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache = {}  # a bot that runs for months meets unbounded new words
            found = self._cache[token] = self._terms_of_word(token)
        return found

    def _terms_of_word(self, token: str) -> tuple[str, ...]:
        if token[0].isdigit():
            return (token.replace(".", "") if _THOUSANDS.match(token) else token,)
        lex = self.lexicon
        token = unrepeated(token)  # before the lexicons: "nyari2" is "nyari" repeated
        if token in lex.slang:
            return tuple(t for word in lex.slang[token].split() for t in self._terms_of_word(word))
        if "-" in token:
            parts = [p for p in token.split("-") if p]
            if len(set(parts)) == 1:  # "negara-negara": reduplication means the word itself
                return self._terms_of_word(parts[0])
            out = [token] if token not in lex.stopwords else []
            for part in parts:
                out.extend(self._terms_of_word(part))
            return tuple(out)
        if token in lex.abbreviations:
            # One concept, one spelling: "jubir" and "juru bicara" index the same terms.
            return tuple(
                t for word in lex.abbreviations[token].split() for t in self._terms_of_word(word)
            )
        if token in lex.stopwords or _LAUGHTER.fullmatch(token):
            return ()
        base = lexicon_base(token, lex)
        if base:  # "jubirnya", "duitnya", "gimanakah": a lexicon's word with a particle
            return self._terms_of_word(base)
        return (self._stem_of(token),)

    def small_talk(self, text: str) -> str | None:
        """The kind of small talk `text` is ("thanks", "greeting" or "ack"), or None when it holds
        something to search for or no small talk at all ("yang di")."""
        smalltalk, kinds = self.lexicon.smalltalk, set()
        words, i = tokens(text), 0
        while i < len(words):
            for size in (3, 2, 1):  # the longest entry first: "terima kasih banyak"
                kind = smalltalk.get(" ".join(words[i : i + size]))
                if kind:
                    break
            else:
                size = 1
                if _LAUGHTER.fullmatch(words[i]):
                    kind = "ack"
                elif self.word_terms(words[i]):
                    return None
            if kind:
                kinds.add(kind)
            i += size
        return next((kind for kind in SMALL_TALK_KINDS if kind in kinds), None)

    def _stem_of(self, word: str) -> str:
        if self.stemmer != "snowball":  # the stem list corrects Snowball's cuts only
            return self._stem(word)
        listed = self._listed.get(word)
        if listed is not None:
            return listed
        stemmed = self._stem(word)
        # Snowball leaves "-nya" on a root of one syllable ("golnya", "skornya", "timnya"); a
        # root of three letters or more with a vowel ("punya", "hanya" have none so long) loses it
        if stemmed == word and word.endswith("nya") and len(word) >= 6 and _VOWEL.search(word[:-3]):
            return word[:-3]
        return stemmed
