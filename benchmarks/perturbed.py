"""Robustness to chat writing: the news and chat dev questions as chat writers might type them.

    python -m benchmarks.perturbed [--db PATH] [--sets news,chat] [--seed 1] [--markdown]

Each question gets three variants, each made on its own from the question as written:

- `vowelless`: one content word written without its vowels, a word-initial vowel kept
  ("tentara" -> "tntr", "perbatasan" -> "prbtsn", "anggota" -> "anggt", "untuk" -> "utk");
- `somevowels`: one content word with some of its vowels left out, each vowel after the first
  letter with even odds, at least one ("kemenkes" -> "kmnkes", "pemerintah" -> "pmerinth");
- `typo`: one content word with one typo: a letter left out, two neighbouring letters swapped,
  or a letter replaced by a neighbouring key on a QWERTY keyboard (never the first letter,
  which writers rarely get wrong);
- `lowercase`: the whole question lower-cased, its question marks dropped.

A content word has at least five letters, only letters, and is neither a stop word nor a key of
the chat or abbreviation lexicons (those are read already). The word is drawn at random with a
generator seeded by `--seed` and the question's id, so a run is repeatable and a question's
variant does not depend on the others. A question without a suitable word stays as it is (the
`changed` column counts the others). The figures measure robustness; they are not for tuning
rules to single questions.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from benchmarks.common import CHAT, FOUNDING, NEWS_ARTICLES, table
from bot.evaluate import Question, Scores, evaluate, read_questions
from bot.library import Library
from bot.text import Lexicon, normalise

QUESTION_SETS = {"news": NEWS_ARTICLES.parent / "dev.jsonl", "chat": CHAT}
MIN_LETTERS = 5
VOWELS = frozenset("aeiouAEIOU")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, str]:
    """Each letter's neighbours on a QWERTY keyboard: left and right in its row, and the keys
    touching it in the rows above and below (rows are staggered by about half a key)."""
    at = {key: (r, c) for r, row in enumerate(_ROWS) for c, key in enumerate(row)}
    near: dict[str, str] = {}
    for key, (r, c) in at.items():
        touching = {(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)}
        near[key] = "".join(sorted(other for other, place in at.items() if place in touching))
    return near


KEYBOARD = _keyboard_neighbours()


def without_vowels(word: str) -> str:
    """`word` as chat writes it without vowels, a word-initial vowel kept: "tentara" -> "tntr",
    "anggota" -> "anggt"."""
    return word[0] + "".join(letter for letter in word[1:] if letter not in VOWELS)


def with_fewer_vowels(word: str, rng: random.Random) -> str:
    """`word` with some of its vowels after the first letter left out (at least one)."""
    places = [i for i in range(1, len(word)) if word[i] in VOWELS]
    dropped = {i for i in places if rng.random() < 0.5} or {rng.choice(places)}
    return "".join(letter for i, letter in enumerate(word) if i not in dropped)


def with_typo(word: str, rng: random.Random) -> str:
    """`word` with one typo at a random place after its first letter: a letter left out, two
    neighbouring letters swapped (when they differ), or a letter hit by a neighbouring key."""
    kind = rng.choice(("deletion", "swap", "substitution"))
    if kind == "swap":
        places = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
        if places:
            i = rng.choice(places)
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        kind = "deletion"
    i = rng.randrange(1, len(word))
    if kind == "deletion":
        return word[:i] + word[i + 1 :]
    keys = KEYBOARD.get(word[i].lower(), "")
    if not keys:
        return word[:i] + word[i + 1 :]
    key = rng.choice(keys)
    return word[:i] + (key.upper() if word[i].isupper() else key) + word[i + 1 :]


def content_words(question: str, lexicon: Lexicon) -> list[re.Match[str]]:
    """The words of `question` a variant may change (see the module's docstring)."""
    read = lexicon.stopwords | lexicon.slang.keys() | lexicon.abbreviations.keys()
    return [
        m
        for m in _WORD.finditer(question)
        if len(m.group()) >= MIN_LETTERS
        and m.group().isalpha()
        and normalise(m.group()) not in read
    ]


def _one_word(change: Callable[[str, random.Random], str], needs_vowel: bool = False):
    def variant(question: str, rng: random.Random, lexicon: Lexicon) -> str:
        words = content_words(question, lexicon)
        if needs_vowel:  # a word with nothing to drop after its first letter would not change
            words = [m for m in words if VOWELS.intersection(m.group()[1:])]
        if not words:
            return question
        m = rng.choice(words)
        return question[: m.start()] + change(m.group(), rng) + question[m.end() :]

    return variant


def lowercase(question: str, rng: random.Random, lexicon: Lexicon) -> str:
    """The question lower-cased, its question marks dropped."""
    return " ".join(question.lower().replace("?", " ").split())


VARIANTS = {
    "vowelless": _one_word(lambda word, rng: without_vowels(word), needs_vowel=True),
    "somevowels": _one_word(with_fewer_vowels, needs_vowel=True),
    "typo": _one_word(with_typo),
    "lowercase": lowercase,
}


def perturbed(
    questions: Sequence[Question], variant: str, seed: int, lexicon: Lexicon
) -> list[Question]:
    """`questions` with the given variant applied to each, repeatably."""
    make = VARIANTS[variant]
    return [
        replace(q, question=make(q.question, random.Random(f"{seed}/{variant}/{q.id}"), lexicon))
        for q in questions
    ]


def halves(questions: Sequence[Question]) -> dict[str, list[Question]]:
    """All the questions, and those at even and at odd positions in the file."""
    return {"all": list(questions), "even": list(questions[0::2]), "odd": list(questions[1::2])}


def score_rows(library: Library, name: str, questions: list[Question], seed: int) -> list[list]:
    """One row per variant (the unperturbed questions first): Hit@1 and MRR@10 over all the
    questions and over each half."""
    lexicon = library.analyzer.lexicon
    rows = []
    for variant in ("none", *VARIANTS):
        asked = questions if variant == "none" else perturbed(questions, variant, seed, lexicon)
        changed = sum(a.question != q.question for a, q in zip(asked, questions, strict=True))
        row: list[object] = [name, variant, len(asked), changed]
        for part in halves(asked).values():
            scores: Scores = evaluate(part, lambda q: library.ask(q, k=10))
            row += [scores.hit_at_1, scores.mrr_at_10]
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        type=Path,
        help="a database of the news articles and the founding"
        " article (default: ingest them into a temporary one)",
    )
    parser.add_argument("--sets", default="news,chat")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="questions per set")
    parser.add_argument("--show", type=int, default=0, help="print this many variants of each")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in QUESTION_SETS]
    if unknown:
        parser.error(
            f"unknown set(s): {', '.join(unknown)}; choose from {', '.join(QUESTION_SETS)}"
        )
    with tempfile.TemporaryDirectory(prefix="tanya-perturbed-") as tmp:
        if args.db:
            library = Library(args.db, create=False)
        else:
            print("ingesting the news articles and the founding article ...", file=sys.stderr)
            library = Library(Path(tmp) / "library.db")
            library.ingest([NEWS_ARTICLES, FOUNDING])
        rows = []
        for name in names:
            questions = read_questions(QUESTION_SETS[name])[: args.limit or None]
            for variant in VARIANTS if args.show else ():
                shown = perturbed(
                    questions[: args.show], variant, args.seed, library.analyzer.lexicon
                )
                for q in shown:
                    print(f"{name} {variant}: {q.question}", file=sys.stderr)
            print(f"scoring {name} ...", file=sys.stderr)
            rows += score_rows(library, name, questions, args.seed)
    print(f"Chat-style variants of the dev questions (seed {args.seed})\n")
    headers = ["set", "variant", "questions", "changed", "Hit@1", "MRR@10"]
    headers += ["even Hit@1", "even MRR@10", "odd Hit@1", "odd MRR@10"]
    print(table(headers, rows, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
