"""Checks on the chat-style benchmark questions and the chat lexicons they lean on."""

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.text import SMALL_TALK_KINDS

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "benchmarks" / "chat" / "dev.jsonl"
BLIND = ROOT / "benchmarks" / "chat" / "blind.jsonl"
SLANG = ROOT / "data" / "lexicon" / "slang.tsv"
ABBREVIATIONS = ROOT / "data" / "lexicon" / "abbreviations.tsv"
STEMS = ROOT / "data" / "lexicon" / "stems.tsv"
SMALLTALK = ROOT / "data" / "lexicon" / "smalltalk.tsv"
FOUNDING_ID = "purnawarta-rusia-as-jenewa-2022"
FOUNDING = ROOT / "data" / "articles" / f"{FOUNDING_ID}.md"
# The evaluation pack sits beside the repository, not in it; without it the corpus checks skip.
SHARED_ARTICLES = ROOT.parent / "shared" / "evalpack" / "news" / "articles.jsonl"

FIELDS = {"id", "question", "answers", "article_id", "answerable"}
KEY_PATTERN = re.compile(r"[a-z0-9]+")


def collapse(text: str) -> str:
    """Lowercase and collapse whitespace, as the evaluation pack's scoring does."""
    return " ".join(text.lower().split())


def load_questions() -> list[dict]:
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_entries(path: Path) -> list[tuple[int, list[str]]]:
    """The (line number, fields) of every line that is neither blank nor a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (number, line.split("\t"))
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#")
    ]


def load_lexicon(path: Path) -> dict[str, str]:
    return {fields[0]: fields[1] for _, fields in read_entries(path)}


def missing_answers(questions: list[dict], texts: dict[str, str]) -> list[tuple[str, str]]:
    """(id, answer) of every answer not in its article's text, among the articles in `texts`."""
    return [
        (q["id"], answer)
        for q in questions
        if q["article_id"] in texts
        for answer in q["answers"]
        if collapse(answer) not in collapse(texts[q["article_id"]])
    ]


def shared_texts(article_ids: set[str]) -> dict[str, str]:
    """Texts of the wanted articles from the shared news corpus, read line by line."""
    texts = {}
    with SHARED_ARTICLES.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in article_ids:
                texts[article["id"]] = article["text"]
    return texts


def test_questions_have_the_evalpack_shape():
    questions = load_questions()
    ids = [question["id"] for question in questions]
    bad = [
        question["id"]
        for question in questions
        if set(question) != FIELDS
        or not re.fullmatch(r"chat-\d{3}", question["id"])
        or not question["question"].strip()
        or question["question"] != question["question"].strip()
        or not question["answers"]
        or not all(isinstance(answer, str) and answer.strip() for answer in question["answers"])
        or question["answerable"] is not True
    ]
    assert len(questions) >= 80
    assert len(set(ids)) == len(ids)
    assert bad == []


def test_founding_article_answers_occur_in_its_text():
    text = collapse(FOUNDING.read_text(encoding="utf-8"))
    founding = [q for q in load_questions() if q["article_id"] == FOUNDING_ID]
    missing = [(q["id"], a) for q in founding for a in q["answers"] if collapse(a) not in text]
    assert len(founding) >= 15
    assert missing == []


def test_corpus_articles_exist_and_hold_their_answers():
    if not SHARED_ARTICLES.exists():
        pytest.skip(f"shared news corpus not found at {SHARED_ARTICLES}")
    corpus = [q for q in load_questions() if q["article_id"] != FOUNDING_ID]
    wanted = {q["article_id"] for q in corpus}
    texts = shared_texts(wanted)
    unknown = sorted(wanted - set(texts))
    assert unknown == []
    assert missing_answers(corpus, texts) == []
    assert len(wanted) >= 40
    assert {article_id.split("-")[0] for article_id in wanted} == {"facqa", "indosum"}


def test_most_questions_use_chat_forms():
    keys = set(load_lexicon(SLANG)) | set(load_lexicon(ABBREVIATIONS))
    chatty = [
        q["id"] for q in load_questions() if keys & set(KEY_PATTERN.findall(q["question"].lower()))
    ]
    assert len(chatty) >= 60


@pytest.mark.parametrize("path", [SLANG, ABBREVIATIONS], ids=["slang", "abbreviations"])
def test_lexicon_lines_are_clean_mappings(path: Path):
    entries = read_entries(path)
    malformed = [
        number
        for number, fields in entries
        if len(fields) != 2
        or not KEY_PATTERN.fullmatch(fields[0])
        or not fields[1].strip()
        or fields[1] != fields[1].strip()
        or fields[0] == fields[1]
    ]
    keys = [fields[0] for _, fields in entries]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert malformed == []
    assert duplicates == []


def test_lexicons_are_large_and_do_not_overlap():
    slang = load_lexicon(SLANG)
    abbreviations = load_lexicon(ABBREVIATIONS)
    assert len(slang) >= 150
    assert len(abbreviations) >= 120
    assert sorted(set(slang) & set(abbreviations)) == []


def test_small_talk_entries_have_a_kind_and_take_no_chat_spelling():
    entries = load_lexicon(SMALLTALK)
    assert set(entries.values()) == set(SMALL_TALK_KINDS)
    assert all(1 <= len(words.split()) <= 3 for words in entries)
    assert (
        sorted(set(entries) & (set(load_lexicon(SLANG)) | set(load_lexicon(ABBREVIATIONS)))) == []
    )


