from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.models import Article, Sentence
from bot.sentences import sentences_of, split_sentences

FOUNDING_ARTICLE = Path(__file__).parent.parent / "data/articles/purnawarta-rusia-as-jenewa-2022.md"

CASES = [
    # titles and abbreviations that precede a name, a place or a number
    (
        "Sidang dipimpin dr. Budi Santoso. Hasilnya diumumkan besok.",
        ["Sidang dipimpin dr. Budi Santoso.", "Hasilnya diumumkan besok."],
    ),
    (
        "Prof. Dr. Ir. H. Ahmad Yani, M.Si. mengatakan hal itu kepada wartawan. Dia optimistis.",
        [
            "Prof. Dr. Ir. H. Ahmad Yani, M.Si. mengatakan hal itu kepada wartawan.",
            "Dia optimistis.",
        ],
    ),
    (
        "Hj. Siti Aminah hadir di Jl. Sudirman No. 5, Kab. Bogor. Acara dimulai pukul 10.30 WIB.",
        [
            "Hj. Siti Aminah hadir di Jl. Sudirman No. 5, Kab. Bogor.",
            "Acara dimulai pukul 10.30 WIB.",
        ],
    ),
    (
        "Ia tinggal di Jln. Merdeka dan bekerja di Kec. Cibinong. Rumahnya kecil.",
        ["Ia tinggal di Jln. Merdeka dan bekerja di Kec. Cibinong.", "Rumahnya kecil."],
    ),
    (
        "Yang hadir Sdr. Andi, Bpk. Joko dan drg. Rina. Semua sehat.",
        ["Yang hadir Sdr. Andi, Bpk. Joko dan drg. Rina.", "Semua sehat."],
    ),
    (
        "Nama lengkapnya Ir. Soekarno. Ia presiden pertama.",
        ["Nama lengkapnya Ir. Soekarno.", "Ia presiden pertama."],
    ),
    (
        "Harganya Rp. 25.000 per kilogram. Murah sekali.",
        ["Harganya Rp. 25.000 per kilogram.", "Murah sekali."],
    ),
    (
        "Sahamnya dimiliki PT. Telkom Tbk. sejak 2010. Nilainya terus naik.",
        ["Sahamnya dimiliki PT. Telkom Tbk. sejak 2010.", "Nilainya terus naik."],
    ),
    (
        "Perusahaan itu tercatat di hlm. 25 laporan. Laporannya tebal.",
        ["Perusahaan itu tercatat di hlm. 25 laporan.", "Laporannya tebal."],
    ),
    (
        "Dia lahir di St. Petersburg. Kini dia tinggal di Moskow.",
        ["Dia lahir di St. Petersburg.", "Kini dia tinggal di Moskow."],
    ),
    (
        "Surat ditujukan kepada a.n. Kepala Dinas. Isinya singkat.",
        ["Surat ditujukan kepada a.n. Kepala Dinas.", "Isinya singkat."],
    ),
    (
        "Paket dikirim u.p. Bagian Keuangan. Sudah diterima.",
        ["Paket dikirim u.p. Bagian Keuangan.", "Sudah diterima."],
    ),
    (
        "Menurut Dr. med. dr. Damar, hal itu wajar.",
        ["Menurut Dr. med. dr. Damar, hal itu wajar."],
    ),
    (
        "Misa dipimpin Mgr. Albertus Soegijapranata. Umat memadati gereja.",
        ["Misa dipimpin Mgr. Albertus Soegijapranata.", "Umat memadati gereja."],
    ),
    (
        "Spesies itu ditemukan di Myanmar (Jatoi et al. 2008). Populasinya kecil.",
        ["Spesies itu ditemukan di Myanmar (Jatoi et al. 2008).", "Populasinya kecil."],
    ),
    (
        "Mata uang ini terbagi menjadi Rf. 5 dan Rf. 10. Koinnya jarang dipakai.",
        ["Mata uang ini terbagi menjadi Rf. 5 dan Rf. 10.", "Koinnya jarang dipakai."],
    ),
    # abbreviations that may end a sentence
    (
        "Harga cabai naik, bawang, dll. Pedagang mengeluh.",
        ["Harga cabai naik, bawang, dll.", "Pedagang mengeluh."],
    ),
    (
        "Penelitian Sutanto dkk. menunjukkan hal itu.",
        ["Penelitian Sutanto dkk. menunjukkan hal itu."],
    ),
    (
        "Acara dihadiri Floyd Mayweather Jr. di Los Angeles.",
        ["Acara dihadiri Floyd Mayweather Jr. di Los Angeles."],
    ),
    # degrees: after a comma they may end the sentence
    (
        "Pengacara itu, Budi Santoso, S.H., M.H. menjelaskan duduk perkaranya.",
        ["Pengacara itu, Budi Santoso, S.H., M.H. menjelaskan duduk perkaranya."],
    ),
    (
        "Pengacaranya adalah Budi Santoso, S.H. Ia sudah berpraktik sejak 1990.",
        ["Pengacaranya adalah Budi Santoso, S.H.", "Ia sudah berpraktik sejak 1990."],
    ),
    (
        "Guru itu, Ani, M.Pd. mengajar di sana. Murid menyukainya.",
        ["Guru itu, Ani, M.Pd. mengajar di sana.", "Murid menyukainya."],
    ),
    # initials, and capital letters that are labels
    (
        "Mantan Presiden B. J. Habibie meninggal dunia. Ia berusia 83 tahun.",
        ["Mantan Presiden B. J. Habibie meninggal dunia.", "Ia berusia 83 tahun."],
    ),
    (
        "Direktur M. Hery Saripudin membuka acara. Peserta berasal dari 20 negara.",
        ["Direktur M. Hery Saripudin membuka acara.", "Peserta berasal dari 20 negara."],
    ),
    (
        "Tim Indonesia berada di Grup A. Lawan pertamanya Thailand.",
        ["Tim Indonesia berada di Grup A.", "Lawan pertamanya Thailand."],
    ),
    # numbers
    (
        "Jumlahnya mencapai 100.000 orang. Sebanyak 32,566 di antaranya perempuan.",
        ["Jumlahnya mencapai 100.000 orang.", "Sebanyak 32,566 di antaranya perempuan."],
    ),
    (
        "Rapat digelar Selasa (14/6). Hasilnya belum diumumkan.",
        ["Rapat digelar Selasa (14/6).", "Hasilnya belum diumumkan."],
    ),
    (
        "Investasi itu senilai US$ 4 miliar. Proyek dimulai tahun depan.",
        ["Investasi itu senilai US$ 4 miliar.", "Proyek dimulai tahun depan."],
    ),
    (
        "Inflasi naik 3.5 persen. Angka itu di atas target.",
        ["Inflasi naik 3.5 persen.", "Angka itu di atas target."],
    ),
    (
        "Tahun itu bersejarah. 1998 menjadi awal reformasi.",
        ["Tahun itu bersejarah.", "1998 menjadi awal reformasi."],
    ),
    (
        "Pertandingan berakhir 2 - 1. Gol dicetak pada menit ke-89.",
        ["Pertandingan berakhir 2 - 1.", "Gol dicetak pada menit ke-89."],
    ),
    (
        "Syaratnya: 1. Warga negara Indonesia. 2. Berusia 17 tahun.",
        ["Syaratnya: 1. Warga negara Indonesia.", "2. Berusia 17 tahun."],
    ),
    (
        "Luas lahan jagung 3.327. 810 hektar. Produksi meningkat.",
        ["Luas lahan jagung 3.327. 810 hektar.", "Produksi meningkat."],
    ),
    # quotations
    (
        "“Sayangnya, kami memiliki banyak perbedaan,” kata wakil menteri. Pertemuan usai.",
        ["“Sayangnya, kami memiliki banyak perbedaan,” kata wakil menteri.", "Pertemuan usai."],
    ),
    (
        "“Kami siap.” Dia menambahkan bahwa timnya sudah berlatih.",
        ["“Kami siap.”", "Dia menambahkan bahwa timnya sudah berlatih."],
    ),
    (
        "“Kami siap. Kami akan menang,” katanya.",
        ["“Kami siap. Kami akan menang,” katanya."],
    ),
    (
        "“Mengapa harus sekarang?” tanya Budi. Tidak ada yang menjawab.",
        ["“Mengapa harus sekarang?” tanya Budi.", "Tidak ada yang menjawab."],
    ),
    (
        'Dia menulis: "Saya lelah." Lalu dia tidur.',
        ['Dia menulis: "Saya lelah."', "Lalu dia tidur."],
    ),
    (
        'Ia bertanya, "Siapa?" lalu diam.',
        ['Ia bertanya, "Siapa?" lalu diam.'],
    ),
    (
        '"Lahan selesai bulan ini. Bisa 2 - 3 minggu, "ujarnya di Jakarta. Luhut optimistis.',
        ['"Lahan selesai bulan ini. Bisa 2 - 3 minggu, "ujarnya di Jakarta.', "Luhut optimistis."],
    ),
    (
        '" Kami tidak takut . " Demikian kata Budi .',
        ['" Kami tidak takut . "', "Demikian kata Budi ."],
    ),
    # ellipses, "?" and "!"
    (
        "Dia terdiam... Kemudian pergi.",
        ["Dia terdiam...", "Kemudian pergi."],
    ),
    (
        "Dia terdiam… Kemudian pergi.",
        ["Dia terdiam…", "Kemudian pergi."],
    ),
    (
        "Jawabannya... entah kapan.",
        ["Jawabannya... entah kapan."],
    ),
    (
        "Apakah dia datang? Tidak! Dia sakit.",
        ["Apakah dia datang?", "Tidak!", "Dia sakit."],
    ),
    (
        "Skornya 21 - 19, 21 - 15. Indonesia juara!",
        ["Skornya 21 - 19, 21 - 15.", "Indonesia juara!"],
    ),
    # addresses
    (
        "Berita lengkap ada di kompas.com. Silakan dibaca.",
        ["Berita lengkap ada di kompas.com.", "Silakan dibaca."],
    ),
    (
        "Buka www.detik.com/berita. Lalu cari artikelnya.",
        ["Buka www.detik.com/berita.", "Lalu cari artikelnya."],
    ),
    (
        "Kirim surat ke redaksi@kompas.co.id atau a.b@c.co.id. Redaksi akan membalas.",
        ["Kirim surat ke redaksi@kompas.co.id atau a.b@c.co.id.", "Redaksi akan membalas."],
    ),
    # FacQA and IndoSum tokenised spacing
    (
        "Sejak tahun 1980 - an di Kota Bau-Bau ada dua perusahaan mutiara. PT Selat Buton salah "
        "satunya.",
        [
            "Sejak tahun 1980 - an di Kota Bau-Bau ada dua perusahaan mutiara.",
            "PT Selat Buton salah satunya.",
        ],
    ),
    (
        "Jakarta , Kompas - Harga naik lagi . Pemerintah belum bereaksi .",
        ["Jakarta , Kompas - Harga naik lagi .", "Pemerintah belum bereaksi ."],
    ),
    (
        "Survei itu memiliki margin kesalahan 2,9 persen. . “ Partai baru akan sulit.",
        ["Survei itu memiliki margin kesalahan 2,9 persen. .", "“ Partai baru akan sulit."],
    ),
    # editor's initials and leftovers join a neighbour
    (
        "Ruki menegaskan lowongan itu terbuka. (agk/agk)",
        ["Ruki menegaskan lowongan itu terbuka. (agk/agk)"],
    ),
    (
        "1. Kurangi gula. 2. Perbanyak sayur.",
        ["1. Kurangi gula.", "2. Perbanyak sayur."],
    ),
    (
        "  Satu  kalimat\ttanpa titik  ",
        ["Satu kalimat tanpa titik"],
    ),
    ("", []),
]


