"""Whether a sentence offers the kind of answer a question asks for (`bot.cues.answer_type`): a
value of the kind ("berapa luas" -> "43.094 km²"), a definition of the thing asked about, a reason,
a statement that there is none, a place, or a name the question does not already hold.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.cues import ASKING_WORDS, DEFINITION, EXISTENCE, PLACE, PURPOSE, REASON
from bot.text import normalise, tokens
from bot.values import DAYS, MONTHS, VAGUE_AMOUNTS, is_value, spelled_out

# "X adalah ...", "X (...) merupakan ...": a sentence that defines X
_COPULA = re.compile(
    r"\b(?:adalah|ialah|merupakan|yaitu|yakni|berarti|bermakna|artinya|didefinisikan"
    r"|mengacu pada|dikenal sebagai)\b"
)
# words of a definition question that are not the thing to be defined
_FRAME = ASKING_WORDS | {"itu", "yang", "dengan", "dari", "dalam", "pada", "di"}
_REASON = re.compile(
    r"\b(?:karena|karna|sebab|disebabkan|penyebab|akibat|lantaran|agar|supaya|demi|alasan"
    r"|untuk mencegah|untuk menghindari|guna)\b"
)
_PURPOSE = re.compile(r"\b(?:untuk|agar|supaya|guna|demi|dalam rangka)\b")
# A capitalised word that does not start a sentence, also not one opening with a quote or a
# bracket ('"Ramahlah ...', '... katanya." Dia ...', '... ujarnya. "Kita ...'): a name. (The
# look-behinds come after the capital is seen, so they are tried at capitals only: twice as fast.)
_OPENING = "\"“‘'(["
_CAPITALISED = re.compile(
    rf"\b(?=[A-Z])(?<![.!?]\s)(?<![.!?][\"”’]\s)(?<!^)(?<!^[{_OPENING}])(?<![.!?]\s[{_OPENING}])"
    # the same in tokenised text: '“ Kami ...', '... berduka . ” Itu ...'
    rf"(?<!^[{_OPENING}]\s)(?<![.!?]\s[{_OPENING}”’]\s)"
    # speech quoted after a comma or colon: 'ujarnya, "Kami ...', 'katanya: “ Kita ...'
    r"(?<![,:]\s[\"“])(?<![,:]\s[\"“]\s)"
    r"[A-Z][\w'-]+"
)
# "tidak ada korban jiwa", "tak seorang pun selamat", "nihil": the answer to "ada ... ga?" that
# news spell out (when there are some, the sentence counts them, and the words match anyway)
_NONE = re.compile(
    r"\b(?:(?:tidak|tak|belum)\s+(?:ada|terdapat|ditemukan|seorang\s+pun)|tiada|nihil)\b"
)
# "ribuan orang", "puluhan ribu": no figure, which is what "berapa" asks for ("200 orang")
_VAGUE = re.compile(rf"(?:{'|'.join(VAGUE_AMOUNTS)})\b")
_PLACE = re.compile(r"\b(?:di|ke|dari|kota|provinsi|kabupaten|desa|pulau|negara)\s+[A-Z]")


def offers(kind: str, sentence: str, question: str) -> bool:
    """Whether `sentence` holds an answer of `kind` that is not already in the question."""
    known = _folded(question)
    if is_value(kind):
        return any(
            value not in known and not _VAGUE.match(value)
            for value in spelled_out(kind, normalise(sentence))
        )
    if kind == DEFINITION:
        return _defines(normalise(sentence), known)
    if kind == REASON:
        return bool(_REASON.search(normalise(sentence)))
    if kind == PURPOSE:
        return bool(_PURPOSE.search(normalise(sentence)))
    if kind == EXISTENCE:
        return bool(_NONE.search(normalise(sentence)))
    if kind == PLACE:
        return bool(_PLACE.search(sentence)) or _new_name(sentence, known)
    return _new_name(sentence, known)


@lru_cache(maxsize=64)
def _folded(question: str) -> str:
    return normalise(question)  # the same question is checked against dozens of sentences


def _defines(sentence: str, question: str) -> bool:
    """Whether `sentence` (folded) says what a word of `question` (folded) is: "X adalah ..."."""
    copula = _COPULA.search(sentence)
    if copula is None:
        return False
    subject = set(tokens(sentence[: copula.start()]))
    return any(word in subject and word not in _FRAME for word in tokens(question))


def _new_name(sentence: str, known: str) -> bool:
    for match in _CAPITALISED.finditer(sentence):
        word = normalise(match.group())
        if word not in known and word not in MONTHS and word not in DAYS:
            return True
    return False
