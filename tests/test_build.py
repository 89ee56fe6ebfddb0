"""Building a segment: hashing spread over worker processes gives what one process gives."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from bot import build
from bot.text import Analyzer
from tests.conftest import FOUNDING_ARTICLE


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_hashing_across_workers_counts_what_one_process_counts(monkeypatch, method) -> None:
    texts = [line for line in FOUNDING_ARTICLE.read_text().splitlines() if line.strip()] * 3
    analyzer = Analyzer()
    alone, seen_alone, keys_alone = build.hash_texts(analyzer, texts)
    monkeypatch.setattr(build, "_start_method", lambda: method)
    monkeypatch.setattr(build, "PARALLEL_FROM", {method: 0})
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)
    spread, seen_spread, keys_spread = build._hash_in_parallel(analyzer, texts)
    assert spread.shape == alone.shape
    assert (spread != alone).nnz == 0
    assert seen_spread == seen_alone
    assert np.array_equal(keys_spread, keys_alone) and len(keys_alone) > 100
    assert alone.nnz > 100


def test_workers_are_forked_only_while_no_other_thread_runs(monkeypatch) -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert build._start_method() == "spawn"
    finally:
        release.set()
        other.join()
    monkeypatch.setattr(build.threading, "active_count", lambda: 1)
    assert build._start_method() == "fork"
