"""The command line: `tanya` / `python -m bot`. Each command opens the library, calls one function,
and turns library errors into a one-line message and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.evaluate import BadQuestionFile, evaluate, read_questions
from bot.library import MAX_QUESTION, Library
from bot.store import ArticleNotFound, StoreError
from bot.text import DATA_DIR, Analyzer

DEFAULT_DB = DATA_DIR / "tanya.db"
DEFAULT_ARTICLES = DATA_DIR / "articles"
EXIT_FAILED, EXIT_SKIPPED = 1, 2


class CommandError(Exception):
    """A command that cannot do what was asked; its message is shown as it is."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tanya", description="Tanya Berita: ask Indonesian news articles questions."
    )
    parser.add_argument(
        "--db",
        default=None,
        help=f"database file (default: $TANYA_DB or {DEFAULT_DB})",
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="start the Telegram bot, or a terminal chat without a token")
    ingest = commands.add_parser("ingest", help="add articles from files and folders")
    ingest.add_argument(
        "paths", nargs="+", help=".txt .md .html .jsonl .pdf .docx files or folders"
    )
    ask = commands.add_parser("ask", help="answer a question (or one question a line from stdin)")
    ask.add_argument("question", nargs="?", help="the question; read from stdin when left out")
    ask.add_argument("--k", type=int, default=3, help="how many passages (default 3)")
    ask.add_argument("--json", action="store_true", help="print one JSON object a question")
    commands.add_parser("articles", help="list the stored articles")
    remove = commands.add_parser("remove", help="remove an article")
    remove.add_argument("id", help="the article's id")
    commands.add_parser("stats", help="counts of articles, sentences, questions and feedback")
    ev = commands.add_parser("eval", help="score the collection on an evalpack question file")
    ev.add_argument("--questions", required=True, help="a JSON-lines question file")
    ev.add_argument("--limit", type=int, default=None, help="score only the first N questions")
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db or os.environ.get("TANYA_DB") or DEFAULT_DB)


def open_library(path: Path, *, seed_default: bool, stemmer: str = "snowball") -> Library:
    """Open the library; a new default database is filled with the bundled articles first."""
    new = not path.exists()
    try:
        library = Library(path, analyzer=Analyzer(stemmer=stemmer))
    except StoreError as error:
        raise CommandError(str(error)) from None
    if new and seed_default and DEFAULT_ARTICLES.is_dir():
        report = library.ingest([DEFAULT_ARTICLES])
        print(f"created {path} with {report.added} bundled article(s)", file=sys.stderr)
    return library


def _passages_json(answer) -> dict:
    return {
        "question": answer.question,
        "reading": answer.reading,
        "found": answer.found,
        "passages": [
            {
                "article_id": p.article_id,
                "title": p.title,
                "source": p.source,
                "url": p.url,
                "sentence": p.sentence,
                "context": p.context,
                "score": p.score,
                "matched": list(p.matched),
                "missing": list(p.missing),
            }
            for p in answer.passages
        ],
    }


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(_passages_json(answer), ensure_ascii=False))
        return
    read = f"\n  read as: {answer.reading}" if answer.reading else ""
    if not answer.found:
        print(f"? {answer.question}{read}")
        print("  not found: no sentence answers this question well enough.\n")
        return
    print(f"? {answer.question}{read}")
    for rank, p in enumerate(answer.passages, start=1):
        where = p.title or p.article_id
        print(
            f"  {rank}. {p.sentence}\n     [{where}{', ' + p.source if p.source else ''}]"
            f" score {p.score:.2f}"
        )
        if p.missing:
            print(f"     not in this article: {', '.join(p.missing)}")
    print()


def _check_question(question: str, library: Library) -> str | None:
    """Why a question cannot be asked, or None."""
    if not question.strip():
        return "empty question"
    if len(question) > MAX_QUESTION:
        return f"question too long ({len(question)} characters; at most {MAX_QUESTION})"
    if not library.has_terms(question):
        return "nothing to search for: the question has only stop words"
    return None


