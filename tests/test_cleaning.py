from pathlib import Path

import pytest

from bot.cleaning import (
    is_read_also,
    normalise_text,
    paragraphs,
    split_dateline,
    strip_read_also,
)

FOUNDING_ARTICLE = (
    Path(__file__).parent.parent / "data/articles/purnawarta-rusia-as-jenewa-2022.md"
)  # its text starts below the heading line


def test_normalise_text_removes_zero_width_and_control_characters():
    text = "Ja\u200bkar\u200dta\ufeff hari\u00ad ini\x07.\u2060"
    assert normalise_text(text) == "Jakarta hari ini."


def test_normalise_text_turns_nbsp_and_tabs_into_single_spaces():
    assert normalise_text("Rp\u00a05\u00a0juta \t per\u2009bulan  ") == "Rp 5 juta per bulan"


def test_normalise_text_keeps_lines_and_accepts_crlf_and_cr():
    text = "  Paragraf satu.  \r\nParagraf dua.\r\rParagraf tiga.\u2028Empat.\n"
    assert normalise_text(text) == "Paragraf satu.\nParagraf dua.\n\nParagraf tiga.\nEmpat."


def test_normalise_text_keeps_curly_quotes_and_dashes_and_maps_compatibility_forms():
    text = "“Kami siap,” katanya – tegas — lalu… ﬁnal １２"
    assert normalise_text(text) == "“Kami siap,” katanya – tegas — lalu... final 12"


def test_normalise_text_keeps_the_forms_whose_meaning_is_in_their_shape():
    text = "Luasnya 43.094 km², airnya H₂O, ½ porsi, 8°25′23″ LS, merek ACME™, 36 ㎡"
    assert normalise_text(text) == text
    assert normalise_text("ﬁ\u0301") == "fí"  # mapped forms still compose with their accents


def test_normalise_text_composes_accents():
    assert normalise_text("Rene\u0301 Descartes") == "René Descartes"


def test_normalise_text_repairs_punctuation_read_as_windows_1252():
    text = "â€œKerja sama ini penting, â€\x9d kata Airlangga â€“ Menteri."
    assert normalise_text(text) == "“Kerja sama ini penting, ” kata Airlangga – Menteri."


@pytest.mark.parametrize(
    "line",
    [
        "Baca Juga : Iran Produksi Lengan Robot Industri Kualitas Luar Negeri",
        "Baca juga: Gempa 5,8 Magnitudo Guncang Kepulauan Talaud",
        "BACA JUGA: Persib Menang Lagi",
        "Baca juga:",
        "Baca: Firasat Ahok dan Seragam Dinas Terakhir",
        "baca: Kemenangan Trump Akhir Mimpi Palestina",
        "(Baca: Petugas Pembongkaran Dilempari Batu di Rawajati)",
        "[Baca juga: Tabrakan Beruntun 5 Kendaraan di Tol Padaleunyi]",
        "SIMAK JUGA - Wenger: Saya Nyaris Tinggalkan Arsenal",
        "SIMAK JUGA: Perjalanan Neymar Menuju PSG",
        "Baca selengkapnya di kompas.com",
        "Baca_Juga",
    ],
)
def test_is_read_also_recognises_link_lines(line):
    assert is_read_also(line)


@pytest.mark.parametrize(
    "line",
    [
        "Baca_Juga Edwin Cahyadi mengatakan, kendala utama adalah lahan.",
        "Membaca buku adalah kebiasaan baik.",
        "Lihat saja hasilnya nanti.",
        "Ia membaca naskah itu juga.",
        "“ Lihat juga kemasannya yang indah.”",
    ],
)
def test_is_read_also_leaves_ordinary_lines(line):
    assert not is_read_also(line)


def test_strip_read_also_removes_links_inside_a_paragraph():
    paragraph = (
        "Semua kandidat akan diseleksi. (Baca: KPK Siapkan Sejumlah Posisi) Hasilnya "
        "diumumkan [Baca juga: Seleksi Dimulai] pekan depan."
    )
    assert strip_read_also(paragraph) == (
        "Semua kandidat akan diseleksi. Hasilnya diumumkan pekan depan."
    )


def test_strip_read_also_removes_a_trailing_link_title_and_the_placeholder():
    assert strip_read_also("Icardi mencetak gol. SIMAK JUGA - Cassano: Inter Juara") == (
        "Icardi mencetak gol."
    )
    assert strip_read_also("Baca_Juga Namun vaksin sudah beredar.") == "Namun vaksin sudah beredar."


def test_strip_read_also_keeps_a_title_followed_by_a_sentence():
    # Where the title ends cannot be told, so nothing is cut.
    paragraph = "Baterainya besar. Baca juga: Galaxy S8 Tanpa Tombol Home Kapasitasnya 4.000 mAh."
    assert strip_read_also(paragraph) == paragraph


