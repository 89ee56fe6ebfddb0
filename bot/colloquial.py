"""How chat spells the words news writes, read back: a letter held ("siapaaa"), a last letter
typed twice ("siapaa"), Jakarta's colloquial prefixes and "-in" ("ngusulin" -> "mengusulkan",
"nyebut" -> "menyebut", "diadain" -> "diadakan"), the spoken "e" of a last syllable's "a"
("selamet" -> "selamat") and the "h" it leaves unspoken ("ilang" -> "hilang"). Pure functions of
the word; which reading a question word gets is decided against the collection (bot/reading.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

# The last syllable's vowel "e" before its closing consonants: "selamet", "bener", "seneng".
_OPEN_E = re.compile(r"([^aeiou])e([^aeiou]+)$")
# Two vowels meeting after a consonant, where chat drops the "h" between them: "liat", "tau",
# "boong"; not one vowel held at the end ("lamaa")
_VOWELS_MET = re.compile(r"(?<=[^aeiou])([aeiou])(?=(?!\1)[aeiou]|\1[^aeiou])")


# A letter typed three or more times in a row, as chat holds a sound: "siapaaa", "bgttt".
_HELD = re.compile(r"([^\W\d_])\1{2,}")
# A last letter typed twice: "siapaa", "brpp" (Indonesian words do not end in a double letter,
# but names do: "Hall"); weaker evidence than a letter held three times.
_DOUBLED_LAST = re.compile(r"(?<=\w\w)([^\W\d_])\1$")


def unstretched(word: str) -> list[str]:
    """`word` with its held letters let go, most likely first: every run of three or more of
    one letter as one letter, then as two ("siapaaa" -> "siapa", "maaaf" -> "maf", "maaf");
    none when no letter is held."""
    if not _HELD.search(word):
        return []
    return list(dict.fromkeys([_HELD.sub(r"\1", word), _HELD.sub(r"\1\1", word)]))


def undoubled(word: str) -> str | None:
    """`word` without its doubled last letter ("siapaa" -> "siapa", "brpp" -> "brp"), or None."""
    if len(word) < 4 or word[-1] != word[-2]:  # most words: no regex needed
        return None
    return word[:-1] if _DOUBLED_LAST.search(word) else None


def colloquial_forms(word: str, *, unsure: bool = True) -> list[str]:
    """Standard forms a colloquial Jakarta-style word may stand for, most likely first: the word
    with its held letters let go ("kremlinnn" -> "kremlin"), "-in" for "-kan" or "-i"
    ("diadain" -> "diadakan"), the colloquial prefixes for "me(N)-" ("ngusulin" ->
    "mengusulkan", "nyebut" -> "menyebut", "mimpin" -> "memimpin", "nerima" -> "menerima"), an
    "e" spoken for the last syllable's "a" ("selamet" -> "selamat", "didatengin" ->
    "didatangkan"); for a word ending in a doubled letter, its own forms come first, then the
    word without it and that word's forms ("lamaa" -> "lama"). With `unsure`, also the readings
    that misread real words, for a word the collection does not hold: the root under a prefix,
    with the letter "me(N)-" drops ("ngudeta" -> "kudeta", "nambah" -> "tambah"; "ninja" is no
    "tinja"), and a five-letter word's "-in" after a vowel ("adain" -> "adakan"; "Alain" is no
    "ala" + "-in")."""
    return list(_colloquial_forms(word, unsure))


@lru_cache(maxsize=8192)  # a pure function of the word, asked again for every question
def _colloquial_forms(word: str, unsure: bool) -> tuple[str, ...]:
    held = unstretched(word)
    if held:
        again = _colloquial_forms(held[0], unsure)
        return (*held, *(form for form in again if form not in held))
    single = undoubled(word)
    if single:
        forms = [*_spoken_forms(word, unsure), single, *_colloquial_forms(single, unsure)]
        return tuple(form for form in dict.fromkeys(forms) if form != word)
    return tuple(form for form in _spoken_forms(word, unsure) if form != word)


def _spoken_forms(word: str, unsure: bool) -> list[str]:
    """The standard forms of a colloquial word, the word itself among them (colloquial_forms)."""
    forms = chain.from_iterable(
        (*_prefixed(stem), *(_roots(stem) if unsure else ()), stem) for stem in _stems(word, unsure)
    )
    return list(dict.fromkeys(forms))


def _stems(word: str, unsure: bool) -> list[str]:
    """`word` and its forms with "-kan" or "-i" for "-in", each with its vowels written as news
    writes them first."""
    bases = [(word, "")]
    if _suffixed_in(word, unsure):
        # the word itself first: "mimpin" is "memimpin", no "-in" form ("mimpi")
        bases += [(word[:-2], suffix) for suffix in ("kan", "i", "")]
    stems = [form + suffix for base, suffix in bases for form in (*written_vowels(base), base)]
    return list(dict.fromkeys(stems))


def _suffixed_in(word: str, unsure: bool) -> bool:
    """Whether `word` may be a word with the colloquial "-in": "diadain", "ngusulin"; of five
    letters, only `unsure` and after a vowel ("adain"; not "kabin", "mesin", "angin")."""
    if not word.endswith("in") or len(word) < 5:
        return False
    return len(word) > 5 or (unsure and word[-3] in "aeiou")


def _prefixed(stem: str) -> list[str]:
    """The "me(N)-" forms a colloquial prefix stands for: "ngancam" mengancam, "nyolong"
    mencolong, "nambah" menambah, "mimpin" memimpin."""
    if stem.startswith("ny") and len(stem) > 4:
        return ["meny" + stem[2:], "menc" + stem[2:]]  # "nyerbu" serbu, "nyolong" colong
    if stem.startswith("ng") and len(stem) > 4:
        # "ngelapor" melapor, then "ngejar" mengejar
        return [*([_me(stem[3:])] if _nge(stem) else []), "meng" + stem[2:], "me" + stem[2:]]
    if len(stem) > 4 and stem[0] in "mn" and stem[1] in "aeiou":
        return ["me" + stem]
    return []


def _me(root: str) -> str:
    """The "me(N)-" form of `root` under "nge-", for a root of more than one syllable: "meng-"
    before a vowel, "g" or "h" ("ngegeser" menggeser), "mem-" before "b", "f" or "v"
    ("ngebangun" membangun), "men-" before "c", "d", "j" or "z", which the stemmer reads as it
    reads "me-" + the root ("megeser", which users were shown); else "me-" ("ngelapor" melapor;
    "ngebom": "mengebom" would read as "ebom"; and a "p", "t", "k" or "s" the prefix drops would
    read as another stem: "menulis" is "ulis")."""
    if len(re.findall(r"[aeiou]+", root)) < 2:
        return "me" + root
    for prefix, letters in (("meng", "aeiough"), ("mem", "bfv"), ("men", "cdjz")):
        if root[0] in letters:
            return prefix + root
    return "me" + root


def _roots(stem: str) -> list[str]:
    """The root under a colloquial prefix, with the letter "me(N)-" drops: "ngirim" kirim,
    "ngebom" bom, "ngejar" kejar, "ngudeta" kudeta, "nambah" tambah, "milih" pilih."""
    if _nge(stem):
        return [stem[3:], "k" + stem[2:]]
    if stem.startswith("ng") and len(stem) > 4 and stem[2] in "aeiou":
        return ["k" + stem[2:]]
    if len(stem) > 4 and stem[0] in "mn" and stem[1] in "aeiou":
        return [("p" if stem[0] == "m" else "t") + stem[1:]]
    return []


def _nge(stem: str) -> bool:
    """Whether `stem` starts with the colloquial prefix "nge-" ("ngebom", "ngejar")."""
    return stem.startswith("nge") and len(stem) > 5


def written_vowels(stem: str) -> list[str]:
    """`stem` with the last syllable's "a" that chat writes as spoken, "e", written as news
    writes it ("selamet" -> "selamat", "dateng" -> "datang"), or none."""
    written = _OPEN_E.sub(r"\1a\2", stem)
    return [written] if len(stem) > 4 and written != stem else []


def written_h(word: str) -> list[str]:
    """`word` with the "h" chat leaves unspoken written back: at the start ("ilang" -> "hilang",
    "ujan" -> "hujan") or between its first two vowels in a row ("liat" -> "lihat", "taun" ->
    "tahun", "ketauan" -> "ketahuan"); none when it has neither."""
    if len(word) < 4 or not word.isalpha():
        return []
    forms = ["h" + word] if word[0] in "aeiou" else []
    pair = _VOWELS_MET.search(word)
    if pair:
        forms.append(word[: pair.end(1)] + "h" + word[pair.end(1) :])
    return forms
