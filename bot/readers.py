"""Reading articles in: text, Markdown, HTML, JSON lines, PDF and Word files, folders and documents.

Each format has one reader taking bytes, shared by the folder walk (`read_articles`, which turns a
bad file into a `Skipped` value) and by documents sent to the bot (`read_document`, which raises).
Read-also lines and datelines stay in the text: a later stage cleans them.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import textwrap
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import docx
import pypdf
import trafilatura
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree
from trafilatura.utils import decode_file

from bot.models import Article

MAX_ID_LENGTH = 60
MIN_ARTICLE_CHARS = 40  # less than this from a web page is a menu or a cookie banner, not news
_HEADLINE_MAX = 120
_BOM = b"\xef\xbb\xbf"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r") + b"\x7f"
_JUNK_CHARS = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLOCK_START = re.compile(r"(#{1,6}|[-*+•]|\d{1,3}[.)]|>)\s")  # a line that never continues another
_PARAGRAPH_END = tuple(".!?:;\"'”’»")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKER = re.compile(r"^(#{1,6}\s+|>\s*)|\s+#+$")
_MAX_UNPACKED = 50_000_000
_DOCX_MAX_RATIO = 100  # real Word XML packs about 5-20 to 1; bombs pack thousands to 1
_DOCX_MAX_PARTS = 5_000
_PDF_MAX_PAGES = 500
# pypdf parses untrusted bytes and lets these out of broken files beside its own errors.
_PDF_ERRORS = (
    *(pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError),
    *(RecursionError, OSError),
)
_DOCX_ERRORS = (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError)


class UnreadableInput(ValueError):
    """The input holds no article that can be read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsupportedFormat(UnreadableInput):
    """The input is a kind of file that is not read."""


@dataclass(frozen=True)
class Skipped:
    """A file, or a line of one, that was left out, and why."""

    path: str
    reason: str
    line: int | None = None

    @property
    def message(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


# --- text helpers -------------------------------------------------------------------------------


def paragraphs(text: str, *, wrapped: bool | None = None) -> list[str]:
    """Split text into clean paragraphs, joining the lines of wrapped text.

    Text is wrapped when its paragraphs are blocks between blank lines (the guess when wrapped is
    None); then a line continues the one before it unless that one ends a sentence.
    """
    lines = [_SPACES.sub(" ", line).strip() for line in _JUNK_CHARS.sub("", text).splitlines()]
    if wrapped is None:
        wrapped = "\n\n" in "\n".join(lines).strip()
    result: list[str] = []
    for line in lines:
        if not line:
            result.append("")
        elif wrapped and result and result[-1] and _continues(result[-1], line):
            result[-1] = _join_wrapped(result[-1], line)
        else:
            result.append(line)
    return [unicodedata.normalize("NFC", paragraph) for paragraph in result if paragraph]


def _continues(previous: str, line: str) -> bool:
    return not (
        previous.endswith(_PARAGRAPH_END)
        or _BLOCK_START.match(previous)
        or _BLOCK_START.match(line)
    )


def _join_wrapped(previous: str, line: str) -> str:
    # A word broken at the margin ("pembi-" + "caraan") or a reduplication cut at its hyphen
    # ("negara-" + "negara") joins without a space; telling the two apart is not worth guessing.
    if previous.endswith("-") and previous[-2:-1].isalpha():
        return previous + line
    return f"{previous} {line}"


def looks_like_headline(line: str) -> bool:
    """Whether a first line reads as a headline: short, a few words, no final full stop."""
    line = line.strip()
    return (
        len(line) <= _HEADLINE_MAX
        and len(line.split()) >= 2
        and not line.endswith((".", ",", ";", ":"))
        and any(char.isalpha() for char in line)
    )


def first_words(text: str, limit: int = 60) -> str:
    """The opening words of a text, cut at a word boundary, as a stand-in title."""
    return textwrap.shorten(text, limit, placeholder=" …")


def readable_name(name: str) -> str:
    """A file name made into a title: "purnawarta-rusia-2022.txt" -> "Purnawarta Rusia 2022"."""
    words = re.split(r"[\s_.\-]+", Path(name).stem)
    return " ".join(word[:1].upper() + word[1:] for word in words if word)


def article_id_for(name: str) -> str:
    """A safe article id from a file name or a title: lowercase a-z, 0-9 and dashes, never empty."""
    stem = name.strip()
    if Path(stem).suffix.lower() in _SUFFIXES:
        stem = stem[: -len(Path(stem).suffix)]
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    if not slug:
        return f"article-{digest}"
    if len(slug) > MAX_ID_LENGTH:
        # Keep long ids apart from each other with a digest of the whole name.
        cut = slug[: MAX_ID_LENGTH - 9]
        slug = f"{cut.rsplit('-', 1)[0] if '-' in cut else cut}-{digest}"
    return slug


def _titled(text: str, *, wrapped: bool | None = None) -> tuple[str, list[str]]:
    """Take a headline-like first line as the title: (title or "", paragraphs of the rest)."""
    first, _, rest = text.strip().partition("\n")
    if looks_like_headline(first) and rest.strip():
        return " ".join(first.split()), paragraphs(rest, wrapped=wrapped)
    return "", paragraphs(text, wrapped=wrapped)


def _article(name: str, title: str, lines: list[str]) -> Article:
    """An article read from a file: id from the file name, which also stands in for a title."""
    if not lines:
        raise UnreadableInput("no text found")
    return Article(article_id_for(Path(name).stem), title or readable_name(name), "\n".join(lines))


def _decode_text(data: bytes) -> str:
    head = data[:8192]
    if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 20:
        raise UnreadableInput("not a text file (binary content)")
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableInput("not UTF-8 text") from error
    if not _JUNK_CHARS.sub("", text).strip():
        raise UnreadableInput("empty file")
    return text


def article_from_text(
    text: str, *, id: str, title: str = "", source: str = "", url: str = ""
) -> Article:
    """An article from plain text, titled by a headline-like first line or else its first words."""
    title, lines = (title, paragraphs(text)) if title else _titled(text)
    if not lines:
        raise UnreadableInput("no text found")
    title = title or first_words(lines[0])
    return Article(id=id, title=title, text="\n".join(lines), source=source, url=url)


def article_from_html(html: str, *, id: str, url: str = "", source: str = "") -> Article:
    """An article from the main text of a web page, with the page's title and site name."""
    page = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False
    )
    lines = paragraphs(page.text or "", wrapped=False) if page else []
    if sum(len(line) for line in lines) < MIN_ARTICLE_CHARS:
        raise UnreadableInput("no article text found")
    title = " ".join((page.title or "").split())
    if title and lines[0].casefold() == title.casefold() and len(lines) > 1:
        lines = lines[1:]  # the page's own <h1> repeats the title
    if not url and urlsplit(page.url or "").scheme in ("http", "https"):
        url = page.url  # a saved page still names where it came from
    source = source or page.sitename or (urlsplit(url).hostname or "").removeprefix("www.")
    title = title or first_words(lines[0])
    return Article(id=id, title=title, text="\n".join(lines), source=source, url=url)


