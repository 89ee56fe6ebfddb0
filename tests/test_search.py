"""Answering questions about the founding article: the answering sentence must come first."""

from __future__ import annotations

import pytest

from bot.library import Library
from bot.models import Answer, Article
from tests.conftest import FOUNDING_ARTICLE

# (question, words that only the answering sentence of the founding article holds)
FOUNDING_QUESTIONS = [
    ("Siapa juru bicara Kremlin?", "Dmitry Peskov"),
    ("siapa jubir kremlin", "Dmitry Peskov"),
    ("sekretris jendral nato siapa", "Jens Stoltenberg"),
    ("Di mana Rusia bertemu NATO minggu ini?", "Brussels"),
    ("Di mana pembicaraan dengan OSCE hari Kamis?", "Wina"),
    ("Berapa tentara Rusia yang diminta dikembalikan ke pangkalannya?", "100.000"),
    ("brp tentara rusia yg disuruh balik ke pangkalan", "100.000"),
    ("Kapan Rusia merilis rancangan perjanjian keamanan?", "17 Desember"),
    ("Siapa Sekretaris Jenderal NATO?", "Jens Stoltenberg"),
    ("sekjen nato sp", "Jens Stoltenberg"),
    ("siapa mitra Ryabkov dari AS?", "Wendy Sherman mengadakan"),
    ("berapa jam pembicaraan Sherman dengan mitranya?", "delapan jam"),
    ("negara2 bekas uni soviet", "Uni Soviet"),
    ("jubir kremlin ngomong apa soal tenggat waktu", "tenggat waktu"),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    lib = Library(tmp_path_factory.mktemp("db") / "tanya.db")
    lib.ingest([FOUNDING_ARTICLE])
    return lib


@pytest.mark.parametrize(("question", "answer"), FOUNDING_QUESTIONS)
def test_the_answering_sentence_comes_first(library: Library, question: str, answer: str) -> None:
    best = library.ask(question, k=3).passages[0]
    assert answer in best.sentence
    assert best.article_id == "purnawarta-rusia-as-jenewa-2022"


def test_a_passage_carries_its_context_citation_and_matched_words(library: Library) -> None:
    answer = library.ask("Siapa Sekretaris Jenderal NATO?", k=1)
    passage = answer.passages[0]
    assert passage.sentence.startswith("Sebelumnya, Sekretaris Jenderal NATO Jens Stoltenberg")
    assert passage.context.startswith(passage.sentence)
    assert "Uni Soviet" not in passage.context  # the next paragraph is not context
    assert passage.matched == ("Sekretaris", "Jenderal", "NATO")
    assert (
        passage.title == "Rusia Tak Lihat Alasan untuk Optimis Usai Pembicaraan dengan AS di Jenewa"
    )
    assert passage.score > 0


def test_context_holds_the_neighbours_in_the_same_paragraph(library: Library) -> None:
    passage = library.ask("Jaminan ini menolak perluasan aliansi NATO ke timur", k=1).passages[0]
    assert passage.sentence.startswith("Jaminan ini secara khusus menolak")
    assert passage.context.startswith("Pada 17 Desember Kementerian Luar Negeri Rusia")
    assert passage.context.endswith("serta di Kaukasus dan Asia Tengah.")


def test_the_dateline_is_shown_but_not_matched(library: Library) -> None:
    answer = library.ask("Purna Warta Moskow", k=5)
    assert all("Purna" not in p.matched for p in answer.passages)


def test_a_question_about_something_else_is_not_found(library: Library) -> None:
    assert library.ask("resep rendang padang yang enak", k=3) == Answer(
        "resep rendang padang yang enak"
    )


def test_not_found_needs_both_the_sentence_and_its_article_to_miss_the_question(tmp_path) -> None:
    from bot.models import Article
    from bot.question import parse_question
    from bot.search import DEFAULT_WEIGHTS, article_coverage, coverage, rank

    words = ["gempa", "tsunami", "pengungsi", "jembatan", "bandara", "rumah"]
    text = "\n".join(f"Kami melihat {word} di sana." for word in words)
    lib = Library(tmp_path / "t.db")
    lib.add([Article("palu", "Laporan dari Palu", text)])
    spread = " ".join(words)  # each word in its own sentence: one sentence holds a sixth
    query = parse_question(spread, lib.collection, lib.analyzer)
    best = rank(query, lib.collection, DEFAULT_WEIGHTS)[0]
    assert coverage(query, best.row, best.segment) < DEFAULT_WEIGHTS.min_coverage
    assert article_coverage(query, best.row, best.segment) == pytest.approx(1.0)
    assert lib.ask(spread).found  # the article is about the question: its best sentence is shown
    assert not lib.ask("resep rendang padang gempa").found  # neither holds enough of it
    assert lib.ask(spread, threshold=False).found


def test_a_sentence_repeated_across_articles_is_a_passage_of_each(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    from bot.models import Article

    text = "Gempa bumi mengguncang Kota Palu pada hari Jumat.\nWarga mengungsi ke bukit."
    lib.add([Article("a1", "Gempa Palu", text), Article("a2", "Gempa Palu lagi", text + "\nX.")])
    passages = lib.ask("gempa di Palu hari apa", k=5).passages
    repeated = [p for p in passages if p.sentence.startswith("Gempa bumi mengguncang")]
    # each article is a source of it
    assert sorted(p.article_id for p in repeated) == ["a1", "a2"]
    assert passages[0] in repeated and passages[1] in repeated  # ranked together, as scored


def test_asking_for_fewer_than_one_passage_is_refused(library: Library) -> None:
    for k in (0, -1):
        with pytest.raises(ValueError, match="at least 1"):
            library.ask("siapa jubir kremlin", k=k)


def test_only_stop_words_leave_nothing_to_search(library: Library) -> None:
    assert not library.has_terms("apa yang di mana?")
    assert library.has_terms("apa itu NATO?")


def test_an_abbreviation_weighs_as_one_word_of_the_question(library: Library) -> None:
    from bot.reading import question_terms

    terms = question_terms("jubir kremlin", library.collection, library.analyzer)
    assert [(t.term, t.weight) for t in terms] == [("juru", 0.5), ("bicara", 0.5), ("kremlin", 1.0)]


def test_the_words_framing_a_question_do_not_make_it_unanswered(library: Library) -> None:
    # the founding article never writes "nama": "...namanya siapa" only frames the question, and
    # its idf (that of a word no sentence holds) made the rest of the question too little
    answer = library.ask("negosiator as yg ngajak ngobrol ryabkov namanya siapa", k=1)
    assert answer.found and "negosiator" in answer.passages[0].sentence
    assert "namanya" not in answer.passages[0].missing  # nor is it a word the article lacks
    assert not library.ask("gubernur jakarta namanya siapa").found  # off topic still


def test_a_typo_guess_alone_does_not_make_an_answer(library: Library) -> None:
    from bot.reading import QuestionTerm, question_terms
    from bot.search import DEFAULT_WEIGHTS

    # "bekad" is in no sentence; one key away is "bekas" ("bekas Uni Soviet")
    typo = DEFAULT_WEIGHTS.typo
    guessed = question_terms("harga bekad", library.collection, library.analyzer, typo)
    assert QuestionTerm("bekas", typo, guessed=True, word="bekad", read="bekas") in guessed
    assert not library.ask("berapa harga bekad di jakarta").found
    # "beras", a word the article lacks, is not even guessed: "bekas" is no key away from it
    assert all(
        t.word != "beras" or not t.guessed
        for t in question_terms("harga beras", library.collection, library.analyzer, typo)
    )
    assert not library.ask("berapa harga beras di jakarta").found
    assert "Peskov" in library.ask("juru bicra kremlin siapa", k=1).passages[0].sentence


def test_a_passage_names_the_question_words_its_article_lacks(library: Library) -> None:
    # the founding article never mentions Paris; "nama" only frames the question; "bicra" is
    # read as "bicara", which the article holds
    best = library.ask("Apa nama jubir Kremlin di Paris?", k=1).passages[0]
    assert "Peskov" in best.sentence
    assert best.missing == ("Paris",)
    assert library.ask("siapa juru bicra kremlin", k=1).passages[0].missing == ()


def test_a_word_the_collection_holds_only_as_a_typo_also_reads_as_the_word_meant(tmp_path):
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    deaths = [f"Warga ke-{n} meninggal di rumah sakit." for n in range(5)]
    lib.add(
        [
            Article("a", "Berita", "\n".join(deaths)),
            Article("b", "Obituari", "Rocker Tom Petty meninggal pada usia 66 tahun."),
            Article("c", "Ketik", "Kabar itu beredar: dia mninggal kemarin."),  # a typo
        ]
    )
    terms = question_terms("petty mninggal usia brp", lib.collection, lib.analyzer, 0.8)
    also = [t for t in terms if t.also]
    assert also and {t.word for t in also} == {"mninggal"}
    best = lib.ask("petty mninggal usia brp", k=1).passages[0]
    assert "66 tahun" in best.sentence
    assert best.missing == ()  # the word meant counts as the word


def test_the_unit_of_a_date_or_time_asked_for_is_not_said_to_be_missing(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    arrest = "Polisi menangkap Graham Clifford di Medan, Sabtu (20/8)."
    holiday = "Hari ini tanggal merah, jam kantor libur."
    lib.add([Article("a", "Narkoba", arrest), Article("b", "Libur", holiday)])
    asked = (
        "Tanggal berapakah polisi menangkap Clifford?",
        "jam brp polisi menangkap clifford",
        "tglnya brp polisi menangkap clifford",  # with -nya
        "hr apa polisi menangkap clifford",  # a chat spelling ("hari")
    )
    for question in asked:
        assert lib.ask(question, k=1).passages[0].missing == ()
    bali = lib.ask("polisi menangkap clifford hari apa di Bali", k=1)
    assert bali.passages[0].missing == ("Bali",)
    # how long, asked in one word: answered by a length ("delapan jam"), not by "lama"
    for question in ("brp lama polisi menangkap clifford", "Berapakah lamanya penangkapan?"):
        assert lib.ask(question, k=1).passages[0].missing == ()
    assert lib.ask("polisi lama menangkap clifford?", k=1).passages[0].missing == ("lama",)
    # not when the word is what the question is about
    # a frame word typed in chat ("mksd": "maksud") frames as well
    assert lib.ask("apa mksd polisi menangkap clifford", k=1).passages[0].missing == ()
    passages = lib.ask("polisi menangkap clifford pas tanggal merah?", k=2).passages
    [caught] = [p for p in passages if p.sentence == arrest]
    assert caught.missing == ("pas", "tanggal", "merah")


def test_a_word_in_the_shown_dateline_is_not_said_to_be_missing(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    opening = "JAKARTA, KOMPAS.com - Presiden meresmikan bendungan baru di Kabupaten Bogor."
    lib.add([Article("a", "Bendungan", f"{opening}\nBendungan itu menampung air hujan.")])
    passages = lib.ask("bendungan baru di jakarta diresmikan siapa di Paris", k=2).passages
    assert [p.missing for p in passages] == [("Paris",), ("Paris",)]  # not "jakarta"
    # the same word typed twice in two cases is named once
    asked = lib.ask("bendungan baru diresmikan presiden siapa, paris atau Paris", k=1)
    assert asked.passages[0].missing == ("paris",)


def test_held_letters_are_read_as_the_word_and_a_held_stop_word_as_none(library: Library) -> None:
    from bot.reading import question_terms

    terms = question_terms("siapaaa jubir kremlinnn", library.collection, library.analyzer)
    plain = question_terms("jubir kremlin", library.collection, library.analyzer)
    assert [t[:3] for t in terms] == [t[:3] for t in plain]  # term, weight, guessed
    assert terms[-1].word == "kremlinnn"  # as the user wrote it
    answer = library.ask("siapaaa jubir kremlinnn??", k=1)
    assert "Peskov" in answer.passages[0].sentence


def test_one_article_reads_a_chat_verb_as_the_word_it_writes_only_twice(library: Library) -> None:
    # the founding article writes "menyerang" in two sentences: in a collection of thousands that
    # would be too rare to read "nyerang" as, in one article it is how often words are written
    answer = library.ask("rusia mau nyerang ukraina ga", k=1)
    assert "menyerang" in answer.reading.split()
    assert "menyerang Ukraina" in answer.passages[0].sentence


def test_an_unknown_word_needs_a_reading_written_more_often_in_a_larger_collection(tmp_path):
    from bot.reading import RARE, RARE_SCALE, question_terms

    attack = "Pasukan itu menyerang kota."
    small = Library(tmp_path / "small.db")
    small.add([Article("a", "Serangan", attack)])
    large = Library(tmp_path / "large.db")
    filler = "\n".join(f"Warga desa ke-{n} memanen padi." for n in range(RARE * RARE_SCALE))
    large.add([Article("a", "Serangan", attack), Article("b", "Panen", filler)])

    def read(lib: Library) -> list[str]:
        return [t.read for t in question_terms("nyerang", lib.collection, lib.analyzer, 0.8)]

    assert read(small) == ["menyerang"]
    assert read(large) == [""]  # one sentence of thousands: too rare to be believed


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # words the founding article lacks, one letter from an abbreviation whose expansion it
        # lacks too ("laka" kecelakaan, "menag" menteri agama): not read as it
        ("Berapa lama pembicaraan Sherman dengan mitranya dari Rusia?", ""),
        ("siapa yg menang", ""),
        # one whose expansion it holds is still a typo's guess: "wamenlu", wakil menteri luar
        # negeri; "jubir", juru bicara
        ("siapa wamnlu rusia", "siapa wamenlu rusia"),
        ("jubr kremlin siapa", "jubir kremlin siapa"),
    ],
)
def test_a_typo_is_read_as_a_lexicon_word_only_when_the_collection_holds_its_reading(
    library: Library, question: str, shown: str
) -> None:
    assert library.ask(question, k=1).reading == shown


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # words the founding article lacks, a letter more than words it holds ("Jens", "lainnya")
        ("jenis pasukan apa yg dikirim rusia", ""),
        ("apa nama latin nato", ""),
        # or another first letter ("Rusia", "bilang"), or, long, another consonant or a letter
        # more that no finger slipped to ("bersama", "pertama")
        ("berapa usia peskov", ""),
        ("siapa yg hilang", ""),
        ("wakil yg bernama sherman itu siapa", ""),
        ("harga pertamax brp", ""),
        # a name it lacks is no typo of a word it holds ("perlu"); a name it writes may be
        # mistyped, and so may a lexicon word, in the case it is written
        ("Siapa presiden Peru?", ""),
        ("Apa kata Peskof?", "Apa kata Peskov?"),
        ("Apa kata Jubr Kremlin?", "Apa kata Jubir Kremlin?"),
        ("SIAPA JUBR KREMLIN", "SIAPA JUBIR KREMLIN"),
        # another verb prefix is read, not any prefix: "keberapa" is no "beberapa"
        ("ini pertemuan yg keberapa", ""),
        # a letter a finger brushed beside its neighbour, or a consonant left out, is still a typo
        ("kremlinm bilang apa", "kremlin bilang apa"),
        ("siapa peskiov", "siapa peskov"),
        ("kremin bilang apa", "kremlin bilang apa"),
    ],
)
def test_one_article_reads_a_word_it_lacks_as_a_typo_only_where_typists_slip(
    library: Library, question: str, shown: str
) -> None:
    assert library.ask(question, k=1).reading == shown


