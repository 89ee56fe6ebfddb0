"""How often a set's questions are shown read as other words ("✏️ Dibaca: ..."), and the commonest
words read so.

    python -m benchmarks.readings [--tracks founding-offtopic,news] [--top N] [--markdown]

A reading is shown whenever a question word was read as another (a chat spelling, a typo), even
when the answer is "not found". On formal questions a reading is one of their own few typos read
("frekwensi") or a misreading: a word the collection lacks taken for a word it holds ("usia" for
"rusia"), which questions about other articles asked of the bundled article alone
(`founding-offtopic`) are full of. Figures only, nothing is tuned on them.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.common import TRACKS, table
from bot.library import Library


def read_words(question: str, reading: str) -> list[tuple[str, str]]:
    """The (word, read as) pairs where `reading` differs from `question`, word by word (a reading
    replaces whole words, so when both have as many words they pair up; else none are named)."""
    written, read = question.split(), reading.split()
    if len(written) != len(read):
        return []
    strip = re.compile(r"^\W+|\W+$")
    return [
        (strip.sub("", a).lower(), strip.sub("", b).lower())
        for a, b in zip(written, read, strict=True)
        if a != b
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", default="founding-offtopic,news", help="sets, comma-separated")
    parser.add_argument("--top", type=int, default=15, help="commonest readings listed")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.tracks.split(",") if name.strip()]
    unknown = [name for name in names if name not in TRACKS]
    if not names:
        parser.error("--tracks names no set")
    if unknown:
        parser.error(f"unknown tracks: {', '.join(unknown)}")
    for name in names:
        track = TRACKS[name]
        with tempfile.TemporaryDirectory() as directory:
            library = Library(Path(directory) / "library.db")
            try:
                library.ingest(track.articles)
                library.rebuild()
                questions = track.read()
                shown, words = 0, Counter()
                for question in questions:
                    reading = library.ask(question.question, k=1).reading
                    shown += bool(reading)
                    words.update(read_words(question.question, reading))
            finally:
                library.close()
        print(f"{name}: {shown:,} of {len(questions):,} questions shown read as other words")
        rows = [[f"{word} -> {read}", count] for (word, read), count in words.most_common(args.top)]
        if rows:
            print(table(["read as", "questions"], rows, args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