def test_paragraphs_drops_read_also_and_empty_lines():
    text = (
        "Jakarta, Kompas - Harga naik.\r\n\r\n"
        "Baca juga: Harga Cabai Melonjak\n"
        "  Pedagang mengeluh.\u200b (Baca: Pasar Sepi)\n"
        "(Baca: Hanya Tautan)\n"
        "Baca_Juga\n"
    )
    assert paragraphs(text) == ["Jakarta, Kompas - Harga naik.", "Pedagang mengeluh."]


def test_paragraphs_of_the_founding_article():
    found = paragraphs(FOUNDING_ARTICLE.read_text(encoding="utf-8").split("\n", 2)[2])
    assert len(found) == 16
    assert not [p for p in found if "Baca Juga" in p]
    assert found[0].startswith("Moskow, Purna Warta – Seorang juru bicara kepresidenan")
    assert found[-1].endswith("dalam aliansi militer Barat.")


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("Moskow, Purna Warta – Seorang juru bicara Kremlin berbicara.", "Moskow, Purna Warta – "),
        ("Jakarta, CNN Indonesia -- Presiden meresmikan jalan tol.", "Jakarta, CNN Indonesia -- "),
        ("Jakarta, CNN Indonesia - - Presiden meresmikan tol.", "Jakarta, CNN Indonesia - - "),
        ("Sichuan, Kompas - Gempa kembali mengguncang wilayah itu.", "Sichuan, Kompas - "),
        ("JAKARTA, KOMPAS.com - Harga cabai naik lagi hari ini.", "JAKARTA, KOMPAS.com - "),
        ("Bandung (ANTARA) - Pemerintah kota menambah armada bus.", "Bandung (ANTARA) - "),
        ("Jakarta (ANTARA News) -Ketua umum partai itu berpidato.", "Jakarta (ANTARA News) -"),
        ("Liputan6.com, Jakarta - Polisi menangkap dua orang.", "Liputan6.com, Jakarta - "),
        ("Suara.com - Menteri Luhut mengungkapkan pembebasan lahan.", "Suara.com - "),
        ("JUARA.NET, KUALA LUMPUR - Pebalap Ferrari itu tercepat.", "JUARA.NET, KUALA LUMPUR - "),
        ("JAKARTA (Pos Kota) – Banjir merendam ratusan rumah.", "JAKARTA (Pos Kota) – "),
        ("Jakarta , Kompas - Harga bensin naik lagi .", "Jakarta , Kompas - "),
        ("jakarta, kompas - Persaingan di antara peritel menghangat.", "jakarta, kompas - "),
        ("Baghdad, rabu - Sebuah bom meledak di pasar.", "Baghdad, rabu - "),
        (
            "Singkil, Aceh, (ANTARA News) - Banjir melanda tiga desa.",
            "Singkil, Aceh, (ANTARA News) - ",
        ),
        ("INGGRIS – Manchester United menang tipis semalam.", "INGGRIS – "),
        ("Rimanews - Presiden menerima tamu negara di istana.", "Rimanews - "),
    ],
)
def test_split_dateline_finds_datelines(paragraph, dateline):
    assert paragraph[: split_dateline(paragraph)] == dateline


@pytest.mark.parametrize(
    "paragraph",
    [
        "Sejak tahun 1980 - an di Kota Bau-Bau terdapat dua perusahaan budidaya mutiara.",
        "Menurut Reuters, negosiator Rusia-AS tidak menunjukkan tanda-tanda meredakan perbedaan.",
        "Rusia-AS mengadakan pembicaraan di Jenewa pada Senin malam.",
        "Menurut dia - yang enggan disebut namanya - harga akan naik.",
        "Undang - undang itu disahkan pekan lalu oleh DPR.",
        "Barang - barang tersebut merupakan barang bukti.",
        "Suara - suara yang menyerukan Aji mundur makin keras.",
        "Pertikaian Vujovic - Ismed ternyata berlanjut setelah laga.",
        "Persib - Persija berakhir imbang di Bandung.",
        "GO - JEK mengungkapkan pihaknya akan berekspansi.",
        "Kepada DailySocial, Co - Founder dan CEO Kata.ai menjelaskan rencananya.",
        "Namun Presiden Nice, Jean - Pierre Rivere, menyatakan timnya siap.",
        "Bagaimana, adakah di antara smartphone - smartphone itu yang Anda pilih?",
        "Minggu ini, perusahaan gaming gear pimpinan Min - Liang Tan itu berulang tahun.",
        "1992 - 1993 Olympique Marseille juara Liga Champions.",
        "Real Madrid langsung unggul 1 - 0 pada menit 16.",
        "Suara.com - Menteri",
        "Jakarta, Kompas",
        "",
    ],
)
def test_split_dateline_leaves_ordinary_sentences(paragraph):
    assert split_dateline(paragraph) == 0