@pytest.mark.parametrize(
    ("sentences", "believed"), [(19, 1), (1999, 1), (2000, 2), (2999, 2), (3000, 3), (10**6, 3)]
)
def test_a_reading_is_believed_from_fewer_sentences_in_a_smaller_collection(sentences, believed):
    from types import SimpleNamespace

    from bot.reading import believed_from

    collection = SimpleNamespace(sentence_stats=SimpleNamespace(documents=sentences))
    assert believed_from(collection) == believed


def test_a_small_collection_reads_an_unknown_word_only_as_a_word_it_writes(tmp_path) -> None:
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    # "memungkin" (a "me-" form of "mungkin") shares the stem of the article's "memungkinkan",
    # but no sentence writes it
    lib.add([Article("a", "Perang", "Rancangan itu memungkinkan perang. Warga ketakutan.")])
    terms = question_terms("mungkin ga perang", lib.collection, lib.analyzer, 0.8)
    assert [(t.word, t.read) for t in terms if t.word == "mungkin"] == [("mungkin", "")]


def test_an_unknown_word_is_read_with_the_h_chat_leaves_unspoken(tmp_path) -> None:
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    # an "h" form misreads real words ("arus" is no "harus"): it must be written RARE times
    rain = [
        f"Hujan ke-{n} turun, jemaah harus pulang, obatnya pahit, {n} hilang." for n in range(3)
    ]
    lib.add([Article("a", "Hujan", "\n".join([*rain, "Arus sungai deras."]))])

    def read(question: str) -> list[str]:
        terms = question_terms(question, lib.collection, lib.analyzer, 0.8)
        return [t.read for t in terms if not t.also]

    assert read("ujan ilang pait") == ["hujan", "hilang", "pahit"]  # at the start, between vowels
    assert read("arus") == [""]  # a word the collection holds stays itself, rare as it is


