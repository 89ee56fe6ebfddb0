"""Hashed terms and their postings: BM25-weighted sentence or article vectors stored term-major,
and the sum of a question's postings.

Terms are hashed to columns (the same hashing as scikit-learn's HashingVectorizer in
`bot.build`), so the postings need no vocabulary; a segment keeps 64-bit keys of its words'
terms only to tell a question word it does not hold from one whose column another term fills
(`term_keys`, `bot.index.Collection.has_terms`). The matrices are kept in a CSC-like layout, so
a question touches only the columns (postings) of its own terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

DENSE_FROM = 4  # postings are summed with a count per row when rows <= this many times postings
N_FEATURES = 2**23  # hashed columns; collisions among a few million terms stay rare
FLAG_BITS = 53  # distinct powers of two whose sums float64 holds exactly (see accumulate)


# Hashed columns fit in 32 bits, and lookups must be made in the dtype of the array searched:
# numpy would otherwise convert the whole array for every search.
COLUMN = np.int32


@lru_cache(maxsize=65_536)
def column_of(term: str) -> int:
    """The column a term is hashed to: the same as HashingVectorizer's."""
    return abs(murmurhash3_32(term, seed=0)) % N_FEATURES


@lru_cache(maxsize=65_536)
def term_key(term: str) -> int:
    """A 64-bit key of `term`, hashed apart from its column (two other seeds): see term_keys."""
    return murmurhash3_32(term, seed=1, positive=True) << 32 | murmurhash3_32(
        term, seed=2, positive=True
    )


def term_keys(terms: Iterable[str]) -> np.ndarray:
    """Sorted keys of `terms` (term_key): the vocabulary a segment keeps, 8 bytes a term, to tell
    a term its sentences hold from one whose column they fill with another term (a term no word
    has shares a key with one of a million terms about once in 10**13)."""
    return np.unique(np.fromiter(map(term_key, terms), dtype=np.uint64))


