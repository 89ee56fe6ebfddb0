"""Splitting Indonesian news paragraphs into sentences, the units that get indexed.

A small scanner: a regex finds every place a sentence could end (".", "?", "!", "...", "…",
maybe followed by closing quotes or brackets, then a space), and a few rules decide whether it
does, looking only at the word before and the character after. The rules, in order:

- a sentence never starts with a lower-case letter: "dll. dan", "“Siap?” tanya dia", "Jr. di";
- no split inside a quotation that closes later in the paragraph (up to QUOTE_MAX characters):
  “Kami siap. Kami datang,” katanya. is one sentence, speaker included;
- "?", "!" and ellipses end a sentence before anything that is not lower case;
- a full stop does not end a sentence after a title or abbreviation that always precedes
  something ("dr.", "Prof.", "Jl.", "No.", "Rp."), after an initial ("B. J. Habibie"), after a
  dotted abbreviation ("a.n.", "u.p.") unless it is a degree after a comma ("Budi, S.H."),
  after a list number ("1. Pertama"), or inside a tokenised number ("3.327. 810 hektar");
- dots with no space after them ("100.000", "kompas.com", "10.30", "a.b@c.co.id") are never
  candidates at all, and leftover pieces without letters ("1.", ". ") join a neighbour.
"""

from __future__ import annotations

import re

from bot.cleaning import paragraphs, split_dateline
from bot.models import Article, Sentence


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SPACES = re.compile(r"\s+")
_CANDIDATE = re.compile(r"(?P<term>[.!?…]+)(?P<close>[”\"’')\]»]*)(?= )")
_QUOTED = re.compile(r"“[^“”]*”")
_STRAIGHT_QUOTED = re.compile(r'"[^"]*"')
_LETTER = re.compile(r"[^\W\d_]")
_ALNUM = re.compile(r"[^\W_]")
_TAG = re.compile(r"[(\[][\w/ .,-]{1,20}[)\]]")  # "(agk/agk)", "[idc]": an editor's initials
_THOUSANDS = re.compile(r"(?:\d+-)?\d{1,3}(?:\.\d{3})*")
_THOUSANDS_REST = re.compile(r"\d{3}(?!\d)")
_OPENERS = "([“‘\"'«"
_CLOSERS = "”»"

# A quotation longer than this is split inside like any text: one sentence per speech is
# readable, a whole interview in one "sentence" is not.
QUOTE_MAX = 600

