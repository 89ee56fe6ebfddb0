"""Choosing the answering sentence within an article: cues for amounts with units and for
definitions."""

from __future__ import annotations

import pytest

from bot.cues import (
    AGE,
    AREA,
    DEFINITION,
    EXISTENCE,
    LENGTH,
    MONEY,
    NUMBER,
    PERCENT,
    PERSON,
    PLACE,
    PURPOSE,
    REASON,
    SCORE,
    TEMPERATURE,
    TIME,
    WEIGHT,
    answer_type,
)
from bot.library import Library
from bot.models import Article
from bot.offers import offers
from bot.text import Analyzer
from tests.conftest import FOUNDING_ARTICLE

LEXICON = Analyzer().lexicon  # loaded once for every answer_type check


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Berapa luas Denmark?", AREA),
        ("luas wilayah denmark brp", AREA),
        ("Berapakah ketinggian Gunung Ciremai?", LENGTH),
        ("Berapa jarak Bumi ke Bulan?", LENGTH),
        ("Berapa berat paus biru dewasa?", WEIGHT),
        ("Berapa suhu inti Matahari?", TEMPERATURE),
        ("Berapakah harga pertamax mulai Januari?", MONEY),
        ("Berapa persen suara yang diraih partai itu?", PERCENT),
        ("Berapa jumlah tentara Rusia di perbatasan?", NUMBER),
        ("Apa yang dimaksud dengan otonomi daerah?", DEFINITION),
        ("Apa itu elektron?", DEFINITION),
        ("Apakah pengertian fisika kuantum?", DEFINITION),
        ("Siapa itu Arjuna?", DEFINITION),
        ("Apa yang dibahas di Jenewa?", None),
        ("Siapa pendiri Yahoo?", "person"),
    ],
)
def test_amounts_and_definitions_are_told_apart(question: str, kind: str | None) -> None:
    assert answer_type(question, LEXICON) == kind


def test_an_amount_is_offered_by_a_number_with_a_unit_of_its_kind() -> None:
    question = "Berapa luas Denmark?"
    assert offers(AREA, "Luasnya 43.094km².", question)
    assert offers(AREA, "Lahan seluas 1,2 juta hektar rusak.", question)
    assert not offers(AREA, "Garis pantainya sepanjang 7.314km.", question)
    assert offers(LENGTH, "Garis pantainya sepanjang 7.314km.", "Berapa panjang pantainya?")
    assert offers(MONEY, "Harga pertamax turun menjadi Rp 5.000.", "Berapa harga pertamax?")
    assert offers(MONEY, "Biayanya 5,1 miliar dollar AS.", "Berapa biayanya?")
    assert offers(TEMPERATURE, "Suhunya mencapai -87°C.", "Berapa suhu terendah?")
    assert offers(PERCENT, "Sebesar 22,44 persen berada di Jawa Barat.", "Berapa persen?")
    assert offers(WEIGHT, "Beratnya dua kilogram.", "Berapa beratnya?")
    # a unit already in the question is no answer
    assert not offers(AREA, "Lahan 4.200 hektar itu rusak.", "Lahan 4.200 hektar berapa luas?")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Berapa orang tewas dalam kecelakaan itu?", "count:orang"),
        ("berapa kalikah dia juara", "count:kali"),
        ("brp negara ikut ktt", "count:negara"),
        ("Berapa jumlah tentara Rusia?", NUMBER),  # "jumlah" is no noun counted
        ("berapa di jakarta korbannya", NUMBER),  # nor is a stop word
    ],
)
def test_berapa_before_a_noun_asks_for_a_count_of_it(question: str, kind: str) -> None:
    assert answer_type(question, LEXICON) == kind


