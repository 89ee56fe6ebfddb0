"""The values an answer spells out in a sentence: dates and days, times of day, numbers, ages,
scores, lengths of time, and amounts with a unit of their kind ("43.094 km2", "Rp 5.000",
"22,44 persen"), as found in folded text (`bot.text.normalise`). Which of them a question asks
for is for `bot.cues` to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

NUMBER, DATE, DURATION = "number", "date", "duration"
# "berapa usia", "jam berapa", "skornya berapa": an age, a time of day, a match score
AGE, TIME, SCORE = "age", "time", "score"
COUNT = "count:"  # "berapa orang": "count:orang", answered by a number of that noun
# "berapa luas", "berapa harga": an amount answered by a number with a unit of its kind
AREA, LENGTH, WEIGHT, TEMPERATURE, MONEY, PERCENT = (
    "area",
    "length",
    "weight",
    "temperature",
    "money",
    "percent",
)

TIME_UNITS = [
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
MONTHS = [
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
DAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu"]
# amounts said without a figure: "ribuan orang", "puluhan ribu"
VAGUE_AMOUNTS = ("puluhan", "ratusan", "ribuan", "jutaan")
_NUMBER_WORDS = [
    *VAGUE_AMOUNTS,
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
    "ratus",
    "ribu",
    "juta",
    "miliar",
    "milyar",
    "triliun",
    "persen",
    "separuh",
    "setengah",
    "seratus",
    "seribu",
    "sejuta",
]

_DATE = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d|\d{1,2}/\d{1,2}|(?:" + "|".join(MONTHS + DAYS) + r"))\b"
    # older times: "abad ke-16", "tahun 23", "287 SM" (not "1250 M": metres)
    r"|\babad\b|\btahun\s+\d{1,4}\b|\b\d{1,4}\s*(?:sm|masehi|hijriah)\b"
)
_NUMBER = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b")
_DURATION = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|beberapa|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(?:"
    + "|".join(TIME_UNITS)
    + r")\b|\bse(?:"
    + "|".join(TIME_UNITS)
    + r")\b"
)
_AMOUNT = (
    r"(?:\d[\d.,]*|\b(?:"
    + "|".join(_NUMBER_WORDS)
    + r"))(?:\s*(?:ribu|rb|juta|jt|miliar|milyar|triliun))?\s*"
)
_UNITS = {  # as folded: NFKC makes "km²" "km2"
    AREA: "km2|m2|km persegi|(?:kilo)?meter persegi|mil persegi|hektar|hektare|ha|acre|ekar",
    LENGTH: "km|kilometer|m|meter|cm|sentimeter|centimeter|mm|milimeter|mil|kaki|inci|mdpl|dpl",
    WEIGHT: "kg|kilogram|g|gr|gram|ton|kuintal|ons|pon|mg|miligram",
    TEMPERATURE: "°[cfk]?|derajat|celsius|celcius|kelvin|fahrenheit",
    MONEY: "rupiah|dollar|dolar|euro|yen|ringgit|baht|pound|poundsterling|yuan|riyal|rupee",
    PERCENT: "persen|%",
}
_MEASURES = {kind: re.compile(rf"{_AMOUNT}(?:{unit})(?!\w)") for kind, unit in _UNITS.items()}
# money is also written unit first: "Rp 5.000", "US$ 50 juta"
_MEASURES[MONEY] = re.compile(rf"(?:\brp\.?|us\$|\$|€|£|¥)\s*\d|{_MEASURES[MONEY].pattern}")
# "Dibaba (19)", "berusia 71 tahun", "usianya 60": news write ages in brackets after the name;
# not a numbered part ("ayat (2)", "pasal 5 huruf (1)") nor a span of years ("selama 5 tahun",
# "2 tahun lalu", "divonis 4 tahun penjara")
_NUMBERED = ("ayat", "pasal", "huruf", "angka", "butir", "poin", "nomor", "no", "bab", "tahap")
_NOT_SPAN = r"(?<!selama )(?<!sejak )(?<!dalam )(?<!hingga )(?<!sampai )"
_AGE = re.compile(
    "".join(rf"(?<!\b{word} )" for word in _NUMBERED) + r"(?<![\w(])\(\s*\d{1,3}\s*\)"
    r"|\b(?:berusia|berumur|usia|umur|usianya|umurnya)\s+(?:sekitar\s+|"
    rf"hampir\s+|lebih dari\s+)?{_AMOUNT}"
    rf"|{_NOT_SPAN}{_AMOUNT}tahun\b(?!\s+(?:lalu|silam|lagi|mendatang|terakhir|penjara|kurungan))"
)
# "pukul 10.30", "jam 11.00 wib", "16.45 wita"
_TIME = re.compile(
    r"\b(?:pukul|pkl|jam)\s+\d{1,2}(?:[.:]\d{2})?(?!\d|[.,:]\d)"  # not "jam 1.000 orang"
    r"|\b\d{1,2}[.:]\d{2}\s*(?:wib|wita|wit)\b"
)
# "6-3, 6-0", "menang 2 - 1": a score, not a range of years
_SCORE = re.compile(
    r"(?<![\d.,])\d{1,3}\s*[-–]\s*\d{1,3}(?![\d.,]\d)"
    r"|(?<![\d.,])\d{1,2}\s*:\s*\d(?!\d|[.,]\d)"  # "2:1", not the clock's "10:30"
)
_PATTERNS = {
    NUMBER: _NUMBER,
    DURATION: _DURATION,
    DATE: _DATE,
    AGE: _AGE,
    TIME: _TIME,
    SCORE: _SCORE,
    **_MEASURES,
}
# "Sabtu (20/8)": a day of the month, not an amount
_DAY_MONTH = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])")


def is_value(kind: str) -> bool:
    """Whether a sentence answers `kind` by spelling out a value (see spelled_out)."""
    return kind in _PATTERNS or kind.startswith(COUNT)


@lru_cache(maxsize=256)
def _counted(noun: str) -> re.Pattern[str]:
    return re.compile(rf"{_AMOUNT}{re.escape(noun)}(?!\w)")


def spelled_out(kind: str, text: str) -> Iterator[str]:
    """The values of `kind` in folded `text`, as written there; for a count ("count:orang"), the
    numbers of its noun: "3 kali", "lima negara", "1,2 juta orang"."""
    if kind.startswith(COUNT):
        pattern = _counted(kind[len(COUNT) :])
    else:
        pattern = _PATTERNS[kind]
        if kind == NUMBER:
            text = _DAY_MONTH.sub(" ", text)
    return (match.group() for match in pattern.finditer(text))
