"""The library: updates are searchable at once, restarts load the stored index, nothing is lost."""

from __future__ import annotations

import threading

import pytest

from bot import library as library_module
from bot import persist, store
from bot.build import build_index
from bot.corpus import Corpus
from bot.index import Index
from bot.library import Library
from bot.models import Article
from tests.conftest import FOUNDING_ARTICLE

PALU = Article("palu", "Gempa Palu", "Gempa bumi mengguncang Kota Palu pada hari Jumat sore.")
MEDAN = Article("medan", "Banjir Medan", "Banjir merendam ratusan rumah di Medan pada Senin.")


def _first_article(library: Library, question: str) -> str | None:
    answer = library.ask(question, k=1)
    return answer.passages[0].article_id if answer.found else None


def test_an_added_article_is_searchable_at_once_and_a_removed_one_is_gone(tmp_path) -> None:
    library = Library(tmp_path / "t.db")
    library.ingest([FOUNDING_ARTICLE])
    library.add([PALU])
    assert library.collection.recent is not None  # no full rebuild for one article
    assert _first_article(library, "gempa di kota palu hari apa") == "palu"
    library.remove("palu")
    assert _first_article(library, "gempa di kota palu hari apa") is None
    assert _first_article(library, "siapa jubir kremlin") == "purnawarta-rusia-as-jenewa-2022"


def test_a_changed_article_answers_with_its_new_text_only(tmp_path) -> None:
    library = Library(tmp_path / "t.db")
    library.add([PALU, MEDAN])
    library.rebuild()
    library.add([Article("palu", "Gempa Palu", "Gempa bumi mengguncang Kota Donggala pada Sabtu.")])
    assert library.ask("gempa kota donggala", k=1).passages[0].article_id == "palu"
    old = library.ask("gempa kota palu jumat sore", k=5, threshold=False)
    assert [p.sentence for p in old.passages] == [
        "Gempa bumi mengguncang Kota Donggala pada Sabtu."
    ]


def test_a_restart_loads_the_stored_index_and_answers_the_same(tmp_path) -> None:
    first = Library(tmp_path / "t.db")
    first.add([PALU, MEDAN])
    first.ingest([FOUNDING_ARTICLE])
    first.rebuild()
    before = first.ask("siapa jubir kremlin", k=3)
    first.close()
    again = Library(tmp_path / "t.db")
    assert isinstance(again.collection.main.corpus.texts, persist.Texts)  # loaded, not rebuilt
    assert again.collection.recent is None
    assert again.ask("siapa jubir kremlin", k=3) == before


def test_a_stored_index_behind_the_database_is_brought_up_to_date(tmp_path) -> None:
    first = Library(tmp_path / "t.db")
    first.add([PALU])
    first.rebuild()
    first.close()
    # Another process changes the database while the bot is down.
    db = store.open_db(tmp_path / "t.db")
    store.remove_article(db, "palu")
    db.conn.close()
    again = Library(tmp_path / "t.db", create=False)
    again.add([MEDAN])
    assert _first_article(again, "gempa di kota palu") is None
    assert _first_article(again, "banjir di medan") == "medan"


@pytest.mark.parametrize("stale", [0, persist.FORMAT - 1], ids=["other", "previous"])
def test_an_index_stored_in_another_format_is_rebuilt_and_stored_anew(tmp_path, stale) -> None:
    first = Library(tmp_path / "t.db")
    first.add([PALU, MEDAN])
    first.rebuild()
    first.close()
    meta = tmp_path / "t.db.index" / "meta.json"
    meta.write_text(meta.read_text().replace(f'"format": {persist.FORMAT}', f'"format": {stale}'))
    again = Library(tmp_path / "t.db")
    assert not isinstance(again.collection.main.corpus.texts, persist.Texts)
    assert _first_article(again, "gempa di kota palu") == "palu"
    assert _first_article(again, "banjir di medan") == "medan"
    stored = persist.load_index(tmp_path / "t.db.index", persist.parameters(again.analyzer))
    assert stored is not None  # stored anew, in the current format


def test_a_damaged_stored_index_is_rebuilt(tmp_path) -> None:
    first = Library(tmp_path / "t.db")
    first.add([PALU])
    first.rebuild()
    first.close()
    (tmp_path / "t.db.index" / "sentences.data.npy").write_bytes(b"not numpy")
    assert _first_article(Library(tmp_path / "t.db"), "gempa di kota palu") == "palu"


def test_a_big_recent_segment_is_folded_into_the_main_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(library_module, "RECENT_MIN", 1)
    library = Library(tmp_path / "t.db")
    library.add([PALU, MEDAN])
    assert library.collection.recent is None
    assert len(library.collection.main) == 2


