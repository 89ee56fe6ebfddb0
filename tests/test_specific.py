"""Within an article, a sentence is raised by the question's words few of its sentences hold:
the story's names are everywhere, the detail asked about is in the sentence that answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from bot.library import Library
from bot.models import Article
from bot.postings import DENSE_FROM, Postings, accumulate
from bot.question import FLAG_BITS, Query, parse_question
from bot.search import DEFAULT_WEIGHTS, Weights, _best, _in_titles, score_segment, within_article


@pytest.mark.parametrize("rows", [4, 40 * DENSE_FROM])  # many postings a row, and few
def test_the_flags_tell_which_columns_each_row_holds(rows: int) -> None:
    holding = {0: [0, 2], 1: [1], 2: [0, 1, 2], 3: [2]}  # row -> columns 0-2 it holds
    matrix = sp.lil_matrix((rows, 8), dtype=np.float32)
    for row, columns in holding.items():
        for column in columns:
            matrix[row, column] = 1.0
    matrix[3, 5] = 1.0  # a column not asked about raises no flag
    postings = Postings.from_csr(matrix.tocsr())
    found, scores, flags = accumulate(postings, [0, 1, 2, 5], [1.0] * 4, [1.0, 2.0, 4.0, 0.0])
    assert found.tolist() == [0, 1, 2, 3]
    assert flags.astype(int).tolist() == [0b101, 0b010, 0b111, 0b100]
    assert scores.tolist() == [2.0, 1.0, 3.0, 2.0]
    assert accumulate(postings, [0, 1], [1.0, 1.0]).flags is None


def test_a_word_held_by_fewer_of_its_articles_candidates_raises_more() -> None:
    # two single terms: the first (mass 1) held by candidates 0 and 1 of article 7 and by
    # candidate 2 of article 9; the second (mass 2) by candidate 0 alone
    query = Query("", (11, 12), (1.0, 1.0), ("a", "b"), 3.0, single=((11, 1.0), (12, 2.0)))
    weights = replace(DEFAULT_WEIGHTS, specific=0.3, title=0.0)
    raised = within_article(query, np.array([7, 7, 9]), np.array([3.0, 1.0, 1.0]), None, weights)
    expected = 1 + 0.3 * np.array([1 / 6 + 2 / 3, 1 / 6, 1 / 3])
    assert raised == pytest.approx(expected)


def obituary_scores(tmp_path, title: str, story: str) -> tuple[Callable, int]:
    """How `story` (titled `title`, beside filler articles) scores its sentences for "manajer tom
    petty siapa" under given weights, and the row of the sentence naming the manager."""
    lib = Library(tmp_path / "t.db")
    filler = [Article(f"f{n}", "Lain", f"Warga kota {n} menanam pohon di taman.") for n in range(6)]
    lib.add([Article("petty", title, story), *filler])
    query = parse_question("manajer tom petty siapa", lib.collection, lib.analyzer)
    index = lib.collection.recent or lib.collection.main

    def scores(weights: Weights) -> dict[int, float]:
        found = score_segment(query, index, weights, analyzer=lib.analyzer)
        return {c.row: c.score for c in found}

    texts = index.corpus.texts
    return scores, next(row for row in range(len(texts)) if "Dimitriades" in texts[row])


def test_the_sentence_with_the_detail_gains_on_those_with_the_story_only(tmp_path) -> None:
    story = (
        "Penyanyi rock Tom Petty meninggal dunia di Santa Monica.\n"
        "Tom Petty dikenal lewat lagu yang direkam di Gainesville.\n"
        "Kabar kematian Tom Petty disampaikan manajernya, Tony Dimitriades."
    )
    scores, detail = obituary_scores(tmp_path, "Tom Petty", story)
    untitled = replace(DEFAULT_WEIGHTS, title=0.0)  # the bonus alone
    plain, raised = scores(replace(untitled, specific=0.0)), scores(untitled)
    others = [row for row in plain if row != detail]
    assert others
    gain = {row: raised[row] / plain[row] for row in plain}
    assert all(gain[detail] > gain[row] > 1 for row in others)


def test_only_the_first_flag_bits_single_terms_get_a_flag(tmp_path) -> None:
    words = [f"zq{chr(97 + i // 26)}{chr(97 + i % 26)}q" for i in range(FLAG_BITS + 10)]
    lib = Library(tmp_path / "t.db")
    lib.add([Article("long", "Panjang", " ".join(words) + ".")])
    query = parse_question(" ".join(words), lib.collection, lib.analyzer)
    single = {column for column, _ in query.single}
    flagged = [flag for column, flag in zip(query.columns, query.flags, strict=True) if flag]
    assert len(query.single) == len(words) and len(flagged) == FLAG_BITS
    assert flagged == [2.0**k for k in range(FLAG_BITS)]  # in the order of `single`
    pairs = [flag for c, flag in zip(query.columns, query.flags, strict=True) if c not in single]
    assert pairs and not any(pairs)
    # so the bonus counts the first FLAG_BITS terms: a candidate holding all of them gets their mass
    mass = sum(m for _, m in query.single[:FLAG_BITS]) / query.total_weight
    holds = np.array([2.0**FLAG_BITS - 1])
    weights = replace(DEFAULT_WEIGHTS, specific=1.0)
    assert within_article(query, np.array([0]), holds, None, weights) == pytest.approx([1 + mass])


