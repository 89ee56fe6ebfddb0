"""Speed, memory and scale of this project next to bm25s and SQLite FTS5, on the same sentences.

    python -m benchmarks.speed [--sizes 10000,100000] [--questions 1000] [--markdown]

Measured for the evalpack news collection and for synthetic collections of the given sizes (made
from the real news and wiki sentences, see `benchmarks/README.md`). Each collection is ingested in
one fresh subprocess and served in another, so memory figures belong to one collection only.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks.common import (
    EVALPACK,
    NEWS_ARTICLES,
    REPO,
    WIKI_ARTICLES,
    Bm25sRetriever,
    Fts5Retriever,
    SentenceList,
    peak_rss_mb,
    percentile_ms,
    rss_mb,
    table,
    timed_answers,
    write_synthetic,
)
from bot.evaluate import read_questions
from bot.library import Library
from bot.models import Article
from bot.question import parse_question
from bot.search import rank

SYNTHETIC_SEED = 20240611

STARTUP = """
import json, sys, time
started = time.perf_counter()
from bot.library import Library
imported = time.perf_counter()
library = Library(sys.argv[1], create=False)
opened = time.perf_counter()
answer = library.ask(sys.argv[2])
print(json.dumps({"import": imported - started, "open": opened - imported,
                  "ask": time.perf_counter() - opened, "found": answer.found}))
