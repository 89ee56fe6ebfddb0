"""Reading PDF and Word (.docx) files, which come from anyone and are parsed with limits.

pypdf and python-docx parse untrusted bytes: a PDF is read for at most `PDF_MAX_PAGES` pages, and
a .docx archive is checked for its size and packing before it is opened, so a zip bomb is refused
unread. Every failure becomes an `UnreadableInput` that says why.
"""

from __future__ import annotations

import io
import itertools
import zipfile

import docx
import pypdf
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from bot.article_text import UnreadableInput, file_article, paragraphs, split_title
from bot.models import Article

PDF_MAX_PAGES = 500
DOCX_MAX_UNPACKED = 50_000_000
DOCX_MAX_RATIO = 100  # real Word XML packs about 5-20 to 1; bombs pack thousands to 1
DOCX_MAX_PARTS = 5_000
# pypdf parses untrusted bytes and lets these out of broken files beside its own errors.
_PDF_ERRORS = (
    *(pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError),
    *(RecursionError, OSError),
)
_DOCX_ERRORS = (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError)


def read_pdf(name: str, data: bytes) -> Article:
    """The article in a PDF file: its text layer, titled by a headline-like first line."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadableInput("not a PDF file")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = itertools.islice(reader.pages, 0 if locked else PDF_MAX_PAGES)
        text = "\n".join(page.extract_text() or "" for page in pages)
    except _PDF_ERRORS as error:
        raise UnreadableInput("broken or unreadable PDF file") from error
    if locked:
        raise UnreadableInput("the PDF is protected by a password")
    # PDF metadata titles are mostly file names ("Microsoft Word - x.docx"): the page is better.
    return file_article(name, *split_title(text, wrapped=True))


def _check_docx_archive(data: bytes) -> None:
    """Refuse a .docx that is no zip, or that would unpack into too much, before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableInput("not a Word document (not a zip file)") from error
    # zipfile never unpacks more than a part's declared size, so the declared sizes are binding.
    if len(parts) > DOCX_MAX_PARTS or sum(part.file_size for part in parts) > DOCX_MAX_UNPACKED:
        raise UnreadableInput("the Word document unpacks too large")
    if any(p.file_size > max(1_000_000, DOCX_MAX_RATIO * p.compress_size) for p in parts):
        raise UnreadableInput("the Word document is packed suspiciously tightly (a zip bomb?)")
    if "word/document.xml" not in {part.filename for part in parts}:
        raise UnreadableInput("not a Word document (no word/document.xml)")


def read_docx(name: str, data: bytes) -> Article:
    """The article in a Word file, titled by its Title or Heading 1 paragraph when it opens so."""
    _check_docx_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
        meta_title = (document.core_properties.title or "").strip()
    except _DOCX_ERRORS as error:
        raise UnreadableInput("broken Word document") from error
    blocks = [(style, text) for style, text in blocks if text.strip()]
    if blocks and blocks[0][0] in ("Title", "Heading 1") and len(blocks) > 1:
        lines = paragraphs("\n".join(text for _, text in blocks[1:]), wrapped=False)
        return file_article(name, " ".join(blocks[0][1].split()), lines)
    title, lines = split_title("\n".join(text for _, text in blocks), wrapped=False)
    return file_article(name, title or meta_title, lines)
