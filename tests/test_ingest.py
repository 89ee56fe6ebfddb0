"""Ingest: the progress bar is sized from the inputs and drawn only on a terminal."""

from __future__ import annotations

import json

from bot import ingest
from bot.ingest import IngestReport, ingest_paths
from bot.readers import count_inputs
from bot.store import open_db


def test_count_inputs_counts_files_and_json_lines(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Satu.")
    (tmp_path / "skip.csv").write_text("x")
    sub = tmp_path / "sub"
    sub.mkdir()
    lines = [json.dumps({"id": str(i), "text": "Teks."}) for i in range(3)]
    (sub / "b.jsonl").write_text("\n".join(lines) + "\n")
    assert count_inputs([tmp_path]) == 4
    assert count_inputs([tmp_path / "a.txt", sub / "b.jsonl"]) == 4


def test_the_progress_bar_shows_the_share_done(capsys) -> None:
    progress = ingest._TerminalProgress(total=4)
    report = IngestReport(added=1, updated=0, unchanged=1)
    progress.finish(report)
    line = capsys.readouterr().err
    assert line.startswith("\r[" + "#" * 15 + "-" * 15 + "] 2/4 articles, ")
    assert line.endswith("\n")


def test_no_progress_is_drawn_when_stderr_is_not_a_terminal(tmp_path, capsys) -> None:
    (tmp_path / "a.txt").write_text("Gempa mengguncang Palu.")
    report = ingest_paths(open_db(":memory:"), [tmp_path], show_progress=True)
    assert report.added == 1
    assert capsys.readouterr().err == ""