def locate(keys: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each wanted key is in `keys` (sorted, not empty), and which are absent (their
    positions are then those of a neighbour)."""
    wanted = wanted.astype(keys.dtype, copy=False)
    at = keys.searchsorted(wanted)
    np.minimum(at, len(keys) - 1, out=at)
    return at, keys[at] != wanted


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """values[k] for each wanted key k, 0 where a key is absent (`keys` sorted)."""
    if not len(keys):
        return np.zeros(len(wanted), dtype=values.dtype)
    at, absent = locate(keys, wanted)
    found = values[at]
    found[absent] = 0
    return found


@dataclass(frozen=True)
class Statistics:
    """What BM25 needs to know about a collection: its size, mean length and document frequencies
    (kept for the columns in use only, sorted, so no array spans the whole hash space). A
    collection's statistics plus a new segment's are chained, not merged, so adding one article
    to a large collection costs lookups, not a pass over every column."""

    documents: int
    mean_length: float
    columns: np.ndarray  # COLUMN, sorted
    df: np.ndarray  # int32, one per column
    earlier: Statistics | None = None  # the statistics these were added to

    def frequencies(self, columns: np.ndarray) -> np.ndarray:
        found = _lookup(self.columns, self.df, columns)
        return found + self.earlier.frequencies(columns) if self.earlier else found

    def idf(self, columns: np.ndarray) -> np.ndarray:
        df = self.frequencies(np.asarray(columns)).astype(np.float32)
        return np.log1p((self.documents - df + 0.5) / (df + 0.5)).astype(np.float32)

    def plus(self, other: Statistics) -> Statistics:
        documents = self.documents + other.documents
        total = self.mean_length * self.documents + other.mean_length * other.documents
        return Statistics(documents, total / max(documents, 1), other.columns, other.df, self)


@dataclass(frozen=True)
class Postings:
    """A term-major (CSC-like) matrix that stores only the columns in use: a question's terms
    are found by binary search among `columns`, then their rows and weights are contiguous."""

    columns: np.ndarray  # COLUMN, sorted hashed term columns
    indptr: np.ndarray  # int32 (int64 past 2**31 entries), len(columns) + 1
    indices: np.ndarray  # int32 rows, sorted within each column
    data: np.ndarray  # float32 weights
    shape: tuple[int, int]

    @classmethod
    def from_csr(cls, matrix: sp.csr_matrix) -> Postings:
        if matrix.nnz < 1_000_000:
            # Small (a recent segment): renumber the columns in use first, so the transpose does
            # not walk the whole hash space.
            used, compact = np.unique(matrix.indices, return_inverse=True)
            csc = sp.csr_matrix(
                (matrix.data, compact, matrix.indptr), shape=(matrix.shape[0], len(used))
            ).tocsc()
        else:
            csc = matrix.tocsc()
            used = np.flatnonzero(np.diff(csc.indptr))
        csc.sort_indices()
        sizes = np.diff(csc.indptr)
        used_sizes = sizes[sizes > 0]
        indptr = np.zeros(len(used) + 1, dtype=np.int32 if csc.nnz < 2**31 else np.int64)
        np.cumsum(used_sizes, out=indptr[1:])
        indices = csc.indices.astype(np.int32, copy=False)
        return cls(used.astype(COLUMN), indptr, indices, csc.data, matrix.shape)

    def spans(self, columns: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Where the rows and weights of each of `columns` start and end (equal when absent)."""
        wanted = np.asarray(columns, dtype=self.columns.dtype)
        if not len(self.columns):
            empty = np.zeros(len(wanted), dtype=self.indptr.dtype)
            return empty, empty
        at, absent = locate(self.columns, wanted)
        starts, ends = self.indptr[at], self.indptr[at + 1]
        starts[absent] = ends[absent] = 0
        return starts, ends

    def has(self, columns: Sequence[int]) -> np.ndarray:
        """Whether any row holds each of `columns`."""
        starts, ends = self.spans(columns)
        return ends > starts

    def holds(self, columns: Sequence[int], row: int) -> np.ndarray:
        """Whether `row` holds each of `columns` (held_by for one row, without its arrays)."""
        starts, ends = self.spans(columns)
        indices, wanted = self.indices, self.indices.dtype.type(row)
        found = []
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            at = start + int(indices[start:end].searchsorted(wanted))
            found.append(at < end and indices[at] == row)
        return np.asarray(found, dtype=bool)

    def held_by(self, columns: Sequence[int], rows: Sequence[int]) -> np.ndarray:
        """Whether each of `rows` holds each of `columns`: a row of booleans per column."""
        starts, ends = self.spans(columns)
        wanted = np.asarray(rows, dtype=self.indices.dtype)
        held = np.zeros((len(starts), len(wanted)), dtype=bool)
        for column, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            if end > start:
                rows_of_column = self.indices[start:end]
                at = rows_of_column.searchsorted(wanted)
                held[column] = rows_of_column.take(at, mode="clip") == wanted
        return held


class Sums(NamedTuple):
    """What `accumulate` gives: the rows holding any of the columns, their summed weights, and
    (when flags were given) the flags of the columns each row holds, added up."""

    rows: np.ndarray  # int32
    scores: np.ndarray  # float32
    flags: np.ndarray | None = None  # float64


def accumulate(
    matrix: Postings,
    columns: Sequence[int],
    boosts: Sequence[float],
    flags: Sequence[float] | None = None,
) -> Sums:
    """Rows that contain any of `columns`, with their summed (boosted) weights; with `flags` (one
    per column), each row's sum of the flags of the columns it holds: with distinct powers of two
    as flags, a bit set for each (float64 holds them exactly up to 2**52)."""
    starts, ends = matrix.spans(columns)
    held = np.flatnonzero(ends > starts).tolist()
    if not held:
        empty = np.empty(0, dtype=np.float64) if flags is not None else None
        return Sums(np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32), empty)
    starts, ends = starts.tolist(), ends.tolist()
    indices, data = matrix.indices, matrix.data
    rows = np.concatenate([indices[starts[i] : ends[i]] for i in held])
    # float32 boosts: a weight times a boost is the same float32 product as with a Python float
    lengths = [ends[i] - starts[i] for i in held]
    weights = np.concatenate([data[starts[i] : ends[i]] for i in held])
    weights *= np.repeat(np.asarray(boosts, dtype=np.float32)[held], lengths)
    each_flag = None if flags is None else np.repeat(np.asarray(flags, np.float64)[held], lengths)
    # Sums are made in float64 in the order of `rows` either way, so both give the same numbers.
    n_rows = matrix.shape[0]
    if n_rows <= DENSE_FROM * len(rows):
        # Many postings against few rows: a count per row beats sorting the postings.
        found = np.flatnonzero(np.bincount(rows, minlength=n_rows))
        sums = np.bincount(rows, weights=weights, minlength=n_rows)[found]
        if each_flag is not None:
            each_flag = np.bincount(rows, weights=each_flag, minlength=n_rows)[found]
        return Sums(found.astype(np.int32), sums.astype(np.float32), each_flag)
    # Each column's rows are sorted already: a stable sort merges those runs.
    order = np.argsort(rows, kind="stable")
    ordered = rows[order]
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(ordered), dtype=np.intp)
    inverse[order] = np.cumsum(first) - 1
    sums = np.bincount(inverse, weights=weights).astype(np.float32)
    if each_flag is not None:
        each_flag = np.bincount(inverse, weights=each_flag)
    return Sums(ordered[first], sums, each_flag)
