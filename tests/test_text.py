"""The shared text pipeline and the chat lexicons: each kind of chat spelling is read right."""

from __future__ import annotations

import pytest

from bot.colloquial import colloquial_forms, undoubled, unstretched
from bot.cues import COUNT, DATE, DURATION, NUMBER, PERSON, PLACE, REASON, answer_type
from bot.offers import offers
from bot.spelling import Speller
from bot.text import Analyzer, Lexicon, normalise, tokens


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_normalise_folds_case_width_dashes_and_invisible_characters() -> None:
    assert normalise("RUSIA\u200b–AS ＮＡＴＯ") == "rusia-as nato"


def test_tokens_keep_numbers_and_hyphenated_words() -> None:
    assert tokens("Sejak 14/6, 100.000 tentara (32,566 km) di Bau-Bau pukul 10.30.") == [
        "sejak", "14/6", "100.000", "tentara", "32,566", "km", "di", "bau-bau", "pukul", "10.30",
    ]  # fmt: skip


def test_terms_stem_drop_stop_words_and_keep_numbers_dates_and_counts(analyzer: Analyzer) -> None:
    assert analyzer.terms("Berapa jumlah tentara yang dikirim pada tahun 2022?") == [
        "jumlah", "tentara", "kirim", "tahun", "2022",
    ]  # fmt: skip
    assert analyzer.terms("dua hari") == ["dua", "hari"]


def test_thousands_separators_are_one_number(analyzer: Analyzer) -> None:
    assert analyzer.terms("100.000 tentara") == analyzer.terms("100000 tentara")


@pytest.mark.parametrize(
    ("chat", "standard"),
    [
        ("brp tentara yg dikirim", "tentara yang dikirim"),
        ("knp blm gratis", "kenapa belum gratis"),
        ("ngapain dia pulang", "mengapa dia pulang"),
        ("dgn mobil utk warga", "dengan mobil untuk warga"),
        ("gak ada org", "tidak ada orang"),
        ("ryabkov bilang apa soal nato", "ryabkov mengatakan apa soal nato"),
        ("kpan rusia merilis draft", "kapan rusia merilis draft"),
        ("presiden amrik sm menlu", "presiden amerika sama menlu"),
        ("ortu korban hoax", "orang tua korban hoaks"),
        ("duit nyokap cewek itu", "uang ibu perempuan itu"),
        ("diadili bareng siapa", "diadili bersama siapa"),
        ("kapan tol itu kelar", "kapan tol itu selesai"),
        ("pengin ngerti", "ingin mengerti"),
    ],
)
def test_chat_spellings_read_as_standard_words(
    analyzer: Analyzer, chat: str, standard: str
) -> None:
    assert analyzer.terms(chat) == analyzer.terms(standard)


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("jubir kremlin", "juru bicara kremlin"),
        ("menlu ukraina", "menteri luar negeri ukraina"),
        ("sekjen nato", "sekretaris jenderal nato"),
        ("ketua kpu", "ketua komisi pemilihan umum"),
        ("presiden RI", "presiden republik indonesia"),
        ("tsk kasus pungli", "tersangka kasus pungutan liar"),
        ("senpi di tkp", "senjata api di tempat kejadian perkara"),
        ("bupati kab bogor dari prov jabar", "bupati kabupaten bogor dari provinsi jawa barat"),
    ],
)
def test_news_abbreviations_index_as_their_expansions(analyzer: Analyzer, short, long) -> None:
    assert analyzer.terms(short) == analyzer.terms(long)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("pindah2", "pindah"),
        ("negara2", "negara"),
        ("negara-negara", "negara"),
        ("nyari2", "mencari"),  # a chat spelling repeated
        ("org2", "orang"),
    ],
)
def test_reduplication_means_the_word_itself(analyzer: Analyzer, written: str, meant: str) -> None:
    assert analyzer.terms(written) == analyzer.terms(meant)


def test_question_particles_and_chat_particles_are_not_content(analyzer: Analyzer) -> None:
    assert analyzer.terms("siapakah dia dong gan?") == []
    assert analyzer.terms("apakah itu benar sih") == ["benar"]
    # chat exclamations and asking frames
    assert analyzer.terms("eh permisi mau nanya, anjir waduh gaes") == ["mau"]