def test_a_count_is_offered_by_a_number_of_the_noun_asked_about() -> None:
    question = "Berapa orang mengungsi?"
    assert offers("count:orang", "Sebanyak 1,2 juta orang mengungsi.", question)
    assert offers("count:orang", "Tercatat lima orang hilang.", question)
    assert not offers("count:orang", "Sebanyak 5 rumah rusak pada 2018.", question)
    assert not offers("count:kali", "Dia juara tiga kali.", "Dia juara tiga kali, berapa kali?")


def test_a_vague_quantity_is_no_figure_berapa_asks_for() -> None:
    question = "brp orang yg datang"
    assert not offers("count:orang", "Ribuan orang tumplek di Limerick.", question)
    assert not offers("count:orang", "Puluhan ribu orang berdemo.", question)
    assert offers("count:orang", "Hanya 200 orang yang hadir.", question)
    assert offers("count:orang", "Ribuan orang, tepatnya 2.500 orang, hadir.", question)
    assert not offers(MONEY, "Kerugian mencapai ratusan juta rupiah.", "Berapa kerugiannya?")


def test_a_purpose_is_offered_by_what_something_is_for() -> None:
    question = "dana itu buat apa"
    assert offers(PURPOSE, "Dana itu untuk membangun jembatan.", question)
    assert offers(PURPOSE, "Jalan ditutup agar warga aman.", question)
    assert not offers(PURPOSE, "Dana itu cair pada Senin.", question)
    assert not offers(REASON, "Dana itu untuk membangun jembatan.", question)


def test_a_date_is_offered_by_older_times_too() -> None:
    question = "kapan kerajaan medang didirikan"
    assert offers("date", "Kerajaan Medang didirikan pada abad ke-8.", question)
    assert offers("date", "Archimedes lahir pada 287 SM di Sirakusa.", question)
    assert offers("date", "Yin Lihua menikah pada tahun 23.", question)
    assert offers("date", "Candi itu selesai dibangun pada 1850.", question)
    assert not offers("date", "Tingginya mencapai 1250 m.", question)  # metres, no era
    assert not offers("date", "Sebanyak 287 orang hadir.", question)


def test_a_day_of_the_month_is_no_amount() -> None:
    question = "Berapa gram sabu yang disita dari Graham?"
    assert not offers(NUMBER, "Graham ditangkap polisi Sabtu (20/8) malam.", question)
    assert offers(NUMBER, "Darinya disita 0,1 gram sabu.", question)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Berapakah usia Richard Schrock saat menerima Nobel?", AGE),
        ("dibaba umurnya brp", AGE),
        ("jam brp gempa susulan terjadi", TIME),
        ("pukul berapa sidang dimulai?", TIME),
        ("berapa jam perjalanannya", "duration"),  # how long, not what time
        ("skor final stephens lawan keys brp", SCORE),
        ("timnas menang berapa lawan laos", SCORE),  # "lawan" is no noun counted
        ("gempa di poso tuh disebabin apa sih", REASON),  # "disebabkan" said colloquially
        ("Di rumah sakit mana Jupe dirawat?", PLACE),
        ("jupe dirawat di rs mana", PLACE),
        ("syahrini dibayar brp sm first travel", NUMBER),  # "sm" ("sama") is no noun counted
        ("kpnkah sidangnya", "date"),  # a chat question word with a particle
        ("dmnkah rumah sakitnya", PLACE),
        ("barca kalah gara2 apa", REASON),
        ("untuk apa dana itu", PURPOSE),
        ("dananya buat apa sih", PURPOSE),
        ("utk apakah kapasitor digunakan", PURPOSE),
    ],
)
def test_ages_times_scores_and_colloquial_kinds(question: str, kind: str) -> None:
    assert answer_type(question, LEXICON) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("tom petty meninggal karna penyakit apa", None),  # "serangan jantung": no name
        ("Bahan apakah yang paling mahal?", None),
        ("perunggu itu dr cabor apa", None),  # "panahan"
        ("penyakitnya apa", None),
        ("penyakit apa yang diderita pemain di kota apa", PLACE),  # a later "kota apa" asks
        ("pas menang gp belgia raikkonen bela tim apa", PERSON),  # "McLaren-Mercedes"
        ("kasus bayi itu ditangani polsek mana", PERSON),  # "Polsek Bontoala"
    ],
)
def test_a_kind_of_thing_asked_for_is_no_name(question: str, kind: str | None) -> None:
    assert answer_type(question, LEXICON) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("dmna rumah sakitnya", PLACE),
        ("kpan rapatnya", "date"),
        ("brapa korbannya", "count:korban"),
        ("dana buat dermaga", None),  # "dana" is a word, not "dimana" short of a consonant
        ("kena apa dia", "person"),  # a real question word comes first
    ],
)
def test_a_question_word_typed_without_vowels_is_read_as_it(question: str, kind: str) -> None:
    assert answer_type(question, LEXICON) == kind