def test_questions_are_answered_while_articles_come_and_go(tmp_path) -> None:
    library = Library(tmp_path / "t.db")
    library.ingest([FOUNDING_ARTICLE])
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                answer = library.ask("siapa jubir kremlin", k=1)
                assert answer.passages[0].article_id == "purnawarta-rusia-as-jenewa-2022"
            except BaseException as error:  # noqa: BLE001 - reported to the test below
                errors.append(error)
                return

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for thread in askers:
        thread.start()
    for n in range(9):
        library.add([Article(f"a{n}", f"Berita {n}", f"Banjir ke-{n} melanda kota nomor {n}.")])
        if n % 3 == 0:
            library.remove(f"a{n}")
    stop.set()
    for thread in askers:
        thread.join()
    assert errors == []
    assert library.count_articles() == 1 + 9 - 3


def test_a_save_cut_short_by_a_crash_leaves_nothing_behind(tmp_path) -> None:
    leftover = tmp_path / "t.db.index.tmp99999"
    leftover.mkdir()
    (leftover / "texts.bin").write_bytes(b"half")
    library = Library(tmp_path / "t.db")
    library.add([PALU])
    library.rebuild()
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "index" in p.name) == ["t.db.index"]


def test_articles_another_process_adds_are_picked_up(tmp_path) -> None:
    serving = Library(tmp_path / "t.db")
    serving.add([PALU])
    assert serving.sync() is False  # its own writes are already in its index
    other = Library(tmp_path / "t.db")  # e.g. `tanya ingest` beside the running bot
    other.add([MEDAN])
    assert _first_article(serving, "banjir di medan") is None
    assert serving.sync() is True
    assert _first_article(serving, "banjir di medan") == "medan"
    assert serving.sync() is False


def _article_weights(index: Index) -> dict[tuple[str, int], float]:
    """Every (article id, column) weight of the segment's article matrix."""
    postings, articles = index.articles, index.corpus.articles
    weights = {}
    for n, column in enumerate(postings.columns.tolist()):
        start, end = int(postings.indptr[n]), int(postings.indptr[n + 1])
        for row, weight in zip(postings.indices[start:end], postings.data[start:end], strict=True):
            weights[articles[row].id, column] = float(weight)
    return weights


def test_articles_are_weighted_the_same_whether_their_sentences_come_in_order_or_not(
    tmp_path,
) -> None:
    library = Library(tmp_path / "t.db")
    library.add([PALU, MEDAN, Article("jambi", "Kabut Jambi", "Kabut asap. Sekolah libur.")])
    library.ingest([FOUNDING_ARTICLE])
    rows = list(store.iter_sentences(library.db))
    articles = store.list_articles(library.db)
    in_order = build_index(Corpus.from_rows(rows, articles), library.analyzer)
    # Numbered backwards, the articles' sentences no longer come article by article in order.
    reversed_order = build_index(Corpus.from_rows(rows, articles[::-1]), library.analyzer)
    assert list(reversed_order.corpus.article_of) != sorted(reversed_order.corpus.article_of)
    assert _article_weights(reversed_order) == _article_weights(in_order)
    assert len(_article_weights(in_order)) > 50


def test_the_corpus_read_column_by_column_is_the_corpus_read_row_by_row(tmp_path) -> None:
    library = Library(tmp_path / "t.db")
    library.add([PALU, MEDAN])
    library.ingest([FOUNDING_ARTICLE])
    articles = store.list_articles(library.db)[1:]  # the sentences of the others are left out
    by_rows = Corpus.from_rows(store.iter_sentences(library.db), articles)
    by_columns = Corpus.from_columns(store.sentence_columns(library.db), articles)
    assert list(by_columns.texts) == list(by_rows.texts)
    for name in ("sentence_ids", "leads", "article_of", "paragraph"):
        assert getattr(by_columns, name).tolist() == getattr(by_rows, name).tolist()
    assert by_columns.articles == by_rows.articles
    assert 0 < len(by_rows) < library.stats().sentences


def test_the_words_a_collection_writes_as_names_are_those_capitalised_past_a_sentence_start(
    tmp_path,
) -> None:
    library = Library(tmp_path / "t.db")
    library.add([Article("a", "Rusia", "Kata Peskov di Moskow, Rusia.\nRusia menolak.")])
    collection = library.collection
    assert collection.writes_as_name("peskov") and collection.writes_as_name("moskow")
    assert collection.writes_as_name("rusia")  # past the start of the first sentence
    assert not collection.writes_as_name("kata")  # only a sentence's first word
    assert not collection.writes_as_name("menolak")