def test_stop_words_pass_through_the_same_normaliser(tmp_path) -> None:
    (tmp_path / "stopwords.txt").write_text("# comment\nYANG\n", encoding="utf-8")
    lexicon = Lexicon.load(tmp_path)
    assert lexicon.stopwords == frozenset({"yang"})
    assert Analyzer(lexicon, stemmer="none").terms("Yang ini") == ["ini"]


@pytest.mark.parametrize(
    "family",
    [
        ["menteri", "kementerian", "menterinya"],
        ["pemain", "bermain", "memainkan", "permainan"],
        ["bertemu", "menemui", "ditemukan", "pertemuan"],
        ["memiliki", "pemilik", "dimiliki"],
        ["terima", "menerima", "diterima", "penerimaan"],
        ["gol", "golnya"],  # "-nya" off a root of one syllable, which Snowball leaves on
        ["skor", "skornya"],
        ["tim", "timnya"],
    ],
)
def test_a_word_family_shares_one_stem(analyzer: Analyzer, family: list[str]) -> None:
    assert len({analyzer.word_terms(word) for word in family}) == 1


@pytest.mark.parametrize(
    ("word", "other"),
    [("ketua", "tua"), ("berita", "ita"), ("media", "dia"), ("punya", "pu"), ("hanya", "ha")],
)
def test_a_word_is_not_cut_into_an_unrelated_one(analyzer: Analyzer, word: str, other: str) -> None:
    assert analyzer.word_terms(word) == (word,)
    assert analyzer.word_terms(word) != analyzer.word_terms(other)


def test_the_stem_list_is_not_applied_without_a_stemmer() -> None:
    assert Analyzer(stemmer="none").terms("pemain menterinya") == ["pemain", "menterinya"]


def test_an_unknown_stemmer_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown stemmer"):
        Analyzer(stemmer="porter")


@pytest.mark.parametrize(
    ("typo", "known"),
    [("bicra", "bicara"), ("tentar", "tentara"), ("tenatra", "tentara"), ("tentaraa", "tentara")],
)
def test_a_typo_one_edit_away_is_corrected_to_a_known_term(typo: str, known: str) -> None:
    speller = Speller([("bicara", 5), ("tentara", 9), ("tenaga", 2)])
    assert speller.correct(typo) == known


def test_the_speller_leaves_known_short_and_far_words_alone() -> None:
    speller = Speller([("bicara", 5), ("tentara", 9)])
    assert speller.correct("bicara") is None
    assert speller.correct("abc") is None
    assert speller.correct("kremlin") is None


def test_a_known_word_may_stand_for_another_only_when_asked() -> None:
    speller = Speller([("mninggal", 1), ("meninggal", 40), ("bicara", 5)])
    assert speller.correct("mninggal") is None  # known: left alone
    assert speller.correct("mninggal", known=True) == "meninggal"
    assert speller.correct("meninggal", known=True) != "meninggal"  # never itself
    assert speller.correct("bicara", known=True) is None


def test_the_most_frequent_of_several_corrections_wins() -> None:
    assert Speller([("pasar", 3), ("pasir", 30)]).correct("pasur") == "pasir"


@pytest.mark.parametrize(
    ("colloquial", "standard"),
    [
        ("diadain", "diadakan"),
        ("ngusulin", "mengusulkan"),
        ("nyebut", "menyebut"),
        ("ngutuk", "mengutuk"),
        ("ngebom", "bom"),
        ("didatengin", "didatangkan"),
        ("deketin", "dekati"),
        ("nyolong", "mencolong"),
        ("ngancem", "mengancam"),
        ("ngudeta", "kudeta"),  # the root, "k" restored: "mengudeta" is no word
        ("nambah", "tambah"),
        ("mimpin", "memimpin"),
        ("nerima", "menerima"),
        ("nulis", "menulis"),
        ("selamet", "selamat"),
        ("dapet", "dapat"),
        ("seneng", "senang"),
    ],
)
def test_colloquial_verbs_offer_their_standard_forms(colloquial: str, standard: str) -> None:
    assert standard in colloquial_forms(colloquial)


