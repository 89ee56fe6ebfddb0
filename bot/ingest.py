"""Ingest: inputs -> articles -> sentences -> the database, in batches, with a report."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from bot.models import Article, Sentence
from bot.readers import Skipped, count_inputs, read_articles
from bot.sentences import sentences_of
from bot.store import save_articles

BATCH = 500  # articles stored per transaction: fast, and a crash loses at most an unfinished batch


@dataclass
class IngestReport:
    """What an ingest did: counts of each outcome and the inputs it skipped."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0  # stored already under another id
    skipped: list[Skipped] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def count(self, outcome: str, article_id: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.article_ids.append(article_id)

    @property
    def stored(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicate

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def split_article(article: Article) -> tuple[Article, list[Sentence]] | Skipped:
    """An article with its sentences, or why it cannot be stored."""
    sentences = sentences_of(article)
    if not sentences:
        return Skipped(article.id, "no sentences found")
    # "#", "***" or "!!!" alone would be stored as an article nothing can ever find.
    if not any(char.isalnum() for sentence in sentences for char in sentence.text):
        return Skipped(article.id, "no words found")
    return article, sentences


def _batches(items: Iterable[Article | Skipped], report: IngestReport) -> Iterator[list]:
    batch: list[tuple[Article, list[Sentence]]] = []
    for item in items:
        prepared = item if isinstance(item, Skipped) else split_article(item)
        if isinstance(prepared, Skipped):
            report.skipped.append(prepared)
            continue
        batch.append(prepared)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_articles(
    db: sqlite_utils.Database,
    items: Iterable[Article | Skipped],
    *,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Store articles (and note skipped inputs); each batch is one transaction."""
    report = IngestReport()
    for batch in _batches(items, report):
        outcomes = save_articles(db, batch)
        for (article, _), outcome in zip(batch, outcomes, strict=True):
            report.count(outcome, article.id)
        if progress:
            progress(report)
    return report


def ingest_paths(
    db: sqlite_utils.Database, paths: Iterable[str | Path], *, show_progress: bool = False
) -> IngestReport:
    """Ingest files and folders; a progress line on stderr when asked and stderr is a terminal."""
    paths = list(paths)
    progress = None
    if show_progress and sys.stderr.isatty():
        progress = _TerminalProgress(count_inputs(paths))
    report = ingest_articles(db, read_articles(paths), progress=progress)
    if progress:
        progress.finish(report)
    return report


class _TerminalProgress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)
        self.started = self.drawn = time.monotonic()

    def __call__(self, report: IngestReport) -> None:
        now = time.monotonic()
        if now - self.drawn >= 0.1:
            self.drawn = now
            self._draw(report, now)

    def _draw(self, report: IngestReport, now: float) -> None:
        done = report.stored + len(report.skipped)
        share = min(done / self.total, 1.0)
        bar = "#" * int(30 * share) + "-" * (30 - int(30 * share))
        rate = done / max(now - self.started, 1e-9)
        sys.stderr.write(f"\r[{bar}] {done}/{self.total} articles, {rate:.0f}/s ")
        sys.stderr.flush()

    def finish(self, report: IngestReport) -> None:
        self._draw(report, time.monotonic())
        sys.stderr.write("\n")
