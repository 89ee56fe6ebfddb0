"""Chat words written without their vowels ("tntr", "prbtsn") are read as the known words."""

from __future__ import annotations

import numpy as np
import pytest

from bot.library import Library
from bot.persist import Texts
from bot.question import parse_question
from bot.reading import RARE, RARE_SCALE, QuestionTerm, question_terms
from bot.search import DEFAULT_WEIGHTS
from bot.spelling import Speller, fat_finger

TYPO = DEFAULT_WEIGHTS.typo

ARTICLE = """Tentara di Perbatasan

Pemerintah Rusia menyebut jumlah tentara di perbatasan Ukraina mencapai 100.000 orang.
Menurut presiden Ukraina, bantuan berupa makanan dan obat dikirim ke kota itu.
Kementerian Kesehatan atau Kemenkes mengirim dokter ke perbatasan.
"""


@pytest.fixture
def small(tmp_path):
    """A Library holding one short article written for these tests."""
    path = tmp_path / "perbatasan.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    library = Library(tmp_path / "small.db")
    library.ingest([path])
    yield library
    library.close()


@pytest.mark.parametrize(
    ("written", "known"),
    [
        ("tntr", "tentara"),
        ("prbtsn", "perbatasan"),
        ("jmlh", "jumlah"),
        ("anggt", "anggota"),  # a word-initial vowel is written
        ("kmnkes", "kemenkes"),  # some vowels left, some left out
    ],
)
def test_a_word_without_its_vowels_is_read_as_the_known_word(written: str, known: str) -> None:
    words = ["tentara", "tenaga", "perbatasan", "jumlah", "jemaah", "anggota", "kemenkes"]
    speller = Speller([(word, 5) for word in words])
    assert speller.correct(written) == known


def test_a_word_without_its_vowels_before_nya_is_read_as_the_word() -> None:
    speller = Speller([("tentara", 5), ("kebakaran", 5), ("rumahnya", 2), ("rumah", 9)])
    assert speller.correct("tntrnya") == "tentara"  # the collection writes no "tentaranya"
    assert speller.correct("kbkrannya") == "kebakaran"
    assert speller.correct("rmhnya") == "rumahnya"  # written with "-nya": taken so
    assert speller.correct("nya") is None and speller.correct("tnya") is None


def test_the_most_frequent_word_of_a_skeleton_wins_among_those_the_letters_fit() -> None:
    speller = Speller([("pesta", 3), ("pusat", 30)])
    assert speller.correct("pst") == "pusat"
    assert speller.correct("pest") == "pesta"  # the "e" written rules out "pusat"


def test_a_short_skeleton_or_a_missing_initial_vowel_is_not_guessed() -> None:
    speller = Speller([("rusia", 9), ("rasa", 5), ("anggota", 5)])
    assert speller.correct("rs") is None
    assert speller.correct("nggt") is None


def test_the_guess_stands_for_the_word_in_a_question(small: Library) -> None:
    terms = question_terms("jmlh tntr rusia", small.collection, small.analyzer, TYPO)
    assert terms == [
        QuestionTerm("jumlah", TYPO, True, word="jmlh", read="jumlah"),
        QuestionTerm("tentara", TYPO, True, word="tntr", read="tentara"),
        QuestionTerm("rusia", 1.0, False, word="rusia"),
    ]
    assert "100.000" in small.ask("brp jmlh tntr di prbtsn", k=1).passages[0].sentence


def test_a_vowelless_guess_alone_does_not_make_an_answer(library: Library) -> None:
    # "gaji" and "jakarta" are in no sentence of the founding article; "tentara" is
    guessed = question_terms("gaji tntr jakarta", library.collection, library.analyzer, TYPO)
    assert QuestionTerm("tentara", TYPO, True, word="tntr", read="tentara") in guessed
    assert not library.ask("gaji tntr jakarta").found
    assert library.ask("gaji tentara jakarta").found


def test_a_lexicon_entry_wins_over_the_skeleton_guess(small: Library) -> None:
    # "brp" is the lexicon's "berapa" (a question word), though "berupa" has its skeleton
    assert small.collection.correct("brp") == "berupa"
    collection, analyzer = small.collection, small.analyzer
    assert question_terms("brp tentara", collection, analyzer, TYPO) == question_terms(
        "berapa tentara", collection, analyzer, TYPO
    )


