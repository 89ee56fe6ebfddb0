"""Names the question writes capitalised weigh more for the article, less for the sentence."""

from __future__ import annotations

from dataclasses import replace

from bot.library import Library
from bot.models import Article
from bot.question import parse_question
from bot.reading import names_of
from bot.search import DEFAULT_WEIGHTS
from bot.text import tokens, written_words


def flags(question: str) -> list[bool]:
    return names_of(written_words(question), tokens(question))


def test_capitalised_words_past_the_first_are_names() -> None:
    assert flags("Siapa gubernur Sumatera Barat tahun 2005?") == [
        False,
        False,
        True,
        True,
        False,
        False,
    ]
    assert flags("Kapan PSSI didirikan?") == [False, True, False]


def test_case_tells_nothing_in_a_question_written_in_one_case() -> None:
    assert flags("siapa gubernur sumatera barat") == [False] * 4
    assert flags("SIAPA GUBERNUR SUMATERA BARAT") == [False] * 4
    assert flags("Siapa Gubernur Sumatera Barat") == [False] * 4


def test_a_lower_case_question_parses_as_before(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    lib.add([Article("a", "Padang", "Gamawan Fauzi meresmikan jembatan di Padang.")])
    query = parse_question("kapan gamawan fauzi meresmikan jembatan", lib.collection, lib.analyzer)
    assert query.names == (False,) * len(query.columns)
    named = parse_question("Kapan Gamawan Fauzi meresmikan jembatan", lib.collection, lib.analyzer)
    assert named.columns == query.columns and named.boosts == query.boosts
    assert any(named.names)


def test_the_name_picks_the_article_where_the_answer_does_not_repeat_it(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    named = (
        "Gamawan Fauzi dilantik sebagai gubernur pada bulan Agustus.\n"
        "Ia meresmikan jembatan baru di Padang pada bulan Oktober."
    )
    other = (  # more of the question's other words, and no name
        "Bupati Medan meresmikan jembatan baru pada bulan Maret.\n"
        "Jembatan baru itu menghubungkan dua desa.\n"
        "Jembatan baru itu panjang."
    )
    filler = [Article(f"f{n}", "Lain", f"Warga kota {n} menanam pohon di taman.") for n in range(6)]
    lib.add([Article("named", "Gubernur", named), Article("other", "Jembatan", other), *filler])
    question = "Kapan Gamawan meresmikan jembatan baru?"
    # the within-article weighing also favours that sentence (it alone holds its article's share of
    # the question's other words): off, so only the name weights decide
    base = replace(DEFAULT_WEIGHTS, specific=0.0, title=0.0)
    lib.weights = base
    assert lib.ask(question, k=1).passages[0].sentence.startswith("Ia meresmikan")
    lib.weights = replace(base, name_sentence=1.0, name_article=1.0)
    assert lib.ask(question, k=1).passages[0].sentence.startswith("Bupati Medan")