@pytest.mark.parametrize("word", ["m", "n", "mi", "nin", "x"])
def test_short_words_have_no_colloquial_forms(word: str) -> None:
    assert colloquial_forms(word) == []


def test_colloquial_forms_put_the_standard_vowels_first_and_leave_short_bases_alone() -> None:
    # "didatengin" is "didatangkan" before it is "didatengkan" (a quote's spelling)
    forms = colloquial_forms("didatengin")
    assert forms.index("didatangkan") < forms.index("didatengkan")
    assert colloquial_forms("ngancem")[0] == "mengancam"
    # five letters: "-in" after a vowel ("adain" adakan), not after a consonant ("kabin", "mesin")
    assert "adakan" in colloquial_forms("adain")
    for word in ("kabin", "mesin"):
        offered = colloquial_forms(word)
        assert not [form for form in offered if form.endswith(("kan", "i", "s", "b"))]
    # a final "e" is no spoken "ai": "dame" (Notre Dame) is no "damai", "bale" no "balai"
    assert colloquial_forms("dame") == colloquial_forms("bale") == []


def test_an_unspoken_h_is_written_back_at_the_start_or_between_two_vowels_only() -> None:
    from bot.colloquial import written_h

    assert written_h("ilang") == ["hilang"]
    assert written_h("ketauan") == ["ketahuan"]  # the first two vowels that meet
    assert written_h("abis") == ["habis"]
    assert written_h("boong") == ["bohong"]
    assert written_h("lamaa") == []  # a vowel held at the end (undoubled reads it)
    # no vowels meeting, no vowel first, too short or no word: nothing to write back
    assert written_h("tentara") == written_h("ada") == written_h("u16x") == []


def test_nge_reads_as_the_me_form_news_writes() -> None:
    # before "g", "h" or a vowel of a longer root, "meng-" ("megeser" is what users were shown)
    assert "menggeser" in colloquial_forms("ngegeser")  # after "menggesar" ("selamet" selamat)
    assert "megeser" not in colloquial_forms("ngegeser")
    assert colloquial_forms("ngehapus")[0] == "menghapus"
    assert colloquial_forms("ngebangun")[0] == "membangun"
    assert colloquial_forms("ngedorong")[0] == "mendorong"
    assert colloquial_forms("ngelapor")[0] == "melapor"  # before "l", "me-"


def test_a_question_shows_the_nge_word_read_as_news_writes_it(tmp_path) -> None:
    from bot.library import Library
    from bot.models import Article

    library = Library(tmp_path / "t.db")
    text = "Tuan rumah menggeser Indonesia dari puncak klasemen medali."
    library.add([Article("a", "Klasemen", text), Article("b", "Geser", "Meja itu digeser.")])
    answer = library.ask("siapa yg ngegeser indonesia dr puncak klasemen", k=1)
    assert answer.reading == "siapa yg menggeser indonesia dr puncak klasemen"
    assert "menggeser" in answer.passages[0].sentence


def test_readings_that_misread_real_words_are_offered_only_when_unsure() -> None:
    assert colloquial_forms("ngudeta") == ["mengudeta", "meudeta", "kudeta"]
    assert colloquial_forms("ngudeta", unsure=False) == ["mengudeta", "meudeta"]
    assert "tinja" not in colloquial_forms("ninja", unsure=False)  # a word the collection holds
    assert "adakan" in colloquial_forms("adain")
    assert "alakan" not in colloquial_forms("alain", unsure=False)  # Alain Delon


