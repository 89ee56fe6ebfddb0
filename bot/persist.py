"""The main index segment on disk, so a restart answers at once instead of rebuilding.

Plain files with their parameters beside them, no pickle: NumPy arrays (memory-mapped on load),
the sentence texts as one UTF-8 blob with offsets, and JSON for the rest. A segment written with
other parameters (format, stemmer, hashing, BM25 constants, lexicons) is not loaded: the caller
rebuilds it from the database, which stays the source of truth.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from bot import build
from bot.corpus import Corpus
from bot.index import Index
from bot.postings import N_FEATURES, Postings, Statistics
from bot.store import ArticleInfo
from bot.text import LEXICON_DIR, STEMMING, Analyzer

logger = logging.getLogger(__name__)

# 3: 32-bit columns; the statistics share the postings' columns; 4: the words' terms
# (terms.txt); 5: their keys instead (term_keys.npy)
FORMAT = 5


class Texts(Sequence[str]):
    """Sentence texts read from one UTF-8 blob on demand."""

    def __init__(self, blob: bytes | mmap.mmap, offsets: np.ndarray) -> None:
        self._blob = blob
        self._offsets = memoryview(np.ascontiguousarray(offsets, dtype=np.int64))  # gives ints
        self._count = len(offsets) - 1

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        offsets = self._offsets
        return self._blob[offsets[i] : offsets[i + 1]].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


def parameters(analyzer: Analyzer) -> dict:
    """What a stored segment must have been built with to be used as it is."""
    lexicons = hashlib.sha256()
    for path in sorted(LEXICON_DIR.glob("*")):
        lexicons.update(path.name.encode() + path.read_bytes())
    return {
        "format": FORMAT,
        "stemmer": analyzer.stemmer,
        "stemming": STEMMING,
        "bigrams": analyzer.bigrams,
        "n_features": N_FEATURES,
        "bm25": [build.SENTENCE_K1, build.SENTENCE_B, build.ARTICLE_K1, build.ARTICLE_B],
        "lexicons": lexicons.hexdigest(),
    }


def _save_postings(directory: Path, name: str, postings: Postings) -> None:
    for part in ("columns", "indptr", "indices", "data"):
        np.save(directory / f"{name}.{part}.npy", getattr(postings, part))


def _load_postings(directory: Path, name: str, shape: list[int]) -> Postings:
    # Memory-mapped (pages load as questions touch them), but viewed as plain arrays: numpy's
    # memmap subclass costs a Python call on every element read.
    parts = {
        part: np.load(directory / f"{name}.{part}.npy", mmap_mode="r").view(np.ndarray)
        for part in ("columns", "indptr", "indices", "data")
    }
    return Postings(**parts, shape=tuple(shape))


def save_index(index: Index, directory: Path, params: dict) -> None:
    """Write the segment to `directory`, replacing what is there only once it is complete."""
    for stats, postings in (
        (index.sentence_stats, index.sentences),
        (index.article_stats, index.articles),
    ):
        # Only the columns' document frequencies are written: the columns are the postings'.
        if stats.earlier is not None or stats.columns is not postings.columns:
            raise ValueError("only a segment weighted with its own statistics can be stored")
    # Folders left by a process killed while saving are of no use to anyone.
    for leftover in directory.parent.glob(directory.name + ".tmp*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = directory.with_name(directory.name + f".tmp{os.getpid()}")
    staging.mkdir(parents=True)
    corpus = index.corpus
    encoded = [text.encode("utf-8") for text in corpus.texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    (staging / "texts.bin").write_bytes(b"".join(encoded))
    np.save(staging / "text_offsets.npy", offsets)
    for name in ("sentence_ids", "leads", "article_of", "paragraph"):
        np.save(staging / f"{name}.npy", getattr(corpus, name))
    _save_postings(staging, "sentences", index.sentences)
    _save_postings(staging, "articles", index.articles)
    for name in ("sentence_stats", "article_stats"):
        np.save(staging / f"{name}.df.npy", getattr(index, name).df)
    meta = {
        "parameters": params,
        "shapes": {"sentences": index.sentences.shape, "articles": index.articles.shape},
        "stats": {
            "sentence": [index.sentence_stats.documents, index.sentence_stats.mean_length],
            "article": [index.article_stats.documents, index.article_stats.mean_length],
        },
        "articles": [vars(info) for info in corpus.articles],  # flat: asdict's deep copy is slow
    }
    words = "\n".join(f"{word}\t{count}" for word, count in index.words.items())
    (staging / "words.txt").write_text(words, encoding="utf-8")
    np.save(staging / "term_keys.npy", index.keys)
    (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    staging.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


def load_index(
    directory: Path, params: dict, typed: Mapping[str, tuple[str, ...]] | None = None
) -> Index | None:
    """The segment stored in `directory`, or None when there is none or it was built otherwise;
    its speller offering `typed` words too (Index.typed: the analyzer's, not stored)."""
    if not (directory / "meta.json").exists():
        return None
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta["parameters"] != params:
            logger.info("stored index was built with other parameters; rebuilding")
            return None
        with open(directory / "texts.bin", "rb") as blob_file:
            size = os.fstat(blob_file.fileno()).st_size
            blob = mmap.mmap(blob_file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        arrays = {
            name: np.load(directory / f"{name}.npy", mmap_mode="r").view(np.ndarray)
            for name in ("sentence_ids", "leads", "article_of", "paragraph", "text_offsets")
        }
        corpus = Corpus(
            sentence_ids=arrays["sentence_ids"],
            texts=Texts(blob, arrays["text_offsets"]),
            leads=arrays["leads"],
            article_of=arrays["article_of"],
            paragraph=arrays["paragraph"],
            articles=[ArticleInfo(**row) for row in meta["articles"]],
        )

        def stats(name: str, key: str, postings: Postings) -> Statistics:
            documents, mean = meta["stats"][key]
            df = np.load(directory / f"{name}.df.npy", mmap_mode="r").view(np.ndarray)
            return Statistics(documents, mean, postings.columns, df)

        lines = (directory / "words.txt").read_text(encoding="utf-8").split("\n")
        pairs = (line.partition("\t") for line in lines if line)
        words = {word: int(count) for word, _, count in pairs}
        keys = np.load(directory / "term_keys.npy", mmap_mode="r").view(np.ndarray)
        sentences = _load_postings(directory, "sentences", meta["shapes"]["sentences"])
        articles = _load_postings(directory, "articles", meta["shapes"]["articles"])
        return Index(
            corpus=corpus,
            sentences=sentences,
            articles=articles,
            sentence_stats=stats("sentence_stats", "sentence", sentences),
            article_stats=stats("article_stats", "article", articles),
            words=words,
            keys=keys,
            stemmer=params["stemmer"],
            typed=typed or {},
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("stored index at %s cannot be used (%s); rebuilding", directory, error)
        return None
