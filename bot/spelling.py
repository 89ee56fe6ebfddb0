"""Typo tolerance: a question word the index does not know is matched to a known term one edit
away ("bicra" -> "bicara", "tentar" -> "tentara"), the most frequent one when there are several,
or, written without its vowels as chat writers do, to the known word it leaves them out of
("tntr" -> "tentara", "prbtsn" -> "perbatasan").

Candidates come from a deletion neighbourhood (every term with one letter left out) and from a
table of consonant skeletons, so a lookup costs a few dictionary probes instead of a scan of the
vocabulary.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

MIN_LENGTH = 4  # shorter words have too many neighbours one edit away to guess from
# A skeleton of fewer letters ("rs": rasa? rusia? rumah sakit?) stands for too many words. Three
# letters are still often misread ("kpl": kepala or kapal), but on the dev questions a guess there
# helped more than it cost: a wrong guess is a common word, weighed as a guess.
MIN_SKELETON = 3
# Kinds of edit (see Speller.guess), likeliest first. Chat leaves a vowel out on purpose ("rsia",
# "prtemuan") as often as fingers swap two letters: the two are as likely, so the question's
# other words choose
SWAPPED = 0.5  # two neighbouring letters swapped: the likeliest kind of edit after vowels left out
MISSING_VOWEL = SWAPPED
OTHER_LETTER = 1  # a consonant missing, or a letter too many
CHANGED_LETTER = 2  # the least likely kind: a letter typed as another
VOWELS = frozenset("aeiou")
# Where each letter's key is on a QWERTY keyboard (phones in Indonesia type on one): its row, and
# its place along the row, the rows shifted as the keys are
_ROWS = (("qwertyuiop", 0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75))
_KEYS = {
    letter: (row, place + shift)
    for row, (letters, shift) in enumerate(_ROWS)
    for place, letter in enumerate(letters)
}
GUESSES_KEPT = 10_000  # remembered corrections per speller (a bot runs for months)
_NOT_YET = object()
_NO_VOWELS = str.maketrans("", "", "aeiou")


def skeleton(word: str) -> str:
    """`word` without its vowels, a word-initial vowel kept, as chat writers shorten words:
    "tentara" -> "tntr", "anggota" -> "anggt", "untuk" -> "untk"."""
    return word[:1] + word[1:].translate(_NO_VOWELS)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Known words with their frequencies, indexed by their one-letter deletions and by their
    consonant skeletons."""

    def __init__(
        self, terms: Iterable[tuple[str, int]], min_count: int = 1, typed: Iterable[str] = ()
    ) -> None:
        """`terms`: known words with their counts, those seen fewer than `min_count` times left
        out; `typed`: words users type that are read otherwise (the lexicons' chat spellings and
        abbreviations: "mendag"), known whatever their count, each counted once more than the
        kept terms hold it (1 when none does), so that of equally frequent words the one users
        type wins ("mndag": "mendag", not "mandagi")."""
        self.frequency: dict[str, int] = {}
        self.by_deletion: dict[str, list[str]] = {}
        self.by_skeleton: dict[str, list[str]] = {}
        counts = {term: df for term, df in terms if df >= min_count}
        for word in typed:
            counts[word] = counts.get(word, 0) + 1
        for term, df in counts.items():
            if len(term) < MIN_LENGTH or not term.isalpha():
                continue
            self.frequency[term] = df
            for variant in _deletions(term):
                self.by_deletion.setdefault(variant, []).append(term)
            self.by_skeleton.setdefault(skeleton(term), []).append(term)
        self._guesses: dict[tuple[str, bool], tuple[tuple[float, int, str], ...]] = {}

    def unvowelled(self, word: str) -> tuple[tuple[float, int, str], ...]:
        """The known words `word` may be written from with vowels left out ("tntr" ->
        "tentara", "kmnkes" -> "kemenkes"), as guesses (kind 0, see guess), most frequent first;
        none when `word` itself is the most frequent of them. Writers keep a word-initial vowel
        ("utk", "org"), so it must be there: "anggt" reads "anggota", "nggt" does not. A skeleton
        of fewer than MIN_SKELETON letters is not read."""
        key = skeleton(word)
        if len(key) < MIN_SKELETON:
            return ()
        fitting = [term for term in self.by_skeleton.get(key, ()) if within(word, term)]
        found = sorted((0, -self.frequency[term], term) for term in fitting)
        if not found or found[0][-1] == word:
            return ()
        return tuple(guess for guess in found if guess[-1] != word)

    def correct(self, word: str, *, known: bool = False) -> str | None:
        """The known word `word` stands for, or None: one written with vowels left out (see
        unvowelled), else one edit away. Swapped neighbours and a vowel left out come first, then
        another letter missing or doubled, then a letter changed (typists swap and drop letters
        more often than they hit a wrong one); among equals, the most frequent word wins. A known
        word gets none unless `known` (then another word it may stand for, never itself)."""
        guess = self.guess(word, known=known)
        return guess[-1] if guess else None

    def guess(self, word: str, *, known: bool = False) -> tuple[float, int, str] | None:
        """(kind of edit, minus frequency, word) of the best correction: smaller is likelier;
        vowels left out of a skeleton of MIN_SKELETON letters or more are kind 0, one vowel left
        out of a shorter word ("rsia") MISSING_VOWEL, as likely as two letters swapped."""
        found = self.guesses(word, known=known)
        return found[0] if found else None

    def guesses(self, word: str, *, known: bool = False) -> tuple[tuple[float, int, str], ...]:
        """The corrections of the likeliest kind of edit (see guess), likeliest first: those
        the question's other words may choose between ("psatnya": "pusatnya" or "pesatnya").
        Remembered: questions repeat their rare words."""
        if not word.isalpha() or (word in self.frequency and not known):
            return ()
        key = (word, known)
        found = self._guesses.get(key, _NOT_YET)
        if found is _NOT_YET:  # (no lock: threads at worst guess a word twice)
            found = self._guess(word)
            if len(self._guesses) >= GUESSES_KEPT:
                self._guesses.clear()
            self._guesses[key] = found
        return found

    def _guess(self, word: str) -> tuple[tuple[float, int, str], ...]:
        fitting = self.unvowelled(word)
        if not fitting and word.endswith("nya") and len(word) > len("nya") + MIN_SKELETON:
            # "tntrnya": the vowels left out of a word the collection writes without "-nya"
            fitting = self.unvowelled(word.removesuffix("nya"))
        if fitting:  # vowels left out: the letters written are all in the word
            return fitting
        if len(word) < MIN_LENGTH:
            return ()
        kinds: dict[str, float] = {}

        def offer(term: str, kind: float) -> None:
            kinds[term] = min(kind, kinds.get(term, kind))

        for term in self.by_deletion.get(word, ()):  # a letter missing from `word`
            offer(term, MISSING_VOWEL if _missing(word, term) in VOWELS else OTHER_LETTER)
        for variant in _deletions(word):
            if variant in self.frequency:  # a letter too many in `word`
                offer(variant, OTHER_LETTER)
            for term in self.by_deletion.get(variant, ()):
                if len(term) == len(word):
                    kind = _one_edit(word, term)
                    if kind:
                        offer(term, kind)
        kinds.pop(word, None)
        if not kinds:
            return ()
        best = min(kinds.values())
        return tuple(sorted((best, -self.frequency[t], t) for t, k in kinds.items() if k == best))