def test_the_cue_reads_the_question_with_its_typos_corrected(library: Library) -> None:
    from bot.question import parse_question

    # "lyas" is no word the collection holds; read as "luas", the question asks for an area
    query = parse_question("brp lyas denmark", library.collection, library.analyzer, 0.3, 0.8)
    assert query.reading == "brp luas denmark"
    assert answer_type(query.text, LEXICON) == "count:lyas"  # as typed: a count
    assert answer_type(query.reading, LEXICON) == AREA
    assert library.ask("brp lyas denmark", k=1).passages[0].sentence == "Luasnya 43.094 km²."


def test_an_age_a_time_and_a_score_are_offered_in_the_forms_news_write_them() -> None:
    assert offers(AGE, "Tirunesh Dibaba (19) meraih emas kedua.", "dibaba umurnya brp")
    assert offers(AGE, "Kini usianya 60 tahun.", "Berapa usia PBB?")
    assert offers(AGE, "Ia meninggal dunia dalam usia 71.", "Berapa usia dia?")
    assert not offers(AGE, "Dia juara 5.000 meter di Athena.", "Berapa usia dia?")
    assert not offers(AGE, "Lihat tabel [19] di bawah.", "Berapa usia dia?")
    assert not offers(AGE, "Sesuai pasal 5 ayat (2) undang-undang itu.", "Berapa usia dia?")
    assert not offers(AGE, "Ia dipenjara selama 5 tahun.", "Berapa usia dia?")
    assert not offers(AGE, "Dua tahun lalu ia divonis 4 tahun penjara.", "Berapa usia dia?")
    assert offers(AGE, "Pria 45 tahun itu ditangkap di rumahnya.", "Berapa usia pria itu?")
    assert offers(TIME, "Gempa terjadi pukul 16.45 WIB.", "jam brp gempanya")
    assert offers(TIME, "Rapat dimulai 09.30 WIB di Balai Kota.", "jam brp rapatnya")
    assert not offers(TIME, "Gempa terjadi Sabtu (3/6).", "jam brp gempanya")
    assert not offers(TIME, "Jam 1.000 orang sudah antre.", "jam brp antrenya")
    assert offers(TIME, "Rapat dimulai pukul 10.", "jam brp rapatnya")
    assert offers(SCORE, "Stephens menang 6 - 3, 6 - 0.", "skornya brp")
    assert offers(SCORE, "Persib menang 2-1 atas Arema.", "skornya brp")
    assert not offers(SCORE, "Pada periode 2004-2005 ia menjabat.", "skornya brp")
    assert not offers(SCORE, "Harganya Rp 1.500-2.000 per kilo.", "skornya brp")
    assert not offers(SCORE, "Laga dimulai 10:30 waktu setempat.", "skornya brp")
    assert offers(SCORE, "Chelsea menang 2:1.", "skornya brp")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("ada yg selamet ga dr pesawat yg jatoh", EXISTENCE),
        ("ada korban jiwa nggak sih", EXISTENCE),
        ("Apakah ada korban jiwa?", EXISTENCE),
        ("ada berapa korban?", "count:korban"),  # how many, not whether any
        ("siapa yang ada di sana", "person"),
    ],
)
def test_ada_x_ga_asks_whether_there_is_any(question: str, kind: str) -> None:
    assert answer_type(question, LEXICON) == kind