def test_a_chat_spelling_seen_in_a_stray_sentence_is_still_read_as_the_standard_word(tmp_path):
    from bot.models import Article
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    standard = "\n".join(f"Satelit ke-{n} diluncurkan dari Kourou." for n in range(4))
    lib.add([Article("a", "Peluncuran", standard), Article("b", "Obrolan", "Roketnya diluncurin.")])
    terms = [t.term for t in question_terms("diluncurin dmn", lib.collection, lib.analyzer)]
    assert terms == list(lib.analyzer.word_terms("diluncurkan"))


def test_a_chat_spelling_quotes_write_is_joined_by_the_standard_word(tmp_path) -> None:
    from bot.models import Article
    from bot.reading import SPOKEN_RATIO, question_terms

    def dateng_read(standard_count: int) -> dict[str, tuple[float, bool]]:
        lib = Library(tmp_path / f"{standard_count}.db")
        standard = "\n".join(f"Tamu ke-{n} datang dari Bogor." for n in range(standard_count))
        quotes = "\n".join(f'"Yang dateng ada {n} orang," ujarnya.' for n in range(3))
        lib.add([Article("a", "Tamu", standard), Article("b", "Kutipan", quotes)])
        terms = question_terms("brp org yg dateng", lib.collection, lib.analyzer, 0.8)
        return {t.term: (t.weight, t.also) for t in terms if t.word == "dateng"}

    # the spelling as typed keeps its weight; the standard word joins it as a guess would
    assert dateng_read(3 * SPOKEN_RATIO) == {"dateng": (1.0, False), "datang": (0.8, True)}
    # written not so much more often, the spelling is a word of its own: nothing joins it
    assert dateng_read(3 * SPOKEN_RATIO - 1) == {"dateng": (1.0, False)}