@pytest.mark.parametrize(("paragraph", "expected"), CASES)
def test_split_sentences(paragraph, expected):
    assert split_sentences(paragraph) == expected


@given(st.text(alphabet="ab AB1.?!…“”\"'(),:-", max_size=80))
def test_split_sentences_loses_nothing_and_gives_no_empty_sentence(paragraph):
    found = split_sentences(paragraph)
    assert all(sentence.strip() == sentence and sentence for sentence in found)
    assert " ".join(found) == " ".join(paragraph.split())


def test_sentences_of_a_small_article():
    article = Article(
        id="a1",
        title="Banjir",
        text=(
            "Bandung (ANTARA) - Banjir merendam 200 rumah. Warga mengungsi.\n"
            "Baca juga: Banjir Bandang di Garut\n"
            "\n"
            "“Air naik cepat. Kami kaget,” kata Ujang. Bantuan tiba pukul 10.30 WIB.\n"
            "(Baca: Posko Dibuka)\n"
            "Jakarta - tidak terdampak."
        ),
    )
    assert sentences_of(article) == [
        Sentence("a1", 0, 0, "Bandung (ANTARA) - Banjir merendam 200 rumah.", 19),
        Sentence("a1", 0, 1, "Warga mengungsi.", 0),
        Sentence("a1", 1, 0, "“Air naik cepat. Kami kaget,” kata Ujang.", 0),
        Sentence("a1", 1, 1, "Bantuan tiba pukul 10.30 WIB.", 0),
        Sentence("a1", 2, 0, "Jakarta - tidak terdampak.", 0),
    ]
    assert sentences_of(article)[0].matchable == "Banjir merendam 200 rumah."


