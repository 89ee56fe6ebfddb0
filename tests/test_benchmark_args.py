"""The benchmark scripts: bad arguments refused with a message, not a traceback; their helpers."""

from __future__ import annotations

import pytest

from benchmarks import readings, speed


def test_sizes_that_are_not_numbers_are_refused(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        speed.main(["--sizes", "10k,abc"])
    assert stopped.value.code == 2
    assert "--sizes takes sentence counts" in capsys.readouterr().err


def test_a_workdir_that_cannot_be_made_is_refused(tmp_path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(SystemExit) as stopped:
        speed.main(["--sizes", "10000", "--no-news", "--workdir", str(blocker / "work")])
    assert stopped.value.code == 2
    assert "--workdir" in capsys.readouterr().err


def test_nothing_to_measure_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        speed.main(["--sizes", "", "--no-news"])
    assert stopped.value.code == 2
    assert "nothing to measure" in capsys.readouterr().err


def test_an_unknown_track_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        readings.main(["--tracks", "news, berita"])
    assert stopped.value.code == 2
    assert "unknown tracks: berita" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        readings.main(["--tracks", " ,"])
    assert stopped.value.code == 2
    assert "--tracks names no set" in capsys.readouterr().err


def test_the_words_read_as_others_are_paired_as_written() -> None:
    question = "Berapakah usia Peskov, jubir Kremlin?"
    assert readings.read_words(question, "Berapakah rusia Peskov, juru bicara Kremlin?") == []
    assert readings.read_words(question, "Berapakah rusia Peskov, jubir Kremlin?") == [
        ("usia", "rusia")
    ]
    assert readings.read_words("siapa jubr kremlin?", "siapa jubir kremlin?") == [("jubr", "jubir")]
