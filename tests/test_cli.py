"""The command line end to end: ingest, ask (text and JSON), articles, remove, stats, eval."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.cli import main
from tests.conftest import FOUNDING_ARTICLE, ROOT


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "tanya.db"
    assert main(["--db", str(path), "ingest", str(FOUNDING_ARTICLE)]) == 0
    return str(path)


def test_ingest_reports_and_a_second_ingest_changes_nothing(db, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", db, "ingest", str(FOUNDING_ARTICLE)]) == 0
    assert capsys.readouterr().out == "0 added, 0 updated, 1 unchanged, 0 skipped\n"


def test_ask_json_has_the_documented_shape(db, capsys) -> None:
    capsys.readouterr()
    question = "siapa jubir kremlin di Paris?"
    assert main(["--db", db, "ask", "--json", "--k", "2", question]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"question", "reading", "found", "passages"}
    assert answer["question"] == question and answer["found"] is True
    assert answer["reading"] == ""  # every word taken as written
    assert len(answer["passages"]) == 2
    first = answer["passages"][0]
    assert set(first) == {
        "article_id", "title", "source", "url", "sentence", "context", "score", "matched", "missing"
    }  # fmt: skip
    assert first["article_id"] == "purnawarta-rusia-as-jenewa-2022"
    assert "Dmitry Peskov" in first["sentence"]
    assert first["sentence"] in first["context"]
    assert {"Juru", "bicara", "Kremlin"} <= set(first["matched"])
    assert first["missing"] == ["Paris"]  # the article never mentions it


def test_ask_names_the_question_words_an_article_lacks(db, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", db, "ask", "--k", "1", "siapa jubir kremlin di Paris?"]) == 0
    assert "     not in this article: Paris\n" in capsys.readouterr().out


def test_ask_says_how_it_read_a_mistyped_question(db, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", db, "ask", "--k", "1", "siapa juru bicra kremlin"]) == 0
    assert "? siapa juru bicra kremlin\n  read as: siapa juru bicara kremlin\n" in (
        capsys.readouterr().out
    )


def test_ask_reads_one_question_a_line_from_stdin(db, capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("sekjen nato siapa\n\nresep rendang\n"))
    capsys.readouterr()
    assert main(["--db", db, "ask", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(a["question"], a["found"]) for a in lines] == [
        ("sekjen nato siapa", True),
        ("resep rendang", False),
    ]
    assert "Jens Stoltenberg" in lines[0]["passages"][0]["sentence"]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "error: empty question\n"),
        ("   ", "error: empty question\n"),
        ("apa yang di mana?", "error: nothing to search for: the question has only stop words\n"),
        ("a" * 10_000, "error: question too long (10000 characters; at most 1000)\n"),
    ],
)
def test_a_bad_question_gets_one_line_and_a_failure_status(db, capsys, question, message) -> None:
    capsys.readouterr()
    assert main(["--db", db, "ask", question]) == 1
    assert capsys.readouterr().err == message


def test_bad_inputs_are_named_the_rest_goes_in_and_the_status_says_so(tmp_path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    (folder / "latin.txt").write_bytes("Berita café di Jakarta.".encode("latin-1"))
    (folder / "good.txt").write_text("Gempa mengguncang Palu pada hari Jumat.\n")
    lines = [
        json.dumps(
            {"id": "j1", "title": "T", "text": "Banjir melanda Medan.", "source": "", "url": ""}
        ),
        '{"id": "broken", "text": ',
        json.dumps(
            {"id": "j2", "title": "T2", "text": "Longsor di Bogor.", "source": "", "url": ""}
        ),
    ]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n")
    path = str(tmp_path / "t.db")
    capsys.readouterr()
    assert main(["--db", path, "ingest", str(folder)]) == 2
    out = capsys.readouterr()
    assert out.out == "3 added, 0 updated, 0 unchanged, 4 skipped\n"
    errors = out.err.splitlines()
    assert len(errors) == 4
    assert any("articles.jsonl:2:" in line for line in errors)
    assert any("empty.txt" in line for line in errors)
    assert any("binary.txt" in line for line in errors)
    assert any("latin.txt" in line and "UTF-8" in line for line in errors)
    assert main(["--db", path, "articles"]) == 0
    listed = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert sorted(listed) == ["good", "j1", "j2"]


def test_remove_and_stats(db, capsys) -> None:
    assert main(["--db", db, "remove", "purnawarta-rusia-as-jenewa-2022"]) == 0
    assert main(["--db", db, "remove", "purnawarta-rusia-as-jenewa-2022"]) == 1
    assert "no article with id" in capsys.readouterr().err
    assert main(["--db", db, "stats"]) == 0
    assert capsys.readouterr().out.startswith("articles 0\nsentences 0\n")


def test_eval_scores_a_question_file(db, tmp_path, capsys) -> None:
    questions = tmp_path / "q.jsonl"
    rows = [
        {"id": "1", "question": "siapa jubir kremlin", "answers": ["Dmitry Peskov"],
         "article_id": "purnawarta-rusia-as-jenewa-2022", "answerable": True},
        {"id": "2", "question": "sekjen nato siapa", "answers": ["Stoltenberg"],
         "article_id": "purnawarta-rusia-as-jenewa-2022", "answerable": True},
        {"id": "3", "question": "resep rendang padang", "answers": [],
         "article_id": "purnawarta-rusia-as-jenewa-2022", "answerable": False},
    ]  # fmt: skip
    questions.write_text("\n".join(json.dumps(r) for r in rows))
    capsys.readouterr()
    assert main(["--db", db, "eval", "--questions", str(questions)]) == 0
    assert capsys.readouterr().out == (
        "questions 3 (answerable 2)\nHit@1 1.000\nHit@3 1.000\nMRR@10 1.000\n"
        "unanswerable 1: not found 1.000\nanswerable hits kept 1.000\n"
    )


def test_a_missing_database_or_question_file_is_one_line(tmp_path, db, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "none.db"), "ask", "apa"]) == 1
    assert capsys.readouterr().err.startswith("error: no database at ")
    assert main(["--db", db, "eval", "--questions", str(tmp_path / "none.jsonl")]) == 1
    assert capsys.readouterr().err.startswith("error: cannot read questions:")


def test_an_unwritable_database_path_is_one_line(tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--db", str(blocker / "t.db"), "ingest", str(FOUNDING_ARTICLE)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot open database") and "Traceback" not in err


def test_python_m_bot_runs_as_a_program(tmp_path) -> None:
    path = tmp_path / "t.db"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(path), "ingest", str(FOUNDING_ARTICLE)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(path), "ask", "Siapa Sekretaris Jenderal NATO?"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and "Jens Stoltenberg" in done.stdout


def test_the_stemmer_is_chosen_by_the_environment(tmp_path, capsys, monkeypatch) -> None:
    path = str(tmp_path / "t.db")
    monkeypatch.setenv("TANYA_STEMMER", "none")
    assert main(["--db", path, "ingest", str(FOUNDING_ARTICLE)]) == 0
    meta = (tmp_path / "t.db.index" / "meta.json").read_text()
    assert '"stemmer": "none"' in meta
    monkeypatch.setenv("TANYA_STEMMER", "porter")
    capsys.readouterr()
    assert main(["--db", path, "stats"]) == 1
    assert capsys.readouterr().err.startswith("error: unknown stemmer 'porter'")