# Lower-cased, without the dot: words written with a full stop that always precede a name, a
# place or a number, so a full stop after them never ends a sentence.
_TITLES = _word_set(
    """
    dr drg drh dra drs prof ir hj kh ust ustz sdr sdri bpk bp yth tn ny nn mr mrs ms mt
    jl jln gg kav kab kec kel ds kp prov no hlm hal tgl telp tel fax rp pt cv ud st vs vol
    kol letkol jend mayjen brigjen kapt kompol ipda iptu akp mgr pdt rev skt lit lih bdk al
    """
)
# Words after which a single capital letter is a label ("Grup A."), not an initial.
_LABELS = _word_set(
    """
    grup group kelas vitamin golongan tipe type blok seri huruf kategori pot zona opsi paket
    level tingkat kode gedung lantai sektor ring pasal ayat bab lampiran model versi plan
    """
)


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, in order; none of them empty."""
    text = _SPACES.sub(" ", paragraph).strip()
    if not text:
        return []
    spans, closers = _quotations(text)
    cuts = [0]
    for match in _CANDIDATE.finditer(text):
        end = _sentence_end(text, match, cuts[-1], spans, closers)
        if end > cuts[-1]:
            cuts.append(end)
    cuts.append(len(text))
    cuts = _without_fragments(text, cuts)
    return [text[start:end].strip() for start, end in zip(cuts, cuts[1:], strict=False)]


def sentence_key(sentence: str) -> str:
    """What two copies of a sentence share, case and spacing aside (a sentence several articles
    carry, or one an article repeats)."""
    return " ".join(sentence.casefold().split())


def sentences_of(article: Article) -> list[Sentence]:
    """Every sentence of `article`, with its paragraph, position and dateline length."""
    found = []
    for number, paragraph in enumerate(paragraphs(article.text)):
        # Only an article's opening carries a dateline; further down, "GO - JEK" and
        # "Jean - Pierre" from tokenised text only look like one.
        dateline = split_dateline(paragraph) if number == 0 else 0
        for position, text in enumerate(split_sentences(paragraph)):
            lead = dateline if position == 0 and dateline < len(text) else 0
            found.append(Sentence(article.id, number, position, text, lead))
    return found


def _quotations(text: str) -> tuple[list[tuple[int, int]], frozenset[int]]:
    """Spans (opening, closing position) of the quotations that close, and where they close."""
    spans = []
    if "“" in text:
        spans += [(m.start(), m.end() - 1) for m in _QUOTED.finditer(text)]
    # Straight quotes open and close alike: trust them only when they pair up.
    straight = text.count('"')
    if straight and straight % 2 == 0:
        spans += [(m.start(), m.end() - 1) for m in _STRAIGHT_QUOTED.finditer(text)]
    return spans, frozenset(close for _, close in spans)


def _sentence_end(
    text: str,
    match: re.Match[str],
    start: int,
    spans: list[tuple[int, int]],
    closers: frozenset[int],
) -> int:
    """Where the sentence ends if `match` ends it, else 0."""
    end = match.end()
    after = end + 1  # _CANDIDATE guarantees one space, and text is stripped
    if after >= len(text):
        return 0
    if text[after] in _CLOSERS or after in closers:
        # A quote mark after the space closes this sentence's quotation. Spaced off, as
        # tokenised text has it ("siap . ” Dia"), it belongs to this sentence; glued to the
        # next word it may still be followed by the speaker ("siap. "katanya").
        if text[after + 1 : after + 2] == " ":
            end = after + 1
            after = end + 1
        elif text[after + 1 : after + 2].islower():
            return 0
        if after >= len(text):
            return 0
    if text[after].islower():
        return 0
    term_start = match.start()
    for opening, closing in spans:
        if opening < term_start and closing >= end and closing - opening <= QUOTE_MAX:
            return 0
    term = match.group("term")
    before = text[term_start - 1] if term_start else ""
    if before in "([":
        return 0  # "(...)", "(?)"
    if term != "." or match.group("close"):
        return end
    return 0 if _continues(text, term_start, start) else end


def _continues(text: str, dot: int, start: int) -> bool:
    """Whether the full stop at `dot` belongs to an abbreviation, an initial or a list number."""
    stop = dot
    while stop > start and text[stop - 1] == " ":
        stop -= 1  # tokenised text: "katanya . Dia"
    begin = max(start, text.rfind(" ", start, stop) + 1)
    word = text[begin:stop].lstrip(_OPENERS)
    if not word:
        return False  # a stray full stop: the piece it leaves joins the previous sentence
    last = word.rsplit(".", 1)[-1]
    if last.lower() in _TITLES:
        return True
    if _THOUSANDS.fullmatch(word) and _THOUSANDS_REST.match(text, dot + 2):
        return True  # tokenised "3.327. 810 hektar": one number
    if word.isdigit():
        # "1. Syarat pertama", "Syaratnya: 1. Warga negara": a list, not a sentence end.
        return len(word) <= 2 and (begin == start or text[start:begin].rstrip().endswith(":"))
    if len(word) <= 3 and word.isalpha() and text[dot + 2 : dot + 3].isdigit():
        return True  # a short abbreviation before a number: "Rf. 5", "Hal. 12"
    if len(last) != 1 or not last.isalpha():
        return False
    if "." in word:
        # "a.n.", "B.J." continue; a degree after a comma ("Budi, S.H.") may end the sentence.
        return text[max(start, begin - 2) : begin] != ", "
    if begin <= start:
        return True
    previous = text[max(start, text.rfind(" ", start, begin - 1) + 1) : begin - 1]
    return previous.lower() not in _LABELS


def _without_fragments(text: str, cuts: list[int]) -> list[int]:
    """Drop the cuts that leave a piece unable to stand alone: a list number ("1.") joins the
    next piece; stray punctuation (". ") or an editor's tag ("(agk/agk)") joins the previous."""
    joins_next = []
    for number, (start, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        piece = text[start:end].strip()
        if _LETTER.search(piece) is None:
            joins_next.append(number == 0 or _ALNUM.search(piece) is not None)
        elif number and _TAG.fullmatch(piece):
            joins_next.append(False)
        else:
            joins_next.append(None)  # stands alone
    if len(joins_next) > 1 and joins_next[-1]:
        joins_next[-1] = False  # nothing follows the last piece: it joins the one before
    kept = [0]
    for number in range(1, len(joins_next)):
        if joins_next[number - 1] is not True and joins_next[number] is not False:
            kept.append(cuts[number])
    kept.append(cuts[-1])
    return kept
