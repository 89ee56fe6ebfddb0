"""Answer-type cues: what kind of answer a question asks for, and whether a sentence offers one.

"siapa" asks for a person or organisation, "berapa" for a number or amount, "berapa lama" for a
length of time, "kapan" for a date or day, "di mana" for a place. A sentence offers such an
answer when it holds one that the question does not already contain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from bot.spelling import unstretched
from bot.text import normalise, tokens

PERSON, NUMBER, DATE, DURATION, PLACE, REASON = (
    "person",
    "number",
    "date",
    "duration",
    "place",
    "reason",
)

_ASKS = {
    "siapa": PERSON,
    "siapakah": PERSON,
    "berapa": NUMBER,
    "berapakah": NUMBER,
    "brp": NUMBER,
    "kapan": DATE,
    "kapankah": DATE,
    "kpn": DATE,
    "dimana": PLACE,
    "dimanakah": PLACE,
    "dmn": PLACE,
    "kemana": PLACE,
    "darimana": PLACE,
    "darimanakah": PLACE,
    "mengapa": REASON,
    "mengapakah": REASON,
    "kenapa": REASON,
    "kenapakah": REASON,
    "knp": REASON,
    "ngapain": REASON,
    "alasan": REASON,  # "apa alasan ...", "alasannya apa"
    "alasannya": REASON,
}
_WHAT = {"apa", "apakah", "apaan"}
_WHICH = {"mana", "manakah"}
# "negara manakah", "di kota mana": which place
_PLACE_NOUNS = {
    "negara",
    "kota",
    "provinsi",
    "propinsi",
    "kabupaten",
    "kecamatan",
    "desa",
    "kampung",
    "pulau",
    "daerah",
    "wilayah",
    "benua",
    "kawasan",
    "lokasi",
    "tempat",
    "stadion",
    "bandara",
    "pelabuhan",
}
# "apa judul ...", "apakah kepanjangan ...": a name or title is asked for
_NAMED = {"nama", "judul", "kepanjangan", "singkatan", "julukan", "gelar", "merek"}
_DATE_WORDS = {"tanggal", "tgl", "tahun", "thn", "bulan", "hari"}
# "berapa lama", "berapa tahun": how long
_TIME_UNITS = [
    "detik",
    "menit",
    "jam",
    "hari",
    "minggu",
    "pekan",
    "bulan",
    "tahun",
    "windu",
    "dekade",
    "abad",
]
_HOW_LONG = {"lama", "lamanya", "lamakah", "thn"} | {
    u + e for u in _TIME_UNITS for e in ("", "kah", "nya")
}

_MONTHS = [
    "januari",
    "februari",
    "pebruari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "agu",
    "agt",
    "ags",
    "sep",
    "sept",
    "okt",
    "nov",
    "des",
]
_DAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu"]
_NUMBER_WORDS = [
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "belas",
    "puluh",
    "puluhan",
    "ratus",
    "ratusan",
    "ribu",
    "ribuan",
    "juta",
    "jutaan",
    "miliar",
    "milyar",
    "triliun",
    "persen",
    "separuh",
    "setengah",
    "seratus",
    "seribu",
    "sejuta",
    "ratusan",
]

_DATE = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d|\d{1,2}/\d{1,2}|(?:" + "|".join(_MONTHS + _DAYS) + r"))\b"
)
_NUMBER = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b")
_DURATION = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|beberapa|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(?:"
    + "|".join(_TIME_UNITS)
    + r")\b|\bse(?:"
    + "|".join(_TIME_UNITS)
    + r")\b"
)
# Kinds answered by a value the sentence spells out: one not already in the question counts.
_VALUES = {NUMBER: _NUMBER, DURATION: _DURATION, DATE: _DATE}
_REASON = re.compile(
    r"\b(?:karena|karna|sebab|disebabkan|penyebab|akibat|lantaran|agar|supaya|demi|alasan"
    r"|untuk mencegah|untuk menghindari|guna)\b"
)
# A capitalised word that does not start a sentence, also not one opening with a quote or a
# bracket ('"Ramahlah ...', '... katanya." Dia ...', '... ujarnya. "Kita ...'): a name.
_OPENING = "\"“‘'(["
_CAPITALISED = re.compile(
    rf"(?<![.!?]\s)(?<![.!?][\"”’]\s)(?<!^)(?<!^[{_OPENING}])(?<![.!?]\s[{_OPENING}])"
    r"\b[A-Z][\w'-]+"
)
_PLACE = re.compile(r"\b(?:di|ke|dari|kota|provinsi|kabupaten|desa|pulau|negara)\s+[A-Z]")


def answer_type(question: str, slang: Mapping[str, str] | None = None) -> str | None:
    """The kind of answer `question` asks for, or None when it does not say; chat spellings
    ("sp", "brp", "siapaaa") are read through `slang` first."""
    words = [(unstretched(word) or [word])[0] for word in tokens(question)]
    if slang:
        words = [part for word in words for part in slang.get(word, word).split()]
    for i, word in enumerate(words):
        kind = _ASKS.get(word)
        if kind == NUMBER and i > 0 and words[i - 1] in _DATE_WORDS:
            return DATE  # "tahun berapa", "tanggal berapa" ask for a date
        if kind == NUMBER and i + 1 < len(words) and words[i + 1] in _HOW_LONG:
            return DURATION  # "berapa lama", "berapa tahun"
        if kind == NUMBER and i + 1 < len(words) and words[i + 1] in _DATE_WORDS:
            return DATE  # "berapa tanggal"
        if kind:
            return kind
        if word in _WHICH and i > 0:
            if words[i - 1] in ("di", "dari", "ke") or words[i - 1] in _PLACE_NOUNS:
                return PLACE  # "di mana", "dari manakah", "negara manakah"
            return PERSON  # "fraksi manakah", "perusahaan mana": a named one
    for i, word in enumerate(words):
        # "organisasi apakah", "apa nama ...": a named thing is asked for
        if word in _WHAT and (i > 0 or (i + 1 < len(words) and words[i + 1] in _NAMED)):
            return PERSON
    return None


def offers(kind: str, sentence: str, question: str) -> bool:
    """Whether `sentence` holds an answer of `kind` that is not already in the question."""
    known = _folded(question)
    if kind in _VALUES:
        found = _VALUES[kind].finditer(normalise(sentence))
        return any(m.group() not in known for m in found)
    if kind == REASON:
        return bool(_REASON.search(normalise(sentence)))
    if kind == PLACE:
        return bool(_PLACE.search(sentence)) or _new_name(sentence, known)
    return _new_name(sentence, known)


@lru_cache(maxsize=64)
def _folded(question: str) -> str:
    return normalise(question)  # the same question is checked against dozens of sentences


def _new_name(sentence: str, known: str) -> bool:
    for match in _CAPITALISED.finditer(sentence):
        word = normalise(match.group())
        if word not in known and word not in _MONTHS and word not in _DAYS:
            return True
    return False
