"""The pairs of the search index kept in the database file (schema 11,
:mod:`netui.db.search_snapshots`), on real SQLite files: pairs built in the
background are stored; the next run on the unchanged file answers words with
punctuation from them without building any; a change to the contacts, damaged bytes,
a missing table or a read-only file never give a wrong answer or an error."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from netui.core.search import SearchIndex, build_pairs_when_asked
from netui.core.search_pairs_snapshot import dump, load
from netui.db import search
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.search import close_search, list_contact_ids, search_engine
from tests.unit.test_search_snapshots import a_new_engine, write

PEOPLE = {
    "Anna Smith": "anna.smith@gmail.com",
    "Sean O'Brien": "sean.obrien@gmail.com",
    "Zoë Müller": "zoe.muller@gmail.co.uk",
    "Jean-Paul Sartre": "jp@ens.fr",
    "יעל כהן": "yael@כהן.il",
    "[b]Mark[/b] O'Neil-Smith": "mark@oneil.example",
    "Nobody At All": "",
}
WORDS = ["@gm", "a.", "o'", "-", ".com", "gmail.c", "anna.s", "@כ", "[b]m", "k[/", "co.u"]


@pytest.fixture(autouse=True)
def every_index_is_stored(monkeypatch):
    """Tests' networks are small: store every index and its pairs."""
    monkeypatch.setattr(search, "SNAPSHOT_FROM", 0)
    yield
    engine = search._engine
    close_search()
    if engine is not None:
        engine.wait_for_snapshot()


@pytest.fixture
def people(db) -> dict[str, int]:
    return {
        name: create_contact(ContactFields(name=name, email=email))
        for name, email in PEOPLE.items()
    }


def answers() -> dict[str, list[int]]:
    return {word: list_contact_ids(word) for word in WORDS}


def scanned(path: Path) -> dict[str, list[int]]:
    """What the answers must be: every contact whose stored text holds the word (in
    list order, as the search gives them)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT id, search_text FROM contact ORDER BY archived, sort_name, id"
        ).fetchall()
    finally:
        connection.close()
    return {word: [i for i, text in rows if word in text] for word in WORDS}


def stored_pairs(path: Path) -> tuple[int, int | None, bytes | None]:
    """The counter, and the stored pairs' counter and bytes, read as another program would."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (counter,) = connection.execute("SELECT counter FROM search_version").fetchone()
        row = connection.execute("SELECT counter, data FROM search_pairs").fetchone()
    finally:
        connection.close()
    return (counter, *(row or (None, None)))


def join(name: str) -> None:
    """Until the threads of that name (the engine's "search-warm", the index's
    "search-pairs") have ended."""
    for thread in threading.enumerate():
        if thread.name == name:
            thread.join(30)
            assert not thread.is_alive()


def ready_index() -> SearchIndex:
    """The engine's index once the pairs the file holds (if any) are given to it."""
    index = search_engine().index()
    join("search-warm")
    return index


def built_and_stored(path: Path) -> dict[str, list[int]]:
    """A first run: the index built, its pairs built in the background and stored."""
    index = ready_index()
    assert index._pairs is None  # nothing stored yet
    index.build_pairs_soon()
    join("search-pairs")
    search_engine().wait_for_snapshot()
    counter, at, data = stored_pairs(path)
    assert at == counter and data is not None and load(data, len(index)) is not None
    return answers()


def test_the_next_run_answers_from_the_stored_pairs_without_building_them(people, db_path):
    first = built_and_stored(db_path)
    assert first == scanned(db_path)
    assert first["@gm"] and first["gmail.c"] and first["k[/"]
    a_new_engine()
    index = ready_index()
    assert index._pairs is not None and not index._pairs_started
    assert answers() == first
    assert not index._checked  # none checked against the text: "@gm" and the rest exact
    # Not written again by a run that loaded them.
    before = stored_pairs(db_path)
    search_engine().wait_for_snapshot()
    assert stored_pairs(db_path) == before


def test_an_edit_makes_the_stored_pairs_stale(people, db_path):
    built_and_stored(db_path)
    write(db_path, "UPDATE contact SET search_text = search_text || ' x.y@gmail.com'")
    a_new_engine()
    index = ready_index()
    assert index._pairs is None
    assert answers() == scanned(db_path)
    # Built again at the new counter, they are stored in the old ones' place.
    index.build_pairs_soon()
    join("search-pairs")
    search_engine().wait_for_snapshot()
    counter, at, data = stored_pairs(db_path)
    assert at == counter and data is not None
    a_new_engine()
    assert ready_index()._pairs is not None
    assert answers() == scanned(db_path)


def test_this_runs_own_edit_is_answered_and_the_pairs_follow(people, db_path):
    built_and_stored(db_path)
    a_new_engine()
    assert ready_index()._pairs is not None
    added = create_contact(ContactFields(name="Ada Lovelace", email="ada@gmail.com"))
    index = ready_index()
    assert index._pairs is None
    assert added in list_contact_ids("@gm") and added in list_contact_ids("a@g")
    assert answers() == scanned(db_path)