def test_a_word_users_type_wins_a_tie_and_is_offered_though_no_article_writes_it() -> None:
    speller = Speller([("mandagi", 3), ("mendag", 3)], typed=["mendag", "wamenlu"])
    assert Speller([("mandagi", 3), ("mendag", 3)]).correct("mndag") == "mandagi"  # by name
    assert speller.correct("mndag") == "mendag"  # a lexicon's abbreviation: users type it
    assert speller.correct("wamnlu") == "wamenlu"  # in no article, typed by users
    assert Speller([("pusat", 30)], typed=["pusta"]).correct("pst") == "pusat"  # counts still rule


def test_a_question_typo_may_stand_for_an_abbreviation_of_the_lexicon(tmp_path) -> None:
    from bot.models import Article

    library = Library(tmp_path / "t.db")
    # "Mendag" and "Mandagi" are each written once: the tie goes to the word users type
    trade = "Mendag mengimpor 500.000 ton beras.\nMenteri Perdagangan menyebut harga turun."
    names = "Warga bernama Mandagi menanam 3 ton padi."
    library.add([Article("a", "Impor", trade), Article("b", "Panen", names)])
    terms = question_terms("mndag impor brp ton", library.collection, library.analyzer, TYPO)
    assert [t.term for t in terms if t.word == "mndag"] == ["menteri", "dagang"]
    assert "500.000" in library.ask("mndag impor brp ton", k=1).passages[0].sentence
    # one typed word, one word's weight: as "mendag" typed right, times the typo weight
    right = question_terms("mendag impor brp ton", library.collection, library.analyzer, TYPO)
    wrong = question_terms("mndag impor brp ton", library.collection, library.analyzer, TYPO)
    assert [t.weight for t in wrong if t.word == "mndag"] == [
        t.weight * TYPO for t in right if t.word == "mendag"
    ]


def test_an_unknown_word_is_not_guessed_away_as_a_chat_word_that_reads_to_nothing(tmp_path):
    from bot.models import Article

    library = Library(tmp_path / "t.db")
    lives = "\n".join(f"Tokoh nomor {n} lahir di kota {n}." for n in range(1, 6))
    library.add([Article("a", "Tokoh", lives)])
    assert "kagak" in library.analyzer.lexicon.slang  # read as "tidak": a stop word
    assert "kagak" not in library.analyzer.typed_words
    assert "mendag" in library.analyzer.typed_words
    terms = question_terms("kapan kagan lahir", library.collection, library.analyzer, TYPO)
    assert [t.term for t in terms if t.word == "kagan"] == ["kagan"]  # as typed: unknown
    assert not library.ask("kapan kagan lahir", k=1).found  # a name nobody wrote


def test_a_stored_main_segment_offers_the_words_users_type_after_a_restart(tmp_path):
    from bot.models import Article

    trade = "Mendag mengimpor 500.000 ton beras.\nMenteri Perdagangan menyebut harga turun."
    library = Library(tmp_path / "t.db")
    library.add([Article("a", "Impor", trade), Article("b", "Panen", "Mandagi menanam padi.")])
    library.rebuild()
    library.close()
    reopened = Library(tmp_path / "t.db")
    assert reopened.collection.recent is None  # the main segment, loaded from disk
    assert "mendag" in reopened.collection.main.typed
    assert reopened.collection.correct("mndag") == "mendag"
    # a lexicon word whose reading the segment lacks is no typo's guess: "menag" (menteri agama)
    assert "menag" in reopened.collection.main.typed
    assert reopened.collection.correct("menang") is None
    reopened.close()


def test_the_question_chooses_between_equally_likely_corrections_of_a_typo(tmp_path) -> None:
    from bot.models import Article

    assert Speller([("suami", 9), ("tsunami", 3), ("sunat", 2)]).guesses("sunami") == (
        (1, -9, "suami"),  # a letter too many
        (1, -3, "tsunami"),  # a letter missing: as likely
    )
    library = Library(tmp_path / "t.db")
    # a collection large enough that a letter too many is read whichever it is (see _mistyped)
    families = "\n".join(
        f"Warga {n} tinggal bersama suami dan anaknya." for n in range(RARE * RARE_SCALE)
    )
    disaster = "Tsunami melanda Aceh pada 2004.\nKorban tsunami di Aceh lebih dari 100.000 orang."
    library.add([Article("a", "Keluarga", families), Article("b", "Aceh", disaster)])
    library.rebuild()  # into the main segment, which a removal hides articles of

    def reading(question: str) -> list[str]:
        terms = question_terms(question, library.collection, library.analyzer, TYPO)
        return [t.read for t in terms if t.word == question.split()[0]]

    assert library.collection.correct("sunami") == "suami"  # alone: the more frequent
    assert reading("sunami aceh korbannya brp") == ["tsunami"]  # with Aceh: the disaster
    assert "100.000" in library.ask("sunami aceh korbannya brp", k=1).passages[0].sentence
    library.remove("b")  # no article left about the disaster
    assert reading("sunami aceh korbannya brp") == ["suami"]