def test_held_letters_are_let_go_to_one_then_two() -> None:
    assert unstretched("siapaaa") == ["siapa", "siapaa"]
    assert unstretched("maaaf") == ["maf", "maaf"]
    assert unstretched("bgttt") == ["bgt", "bgtt"]
    assert unstretched("saat") == unstretched("100000") == []  # two is spelling, digits are a value
    # a doubled last letter may be held too, but weaker evidence: a form of its own
    assert unstretched("siapaa") == []
    assert undoubled("siapaa") == "siapa" and undoubled("brpp") == "brp"
    assert undoubled("aa") is None and undoubled("siapa") is None
    assert "dibatalkan" in colloquial_forms("dibatalinn")
    assert colloquial_forms("lamaa") == ["lama"]
    assert colloquial_forms("kremlinnn")[0] == "kremlin"
    assert "mengusulkan" in colloquial_forms("ngusulinnn")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Siapakah juru bicara Kremlin?", PERSON),
        ("jubir kremlin sp", PERSON),
        ("Berapa tentara Rusia di perbatasan?", COUNT + "tentara"),
        ("brp tentara rusia", COUNT + "tentara"),
        ("Kapan Rusia merilis rancangan itu?", DATE),
        ("tahun berapa perjanjian itu dibuat", DATE),
        ("berapa lama sherman ngobrol sm ryabkov", DURATION),
        ("Berapa tahun Jepang menjajah Indonesia?", DURATION),
        ("Di mana putaran pertama diadakan?", PLACE),
        ("rusia ketemu nato dmn", PLACE),
        ("Organisasi apakah yang menolak?", PERSON),
        ("Negara manakah yang meluncurkan roket itu?", PLACE),
        ("Di kabupaten manakah taman nasional itu?", PLACE),
        ("Dari mana pemain itu berasal?", PLACE),
        ("Fraksi manakah yang mengusulkan pansus?", PERSON),
        ("Apa judul film pertama yang laris?", PERSON),
        ("Mengapa Rusia tidak optimis?", REASON),
        ("knp ancol blm gratis", REASON),
        ("ngapa ancol blm gratis", REASON),
        ("siapaaa jubir kremlin", PERSON),
        ("brppp tentara rusia", COUNT + "tentara"),
        ("kpan rusia ngerilis rancangan", DATE),
        ("rusia ketemu nato dimn", PLACE),
        ("apa alasan kpu minta tambahan dana", REASON),
        ("gubernur itu meninggal krn apa", REASON),
        ("Di negara apa pelari itu lahir?", PLACE),
        ("Pada bulan apa pameran itu dibuka?", DATE),
        ("Nomor apa yang dipakai Messi?", NUMBER),
        ("carlton cole ngapain sampai dihukum", REASON),
        ("Apa yang dibahas di Jenewa?", None),
    ],
)
def test_question_words_are_cues_for_the_kind_of_answer(question: str, kind: str | None) -> None:
    assert answer_type(question, Analyzer().lexicon) == kind


def test_a_sentence_offers_an_answer_the_question_does_not_already_hold() -> None:
    question = "Berapa tentara Rusia di perbatasan?"
    assert offers(NUMBER, "Sherman meminta 100.000 tentara Rusia kembali.", question)
    assert not offers(NUMBER, "Tentara Rusia ada di perbatasan.", question)
    assert offers(DATE, "Pada 17 Desember Rusia merilis rancangan.", "Kapan Rusia merilis?")
    assert offers(PERSON, "Juru bicara Kremlin, Dmitry Peskov, berkata.", "Siapa jubir Kremlin?")
    assert not offers(PERSON, "juru bicara kremlin berkata.", "Siapa jubir Kremlin?")
    opened = '"Ramahlah pada alam," ujarnya. "Kita semua." Itu pesannya.'
    assert not offers(PERSON, opened, "Siapa pembuat video itu?")  # sentence starts, not names
    spaced = "“ Kami hancur, ” katanya. “ Kita berduka. ” Itu pesan Tom Petty."  # tokenised text
    assert not offers(PERSON, spaced, "manajer tom petty siapa")
    said = 'ujarnya, “ Kami hancur. ” Katanya pula: "Kita berduka."'  # speech after , and :
    assert not offers(PERSON, said, "siapa yang berduka")
    assert offers(PERSON, 'Raikkonen dijuluki "Iceman" oleh media.', "Apa julukan Raikkonen?")
    assert offers(REASON, "Ancol belum gratis karena sudah menjadi perusahaan publik.", "knp?")
    assert not offers(REASON, "Ancol belum gratis.", "Mengapa Ancol belum gratis?")
    how_long = "Berapa lama pembicaraan Sherman?"
    assert offers(DURATION, "Sherman berbicara delapan jam dengan mitranya.", how_long)
    assert offers(DURATION, "Perundingan itu berlangsung setahun.", how_long)
    assert not offers(DURATION, "Sherman meminta 100.000 tentara ditarik.", how_long)
    assert not offers(DURATION, "Pada tahun 1998 perundingan dimulai.", how_long)