@pytest.mark.parametrize(
    "damage",
    ["a flipped byte", "cut short", "empty", "text", "a number", "another size"],
)
def test_damaged_pairs_are_built_again_never_an_error(people, db_path, damage):
    first = built_and_stored(db_path)
    _counter, _at, data = stored_pairs(db_path)
    assert data is not None
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x10
    other = search_engine().index()
    smaller = SearchIndex.of(
        list(other.ids)[:-1], [other.text_at(n) for n in range(len(other) - 1)]
    )

    value = {
        "a flipped byte": bytes(flipped),
        "cut short": data[: len(data) // 3],
        "empty": b"",
        "text": "text",
        "a number": 42,
        "another size": dump(smaller.punctuation_pairs()),
    }[damage]
    # Written without the triggers' notice: the counter stays, as damage on disk would.
    write(db_path, "UPDATE search_pairs SET data = ?", (value,))
    a_new_engine()
    index = ready_index()
    assert index._pairs is None
    assert answers() == first
    index.build_pairs_soon()
    join("search-pairs")
    search_engine().wait_for_snapshot()
    a_new_engine()
    assert ready_index()._pairs is not None
    assert answers() == first


def test_a_read_only_open_loads_the_pairs_but_never_writes_them(people, db_path):
    first = built_and_stored(db_path)
    before = stored_pairs(db_path)
    close_search()
    close_database()
    open_database(db_path, readonly=True)
    index = ready_index()
    assert index._pairs is not None
    assert answers() == first
    close_search()
    close_database()
    # Stale ones on a read-only file: built in the background, never written.
    write(db_path, "UPDATE contact SET search_text = search_text || ' q.r' WHERE id = 1")
    open_database(db_path, readonly=True)
    index = ready_index()
    assert index._pairs is None
    index.build_pairs_soon()
    join("search-pairs")
    search_engine().wait_for_snapshot()
    assert stored_pairs(db_path)[1:] == before[1:]
    assert answers() == scanned(db_path)


def test_a_small_network_stores_no_pairs(people, db_path, monkeypatch):
    monkeypatch.setattr(search, "SNAPSHOT_FROM", len(PEOPLE) + 1)
    index = ready_index()
    index.build_pairs_soon()
    join("search-pairs")
    search_engine().wait_for_snapshot()
    assert stored_pairs(db_path)[1:] == (None, None)


def test_a_file_without_the_pairs_table_is_searched_all_the_same(people, db_path, caplog):
    caplog.set_level(logging.INFO, logger="netui")
    write(db_path, "DROP TABLE search_pairs")
    index = ready_index()
    index.build_pairs_soon()
    join("search-pairs")
    search_engine().wait_for_snapshot()
    assert answers() == scanned(db_path)
    assert "search index's pairs was not kept" in caplog.text
    a_new_engine()
    assert ready_index()._pairs is None
    assert answers() == scanned(db_path)


def test_the_shipped_schema_11_file_loads_its_index_and_pairs(tmp_path):
    """netui-v11.db was written with a snapshot of its index and of its pairs: both
    load and answer as a build does (a later format would build instead: say so here)."""
    path = tmp_path / "v11.db"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "netui-v11.db", path)
    open_database(path)
    try:
        engine = search_engine()
        index = ready_index()
        assert (engine.builds, engine.loads) == (0, 1)
        assert index._pairs is not None and not index._pairs_started
        loaded = answers()
        assert loaded == scanned(path)
        assert any(loaded.values())
    finally:
        close_search()
        close_database()


def test_the_first_word_with_punctuation_waits_for_the_stored_pairs_being_read(
    people, db_path, monkeypatch
):
    """Typed (or asked by ``netui query``) while the warming thread reads the stored
    pairs, a word with punctuation waits for that read: answered from them, never
    checked against the text, no build started."""
    from netui.core import search_pairs_snapshot

    first = built_and_stored(db_path)
    a_new_engine()
    reading, let_go = threading.Event(), threading.Event()
    real_read = search_pairs_snapshot.read

    def slow_read(source, size):
        reading.set()
        assert let_go.wait(10)
        return real_read(source, size)

    monkeypatch.setattr(search_pairs_snapshot, "read", slow_read)
    build_pairs_when_asked(True)  # as the app: a word with punctuation may start a build
    index = search_engine().index()
    assert reading.wait(10)  # the warming thread is reading them
    found: list[list[int]] = []
    asking = threading.Thread(target=lambda: found.append(list_contact_ids("@gm")))
    asking.start()
    asking.join(0.2)
    assert asking.is_alive() and not found  # waiting for the read, not checking the text
    let_go.set()
    asking.join(10)
    assert found == [first["@gm"]]
    assert index._pairs is not None and not index._pairs_started and not index._checked


def test_a_word_asked_at_once_is_answered_from_the_stored_pairs(people, db_path):
    """``netui query a.`` asks as soon as the index is there: the stored pairs are
    read by whichever thread comes first, and the word answered from them."""
    first = built_and_stored(db_path)
    a_new_engine()
    index = search_engine().index()
    assert list_contact_ids("a.") == first["a."]
    assert list_contact_ids("gmail.c") == first["gmail.c"]
    assert index._pairs is not None and not index._pairs_started
    assert b"a." not in index._checked