"""


# An article no real one resembles, so a question about it finds it and nothing else.
PROBE = Article(
    id="benchmark-probe",
    title="Panen raya di Kampung Zorblanta",
    text="Warga Kampung Zorblanta merayakan panen raya kentang pada Sabtu pagi.\n"
    "Kepala Kampung Zorblanta menyebut hasil panen naik dua kali lipat.",
)
PROBE_QUESTION = "kapan warga kampung zorblanta panen raya"
WARM_UP = 20
RANKING_ONLY = "Tanya Berita, ranking only"

# -- the stages, each run in its own process ----------------------------------------------------


def ingest_stage(spec: dict) -> dict:
    """Ingest the collection into a new database."""
    started = time.perf_counter()
    library = Library(spec["db"])
    report = library.ingest([spec["articles"]])
    seconds = time.perf_counter() - started
    stats = library.stats()
    return {
        "seconds": seconds,
        "sentences": stats.sentences,
        "articles": stats.articles,
        "skipped": len(report.skipped),
        "peak_rss_mb": peak_rss_mb(),
    }


def serve_stage(spec: dict) -> dict:
    """Open the stored collection, time questions, updates and the reference systems."""
    questions = [q.question for q in read_questions(spec["questions"])][: spec["limit"]]
    rss_before = rss_mb()
    started = time.perf_counter()
    library = Library(spec["db"], create=False)
    open_seconds = time.perf_counter() - started
    started = time.perf_counter()
    library.rebuild()
    rebuild_seconds = time.perf_counter() - started
    gc.collect()
    ours = latency(lambda q: library.ask(q, k=10), questions)
    ranking = latency(lambda q: ranked_rows(library, q), questions)
    postings = postings_touched(library, questions)
    result = {
        "open_seconds": open_seconds,
        "rebuild_seconds": rebuild_seconds,
        **ours,
        "postings_mean": float(np.mean(postings)),
        "postings_p50": float(np.median(postings)),
        "rss_before_mb": rss_before,
        "rss_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
        "first_question": questions[0],
    }
    result["updates"] = {
        "add": update_pause(library, questions, lambda: library.add([PROBE]), present=True),
        "remove": update_pause(library, questions, lambda: library.remove(PROBE.id), present=False),
    }
    systems = {
        "Tanya Berita": {"build_seconds": rebuild_seconds, **ours},
        RANKING_ONLY: {"build_seconds": rebuild_seconds, **ranking},
    }
    if spec["baselines"]:
        sentences = SentenceList.from_library(library)
        for make in (Bm25sRetriever, Fts5Retriever):
            system = make(sentences)
            systems[system.name] = {"build_seconds": system.build_seconds}
            systems[system.name].update(latency(system.search, questions))
            del system
            gc.collect()
    result["systems"] = systems
    return result


def ranked_rows(library: Library, question: str) -> list:
    """The ten best sentences as ranked, without the passages (context, matched words) an
    answer builds from them: the like-for-like measure next to the reference systems."""
    weights, analyzer = library.weights, library.analyzer
    query = parse_question(question, library.collection, analyzer, weights.bigram, weights.typo)
    return rank(query, library.collection, weights, analyzer)[:10]


def latency(ask: Callable[[str], object], questions: list[str]) -> dict:
    for question in questions[:WARM_UP]:
        ask(question)
    seconds = timed_answers(ask, questions)
    return {"p50_ms": percentile_ms(seconds, 50), "p99_ms": percentile_ms(seconds, 99)}


def postings_touched(library: Library, questions: list[str]) -> list[int]:
    """Entries of the sentence and article postings each question reads, over all segments."""
    collection = library.collection
    weights = library.weights
    touched = []
    for question in questions:
        query = parse_question(question, collection, library.analyzer, weights.bigram, weights.typo)
        total = 0
        for segment in collection.segments:
            for postings in (segment.sentences, segment.articles):
                starts, ends = postings.spans(query.columns)
                total += int((ends - starts).sum())
        touched.append(total)
    return touched


def probe_found(library: Library) -> bool:
    return any(p.article_id == PROBE.id for p in library.ask(PROBE_QUESTION).passages)


def update_pause(
    library: Library, questions: list[str], change: Callable[[], object], *, present: bool
) -> dict:
    """Run `change` while another thread keeps asking; how long until the probe article is
    (or is no longer) found, and the longest wait between two answers meanwhile."""
    stamps: list[float] = []
    stop = threading.Event()

    def keep_asking() -> None:
        i = 0
        while not stop.is_set():
            library.ask(questions[i % len(questions)])
            stamps.append(time.perf_counter())
            i += 1

    asking = threading.Thread(target=keep_asking, daemon=True)
    asking.start()
    time.sleep(0.3)
    started = time.perf_counter()
    change()
    while probe_found(library) != present and time.perf_counter() - started < 300:
        time.sleep(0.001)
    ended = time.perf_counter()
    time.sleep(0.3)
    stop.set()
    asking.join()
    before = [t for t in stamps if t < started][-1:]
    after = [t for t in stamps if t >= started]
    closing = [t for t in after if t > ended][:1]
    points = before + [t for t in after if t <= ended] + closing
    return {
        "searchable_seconds": ended - started,
        "longest_gap_ms": float(np.diff(points).max() * 1000) if len(points) > 1 else float("nan"),
        "answers_during": sum(started <= t <= ended for t in stamps),
    }


# -- the driver --------------------------------------------------------------------------------


def run_worker(stage: str, spec: dict) -> dict:
    """Run one stage in a fresh Python process; its last line of output is a JSON object."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.speed", "--worker", stage, json.dumps(spec)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{stage} worker failed for {spec.get('label')}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def startup_seconds(db: str, question: str) -> dict:
    """Process start to first answer, measured from outside the process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", STARTUP, db, question], cwd=REPO, capture_output=True, text=True
    )
    total = time.perf_counter() - started
    if done.returncode != 0:
        print(f"start-up run failed: {done.stderr.strip()[-500:]}", file=sys.stderr)
        return {"total": float("nan")}
    inside = json.loads(done.stdout.strip().splitlines()[-1])
    return {"total": total, **inside}


def measure(label: str, articles: Path, work: Path, args: argparse.Namespace) -> dict:
    db = work / f"{label}.db"
    spec = {
        "label": label,
        "articles": str(articles),
        "db": str(db),
        "questions": str(EVALPACK / "news" / "dev.jsonl"),
        "limit": args.questions,
        "baselines": not args.no_baselines,
    }
    print(f"[{label}] ingesting ...", file=sys.stderr, flush=True)
    ingest = run_worker("ingest", spec)
    print(f"[{label}] serving ({ingest['sentences']:,} sentences) ...", file=sys.stderr, flush=True)
    serve = run_worker("serve", spec)
    startup = startup_seconds(str(db), serve["first_question"])
    db.unlink(missing_ok=True)
    return {"label": label, "ingest": ingest, "serve": serve, "startup": startup}


def collection_rows(results: list[dict]) -> list[list[object]]:
    rows = []
    for r in results:
        i, s, st = r["ingest"], r["serve"], r["startup"]
        rows.append(
            [
                r["label"],
                i["sentences"],
                i["articles"],
                i["seconds"],
                s["open_seconds"],
                s["rebuild_seconds"],
                s["p50_ms"],
                s["p99_ms"],
                s["postings_mean"],
                s["rss_before_mb"],
                s["rss_mb"],
                max(i["peak_rss_mb"], s["peak_rss_mb"]),
                st["total"],
            ]
        )
    return rows


def side_by_side_rows(results: list[dict]) -> list[list[object]]:
    rows = []
    for r in results:
        s = r["serve"]
        ours = s["systems"]["Tanya Berita"]
        for name, m in s["systems"].items():
            rows.append(
                [
                    r["label"],
                    name,
                    m["build_seconds"],
                    m["p50_ms"],
                    m["p99_ms"],
                    m["build_seconds"] / ours["build_seconds"],
                    m["p50_ms"] / ours["p50_ms"],
                    m["p99_ms"] / ours["p99_ms"],
                ]
            )
    return rows


def update_rows(results: list[dict]) -> list[list[object]]:
    rows = []
    for r in results:
        s = r["serve"]
        for change in ("add", "remove"):
            u = s["updates"][change]
            rows.append(
                [
                    r["label"],
                    change,
                    u["searchable_seconds"],
                    u["longest_gap_ms"],
                    u["answers_during"],
                    s["p99_ms"],
                ]
            )
    return rows


def report(results: list[dict], synthetic_note: str, markdown: bool) -> None:
    print("Collections (Tanya Berita)\n")
    print(
        table(
            [
                "collection",
                "sentences",
                "articles",
                "ingest s",
                "open+build s",
                "rebuild s",
                "p50 ms",
                "p99 ms",
                "postings/question",
                "RSS before open MB",
                "RSS MB",
                "peak RSS MB",
                "start to 1st answer s",
            ],
            collection_rows(results),
            markdown,
        )
    )
    print(
        "\ningest: new database, includes the first index build; open+build: Library(db) on the"
        " stored database; rebuild: Library.rebuild(); p50/p99: one question at a time, index"
        " loaded; postings/question: mean entries of the sentence and article postings read per"
        " question; RSS before open: the serving process with the code imported, no collection yet;"
        " RSS: after loading and the query run, before the reference systems were built;"
        " peak RSS: the most either process (ingest, serve) held; start to 1st answer: a new"
        " `python -c` process that opens the database and answers one question.\n"
    )
    if any(r["serve"]["systems"] for r in results):
        print("Side by side on the same sentences (ratio: system / Tanya Berita)\n")
        print(
            table(
                [
                    "collection",
                    "system",
                    "index build s",
                    "p50 ms",
                    "p99 ms",
                    "build ratio",
                    "p50 ratio",
                    "p99 ratio",
                ],
                side_by_side_rows(results),
                markdown,
            )
        )
        print(
            "\nTanya Berita's build: Library.rebuild() (reads the database); bm25s: tokenise +"
            " index of the in-memory sentence list; FTS5: an in-memory table filled in one"
            " transaction. Tanya Berita answers with ten passages, each with its context and"
            f" matched words; '{RANKING_ONLY}' times the same question up to its ten ranked"
            " sentences, which is what bm25s and FTS5 return.\n"
        )
    print("Updates while another thread keeps asking\n")
    print(
        table(
            [
                "collection",
                "change",
                "searchable after s",
                "longest gap ms",
                "answers during",
                "normal p99 ms",
            ],
            update_rows(results),
            markdown,
        )
    )
    print(
        "\nsearchable after: from the Library.add/remove call until a question about the article"
        " finds it (add) or no longer finds it (remove); longest gap: the longest time between"
        " two consecutive answers of the asking thread while the change ran.\n"
    )
    if synthetic_note:
        print(synthetic_note)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        stage = {"ingest": ingest_stage, "serve": serve_stage}[argv[1]]
        print(json.dumps(stage(json.loads(argv[2]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sentence counts")
    parser.add_argument("--questions", type=int, default=1000, help="questions timed per system")
    parser.add_argument("--no-news", action="store_true", help="skip the evalpack news collection")
    parser.add_argument("--no-baselines", action="store_true", help="skip bm25s and FTS5")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--workdir", default=None, help="where to write databases (temp dir)")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes sentence counts separated by commas, not {args.sizes!r}")
    if not sizes and args.no_news:
        parser.error("nothing to measure: give --sizes or leave out --no-news")
    if args.workdir:
        try:
            Path(args.workdir).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            parser.error(f"--workdir {args.workdir}: {error.strerror}")
    results, notes = [], []
    with tempfile.TemporaryDirectory(prefix="tanya-speed-", dir=args.workdir) as tmp:
        work = Path(tmp)
        if not args.no_news:
            results.append(measure("evalpack news", NEWS_ARTICLES, work, args))
        for size in sizes:
            path = work / f"synthetic-{size}.jsonl"
            print(f"[{size:,}] writing the synthetic collection ...", file=sys.stderr, flush=True)
            made = write_synthetic(path, size, (NEWS_ARTICLES, WIKI_ARTICLES), SYNTHETIC_SEED)
            notes.append(f"  {size:,}: {made.articles:,} articles, {made.sentences:,} sentences")
            results.append(measure(f"synthetic {size:,}", path, work, args))
            path.unlink()
    note = ""
    if notes:
        note = (
            "Synthetic collections: new articles of 2-8 paragraphs drawn at random (seed"
            f" {SYNTHETIC_SEED}) from the real paragraphs of evalpack news + wiki, titled with a"
            " real title; sentences as planned by the project's splitter:\n" + "\n".join(notes)
        )
    report(results, note, args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
