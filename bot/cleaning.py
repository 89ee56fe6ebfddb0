"""Cleaning Indonesian news text: normalisation, read-also links and datelines.

Everything here keeps the text readable: it is what the user is shown later. Nothing is stemmed
or lower-cased; that belongs to the matching side.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Format and control characters that only get in the way: zero-width spaces and joiners,
# direction marks, the soft hyphen, the byte-order mark, C0/C1 controls. Tabs and line breaks
# are not listed: they are whitespace and handled as such.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_SPACES = re.compile(r"\s+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Compatibility forms whose meaning is in their shape stay as written: superscripts and
# subscripts ("km²", "H₂O"), fractions ("½"), squared units ("㎡") and primes ("8°25′23″").
# NFKC would make "km2", "H2O", "1⁄2", "m2" and "8°25′23′′" of them: text the article never had.
_SHAPED = ("<super>", "<sub>", "<fraction>", "<square>")
_PRIMES = "″‴⁗"
# UTF-8 punctuation (U+2000-U+203F: quotes, dashes, "…") read as Windows-1252: "â€œ" for "“".
_MOJIBAKE = re.compile(
    "â€[\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

# A line that is nothing but a link to another article.
_READ_ALSO_LINE = re.compile(
    r"""^[\[(]?\s*(?:
        (?:baca|simak|lihat|tonton|saksikan)(?:\s+(?:juga|pula))?\s*:     # Baca juga: / Baca:
      | (?:baca|simak)\s+juga\b                                          # SIMAK JUGA - ...
      | (?:baca|simak|lihat|klik)\s+selengkapnya\b                       # Baca selengkapnya di ...
      | baca_juga\s*$                                                    # IndoSum's placeholder
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A parenthesised or bracketed link inside a paragraph: "(Baca: ...)", "[Baca juga: ...]".
_READ_ALSO_INLINE = re.compile(
    r"\s*[(\[]\s*(?:baca|simak|lihat)(?:\s+juga)?\s*:[^()\[\]]*[)\]]", re.IGNORECASE
)
# IndoSum left "Baca_Juga" where a link was; the words after it are the paragraph itself.
_READ_ALSO_MARKER = re.compile(r"^baca_juga\b\s*", re.IGNORECASE)
# A link title trailing a paragraph ("... sempurna. Baca juga: Judul Lain"). Only a tail without
# a full stop is removed: when a sentence follows the title, where the title ends is a guess.
_READ_ALSO_TAIL = re.compile(
    r"\s+(?:baca|simak|lihat)\s+juga\s*(?::|[-–—](?=\s))[^.!?]*[?!]?$", re.IGNORECASE
)

# Dateline: place and/or outlet, maybe a parenthesised outlet, then a dash.
_TOKEN = r"\w[\w.&'’]*(?:-\w[\w.&'’]*)*"
_PART = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,4}}"
_DATELINE = re.compile(
    rf"(?P<head>{_PART}(?:\s*,\s*{_PART}){{0,2}})"
    rf"(?:\s*,?\s*\((?P<paren>\s*{_TOKEN}(?:\s+{_TOKEN}){{0,3}}\s*)\))?"
    r"(?P<before>\s*)(?:-\s?-|[-–—])(?P<after>\s*)"
)
_WORDS = re.compile(_TOKEN)
_DOMAIN = re.compile(r"\.(?:com|co|id|net|org|tv)\b", re.IGNORECASE)
# Outlets and weekdays that FacQA's lower-cased datelines use ("jakarta, kompas -",
# "Baghdad, rabu -"); capitalised datelines do not need them.
_DATELINE_WORDS = _word_set(
    "kompas detikcom liputan6 okezone tribunnews kumparan rimanews bolasport sindonews jpnn "
    "antaranews senin selasa rabu kamis jumat jum'at sabtu minggu ahad"
)
# Outlets whose names are also ordinary words ("di antara", "suara"): known only capitalised.
_OUTLET_WORDS = _word_set(
    "antara cnn tempo detik merdeka suara republika juara viva reuters afp ap"
)
# Capitalised words that open ordinary sentences, never a dateline's place or outlet.
_NOT_PLACES = _word_set(
    "ada adapun akan bahkan berdasarkan dalam dan dari di ia ini itu jika kepada ketika menurut "
    "namun para pada saat sebelumnya sedangkan sejak selain selama selanjutnya sementara "
    "setelah tetapi untuk yang"
)
_DATELINE_MAX = 60


def normalise_text(text: str) -> str:
    """Normalise for display and matching: compatibility forms mapped, no invisible characters,
    tidy spaces per line.

    NFC composes accents; NBSP and other odd spaces become plain spaces, full-width forms ASCII,
    ligatures ("ﬁ") their letters and "…" "..." (NFKC, character by character), except the
    forms whose meaning is in their shape ("km²", "½", primes), kept as the article writes them;
    curly quotes and dashes are left alone. Line breaks of any kind (CRLF, CR, U+2028)
    become "\\n" and separate paragraphs; every line is stripped and its runs of whitespace
    collapsed. UTF-8 punctuation misread as Windows-1252 ("â€œ") is repaired first.
    """
    if "â€" in text:
        text = _MOJIBAKE.sub(_repair_mojibake, text)
    if not text.isascii():
        nfc = unicodedata.normalize("NFC", text)
        text = unicodedata.normalize("NFC", _NON_ASCII.sub(_compatible, nfc))
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n")


@lru_cache(maxsize=4096)
def _compatible_char(char: str) -> str:
    if char in _PRIMES or unicodedata.decomposition(char).startswith(_SHAPED):
        return char
    return unicodedata.normalize("NFKC", char)


def _compatible(match: re.Match[str]) -> str:
    return _compatible_char(match.group())


def _repair_mojibake(match: re.Match[str]) -> str:
    raw = b"".join(_windows_1252_byte(char) for char in match.group())
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


def _windows_1252_byte(char: str) -> bytes:
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        return char.encode("latin-1")  # bytes Windows-1252 leaves undefined, such as 0x9d


def is_read_also(line: str) -> bool:
    """Whether a whole line is a link to another article ("Baca juga: ...") and should go."""
    return _READ_ALSO_LINE.match(line.strip()) is not None


def strip_read_also(paragraph: str) -> str:
    """Remove read-also fragments inside a paragraph: "(Baca: ...)", a trailing link title."""
    paragraph = _READ_ALSO_MARKER.sub("", paragraph)
    lowered = paragraph.lower()  # a cheap test first: most paragraphs have no link at all
    if "baca" in lowered or "simak" in lowered or "lihat" in lowered:
        paragraph = _READ_ALSO_INLINE.sub("", paragraph)
        paragraph = _READ_ALSO_TAIL.sub("", paragraph)
    return paragraph.strip()


def paragraphs(text: str) -> list[str]:
    """The normalised, non-empty paragraphs of `text` (one a line), read-also links removed."""
    found = []
    for line in normalise_text(text).split("\n"):
        if not line or is_read_also(line):
            continue
        line = strip_read_also(line)
        if line:
            found.append(line)
    return found


def split_dateline(paragraph: str) -> int:
    """How many leading characters of `paragraph` are a news dateline, 0 when there is none.

    "Jakarta, CNN Indonesia -- ", "Bandung (ANTARA) - ", "Suara.com - ". A dateline is short,
    made of a place and/or an outlet (capitalised words, or a known outlet or weekday), ends
    in a dash with a space on at least one side, and is followed by a sentence.
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return 0
    if not (match.group("before") or match.group("after")):
        return 0  # "Rusia-AS": a hyphenated word, not a dateline
    rest = paragraph[match.end() :]
    if rest.count(" ") < 2:
        return 0  # a dateline is followed by a sentence
    head, paren = match.group("head"), match.group("paren") or ""
    words = _WORDS.findall(head) + _WORDS.findall(paren)
    if len(words) > 7 or len(head) + len(paren) > _DATELINE_MAX:
        return 0
    if words[0].lower() in _NOT_PLACES or (not paren and len(words[-1]) < 3):
        return 0  # "Namun, ...", or a tokenised compound: "GO - JEK", "Co - Founder"
    if rest.split(" ", 1)[0].lower() == words[-1].lower():
        return 0  # tokenised reduplication: "Suara - suara", "Barang - barang"
    separated = "," in head or bool(paren)
    known = any(_is_outlet_or_day(word) for word in words)
    if rest[0].islower() and not (known or paren):
        return 0  # "Undang - undang", "Menurut dia - yang"
    lettered = [word for word in words if not word.isdigit()]
    capitalised = bool(lettered) and all(word[0].isupper() for word in lettered)
    shouting = capitalised and all(word.isupper() for word in lettered)
    if capitalised and (separated or shouting):
        return match.end()
    if known and (len(words) == 1 or (separated and _short_parts(head))):
        return match.end()
    return 0


def _is_outlet_or_day(word: str) -> bool:
    lowered = word.lower()
    if lowered in _DATELINE_WORDS or _DOMAIN.search(word):
        return True
    return lowered in _OUTLET_WORDS and word[0].isupper()


def _short_parts(head: str) -> bool:
    """Whether every comma-separated part is at most three words, as places and outlets are."""
    return all(part.count(" ") <= 2 for part in (p.strip() for p in head.split(",")))