def _missing(word: str, term: str) -> str:
    """The letter `term` holds that `word` (one letter shorter) leaves out."""
    i = next((i for i, (x, y) in enumerate(zip(word, term[:-1], strict=True)) if x != y), len(word))
    return term[i]


def fat_finger(word: str, term: str) -> bool:
    """Whether `word` is `term` with one letter typed as a key next to its own ("kremlim" for
    "kremlin"; "nekat" is not "dekat" mistyped: "n" and "d" are far apart), or without its
    accent ("muller" for "müller"), or with a letter too many that a finger brushed beside one
    of its neighbours or doubled ("kremlinm"; "jenis" is not "jens" mistyped)."""
    if len(word) == len(term) + 1:
        pairs = zip(word[:-1], term, strict=True)
        extra = next((i for i, (x, y) in enumerate(pairs) if x != y), len(term))
        if word[:extra] + word[extra + 1 :] != term:
            return False  # more than one letter apart
        beside = word[max(extra - 1, 0) : extra] + word[extra + 1 : extra + 2]
        return any(word[extra] == b or _neighbours(word[extra], b) for b in beside)
    if len(word) != len(term):
        return False
    changed = [(a, b) for a, b in zip(word, term, strict=True) if a != b]
    if len(changed) != 1:
        return False
    typed, meant = changed[0]
    return _unaccented(typed) == _unaccented(meant) or _neighbours(typed, meant)


def _neighbours(a: str, b: str) -> bool:
    """Whether the keys of letters `a` and `b` are next to each other."""
    if a not in _KEYS or b not in _KEYS:
        return False
    (row, place), (other_row, other_place) = _KEYS[a], _KEYS[b]
    if row == other_row:
        return abs(place - other_place) == 1
    return abs(row - other_row) == 1 and abs(place - other_place) <= 0.75


def _unaccented(letter: str) -> str:
    return unicodedata.normalize("NFD", letter)[0]


def within(word: str, term: str) -> bool:
    """Whether `word` is `term` with some of its letters left out (in order)."""
    letters = iter(term)
    return all(letter in letters for letter in word)


def _one_edit(a: str, b: str) -> float:
    """For equal-length words: 0 when they are not one edit apart, SWAPPED when two neighbouring
    letters are swapped, 2 when one letter differs."""
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return CHANGED_LETTER
    i = diffs[0] if len(diffs) == 2 else -1
    if i >= 0 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]:
        return SWAPPED
    return 0