def test_whether_there_is_any_is_answered_by_a_sentence_saying_there_is_none() -> None:
    question = "ada korban jiwa ga"
    assert offers(EXISTENCE, "Tidak ada korban jiwa dalam kejadian itu.", question)
    assert offers(EXISTENCE, "Tak seorang pun selamat.", question)
    assert not offers(EXISTENCE, "Angin puting beliung melanda Sukabumi.", question)


def test_a_definition_says_what_the_asked_thing_is() -> None:
    question = "Apa yang dimaksud dengan otonomi daerah?"
    defines = "Otonomi daerah adalah hak daerah otonom untuk mengatur urusannya sendiri."
    assert offers(DEFINITION, defines, question)
    # a copula about something else, or the thing without a copula, is no definition
    assert not offers(DEFINITION, "Kata itu adalah serapan dari bahasa Yunani.", question)
    assert not offers(DEFINITION, "Secara harfiah, otonomi daerah berasal dari dua kata.", question)


ARTICLES = [
    Article(
        id="denmark",
        title="Denmark",
        text=(
            "Denmark adalah negara di Eropa Utara yang berbatasan dengan Jerman. "
            "Wilayah Denmark yang luas memiliki garis pantai sepanjang 7.314 km. "
            "Luasnya 43.094 km²."
        ),
    ),
    Article(
        id="peta",
        title="Peta",
        text=(
            "Peta adalah gambaran permukaan bumi pada bidang datar dengan skala tertentu. "
            "Peta digital tampil di layar komputer, peta konvensional tercetak di kertas."
        ),
    ),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    lib = Library(tmp_path_factory.mktemp("db") / "tanya.db")
    lib.ingest([FOUNDING_ARTICLE])  # other words, so the articles' words weigh as rare
    lib.add(ARTICLES)
    yield lib
    lib.close()


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Berapa luas Denmark?", "Luasnya 43.094 km²."),  # shown as written
        ("Apa yang dimaksud dengan peta?", "Peta adalah gambaran permukaan bumi"),
    ],
)
def test_the_sentence_holding_the_kind_of_answer_comes_first(
    library: Library, question: str, answer: str
) -> None:
    assert library.ask(question, k=3).passages[0].sentence.startswith(answer)


def test_a_name_the_question_mistypes_is_no_new_name_to_answer_siapa(tmp_path) -> None:
    lib = Library(tmp_path / "t.db")
    obituary = "\n".join(
        [
            "Rocker Tom Petty meninggal dunia pada Senin pagi.",
            "Menurut manajer Tony Dimitriades, Petty meninggal dengan tenang.",
        ]
    )
    others = [Article(f"o{n}", "Lain", f"Hujan turun di kota {n} pada Senin.") for n in range(5)]
    lib.add([Article("petty", "Tom Petty meninggal", obituary), *others])
    # "pety" is read as "petty": the lead's only name is the one asked about, not an answer
    best = lib.ask("siapa manajer tom pety", k=1).passages[0]
    assert "Dimitriades" in best.sentence


@pytest.mark.parametrize(
    ("word", "framing"),
    [
        ("nama", True),
        ("namanya", True),
        ("judulkah", True),
        ("Namalah", True),
        ("mksd", True),  # the lexicon's chat spelling of "maksud"
        ("nyanya", False),  # no ending to take off: "nya" is no word
        ("namai", False),
        ("pesawat", False),
    ],
)
def test_a_framing_word_is_known_with_its_ending_or_in_chat(word: str, framing: bool) -> None:
    from bot.cues import FRAME_WORDS, is_one_of
    from bot.text import Analyzer

    assert is_one_of(word, FRAME_WORDS, Analyzer().lexicon.slang) is framing