def test_a_vowel_left_out_is_as_likely_as_two_letters_swapped(tmp_path) -> None:
    from bot.models import Article

    # "rsia": "rusia" without its "u", or "risa" with two letters swapped: the question chooses
    assert Speller([("risa", 9), ("rusia", 3)]).guesses("rsia") == (
        (0.5, -9, "risa"),
        (0.5, -3, "rusia"),
    )
    assert Speller([("risa", 1), ("rsiak", 9)]).correct("rsia") == "risa"  # a consonant: less so
    library = Library(tmp_path / "t.db")
    names = "\n".join(f"Penyanyi Risa tampil di panggung ke-{n}." for n in range(6))
    talks = "Rusia dan AS berunding di Jenewa.\nPertemuan Rusia dan AS di Jenewa berlangsung 8 jam."
    library.add([Article("a", "Konser", names), Article("b", "Jenewa", talks)])
    terms = question_terms(
        "brp jam prtemuan rsia di jenewa", library.collection, library.analyzer, TYPO
    )
    assert [t.read for t in terms if t.word == "rsia"] == ["rusia"]


def test_a_word_no_article_writes_is_unknown_though_its_hashed_column_holds_another(
    small: Library, tmp_path, monkeypatch
) -> None:
    from bot.index import Collection
    from bot.postings import column_of

    assert column_of("aeniira") == column_of("ukraina")  # the hashing gives both one column
    assert small.collection.has_terms(["aeniira", "ukraina"]).tolist() == [False, True]
    # it matched the Ukraina sentences and weighed as a known word; now it finds nothing
    assert small.ask("aeniira", k=3).passages == ()
    query = parse_question("brp tentara aeniira", small.collection, small.analyzer)
    assert column_of("aeniira") not in query.columns
    # a pair with such a word is unknown too, even where its column is filled (here: every one)
    every_column = lambda self, columns: np.ones(len(columns), dtype=bool)  # noqa: E731
    monkeypatch.setattr(Collection, "known", every_column)
    query = parse_question("tentara aeniira", small.collection, small.analyzer, 0.3)
    assert query.columns == (column_of("tentara"),)
    # the terms are the words' terms, stemmed: "mengirim" holds "kirim", "kesehatan" "sehat"
    held = small.collection.has_terms(["kirim", "mengirim", "sehat", "kesehatan"]).tolist()
    assert held == [True, False, True, False]
    # stored with the index: a restart that loads it knows the same
    monkeypatch.undo()
    small.rebuild()
    keys = np.array(small.collection.main.keys)
    small.close()
    again = Library(tmp_path / "small.db")
    assert isinstance(again.collection.main.corpus.texts, Texts)  # loaded, not rebuilt
    assert np.array_equal(again.collection.main.keys, keys) and len(keys) > 20
    assert again.collection.has_terms(["kirim", "aeniira"]).tolist() == [True, False]
    assert again.ask("aeniira", k=3).passages == ()
    again.close()


def test_a_typo_whose_hashed_column_is_filled_is_still_read_as_the_word_meant(
    small: Library, monkeypatch
) -> None:
    from bot.postings import Statistics

    # every column held by five sentences, as a collision would make one look: the typo's own
    # term is still no word's term, so it is read as the word meant
    monkeypatch.setattr(Statistics, "frequencies", lambda self, columns: np.full(len(columns), 5))
    terms = question_terms("jmlh tntr", small.collection, small.analyzer, TYPO)
    assert [t.read for t in terms] == ["jumlah", "tentara"]