def test_swapped_letters_are_preferred_to_a_changed_letter() -> None:
    # "mesri": "mesir" (swapped) is a likelier typo than "meski" (changed), though rarer.
    assert Speller([("mesir", 2), ("meski", 50)]).correct("mesri") == "mesir"


def test_normalise_takes_ascii_text_the_short_way_with_the_same_result() -> None:
    import unicodedata

    from bot.text import _FOLD

    every_ascii = "".join(map(chr, range(128)))
    slow = unicodedata.normalize("NFKC", every_ascii).translate(_FOLD).casefold()
    assert normalise(every_ascii) == slow
    assert normalise("Ibu Kota NUSANTARA") == "ibu kota nusantara"


def test_terms_of_tokens_are_the_terms_of_each_token_in_order() -> None:
    fresh = Analyzer()  # nothing cached yet: every word is analysed on the way
    words = tokens("Jubir KPU: negara-negara pindah2 ke Bau-Bau, 100.000 warga; jubir KPU lagi")
    expected = [fresh.word_terms(word) for word in words]
    assert Analyzer().terms_per_token(words) == expected
    assert fresh.terms_per_token(words) == expected  # every word cached
    assert fresh.terms_of_tokens(words) == [term for terms in expected for term in terms]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("makasih ya", "thanks"),
        ("Terima kasih banyak!", "thanks"),
        ("halo min", "greeting"),
        ("Selamat pagi, kak", "greeting"),
        ("hehe makasih", "thanks"),
        ("wkwkwk", "ack"),
        ("hahaha 😂", "ack"),
        ("ok sip", "ack"),
        ("yang di", None),  # stop words only: nothing to search, but no small talk either
        ("halo, siapa jubir kremlin?", None),  # a question with a greeting is a question
        ("siapa yang mengucapkan terima kasih", None),
        ("kabar", None),
    ],
)
def test_small_talk_is_known_by_its_kind(analyzer: Analyzer, message: str, kind) -> None:
    assert analyzer.small_talk(message) == kind


def test_greetings_laughter_and_thanks_are_not_searched_for(analyzer: Analyzer) -> None:
    asked = analyzer.terms("siapa jubir kremlin")
    for chatty in (
        "halo min, siapa jubir kremlin?",
        "wkwk siapa jubir kremlin",
        "siapa jubir kremlin makasih",
    ):
        assert analyzer.terms(chatty) == asked
    # Laughter is known by its shape, four letters at least: words that only look close stay.
    for word in ("hi", "haji", "hari", "kakak", "khusus", "hoho"):
        assert analyzer.terms(word) != []
    assert analyzer.terms("terima kasih") != []  # two-word entries only classify a message


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("jubirnya siapa", "juru bicara siapa"),  # an abbreviation with "-nya"
        ("duitnya nyokapnya", "uang ibu"),  # chat spellings with "-nya"
        ("udahlah", ""),  # a chat stop word with "-lah"
    ],
)
def test_a_lexicon_word_with_a_particle_reads_as_the_word(
    analyzer: Analyzer, written: str, read: str
) -> None:
    assert analyzer.terms(written) == analyzer.terms(read)


def test_a_word_ending_like_a_particle_after_a_two_letter_key_is_its_own_word(
    analyzer: Analyzer,
) -> None:
    assert "ga" in analyzer.lexicon.slang and "bi" in analyzer.lexicon.abbreviations
    assert analyzer.word_terms("galah") == ("galah",)  # a pole, not "ga" + "lah"
    assert analyzer.word_terms("bilah") == ("bilah",)  # a blade, not "bi" + "lah"
