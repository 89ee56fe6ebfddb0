"""Reading articles in: text, Markdown, HTML, JSON lines, PDF and Word files, folders and documents.

Each format has one reader taking bytes (PDF and Word ones in `bot.office`), shared by the folder
walk (`read_articles`, which turns a bad file into a `Skipped` value) and by documents sent to the
bot (`read_document`, which raises). Turning text into an article (paragraphs, title, id) is
`bot.article_text`. Read-also lines and datelines stay in the text: a later stage cleans them.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from trafilatura.utils import decode_file

from bot.article_text import (
    ARTICLE_SUFFIXES,
    UnreadableInput,
    UnsupportedFormat,
    article_from_html,
    article_from_text,
    article_id_for,
    decode_text,
    file_article,
    first_words,
    paragraphs,
    split_title,
)
from bot.models import Article
from bot.office import read_docx, read_pdf

_MAX_PAGE_BYTES = 50_000_000  # a saved page trafilatura decodes
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKER = re.compile(r"^(#{1,6}\s+|>\s*)|\s+#+$")


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


def _read_text(name: str, data: bytes) -> Article:
    return file_article(name, *split_title(decode_text(data)))


def _read_markdown(name: str, data: bytes) -> Article:
    text = decode_text(data).strip()
    first, _, rest = text.partition("\n")
    title = first[2:].strip(" #") if first.startswith("# ") and rest.strip() else ""
    lines = [_MD_LINK.sub(r"\1", line) for line in paragraphs(rest if title else text)]
    lines = [clean for line in lines if (clean := _MD_MARKER.sub("", line).replace("**", ""))]
    return file_article(name, title, lines)


def _read_html(name: str, data: bytes) -> Article:
    if b"\x00" in data[:8192]:
        raise UnreadableInput("not a text file (binary content)")
    # Saved pages come in any encoding: trafilatura guesses it when the bytes are not UTF-8.
    html = decode_file(data, max_size=_MAX_PAGE_BYTES)
    return article_from_html(html, id=article_id_for(Path(name).stem))


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
            raw = raw.removeprefix(codecs.BOM_UTF8)
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
    ".pdf": read_pdf,
    ".docx": read_docx,
}


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
        elif path.suffix.lower() not in ARTICLE_SUFFIXES:
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
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
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