def _read_text(name: str, data: bytes) -> Article:
    return _article(name, *_titled(_decode_text(data)))


def _read_markdown(name: str, data: bytes) -> Article:
    text = _decode_text(data).strip()
    first, _, rest = text.partition("\n")
    title = first[2:].strip(" #") if first.startswith("# ") and rest.strip() else ""
    lines = [_MD_LINK.sub(r"\1", line) for line in paragraphs(rest if title else text)]
    lines = [clean for line in lines if (clean := _MD_MARKER.sub("", line).replace("**", ""))]
    return _article(name, title, lines)


def _read_html(name: str, data: bytes) -> Article:
    if b"\x00" in data[:8192]:
        raise UnreadableInput("not a text file (binary content)")
    # Saved pages come in any encoding: trafilatura guesses it when the bytes are not UTF-8.
    html = decode_file(data, max_size=_MAX_UNPACKED)
    return article_from_html(html, id=article_id_for(Path(name).stem))


def _read_pdf(name: str, data: bytes) -> Article:
    if b"%PDF-" not in data[:1024]:
        raise UnreadableInput("not a PDF file")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = itertools.islice(reader.pages, 0 if locked else _PDF_MAX_PAGES)
        text = "\n".join(page.extract_text() or "" for page in pages)
    except _PDF_ERRORS as error:
        raise UnreadableInput("broken or unreadable PDF file") from error
    if locked:
        raise UnreadableInput("the PDF is protected by a password")
    # PDF metadata titles are mostly file names ("Microsoft Word - x.docx"): the page is better.
    return _article(name, *_titled(text, wrapped=True))


