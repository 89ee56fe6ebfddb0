"""Reading articles from files, folders, documents and text, including every kind of bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from bot.article_text import (
    UnreadableInput,
    UnsupportedFormat,
    article_from_html,
    article_from_text,
    article_id_for,
    paragraphs,
)
from bot.models import Article
from bot.readers import Skipped, read_articles, read_document

PESKOV = "Juru bicara Kremlin, Dmitry Peskov, mengatakan tidak ada alasan untuk optimis."
JENEWA = "Pembicaraan di Jenewa berlangsung terbuka, substantif dan langsung."
PAGE = f"""<!doctype html>
<html><head><title>Rusia Tidak Optimis | Purna Warta</title>
<meta property="og:title" content="Rusia Tidak Optimis">
<meta property="og:site_name" content="Purna Warta"></head>
<body><nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a></nav>
<article><h1>Rusia Tidak Optimis</h1><p>{PESKOV}</p><p>{JENEWA}</p></article>
<footer>Hak cipta 2022 Purna Warta</footer></body></html>"""
MENU_ONLY = """<html><head><title>Beranda</title></head><body>
<nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a></nav><footer>Hak cipta</footer>
</body></html>"""


def pdf_with_lines(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF showing the lines in Helvetica, written by hand."""
    shown = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    stream = "\n".join(["BT /F1 12 Tf 14 TL 72 760 Td", *(f"({s}) Tj T*" for s in shown), "ET"])
    content = stream.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx_bytes(paragraphs: list[tuple[str, str]]) -> bytes:
    """A real .docx made with python-docx from (style, text) pairs."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_hand_written_pdf_is_read_by_pypdf() -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf_with_lines(["Rusia Tidak Optimis", "Isi berita."])))
    assert reader.pages[0].extract_text().splitlines() == ["Rusia Tidak Optimis", "Isi berita."]


def test_read_articles_walks_folders_recursively_in_order_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "dalam").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "kedua.txt").write_text(f"{PESKOV}\n")
    (tmp_path / "a" / "dalam" / "ketiga.txt").write_text(f"{JENEWA}\n")
    (tmp_path / "a" / "pertama.md").write_text(f"# Judul Pertama\n\n{PESKOV}\n")
    (tmp_path / "a" / ".rahasia.txt").write_text("tersembunyi sekali.\n")
    (tmp_path / ".git" / "config.txt").write_text("bukan berita sama sekali.\n")
    (tmp_path / "catatan.csv").write_text("a,b\n")
    assert list(read_articles([tmp_path])) == [
        Article("pertama", "Judul Pertama", PESKOV),
        Article("ketiga", "Ketiga", JENEWA),
        Article("kedua", "Kedua", PESKOV),
    ]


def test_text_file_title_from_headline_or_readable_file_name(tmp_path: Path) -> None:
    headline = tmp_path / "berita-satu.txt"
    headline.write_bytes(f"\ufeffRusia Tidak Optimis\r\n\r\n{PESKOV}\r\n{JENEWA}\r\n".encode())
    no_headline = tmp_path / "purnawarta-rusia-as-jenewa-2022.txt"
    no_headline.write_text(f"Moskow, Purna Warta – {PESKOV}\n{JENEWA}\n")
    assert list(read_articles([headline, no_headline])) == [
        Article("berita-satu", "Rusia Tidak Optimis", f"{PESKOV}\n{JENEWA}"),
        Article(
            "purnawarta-rusia-as-jenewa-2022",
            "Purnawarta Rusia As Jenewa 2022",
            f"Moskow, Purna Warta – {PESKOV}\n{JENEWA}",
        ),
    ]


def test_wrapped_text_is_joined_into_paragraphs() -> None:
    text = (
        "Baris pertama yang\nterpotong di tengah.\nKalimat kedua.\n\n## Sub judul\n- butir satu\n"
    )
    assert paragraphs(text) == [
        "Baris pertama yang terpotong di tengah.",
        "Kalimat kedua.",
        "## Sub judul",
        "- butir satu",
    ]
    assert paragraphs("satu\ndua\n") == ["satu", "dua"]


def test_markdown_heading_becomes_title_and_markup_goes(tmp_path: Path) -> None:
    path = tmp_path / "Berita Jenewa.md"
    path.write_text(
        f"# Rusia Tidak Optimis\n\n{PESKOV}\n\n## Di **Jenewa**\n\n"
        "Menurut [Reuters](https://reuters.com), pembicaraan\nberlanjut.\n"
    )
    assert list(read_articles([path])) == [
        Article(
            "berita-jenewa",
            "Rusia Tidak Optimis",
            f"{PESKOV}\nDi Jenewa\nMenurut Reuters, pembicaraan berlanjut.",
        )
    ]


def test_html_file_gives_main_text_and_page_title(tmp_path: Path) -> None:
    path = tmp_path / "rusia.html"
    path.write_text(PAGE)
    (tmp_path / "menu.htm").write_text(MENU_ONLY)
    assert list(read_articles([tmp_path])) == [
        Skipped(str(tmp_path / "menu.htm"), "no article text found"),
        Article("rusia", "Rusia Tidak Optimis", f"{PESKOV}\n{JENEWA}", source="Purna Warta"),
    ]


def test_jsonl_reads_every_good_line_and_names_the_bad_ones(tmp_path: Path) -> None:
    good = {
        "id": "pw-1",
        "title": "Rusia  Tidak Optimis",
        "text": f"{PESKOV}\n\n{JENEWA}",
        "source": "Purna Warta",
        "url": "https://purnawarta.com/1",
    }
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(good),
                '{"id": "pw-2" "text": "rusak"}',
                "",
                json.dumps({"id": "pw-3", "title": "Tanpa teks"}),
                json.dumps({"id": 4, "text": JENEWA}),
                "[1, 2]",
            ]
        )
    )
    results = list(read_articles([path]))
    assert results == [
        Article(
            "pw-1",
            "Rusia Tidak Optimis",
            f"{PESKOV}\n{JENEWA}",
            "Purna Warta",
            "https://purnawarta.com/1",
        ),
        Skipped(str(path), "broken JSON line (Expecting ',' delimiter)", 2),
        Skipped(str(path), "missing field 'text'", 4),
        Article("4", "Pembicaraan di Jenewa berlangsung terbuka, substantif dan …", JENEWA),
        Skipped(str(path), "the JSON line is not an object", 6),
    ]
    assert results[1].message == f"{path}:2: broken JSON line (Expecting ',' delimiter)"


def test_pdf_file_is_read_with_its_headline_and_joined_lines(tmp_path: Path) -> None:
    path = tmp_path / "laporan.pdf"
    path.write_bytes(
        pdf_with_lines(
            ["Rusia Tidak Optimis", "Juru bicara Kremlin mengatakan", "tidak ada alasan."]
        )
    )
    assert list(read_articles([path])) == [
        Article(
            "laporan", "Rusia Tidak Optimis", "Juru bicara Kremlin mengatakan tidak ada alasan."
        )
    ]


def test_docx_file_is_read_with_its_title_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "Laporan Jenewa.docx"
    path.write_bytes(
        docx_bytes(
            [
                ("Title", "Rusia Tidak Optimis"),
                ("Normal", PESKOV),
                ("Normal", "  "),
                ("Normal", JENEWA),
            ]
        )
    )
    assert list(read_articles([path])) == [
        Article("laporan-jenewa", "Rusia Tidak Optimis", f"{PESKOV}\n{JENEWA}")
    ]


def test_bad_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    files = {
        "empty.txt": b"",
        "spaces.md": b"\xef\xbb\xbf  \n\t\n",
        "img.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "latin1.txt": "Berita dari Bogotá, Colombia.".encode("latin-1"),
        "broken.jsonl": b"",
        "scan.pdf": b"bukan pdf sama sekali",
        "memo.docx": b"PK bukan zip",
        "data.csv": b"a,b\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    results = list(read_articles([tmp_path / name for name in files] + [tmp_path / "hilang.txt"]))
    assert [skipped.message.removeprefix(f"{tmp_path}/") for skipped in results] == [
        "empty.txt: empty file",
        "spaces.md: empty file",
        "img.txt: not a text file (binary content)",
        "latin1.txt: not UTF-8 text",
        "broken.jsonl: empty file",
        "scan.pdf: not a PDF file",
        "memo.docx: not a Word document (not a zip file)",
        "data.csv: unsupported file type (.csv)",
        "hilang.txt: no such file or folder",
    ]


def test_read_articles_skips_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "besar.txt"
    path.write_text(PESKOV * 10)
    assert list(read_articles([path], max_bytes=100)) == [
        Skipped(str(path), f"file too large ({len(PESKOV) * 10:,} bytes, the limit is 100)")
    ]


def test_read_document_reads_each_format_by_its_name() -> None:
    assert read_document("kabar-rusia.txt", f"Rusia Tidak Optimis\n{PESKOV}".encode()) == Article(
        "kabar-rusia", "Rusia Tidak Optimis", PESKOV
    )
    assert read_document("a/b/laman.html", PAGE.encode()) == Article(
        "laman", "Rusia Tidak Optimis", f"{PESKOV}\n{JENEWA}", source="Purna Warta"
    )
    assert read_document("Memo.DOCX", docx_bytes([("Normal", PESKOV)])) == Article(
        "memo", "Memo", PESKOV
    )


def _reason(name: str, data: bytes, **limits: int) -> tuple[type, str]:
    with pytest.raises(UnreadableInput) as error:
        read_document(name, data, **limits)
    return type(error.value), error.value.reason


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("rahasia")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A real .docx with one more part of 20 MB of zeros that packs into about 20 kB."""
    buffer = io.BytesIO(docx_bytes([("Normal", PESKOV)]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/bom.xml", bytes(20_000_000))
    return buffer.getvalue()


def test_read_document_refuses_bad_documents_with_a_reason() -> None:
    bomb = zip_bomb_docx()
    assert len(bomb) < 100_000
    assert _reason("x.pdf", b"<html>not a pdf</html>") == (UnreadableInput, "not a PDF file")
    assert _reason("x.pdf", b"%PDF-1.4\n1 0 obj\n<<") == (
        UnreadableInput,
        "broken or unreadable PDF file",
    )
    assert _reason("x.pdf", encrypted_pdf()) == (
        UnreadableInput,
        "the PDF is protected by a password",
    )
    assert _reason("x.pdf", pdf_with_lines([])) == (UnreadableInput, "no text found")
    assert _reason("x.docx", b"not a zip") == (
        UnreadableInput,
        "not a Word document (not a zip file)",
    )
    assert _reason("x.docx", bomb) == (
        UnreadableInput,
        "the Word document is packed suspiciously tightly (a zip bomb?)",
    )
    assert _reason("x.txt", b"a" * 101, max_bytes=100) == (
        UnreadableInput,
        "file too large (101 bytes, the limit is 100)",
    )
    assert _reason("x.exe", b"MZ") == (UnsupportedFormat, "unsupported file type (.exe)")
    assert _reason("x.jsonl", b"{}") == (
        UnsupportedFormat,
        "a .jsonl file holds many articles; it is loaded with the CLI",
    )
    assert _reason("x.txt", b"\x00\x01\x02") == (
        UnreadableInput,
        "not a text file (binary content)",
    )
    assert _reason("x.html", MENU_ONLY.encode()) == (UnreadableInput, "no article text found")
    assert _reason("x.md", b"") == (UnreadableInput, "empty file")


def test_article_from_text_takes_a_headline_or_the_first_words() -> None:
    assert article_from_text(f"Rusia Tidak Optimis\n{PESKOV}", id="m1", source="Telegram") == (
        Article("m1", "Rusia Tidak Optimis", PESKOV, source="Telegram")
    )
    assert article_from_text(f"  {JENEWA}\r\n\r\n{PESKOV}  ", id="m2") == Article(
        "m2", "Pembicaraan di Jenewa berlangsung terbuka, substantif dan …", f"{JENEWA}\n{PESKOV}"
    )
    assert article_from_text("Rusia Tidak Optimis", id="m3") == Article(
        "m3", "Rusia Tidak Optimis", "Rusia Tidak Optimis"
    )
    # a headline followed by nothing readable (a zero-width space) is the article's text itself
    assert article_from_text("Rusia Tidak Optimis\n \u200b", id="m5") == Article(
        "m5", "Rusia Tidak Optimis", "Rusia Tidak Optimis"
    )
    with pytest.raises(UnreadableInput):
        article_from_text(" \n ", id="m4")


def test_article_from_html_uses_the_host_as_source_without_a_site_name() -> None:
    page = PAGE.replace('<meta property="og:site_name" content="Purna Warta">', "")
    assert article_from_html(page, id="w1", url="https://www.purnawarta.com/rusia") == Article(
        "w1",
        "Rusia Tidak Optimis",
        f"{PESKOV}\n{JENEWA}",
        "purnawarta.com",
        "https://www.purnawarta.com/rusia",
    )
    with pytest.raises(UnreadableInput) as error:
        article_from_html(MENU_ONLY, id="w2")
    assert error.value.reason == "no article text found"


def test_article_id_for_is_safe_short_and_never_empty() -> None:
    assert (
        article_id_for("purnawarta-rusia-as-jenewa-2022.txt") == "purnawarta-rusia-as-jenewa-2022"
    )
    assert article_id_for("Berita Ñusantara: Harga BBM Naik 10.5%!") == (
        "berita-nusantara-harga-bbm-naik-10-5"
    )
    assert article_id_for("???").startswith("article-")
    long_ids = {article_id_for("judul panjang sekali " * 5 + end) for end in ("satu", "dua")}
    assert len(long_ids) == 2
    assert all(len(id_) <= 60 and id_.startswith("judul-panjang-sekali-") for id_ in long_ids)