def test_a_changed_letter_is_a_typo_when_its_key_is_next_to_the_one_meant() -> None:
    assert fat_finger("kremlim", "kremlin")  # "m" beside "n"
    assert fat_finger("perbatasab", "perbatasan") and fat_finger("qkan", "akan")  # row to row
    assert not fat_finger("nekat", "dekat")  # "n" and "d" are far apart: another word
    assert not fat_finger("pasir", "pasar") and not fat_finger("bicra", "bicara")
    assert fat_finger("muller", "müller") and fat_finger("pele", "pelé")  # the accent left out
    # a letter too many: brushed beside a neighbour ("m" by "n"), or doubled
    assert fat_finger("kremlinm", "kremlin") and fat_finger("kremllin", "kremlin")
    assert fat_finger("peskiov", "peskov")  # "i" beside "o"
    assert fat_finger("jkremlin", "kremlin")  # the first letter too: "j" beside "k"
    assert not fat_finger("jenis", "jens") and not fat_finger("latin", "lain")  # other words
    assert not fat_finger("abcxy", "abcd")  # two letters apart, not one too many


def test_a_small_collection_reads_a_changed_letter_only_from_a_neighbouring_key(small) -> None:
    def read(question: str, word: str) -> list[str]:
        terms = question_terms(question, small.collection, small.analyzer, TYPO)
        return [t.read for t in terms if t.word == word]

    assert read("jmlh tentara di perbatasab", "perbatasab") == ["perbatasan"]
    # "rasia" (a raid) is no "rusia" mistyped ("a" is far from "u"): a word the article lacks
    # stays unknown rather than read as a word it holds
    assert read("tentara rasia brp", "rasia") == [""]
    assert read("tentara mencapei brp", "mencapei") == ["mencapai"]  # a long word: mistyped


def test_a_preposition_written_onto_the_next_word_is_read_apart(small: Library) -> None:
    # the stemmer takes "di-" off "diperbatasan" but leaves the "-an" it takes off "perbatasan"
    assert small.analyzer.word_terms("diperbatasan") != small.analyzer.word_terms("perbatasan")
    terms = question_terms("brp tentara diperbatasan", small.collection, small.analyzer, TYPO)
    assert [t.read for t in terms if t.word == "diperbatasan"] == ["di perbatasan"]
    best = small.ask("brp tentara rusia diperbatasan", k=1)
    assert best.reading == "brp tentara rusia di perbatasan"
    assert "100.000" in best.passages[0].sentence and best.passages[0].missing == ()


def test_a_large_collection_reads_a_changed_letter_from_any_key(tmp_path) -> None:
    from bot.models import Article

    line = "Warga desa ke-{} tinggal dekat balai, jaraknya {} km dari perbatasan."
    small, large = Library(tmp_path / "s.db"), Library(tmp_path / "l.db")
    small.add([Article("a", "Desa", "\n".join(line.format(n, n) for n in range(30)))])
    count = RARE * RARE_SCALE  # sentences from which a collection is no longer small
    large.add([Article("a", "Desa", "\n".join(line.format(n, n) for n in range(count)))])

    def read(library: Library, question: str, word: str) -> list[str]:
        terms = question_terms(question, library.collection, library.analyzer, TYPO)
        return [t.read for t in terms if t.word == word]

    assert read(large, "warga nekat", "nekat") == ["dekat"]
    assert read(small, "warga nekat", "nekat") == [""]
    # a letter too many likewise: any in a large collection, only one a finger brushed beside its
    # neighbour in a small one ("o" by "i"; "t" is far from both "a" and "i")
    assert read(large, "warga balait", "balait") == ["balai"]
    assert read(small, "warga balait", "balait") == [""]
    assert read(small, "warga balaio", "balaio") == ["balai"]
    # a preposition written onto a word the collection writes is read apart, at any size; a
    # passive verb is not, though the stem of its rest ("penjarakan": "jarak") is everywhere
    for library in (small, large):
        assert read(library, "warga diperbatasan", "diperbatasan") == ["di perbatasan"]
        assert read(library, "kenapa dia dipenjarakan", "dipenjarakan") == [""]


def test_a_stop_word_as_likely_as_a_rarer_word_keeps_the_typo_out_of_the_search(tmp_path):
    from bot.models import Article

    library = Library(tmp_path / "t.db")
    protests = "\n".join(f"Mahasiswa menggelar unjuk rasa ke-{n} di depan DPR." for n in range(3))
    duties = "\n".join(f"Dana ini untuk warga desa ke-{n}." for n in range(9))
    library.add([Article("a", "Demo", protests), Article("b", "Dana", duties)])
    assert library.collection.correct("unuk") == "untuk"  # the more frequent, a stop word
    # the question's "mahasiswa" goes with "unjuk", but a stop word fits any question: "unuk"
    # is read as nothing searchable rather than as a content word it may not be
    terms = question_terms("unuk apa mahasiswa demo", library.collection, library.analyzer, TYPO)
    assert "unjuk" not in {t.term for t in terms}
