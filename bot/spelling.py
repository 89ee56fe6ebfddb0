"""Typo tolerance: a question word the index does not know is matched to a known term one edit
away ("bicra" -> "bicara", "tentar" -> "tentara"), the most frequent one when there are several.

Candidates come from a deletion neighbourhood (every term with one letter left out), so a lookup
costs a few dictionary probes instead of a scan of the vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_LENGTH = 4  # shorter words have too many neighbours one edit away to guess from
_VOWELS = set("aeiou")


def colloquial_forms(word: str) -> list[str]:
    """Standard forms a colloquial Jakarta-style verb may stand for, most likely first:
    "diadain" -> "diadakan", "ngusulin" -> "mengusulkan", "nyebut" -> "menyebut"."""
    stems = [word]
    if len(word) > 4 and word.endswith("in"):
        base = word[:-2]
        stems = [base + "kan", base + "i", base]
    forms: list[str] = []
    for stem in stems:
        if stem.startswith("nge") and len(stem) > 5:
            forms.append("me" + stem[3:])
        if stem.startswith("ny") and len(stem) > 4:
            forms += ["meny" + stem[2:], "men" + "s" + stem[2:], "men" + "c" + stem[2:]]
        elif stem.startswith("ng") and len(stem) > 4:
            forms += ["meng" + stem[2:], "me" + stem[2:]]
        if stem is not word:
            forms.append(stem)
    return [form for form in dict.fromkeys(forms) if form != word]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Known terms with their document frequencies, indexed by their one-letter deletions."""

    def __init__(self, terms: Iterable[tuple[str, int]]) -> None:
        self.frequency: dict[str, int] = {}
        self.by_deletion: dict[str, list[str]] = {}
        for term, df in terms:
            if len(term) < MIN_LENGTH or not term.isalpha():
                continue
            self.frequency[term] = df
            for variant in _deletions(term):
                self.by_deletion.setdefault(variant, []).append(term)

    def correct(self, word: str) -> str | None:
        """The most frequent known term one edit (insertion, deletion, substitution or swap of
        neighbours) away from `word`, or None."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.frequency:
            return None
        candidates: set[str] = set()
        candidates.update(self.by_deletion.get(word, ()))  # a letter missing from `word`
        for variant in _deletions(word):
            if variant in self.frequency:  # a letter too many in `word`
                candidates.add(variant)
            for term in self.by_deletion.get(variant, ()):  # one letter changed or swapped
                if _one_edit(word, term):
                    candidates.add(term)
        if not candidates:
            return None
        return max(sorted(candidates), key=lambda term: self.frequency[term])


def _one_edit(a: str, b: str) -> bool:
    """Whether equal-length `a` and `b` differ by one substitution or one swap of neighbours."""
    if len(a) != len(b):
        return True  # an insertion or deletion, already established by the caller
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )
