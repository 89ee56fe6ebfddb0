"""Scoring answers against a question file in the evalpack format (../shared/evalpack/README.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.models import Answer, Passage

_SPACE = re.compile(r"\s+")


class BadQuestionFile(ValueError):
    """A question file that is not in the evalpack question format."""


@dataclass(frozen=True)
class Question:
    """One evaluation question and what counts as its answer."""

    id: str
    question: str
    answers: tuple[str, ...]
    article_id: str
    answerable: bool = True


@dataclass(frozen=True)
class Scores:
    """Hit@1, Hit@3 and MRR@10 over answerable questions, and the not-found figures."""

    answerable: int
    hit_at_1: float
    hit_at_3: float
    mrr_at_10: float
    unanswerable: int = 0
    not_found_unanswerable: float = 0.0  # share of unanswerable questions answered "not found"
    hits_kept: float = (
        1.0  # share of answerable hits (within 10) still given when "not found" applies
    )


def read_questions(path: str | Path) -> list[Question]:
    """Questions from a JSON-lines file; raises BadQuestionFile naming the line."""
    questions = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                questions.append(
                    Question(
                        id=str(raw["id"]),
                        question=str(raw["question"]),
                        answers=tuple(str(a) for a in raw.get("answers", [])),
                        article_id=str(raw["article_id"]),
                        answerable=bool(raw.get("answerable", True)),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise BadQuestionFile(
                    f"{path}:{number}: not an evalpack question ({error})"
                ) from None
    return questions


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def is_hit(passage: Passage, question: Question) -> bool:
    """A hit comes from the question's article and its sentence contains one of the answers."""
    if passage.article_id != question.article_id:
        return False
    sentence = _fold(passage.sentence)
    return any(_fold(answer) and _fold(answer) in sentence for answer in question.answers)


def first_hit(answer: Answer, question: Question, depth: int = 10) -> int | None:
    """The 1-based rank of the first hit within `depth`, or None."""
    for rank, passage in enumerate(answer.passages[:depth], start=1):
        if is_hit(passage, question):
            return rank
    return None


def evaluate(
    questions: Iterable[Question],
    ask: Callable[[str], Answer],
    ask_unfiltered: Callable[[str], Answer] | None = None,
) -> Scores:
    """Score `ask` (10 passages a question). `ask_unfiltered`, without the not-found rule, lets the
    share of hits kept by that rule be measured."""
    ranks, unanswerable, not_found, kept, hits_before = [], 0, 0, 0, 0
    for question in questions:
        answer = ask(question.question)
        if not question.answerable:
            unanswerable += 1
            not_found += not answer.found
            continue
        rank = first_hit(answer, question)
        ranks.append(rank)
        if ask_unfiltered is not None and first_hit(ask_unfiltered(question.question), question):
            hits_before += 1
            kept += rank is not None
    n = len(ranks) or 1
    return Scores(
        answerable=len(ranks),
        hit_at_1=sum(r == 1 for r in ranks) / n,
        hit_at_3=sum(r is not None and r <= 3 for r in ranks) / n,
        mrr_at_10=sum(1 / r for r in ranks if r) / n,
        unanswerable=unanswerable,
        not_found_unanswerable=not_found / unanswerable if unanswerable else 0.0,
        hits_kept=kept / hits_before if hits_before else 1.0,
    )