def test_a_held_last_vowel_is_let_go_but_a_doubled_consonant_is_kept(tmp_path) -> None:
    from bot.models import Article
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    text = "\n".join(f"Kader partai ke-{n} membahas hal itu." for n in range(70))
    hall = "\n".join(f"Pertemuan ke-{n} di hall utama." for n in range(3))
    # "kepartaian" stems as "partaii" does, so that stem is no rare word, but "partaii" is unwritten
    kepartaian = "\n".join(f"Urusan kepartaian ke-{n}." for n in range(3))
    lib.add([Article("a", "Partai", f"{text}\n{hall}\n{kepartaian}")])

    def read(question: str) -> set[str]:
        return {t.term for t in question_terms(question, lib.collection, lib.analyzer, 0.8)}

    assert lib.analyzer.word_terms("partai")[0] in read("kader partaii")  # a vowel held
    assert read("pertemuan di hall") == set(lib.analyzer.terms("pertemuan hall"))


@pytest.mark.parametrize(
    "question",
    ["ada yg tau siapa jubir kremlin?", "admin, siapa jubir kremlin", "gw mau nanya jubir kremlin"],
)
def test_the_askers_own_words_are_not_missing_from_the_answer(library: Library, question) -> None:
    best = library.ask(question, k=1).passages[0]
    assert "Peskov" in best.sentence and best.missing == ()


