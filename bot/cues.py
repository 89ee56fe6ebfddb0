"""Answer-type cues: what kind of answer a question asks for (whether a sentence offers it is
`bot.offers`).

"siapa" asks for a person or organisation, "berapa" for a number or amount ("berapa luas" for an
area, "berapa harga" for money, "berapa usia" for an age, "skornya berapa" for a score, ...),
"berapa lama" for a length of time, "jam berapa" for a time of day, "kapan" for a date or day,
"di mana" for a place, "kenapa" and "gara2 apa" for a reason, "untuk apa" for a purpose, "apa
yang dimaksud dengan" for a definition, "ada ... ga?" whether there is any.
"""

from __future__ import annotations

from bot.colloquial import colloquial_forms, undoubled, unstretched
from bot.spelling import MIN_SKELETON, skeleton, within
from bot.text import Lexicon, lexicon_base, tokens
from bot.values import (
    AGE,
    AREA,
    COUNT,
    DATE,
    DURATION,
    LENGTH,
    MONEY,
    NUMBER,
    PERCENT,
    SCORE,
    TEMPERATURE,
    TIME,
    TIME_UNITS,
    WEIGHT,
)

PERSON, PLACE, REASON, DEFINITION = "person", "place", "reason", "definition"
PURPOSE = "purpose"  # "untuk apa", "buat apa": what for
EXISTENCE = "existence"  # "ada korban ga?": whether there is any
# Words after "berapa" that are no noun counted ("berapa jumlah", "berapa banyak"), besides
# stop words
_NOT_COUNTED = {
    "jumlah",
    "jumlahnya",
    "banyak",
    "banyaknya",
    "besar",
    "besarnya",
    "total",
    "sama",
    "lagi",
    "lawan",  # "menang berapa lawan laos"
    "melawan",
    "vs",
}
# "menang berapa", "kalah berapa": by what score
_SCORED = {"menang", "kalah", "imbang", "unggul", "ditahan", "dikalahkan", "mengalahkan"}

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
    "sakit",  # "rumah sakit mana"
    "rs",
    "rsud",
    "gedung",
    "sekolah",
    "kampus",
    "kantor",
    "hotel",
    "penjara",
    "lapas",
    "jalan",
}
# "karena apa", "untuk apa", "negara apa", "bulan apa", "nomor apa": the word before "apa" names
# the kind
_WHAT_KINDS = {
    **dict.fromkeys(
        ["karena", "sebab", "akibat", "disebabkan", "penyebab", "alasan", "gara-gara", "gara2"],
        REASON,
    ),
    **dict.fromkeys(["untuk", "buat"], PURPOSE),
    **dict.fromkeys(_PLACE_NOUNS, PLACE),
    **dict.fromkeys(["hari", "bulan", "tahun", "tanggal"], DATE),
    "nomor": NUMBER,
}
# "penyakit apa", "warna apa", "cabor apa": a kind of thing, which news names in lower case
# ("serangan jantung", "panahan"), not a name: no cue
_COMMON_KINDS = frozenset(
    {
        "penyakit",
        "warna",
        "jenis",
        "bahan",
        "hewan",
        "binatang",
        "makanan",
        "minuman",
        "olahraga",
        "cabor",
        "alat",
        "senjata",
        "obat",
        "pekerjaan",
        "profesi",
        "hukuman",
        "sanksi",
        "bentuk",
        "rasa",
    }
)
# "apa judul ...", "apakah kepanjangan ...": a name or title is asked for
_NAMED = {"nama", "judul", "kepanjangan", "singkatan", "julukan", "gelar", "merek"}
# "apa yang dimaksud dengan ...", "apakah pengertian ...": a definition is asked for
_MEANING = {"dimaksud", "pengertian", "definisi", "arti", "artinya", "makna", "maksud"}
# Words that frame a question ("apa nama ...", "apa maksud istilah ...") rather than name what it
# is about, and the chat asker's own words ("gw mau nanya", "ada yg tau", "admin, ...")
FRAME_WORDS = frozenset(
    _NAMED | _MEANING | {"istilah", "sebutan"} | {"admin", "saya", "mau", "tau", "tanya"}
)
_WHO = {"siapa", "siapakah"}
# the words that ask "what is ...": not the thing a definition question asks about
ASKING_WORDS = frozenset(_WHAT | _MEANING | _WHO)
_DATE_WORDS = {"tanggal", "tgl", "tahun", "thn", "bulan", "hari"}
_CLOCK_WORDS = {"jam", "pukul", "pkl"}  # "jam berapa": a time of day
# "tanggal berapa", "hari apa": the unit of the date or time asked for (asked_units)
_UNITS = frozenset(_DATE_WORDS | _CLOCK_WORDS)
_HOW_MUCH = frozenset({"berapa", "berapakah"})
_ASKING_HOW_MUCH_OR_WHAT = frozenset(_HOW_MUCH | _WHAT)
_LONG = frozenset({"lama", "lamanya", "lamakah"})  # "berapa lama": how long, asked in one word
# "berapa lama", "berapa tahun": how long
_HOW_LONG = _LONG | {"thn"} | {u + e for u in TIME_UNITS for e in ("", "kah", "nya")}