def test_flag_sums_are_exact_up_to_the_last_flag_bit() -> None:
    matrix = sp.csr_matrix(np.ones((1, 2), dtype=np.float32))
    top, low = 2.0 ** (FLAG_BITS - 1), 1.0
    flags = accumulate(Postings.from_csr(matrix), [0, 1], [1.0, 1.0], flags=[top, low]).flags
    assert int(flags[0]) == 2 ** (FLAG_BITS - 1) + 1


def test_a_query_made_without_flags_is_ranked_without_the_bonus(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    lib.add(
        [
            Article("a", "A", "Gempa mengguncang Poso pada malam hari."),
            Article("b", "B", "Gempa susulan terasa di Palu."),
        ]
    )
    query = parse_question("gempa poso", lib.collection, lib.analyzer)
    index = lib.collection.recent or lib.collection.main
    bare, plain = replace(query, flags=()), replace(DEFAULT_WEIGHTS, specific=0.0)
    for hidden in (frozenset(), frozenset({1})):  # the second article hidden (replaced, removed)
        without = score_segment(bare, index, DEFAULT_WEIGHTS, hidden)
        assert [(c.row, c.score) for c in without] == [
            (c.row, c.score) for c in score_segment(query, index, plain, hidden)
        ]
    assert len(score_segment(bare, index, DEFAULT_WEIGHTS, frozenset({1}))) == 1


def test_more_passages_than_candidates_can_be_asked_for(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    text = "\n".join(f"Gempa ke-{n} mengguncang desa nomor {n}." for n in range(80))
    lib.add([Article("many", "Gempa", text)])
    assert DEFAULT_WEIGHTS.candidates < 40
    assert len(lib.ask("gempa desa", k=40).passages) == 40


@given(
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 7.5, 8.0, 40.0, 64.0]), max_size=200),
    st.integers(min_value=1, max_value=40),
)
def test_the_best_rows_are_the_highest_scores_earlier_rows_first_on_ties(values, n) -> None:
    scores = np.asarray(values, dtype=np.float32)
    rows = np.arange(len(scores))
    expected = rows[np.lexsort((rows, -scores))][:n]  # a full sort: score down, then row
    assert _best(scores, n).tolist() == expected.tolist()
    assert _best(scores, 0).tolist() == []


def test_a_question_of_no_weight_raises_nothing() -> None:
    query = Query("", (11,), (1.0,), ("a",), 0.0, single=((11, 0.0),), flags=(1.0,))
    raised = within_article(query, np.array([7, 7]), np.array([1.0, 1.0]), None, DEFAULT_WEIGHTS)
    assert raised.tolist() == [1, 1]


def test_title_words_lower_a_candidate_against_its_articles_others() -> None:
    # one single term (mass 1 of 2) in the title of article 7; candidates 0 and 1 of article 7
    # hold it and not, candidate 2 (article 9, whose title lacks it) holds it
    single = ((11, 1.0), (12, 1.0))
    query = Query("", (11, 12), (1.0, 1.0), ("a", "b"), 2.0, single=single, single_terms=("a", "b"))
    in_title = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0]], dtype=np.float32)
    weights = replace(DEFAULT_WEIGHTS, specific=0.0, title=0.4)
    holds = np.array([1.0, 2.0, 1.0])
    factor = within_article(query, np.array([7, 7, 9]), holds, in_title, weights)
    # candidate 0's title share is 0.5, the mean of article 7's two is 0.25
    assert factor == pytest.approx([1 - 0.4 * 0.25, 1 + 0.4 * 0.25, 1.0])


def test_the_sentence_with_the_words_the_title_lacks_gains(tmp_path) -> None:
    story = (
        "Rocker Tom Petty meninggal dunia di Malibu pada usia 66 tahun.\n"
        "Tom Petty dikenal lewat lagu Free Fallin.\n"
        "Manajer Tony Dimitriades membenarkan kabar itu kepada wartawan."
    )
    scores, detail = obituary_scores(tmp_path, "Tom Petty meninggal dunia", story)
    plain = replace(DEFAULT_WEIGHTS, specific=0.0, title=0.0)
    before, after = scores(plain), scores(replace(plain, title=0.15))
    assert all(after[detail] / before[detail] > after[r] / before[r] for r in before if r != detail)
    assert after[detail] > before[detail]  # above its article's mean, so raised


def test_no_title_holding_a_question_word_changes_nothing(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    lib.add([Article("a", "Cuaca", "Gempa mengguncang Poso pada malam hari.")])
    query = parse_question("gempa poso", lib.collection, lib.analyzer)
    index = lib.collection.recent or lib.collection.main
    assert _in_titles(query, index.corpus, np.array([0]), lib.analyzer) is None


def test_candidates_stay_in_score_order_when_the_title_lowers_one(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    lines = [f"Gempa Poso mengguncang desa nomor {n} pada malam hari." for n in range(40)]
    lines.append("Warga desa itu mengungsi ke tenda darurat.")
    lib.add([Article("poso", "Gempa Poso", "\n".join(lines))])
    query = parse_question("gempa poso warga desa mengungsi", lib.collection, lib.analyzer)
    index = lib.collection.recent or lib.collection.main
    found = score_segment(
        query, index, replace(DEFAULT_WEIGHTS, candidates=60), analyzer=lib.analyzer
    )
    assert len(found) > DEFAULT_WEIGHTS.specific_depth
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