def test_a_word_the_collection_holds_or_writes_as_a_name_keeps_its_reading(tmp_path) -> None:
    from bot.models import Article
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    common = "\n".join(f"Warga ke-{n} selamat, tinja dibuang, harga naik." for n in range(5))
    rare = "Pak Selamet menonton film ninja."
    lib.add([Article("a", "Warga", f"{common}\n{rare}")])

    def read(question: str) -> list[tuple[str, str]]:
        terms = question_terms(question, lib.collection, lib.analyzer, 0.8)
        return [(t.term, t.read) for t in terms if not t.also]

    # lower case, a rare word may be chat's spelling; written as a name it is the name
    assert read("pak selamet dmn") == [("pak", ""), ("selamat", "selamat")]
    assert read("Di mana Pak Selamet?") == [("pak", ""), ("selamet", "")]
    # a root under a colloquial prefix only for a word the collection does not hold
    assert read("film ninja") == [("film", ""), ("ninja", "")]
    assert read("film nginja") != [("film", ""), ("ninja", "")]


def test_a_typo_in_a_word_repeated_with_2_is_read_as_the_word(library: Library) -> None:
    from bot.reading import question_terms

    terms = question_terms("tentra2 rusia", library.collection, library.analyzer, 0.8)
    assert [(t.term, t.read) for t in terms][0] == ("tentara", "tentara")