_MEASURED = {
    word: kind
    for kind, words in {
        AREA: "luas luasnya luasan",
        LENGTH: "panjang panjangnya jarak jaraknya tinggi tingginya ketinggian kedalaman lebar"
        " diameter keliling",
        WEIGHT: "berat beratnya bobot massa",
        TEMPERATURE: "suhu temperatur",
        MONEY: "harga harganya biaya biayanya nilai dana anggaran gaji modal tarif ongkos kerugian",
        PERCENT: "persen persenkah persentase prosentase",
        AGE: "usia usianya umur umurnya",
        SCORE: "skor skornya",
    }.items()
    for word in words.split()
}


def answer_type(question: str, lexicon: Lexicon | None = None) -> str | None:
    """The kind of answer `question` asks for, or None when it does not say; chat spellings
    ("sp", "brp", "siapaaa") are read through the lexicon's first."""
    words = [(unstretched(word) or [undoubled(word) or word])[0] for word in tokens(question)]
    stopwords: frozenset[str] = frozenset()
    if lexicon is not None:
        slang = lexicon.slang
        # "brpkah": "brp" with a particle
        words = [word if word in slang else lexicon_base(word, lexicon) or word for word in words]
        words = [part for word in words for part in slang.get(word, word).split()]
        stopwords = lexicon.stopwords
    if _asks_definition(words):
        return DEFINITION
    kind = _kind_asked(words, stopwords)
    if kind:
        return kind
    if _asks_existence(words):  # "ada korban ga?", after "ada berapa", "apakah ada ... siapa"
        return EXISTENCE
    # no question word as such: one typed without some vowels ("dmna", "kpan"), looked for
    # last, since a real word may fit too
    for i, word in enumerate(words):
        asked = _misspelt_ask(word)
        if asked:
            return _kind_asked([*words[:i], asked, *words[i + 1 :]], stopwords)
    return None


def _kind_asked(words: list[str], stopwords: frozenset[str]) -> str | None:
    """The kind of answer the question words among `words` (read already) ask for, or None."""
    for i, word in enumerate(words):
        kind = _ASKS.get(word)
        if kind == NUMBER and i > 0 and words[i - 1] in _DATE_WORDS:
            return DATE  # "tahun berapa", "tanggal berapa" ask for a date
        if kind == NUMBER and i > 0 and words[i - 1] in _CLOCK_WORDS:
            return TIME
        if kind == NUMBER and i > 0 and words[i - 1] in _SCORED:
            return SCORE
        if kind == NUMBER and i + 1 < len(words) and words[i + 1] in _HOW_LONG:
            return DURATION  # "berapa lama", "berapa tahun"
        if kind == NUMBER and i + 1 < len(words) and words[i + 1] in _DATE_WORDS:
            return DATE  # "berapa tanggal"
        if kind == NUMBER:
            # "berapa luas", "luas rusia brp": the amount named next, else the first one named
            named = (w for w in words[i + 1 : i + 2] + words if w in _MEASURED)
            measured = _MEASURED.get(next(named, ""))
            if measured:
                return measured
            counted = _counted_noun(words[i + 1 : i + 2], stopwords)
            return COUNT + counted if counted else NUMBER
        if kind:
            return kind
        if word in _WHICH and i > 0:
            if words[i - 1] in ("di", "dari", "ke") or words[i - 1] in _PLACE_NOUNS:
                return PLACE  # "di mana", "dari manakah", "negara manakah"
            return PERSON  # "fraksi manakah", "perusahaan mana": a named one
    for i, word in enumerate(words):
        before = _what_kind(words[i - 1]) if word in _WHAT and i > 0 else None
        if before:
            return before  # "karena apa", "negara apa", "bulan apa", "disebabin apa"
        if word in _WHAT and i > 0 and is_one_of(words[i - 1], _COMMON_KINDS, {}):
            continue  # "penyakit(nya) apa": no name; a later "kota apa" may still ask one
        # "organisasi apakah", "apa nama ...": a named thing is asked for
        if word in _WHAT and (i > 0 or (i + 1 < len(words) and words[i + 1] in _NAMED)):
            return PERSON
    return None