def test_sentences_of_gives_a_dateline_lead_only_in_the_first_paragraph():
    article = Article(
        id="a2",
        title="",
        text="Harga naik. Pedagang mengeluh.\nJakarta, Kompas - Pasar ramai sekali hari ini.",
    )
    assert [(s.paragraph, s.position, s.lead) for s in sentences_of(article)] == [
        (0, 0, 0),
        (0, 1, 0),
        (1, 0, 0),
    ]


def test_sentences_of_the_founding_article():
    article = Article(
        id="purnawarta",
        title="Rusia-AS di Jenewa",
        text=FOUNDING_ARTICLE.read_text(encoding="utf-8").split("\n", 2)[2],  # below its heading,
    )
    found = sentences_of(article)
    texts = [s.text for s in found]
    assert len(found) == 19
    assert not [t for t in texts if "Baca Juga" in t]
    first = found[0]
    assert first.text[: first.lead] == "Moskow, Purna Warta – "
    assert first.matchable.startswith("Seorang juru bicara kepresidenan Kremlin Rusia")
    assert [s.lead for s in found[1:]] == [0] * 18
    nato = (
        "Sebelumnya, Sekretaris Jenderal NATO Jens Stoltenberg mengatakan pada konferensi pers "
        "bersama dengan Menteri Luar Negeri Ukraina Dmitry Kulba bahwa “Moskow tidak akan "
        "mengizinkan Kiev (Ibu kota Ukraina) untuk bergabung dengan aliansi militer. Di sisi lain "
        "NATO tidak akan pernah berkompromi dengan kebijakan politiknya pada masalah keanggotaan,” "
        "katanya."
    )
    assert nato in texts
    assert [(s.paragraph, s.position) for s in found[-5:]] == [
        (14, 0),
        (14, 1),
        (14, 2),
        (15, 0),
        (15, 1),
    ]