def test_an_acronym_is_not_read_as_a_chat_spelling(tmp_path) -> None:
    from bot.models import Article
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    text = "\n".join(f"Pesta ke-{n} diadakan, dana adakan." for n in range(4))
    lib.add([Article("a", "Pesta", text)])

    def read(question: str) -> list[tuple[str, str]]:
        return [(t.term, t.read) for t in question_terms(question, lib.collection, lib.analyzer)]

    # "adain" is chat's "adakan"; written in capitals among lower case, an acronym
    assert read("apa itu adain") == [("ada", "adakan")]
    assert read("Apa itu ADAIN") == [("adain", "")]
    # a question typed in capitals throughout says nothing of acronyms: chat is still read
    assert read("KAPAN PESTA DIADAIN") == [("pesta", ""), ("ada", "diadakan")]


def test_a_name_and_number_typed_as_one_word_reads_as_news_writes_them(tmp_path) -> None:
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    matches = "\n".join(f"Timnas U-16 menang {n} - 0 atas Laos." for n in range(4))
    spaced = "\n".join(f"Pelatih timnas U - 16 memanggil {n} pemain baru." for n in range(4))
    band = "Band U2 dibentuk di Dublin.\nAnggota U2 ada empat."
    lib.add([Article("a", "Piala AFF", matches), Article("b", "Band", band)])
    # "U-16" is indexed as the compound and its parts; one typed word weighs as one word
    terms = question_terms("timnas u16 menang brp", lib.collection, lib.analyzer)
    read = [(t.term, t.weight) for t in terms if t.word == "u16"]
    assert read == [(term, 1 / 3) for term in lib.analyzer.word_terms("u-16")]
    best = lib.ask("timnas u16 menang brp", k=1).passages[0]
    assert best.missing == () and "U-16" in best.matched
    # written apart with spaces ("U - 16", tokenised text) only the parts exist
    lib.add([Article("a", "Piala AFF", spaced)])
    terms = question_terms("pelatih u16", lib.collection, lib.analyzer)
    assert [t.term for t in terms if t.word == "u16"] == ["u", "16"]
    # a word the collection holds, even rarely, is taken as written: a name ("U2")
    terms = question_terms("kapan u2 dibentuk", lib.collection, lib.analyzer)
    assert [t.term for t in terms if t.word == "u2"] == ["u2"]


def test_a_framing_word_is_read_as_no_typo_guess(library: Library) -> None:
    # the founding article never writes "nama"; one letter away it writes "sama"
    assert library.ask("siapa nama negosiator as", k=1).reading == ""
    assert not library.ask("Apa nama mata uang Thailand?").found


def test_a_word_is_not_shown_read_as_a_chat_spelling_that_reads_as_itself(library: Library) -> None:
    # "tahun" is in one sentence of the founding article (rare there); the lexicon's "taun",
    # one letter away, reads "tahun": no reading to show
    assert library.analyzer.lexicon.slang["taun"] == "tahun"
    assert library.ask("tahun berapa rancangan perjanjian dirilis", k=1).reading == ""


def test_a_small_collection_reads_no_real_word_from_one_sentence(tmp_path) -> None:
    from bot.reading import question_terms

    lib = Library(tmp_path / "t.db")
    text = "Kondisinya parah sekali. Huruf f ditulis miring. Pada tahun 1 ia lahir."
    lib.add([Article("a", "Berita", text)])

    def read(question: str) -> list[tuple[str, ...]]:
        return [(t.word, t.read) for t in question_terms(question, lib.collection, lib.analyzer)]

    # "marah" could be a root under "m-" (me-parah); one sentence is no evidence for that reading
    assert read("marah") == [("marah", "")]
    # a name and number apart, each somewhere in the article, are not the compound "f-1"
    assert read("juara f1") == [("juara", ""), ("f1", "")]