# question words by their consonant skeletons ("dmn" -> "dimana"), to read "dmna", "kpan";
# not "siapa", whose skeleton "sp" is too short to tell it from "siap"
_ASKS_BY_SKELETON = {
    skeleton(word): word
    for word in ("berapa", "kapan", "dimana", "kenapa", "mengapa")
    if len(skeleton(word)) >= MIN_SKELETON
}


def _misspelt_ask(word: str) -> str:
    """The question word `word` is typed for with vowels left out ("dmna", "kpan", "brpa"), or
    ''."""
    if len(word) < 4:
        return ""
    asked = _ASKS_BY_SKELETON.get(skeleton(word), "")
    return asked if asked != word and within(word, asked) else ""


def _what_kind(word: str) -> str | None:
    """The kind of answer `word` asks for before "apa", also written colloquially ("disebabin")."""
    if word in _WHAT_KINDS:
        return _WHAT_KINDS[word]
    return next((_WHAT_KINDS[f] for f in colloquial_forms(word) if f in _WHAT_KINDS), None)


def _counted_noun(after: list[str], stopwords: frozenset[str]) -> str:
    """The noun counted in "berapa orang", "berapa kalikah", or '' (none is a stop word)."""
    if not after or not after[0].isalpha() or after[0] in _NOT_COUNTED or after[0] in stopwords:
        return ""
    noun = after[0]
    for ending in ("kah", "nya"):
        if noun.endswith(ending) and len(noun) > len(ending) + 2:
            noun = noun[: -len(ending)]
    return noun


def _asks_existence(words: list[str]) -> bool:
    """Whether the question asks if there is any: "ada korban ga", "apakah ada yang selamat",
    "ada yg luka tdk sih"."""
    if "ada" not in words:
        return False
    at = words.index("ada")
    return words[:at] == ["apakah"] or (words[:at] in ([], ["apa"]) and "tidak" in words[at + 1 :])


def _asks_definition(words: list[str]) -> bool:
    """Whether the question asks what something is: "apa itu X", "siapa itu X", "apa yang
    dimaksud dengan X", "apakah arti X"."""
    if not words:
        return False
    if words[1:2] == ["itu"]:
        return words[0] in _WHAT or words[0] in _WHO
    return words[0] in _WHAT and not _MEANING.isdisjoint(words)


def asked_units(words: list[str], lexicon: Lexicon | None = None) -> set[str]:
    """The words of `words` (a question's tokens) that name the unit of the date or time asked for
    ("tanggal berapa", "jam brp", "hari apa") or ask how long ("berapa lama"): the answering
    sentence need not write them ("Sabtu (20/8)", "delapan jam"), so an article without them is no
    near miss."""
    slang = lexicon.slang if lexicon else {}
    units = set()
    for word, after in zip(words, words[1:], strict=False):
        if slang.get(after, after) in _ASKING_HOW_MUCH_OR_WHAT and is_one_of(word, _UNITS, slang):
            units.add(word)  # "tanggal berapa"
        if slang.get(word, word) in _HOW_MUCH and after in _LONG:
            units.add(after)  # "berapa lama"
    return units


_ENDINGS = ("nya", "kah", "lah")


def is_one_of(word: str, words: frozenset[str], slang: dict[str, str]) -> bool:
    """Whether `word` is one of `words`, also with "-nya", "-kah" or "-lah" ("namanya",
    "tanggalnya") or in a chat spelling ("mksd", "bln")."""
    folded = word.casefold()
    bases = [folded, *(folded.removesuffix(e) for e in _ENDINGS if folded.endswith(e))]
    return any(base in words or slang.get(base) in words for base in bases)
