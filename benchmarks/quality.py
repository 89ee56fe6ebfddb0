"""Answer quality of this project next to bm25s and SQLite FTS5, on the same sentences.

    python -m benchmarks.quality [--tracks news,wiki,chat,chat-blind,...,noanswer] [--limit N]
                                 [--markdown]

For each collection the track needs, its articles are ingested into a temporary database; the
project's index rows are then handed to bm25s and FTS5, so all three rank the same sentence list,
and `bot.evaluate.evaluate` scores all three.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    TRACKS,
    Bm25sRetriever,
    Fts5Retriever,
    SentenceList,
    Track,
    table,
)
from bot.evaluate import Scores, evaluate
from bot.library import Library
from bot.text import STEMMERS, Analyzer

NOT_APPLICABLE = float("nan")


@dataclass(frozen=True)
class Run:
    """One system on one track: its scores and how long it took."""

    track: str
    system: str
    scores: Scores
    questions: int
    build_seconds: float
    query_seconds: float
    has_not_found: bool


@dataclass(frozen=True)
class Collection:
    """One ingested collection and the three systems built over its sentences."""

    articles: tuple[Path, ...]
    sentences: int
    ingest_seconds: float
    systems: dict  # name -> (ask, ask_unfiltered or None, build seconds)


def build_collection(
    articles: tuple[Path, ...], directory: Path, stemmer: str = "snowball"
) -> Collection:
    """Ingest `articles` into a new database and build the three systems over its sentences."""
    started = time.perf_counter()
    library = Library(directory / "library.db", analyzer=Analyzer(stemmer=stemmer))
    report = library.ingest(articles)
    ingest_seconds = time.perf_counter() - started
    if report.skipped:
        print(f"  ({len(report.skipped)} inputs skipped while ingesting)", file=sys.stderr)
    started = time.perf_counter()
    library.rebuild()
    project_build = time.perf_counter() - started
    sentences = SentenceList.from_library(library)
    bm25s = Bm25sRetriever(sentences)
    fts5 = Fts5Retriever(sentences)
    systems = {
        "Tanya Berita": (
            lambda q: library.ask(q, k=10),
            lambda q: library.ask(q, k=10, threshold=False),
            project_build,
        ),
        "bm25s": (bm25s.search, None, bm25s.build_seconds),
        "SQLite FTS5": (fts5.search, None, fts5.build_seconds),
    }
    return Collection(articles, len(sentences), ingest_seconds, systems)


def run_track(track: Track, collection: Collection, limit: int | None) -> list[Run]:
    questions = track.read()[: limit or None]
    runs = []
    for name, (ask, ask_unfiltered, build_seconds) in collection.systems.items():
        started = time.perf_counter()
        scores = evaluate(questions, ask, ask_unfiltered)
        elapsed = time.perf_counter() - started
        if ask_unfiltered is not None:
            elapsed /= 2  # each answerable question was asked twice (with and without threshold)
        runs.append(
            Run(
                track.name,
                name,
                scores,
                len(questions),
                build_seconds,
                elapsed,
                ask_unfiltered is not None,
            )
        )
    return runs


def quality_rows(runs: list[Run]) -> list[list[object]]:
    rows = []
    for run in runs:
        s = run.scores
        noanswer = s.unanswerable > 0  # noanswer, and the blind chat set's unanswerable ones
        ranked = s.answerable > 0  # founding-offtopic has no answerable question
        rows.append(
            [
                run.track,
                run.system,
                s.answerable,
                s.hit_at_1 if ranked else NOT_APPLICABLE,
                s.hit_at_3 if ranked else NOT_APPLICABLE,
                s.mrr_at_10 if ranked else NOT_APPLICABLE,
                s.not_found_unanswerable if noanswer and run.has_not_found else NOT_APPLICABLE,
                s.hits_kept if noanswer and ranked and run.has_not_found else NOT_APPLICABLE,
            ]
        )
    return rows


def time_rows(runs: list[Run], collections: dict) -> list[list[object]]:
    rows = []
    for run in runs:
        collection = collections[TRACKS[run.track].articles]
        rows.append(
            [
                run.track,
                run.system,
                collection.sentences,
                run.build_seconds,
                run.query_seconds,
                run.query_seconds / max(run.questions, 1) * 1000,
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", default=",".join(TRACKS), help="sets, comma-separated")
    parser.add_argument("--limit", type=int, default=None, help="questions per set")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--stemmer", default="snowball", choices=sorted(STEMMERS), help="the project's stemmer"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    names = [t.strip() for t in args.tracks.split(",") if t.strip()]
    unknown = [n for n in names if n not in TRACKS]
    if unknown:
        parser.error(f"unknown track(s): {', '.join(unknown)}; choose from {', '.join(TRACKS)}")
    collections: dict[tuple[Path, ...], Collection] = {}
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="tanya-quality-") as tmp:
        for name in names:
            track = TRACKS[name]
            if track.articles not in collections:
                directory = Path(tmp) / str(len(collections))
                directory.mkdir()
                print(f"ingesting {', '.join(map(str, track.articles))} ...", file=sys.stderr)
                collections[track.articles] = build_collection(
                    track.articles, directory, args.stemmer
                )
            print(f"scoring {name} ...", file=sys.stderr)
            runs.extend(run_track(track, collections[track.articles], args.limit))
    print(
        "Answer quality (same sentences for all three; scored by bot.evaluate;"
        f" project stemmer: {args.stemmer})\n"
    )
    print(
        table(
            ["set", "system", "answerable", "Hit@1", "Hit@3", "MRR@10", "not found", "hits kept"],
            quality_rows(runs),
            args.markdown,
        )
    )
    print(
        "\n'not found': share of unanswerable questions answered \"not found\"; 'hits kept':"
        " share of answerable hits (within 10) still given with the not-found rule on;"
        " '-': the system always answers.\n"
    )
    print("Time")
    print(
        table(
            ["set", "system", "sentences", "index build s", "queries s", "ms / question"],
            time_rows(runs, collections),
            args.markdown,
        )
    )
    print("\nIngest (database + first index), project only:")
    for collection in collections.values():
        names_ = " + ".join(f"{p.parent.name}/{p.name}" for p in collection.articles)
        print(f"  {names_}: {collection.ingest_seconds:.1f} s, {collection.sentences:,} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