def cmd_ask(args: argparse.Namespace, library: Library) -> int:
    if args.k < 1 or args.k > 50:
        raise CommandError("--k must be between 1 and 50")
    questions = (
        [args.question] if args.question is not None else (line.rstrip("\n") for line in sys.stdin)
    )
    status = 0
    for question in questions:
        problem = _check_question(question, library)
        if problem:
            if args.question is None and not question.strip():
                continue  # blank lines between questions on stdin
            print(f"error: {problem}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        _print_answer(library.ask(question, k=args.k), args.json)
    return status


def cmd_ingest(args: argparse.Namespace, library: Library) -> int:
    report = library.ingest(args.paths, show_progress=True)
    for skipped in report.skipped:
        print(f"skipped {skipped.message}", file=sys.stderr)
    duplicates = f", {report.duplicate} duplicate" if report.duplicate else ""
    print(
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged"
        f"{duplicates}, {len(report.skipped)} skipped"
    )
    return EXIT_SKIPPED if report.skipped else 0


def cmd_articles(args: argparse.Namespace, library: Library) -> int:
    for info in library.articles():
        print(f"{info.id}\t{info.sentence_count} sentences\t{info.title}")
    return 0


def cmd_remove(args: argparse.Namespace, library: Library) -> int:
    try:
        info = library.remove(args.id)
    except ArticleNotFound:
        raise CommandError(f"no article with id {args.id!r}") from None
    print(f"removed {info.id} ({info.title})")
    return 0


def cmd_stats(args: argparse.Namespace, library: Library) -> int:
    s = library.stats()
    share = f"{100 * s.not_found / s.questions:.1f}%" if s.questions else "-"
    print(
        f"articles {s.articles}\nsentences {s.sentences}\nquestions {s.questions}\n"
        f"not found {s.not_found} ({share})\nthumbs up {s.thumbs_up}\nthumbs down {s.thumbs_down}"
    )
    return 0


def cmd_eval(args: argparse.Namespace, library: Library) -> int:
    try:
        questions = read_questions(args.questions)[: args.limit]
    except (OSError, BadQuestionFile) as error:
        raise CommandError(f"cannot read questions: {error}") from None
    scores = evaluate(
        questions,
        lambda q: library.ask(q, k=10),
        lambda q: library.ask(q, k=10, threshold=False),
    )
    print(f"questions {len(questions)} (answerable {scores.answerable})")
    print(
        f"Hit@1 {scores.hit_at_1:.3f}\nHit@3 {scores.hit_at_3:.3f}\nMRR@10 {scores.mrr_at_10:.3f}"
    )
    if scores.unanswerable:
        print(
            f"unanswerable {scores.unanswerable}: not found {scores.not_found_unanswerable:.3f}"
            f"\nanswerable hits kept {scores.hits_kept:.3f}"
        )
    return 0


def cmd_run(args: argparse.Namespace, library: Library) -> int:
    from bot.config import Config
    from bot.console import run_console

    config = Config.from_env(os.environ)
    if not config.token:
        run_console(library, sys.stdin, sys.stdout, per_page=config.passages_per_page)
        return 0
    from bot.telegram_app import run

    run(config, library)
    return 0


COMMANDS = {
    "run": cmd_run,
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "articles": cmd_articles,
    "remove": cmd_remove,
    "stats": cmd_stats,
    "eval": cmd_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    serving = command == "run" and bool(os.environ.get("TELEGRAM_BOT_TOKEN"))
    logging.basicConfig(
        level=logging.INFO if serving else logging.WARNING,  # the terminal chat stays clean
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    path = _db_path(args)
    try:
        if command not in ("run", "ingest") and not path.exists() and args.db:
            raise CommandError(
                f"no database at {path} (create it with: tanya --db {path} ingest ...)"
            )
        library = open_library(
            path,
            seed_default=args.db is None or command == "run",
            stemmer=os.environ.get("TANYA_STEMMER") or "snowball",
        )
        try:
            return COMMANDS[command](args, library)
        finally:
            library.close()
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except (StoreError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
