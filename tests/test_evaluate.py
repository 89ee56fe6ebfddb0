"""Scoring exactly as ../shared/evalpack/README.md defines it."""

from __future__ import annotations

import pytest

from bot.evaluate import BadQuestionFile, Question, Scores, evaluate, is_hit, read_questions
from bot.models import Answer, Passage


def _passage(article_id: str, sentence: str) -> Passage:
    return Passage(article_id, "", "", "", sentence, sentence, 1.0)


Q = Question("q1", "siapa?", ("Dmitry  Peskov",), "a1")


def test_a_hit_needs_the_article_and_the_answer_in_the_sentence() -> None:
    assert is_hit(_passage("a1", "Juru bicara DMITRY\nPESKOV berkata."), Q)
    assert not is_hit(_passage("a2", "Dmitry Peskov berkata."), Q)
    assert not is_hit(_passage("a1", "Peskov berkata."), Q)


def test_hit_at_1_hit_at_3_and_mrr_at_10() -> None:
    hit, miss = _passage("a1", "Dmitry Peskov"), _passage("a9", "x")
    answers = {
        "first": Answer("first", (hit,)),
        "third": Answer("third", (miss, miss, hit)),
        "none": Answer("none"),
    }
    questions = [Question(k, k, ("Dmitry Peskov",), "a1") for k in answers]
    scores = evaluate(questions, answers.__getitem__)
    assert scores == Scores(answerable=3, hit_at_1=1 / 3, hit_at_3=2 / 3, mrr_at_10=(1 + 1 / 3) / 3)


def test_unanswerable_questions_count_not_found_and_kept_hits() -> None:
    questions = [Question("u", "u", (), "a1", answerable=False), Q]
    found = Answer("siapa?", (_passage("a1", "Dmitry Peskov"),))
    scores = evaluate(questions, lambda q: Answer(q) if q == "u" else found, lambda q: found)
    assert (scores.unanswerable, scores.not_found_unanswerable, scores.hits_kept) == (1, 1.0, 1.0)


def test_a_broken_question_file_names_the_line(tmp_path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "1", "question": "a", "answers": [], "article_id": "x"}\n{"id": 2}\n')
    with pytest.raises(BadQuestionFile, match="q.jsonl:2:"):
        read_questions(path)