def test_the_stem_list_holds_only_corrections_of_the_stemmer():
    """Each entry changes what Snowball gives (else it is dead weight), and no listed word is
    rewritten before it reaches the stemmer."""
    import Stemmer

    stem = Stemmer.Stemmer("indonesian").stemWord
    entries = read_entries(STEMS)
    stems = load_lexicon(STEMS)
    assert [
        n for n, fields in entries if len(fields) != 2 or not KEY_PATTERN.fullmatch(fields[0])
    ] == []
    assert len(stems) == len(entries)
    assert sorted(word for word, root in stems.items() if stem(word) == root) == []
    assert sorted(set(stems) & (set(load_lexicon(SLANG)) | set(load_lexicon(ABBREVIATIONS)))) == []


def test_lexicon_values_are_not_rewritten_again():
    """A value word that is itself a key would make the result depend on how often one rewrites."""
    slang = load_lexicon(SLANG)
    abbreviations = load_lexicon(ABBREVIATIONS)
    keys = set(slang) | set(abbreviations)
    values = list(slang.values()) + list(abbreviations.values())
    assert sorted({word for value in values for word in value.split() if word in keys}) == []


def test_lexicons_map_common_chat_forms():
    slang = load_lexicon(SLANG)
    abbreviations = load_lexicon(ABBREVIATIONS)
    chat = (
        "brp",
        "knp",
        "gmn",
        "dmn",
        "yg",
        "udh",
        "blm",
        "gak",
        "utk",
        "tsb",
        "thn",
        "jt",
        "ama",
        "fb",
        "sapa",
    )
    news = ("jubir", "menlu", "wamenlu", "sekjen", "dirut", "kapolri", "pemprov", "dpr", "as", "rp")
    assert {key: slang[key] for key in chat} == {
        "brp": "berapa",
        "knp": "kenapa",
        "gmn": "bagaimana",
        "dmn": "di mana",
        "yg": "yang",
        "udh": "sudah",
        "blm": "belum",
        "gak": "tidak",
        "utk": "untuk",
        "tsb": "tersebut",
        "thn": "tahun",
        "jt": "juta",
        "ama": "sama",
        "fb": "facebook",
        "sapa": "siapa",
    }
    assert {key: abbreviations[key] for key in news} == {
        "jubir": "juru bicara",
        "menlu": "menteri luar negeri",
        "wamenlu": "wakil menteri luar negeri",
        "sekjen": "sekretaris jenderal",
        "dirut": "direktur utama",
        "kapolri": "kepala kepolisian republik indonesia",
        "pemprov": "pemerintah provinsi",
        "dpr": "dewan perwakilan rakyat",
        "as": "amerika serikat",
        "rp": "rupiah",
    }


def test_lexicons_leave_out_ambiguous_forms():
    keys = set(load_lexicon(SLANG)) | set(load_lexicon(ABBREVIATIONS))
    ambiguous = {"buat", "pd", "bin", "pt", "ma", "bpk", "km", "tak", "balik", "sma", "smp"}
    ambiguous |= {"indo", "ig", "wa"}  # also Indo-Australia, Indikasi Geografis, Arabic "and"
    assert sorted(keys & ambiguous) == []


@pytest.mark.parametrize(
    "name", ["blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8"]
)
def test_the_blind_sets_hold_answerable_and_unanswerable_questions_whose_answers_occur(name):
    path = BLIND.with_name(f"{name}.jsonl")
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert all(set(q) == FIELDS and re.fullmatch(rf"{name}-\d{{3}}", q["id"]) for q in questions)
    assert len({q["id"] for q in questions}) == len(questions)
    answerable = [q for q in questions if q["answerable"]]
    assert len(answerable) >= 55 and len(questions) > len(answerable)
    assert all(q["answers"] for q in answerable)
    assert not any(q["answers"] for q in questions if not q["answerable"])
    founding = collapse(FOUNDING.read_text(encoding="utf-8"))
    texts = shared_texts({q["article_id"] for q in answerable}) if SHARED_ARTICLES.exists() else {}
    texts[FOUNDING_ID] = founding
    assert missing_answers(answerable, texts) == []


def test_the_founding_track_asks_the_read_chat_sets_about_the_founding_article_alone():
    from benchmarks.common import FOUNDING, FOUNDING_ID, TRACKS

    track = TRACKS["chat-founding"]
    questions = track.read()
    assert len(questions) >= 50 and track.articles == (FOUNDING,)
    assert {q.article_id for q in questions} == {FOUNDING_ID}
    # from every read set, none from the held-out ones
    assert {q.id.split("-")[0] for q in questions} == {"chat", "blind", "blind2", "blind3"}
    held = TRACKS["chat-founding-held"].read()
    assert held and {q.article_id for q in held} == {FOUNDING_ID}
    assert {q.id.split("-")[0] for q in held} == {"blind4", "blind5", "blind6", "blind7", "blind8"}
    # the questions about other articles, as ones it cannot answer
    off_topic = replace(TRACKS["founding-offtopic"], questions=track.questions).read()
    assert len(off_topic) > 300 and FOUNDING_ID not in {q.article_id for q in off_topic}
    assert not any(q.answerable or q.answers for q in off_topic)