def _check_docx_archive(data: bytes) -> None:
    """Refuse a .docx that is no zip, or that would unpack into too much, before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableInput("not a Word document (not a zip file)") from error
    # zipfile never unpacks more than a part's declared size, so the declared sizes are binding.
    if len(parts) > _DOCX_MAX_PARTS or sum(part.file_size for part in parts) > _MAX_UNPACKED:
        raise UnreadableInput("the Word document unpacks too large")
    if any(p.file_size > max(1_000_000, _DOCX_MAX_RATIO * p.compress_size) for p in parts):
        raise UnreadableInput("the Word document is packed suspiciously tightly (a zip bomb?)")
    if "word/document.xml" not in {part.filename for part in parts}:
        raise UnreadableInput("not a Word document (no word/document.xml)")


def _read_docx(name: str, data: bytes) -> Article:
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
        return _article(name, " ".join(blocks[0][1].split()), lines)
    title, lines = _titled("\n".join(text for _, text in blocks), wrapped=False)
    return _article(name, title or meta_title, lines)


def _article_from_json(line: str) -> Article:
    """One evalpack article line: {"id", "title", "text", "source", "url"}; id and text required."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"broken JSON line ({error.msg})") from error
    if not isinstance(record, dict):
        raise UnreadableInput("the JSON line is not an object")
    for key in ("id", "text"):
        if record.get(key) in (None, ""):
            raise UnreadableInput(f"missing field {key!r}")
    fields = {key: record.get(key) or "" for key in ("title", "text", "source", "url")}
    for key, value in {"id": record["id"], **fields}.items():
        if not isinstance(value, str) and not (key == "id" and type(value) is int):
            raise UnreadableInput(f"field {key!r} is not a string")
    # Without a title the text stays whole: a headline-like first line may hold an answer.
    fields["title"] = " ".join(fields["title"].split()) or first_words(fields["text"])
    return article_from_text(id=str(record["id"]).strip(), **fields)


def _jsonl_articles(path: str, lines: Iterable[bytes]) -> Iterator[Article | Skipped]:
    empty = True
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix(_BOM)
            if b"\x00" in raw[:8192]:
                yield Skipped(path, "not a text file (binary content)")
                return
        if not raw.strip():
            continue
        empty = False
        try:
            yield _article_from_json(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield Skipped(path, "not UTF-8 text", number)
        except UnreadableInput as error:
            yield Skipped(path, error.reason, number)
    if empty:
        yield Skipped(path, "empty file")


_READERS: dict[str, Callable[[str, bytes], Article]] = {
    ".txt": _read_text,
    ".md": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
_SUFFIXES = {*_READERS, ".jsonl"}


def _read_bytes(name: str, data: bytes) -> Article:
    reader = _READERS.get(Path(name).suffix.lower())
    if reader is None:
        suffix = Path(name).suffix or "no extension"
        raise UnsupportedFormat(f"unsupported file type ({suffix})")
    if not data.strip():
        raise UnreadableInput("empty file")
    return reader(name, data)


def read_document(name: str, data: bytes, *, max_bytes: int = 5_000_000) -> Article:
    """Read one document sent to the bot; raises UnreadableInput (or UnsupportedFormat) with why."""
    name = Path(name).name
    if Path(name).suffix.lower() == ".jsonl":
        raise UnsupportedFormat("a .jsonl file holds many articles; it is loaded with the CLI")
    if len(data) > max_bytes:
        raise UnreadableInput(f"file too large ({len(data):,} bytes, the limit is {max_bytes:,})")
    return _read_bytes(name, data)


def read_articles(
    paths: Iterable[str | Path], *, max_bytes: int = 50_000_000
) -> Iterator[Article | Skipped]:
    """Read files and folders (recursively, in sorted order) into articles, skipping bad input."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from _read_file(file, max_bytes)
        elif not path.exists():
            yield Skipped(str(path), "no such file or folder")
        elif path.suffix.lower() not in _SUFFIXES:
            yield Skipped(str(path), f"unsupported file type ({path.suffix or 'no extension'})")
        else:
            yield from _read_file(path, max_bytes)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """About how many articles (and skipped inputs) read_articles will give: one a file, one a
    line of a JSON-lines file. Cheap enough to run before an ingest to size a progress bar."""
    total = 0
    for given in paths:
        path = Path(given)
        for file in _walk(path) if path.is_dir() else [path]:
            if file.suffix.lower() == ".jsonl" and file.is_file():
                with open(file, "rb") as lines:
                    total += sum(
                        chunk.count(b"\n") for chunk in iter(lambda: lines.read(1 << 20), b"")
                    )
            else:
                total += 1
    return total


def _walk(folder: Path) -> Iterator[Path]:
    """Supported, non-hidden files under a folder, in a fixed order."""
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in _SUFFIXES:
                yield Path(root) / name


def _read_file(path: Path, max_bytes: int) -> Iterator[Article | Skipped]:
    try:
        if path.suffix.lower() == ".jsonl":
            with path.open("rb") as lines:
                yield from _jsonl_articles(str(path), lines)
            return
        size = path.stat().st_size
        data = b"" if size > max_bytes else path.read_bytes()
    except OSError as error:
        yield Skipped(str(path), f"cannot read the file ({error.strerror or error})")
        return
    if size > max_bytes:
        yield Skipped(str(path), f"file too large ({size:,} bytes, the limit is {max_bytes:,})")
        return
    try:
        article = _read_bytes(path.name, data)
    except UnreadableInput as error:
        yield Skipped(str(path), error.reason)
    else:
        yield article
