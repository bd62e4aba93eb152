"""The search index kept in the database file (:mod:`netui.db.search_snapshots`), on
real SQLite files: a second engine on an unchanged file loads the index instead of
building it; any change to the contacts' searchable data, from any connection,
makes the stored one stale; a damaged one is built again, never an error; a
read-only file is read, never written."""

from __future__ import annotations

import shutil
import sqlite3
import struct
import threading
import zlib
from pathlib import Path

import pytest

from netui.core import search_snapshot
from netui.core.importers import ContactRecord, ParsedFile
from netui.core.search_snapshot import HEADER, MAGIC, load
from netui.db import search
from netui.db.connection import close_database, open_database
from netui.db.contact_order import ordered_contact_ids
from netui.db.contacts import (
    ContactFields,
    Scope,
    SortKey,
    create_contact,
    get_contact,
    set_archived,
)
from netui.db.ledger import log_exchange
from netui.db.meetings import create_worksheet
from netui.db.members import add_member, choose_member
from netui.db.search import close_search, list_contact_ids, search_engine
from netui.db.search_snapshots import write_pairs, write_snapshot

PEOPLE = {
    "Dana Levi": dict(organisation="Globex", role="Head of data"),
    "Zoë Åberg": dict(organisation="Initech", email="zoe@example.org"),
    "Sean O'Brien": dict(organisation="Globex", notes="c++ and rust"),
    "יעל כהן": dict(organisation="אור"),
    "Rita [/] Alvarez": dict(organisation="Hooli", second_degree=True),
    "Emoji 🎉 Party": dict(role="planner"),
}
QUERIES = ["", "globex", "zoe", "o'b", "c++", "אור", "🎉", "[/]", "a", "nobody"]


@pytest.fixture(autouse=True)
def every_index_is_stored(monkeypatch):
    """Tests' networks are small: store every index built, and forget the engine
    between tests (the next file gets its own)."""
    monkeypatch.setattr(search, "SNAPSHOT_FROM", 0)
    yield
    engine = search._engine
    close_search()
    if engine is not None:
        engine.wait_for_snapshot()  # one being written (a later one is dropped)


@pytest.fixture
def people(db) -> dict[str, int]:
    return {
        name: create_contact(ContactFields(name=name, **fields)) for name, fields in PEOPLE.items()
    }


def answers() -> dict[tuple[str, Scope], list[int]]:
    return {
        (query, scope): list_contact_ids(query, scope=scope) for query in QUERIES for scope in Scope
    }


def stored(path: Path) -> tuple[int, int | None, bytes | None]:
    """The counter and the stored snapshot's counter and bytes, read as another program would."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (counter,) = connection.execute("SELECT counter FROM search_version").fetchone()
        row = connection.execute("SELECT counter, data FROM search_snapshot").fetchone()
    finally:
        connection.close()
    return (counter, *(row or (None, None)))


def built_and_stored() -> dict[tuple[str, Scope], list[int]]:
    """The answers of a first engine, which builds the index and stores it."""
    engine = search_engine()
    engine.index()
    engine.wait_for_snapshot()
    assert engine.builds == 1
    # (On a team's file the write is a commit like any other: the index is then
    # loaded again, not built.)
    found = answers()
    assert engine.builds == 1
    return found


def a_new_engine() -> search.SearchEngine:
    """The engine of the next run of netui on the same file."""
    close_search()
    return search_engine()


def write(path: Path, sql: str, params: tuple = ()) -> None:
    """A change by another program (another window, the command line, sqlite3)."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(sql, params)
    finally:
        connection.close()


def test_a_second_engine_loads_what_the_first_built(people, db_path):
    first = built_and_stored()
    counter, at, data = stored(db_path)
    assert at == counter and data is not None and load(data) is not None
    engine = a_new_engine()
    assert answers() == first
    assert engine.builds == 0 and engine.loads == 1
    # Other orders read from the database still agree with the list's.
    for sort in SortKey:
        assert list_contact_ids("", sort) == ordered_contact_ids(sort, False, Scope.EVERYONE)


def test_a_snapshot_is_not_written_again_by_a_load(people, db_path):
    built_and_stored()
    before = stored(db_path)
    engine = a_new_engine()
    answers()
    engine.wait_for_snapshot()
    assert engine.loads == 1 and stored(db_path) == before


def damaged_versions(data: bytes) -> dict[str, bytes]:
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x10
    fields = list(HEADER.unpack_from(data))
    fields[3] = 2**40  # the number of contacts
    payload = data[HEADER.size :]
    fields[2] = zlib.crc32(payload)
    return {
        "a flipped byte": bytes(flipped),
        "cut short": data[: len(data) // 3],
        "another magic": b"NOTNETUI" + data[len(MAGIC) :],
        "absurd lengths": HEADER.pack(*fields) + payload,
        "empty": b"",
        "text": "text",  # type: ignore[dict-item]
        "a number": 42,  # type: ignore[dict-item]
        "a real": 4.2,  # type: ignore[dict-item]
    }


@pytest.mark.parametrize("damage", list(damaged_versions(b"x" * 200)))
def test_a_damaged_snapshot_is_built_again(people, db_path, damage):
    first = built_and_stored()
    counter, _, data = stored(db_path)
    assert data is not None
    write(db_path, "UPDATE search_snapshot SET data = ?", (damaged_versions(data)[damage],))
    engine = a_new_engine()
    assert answers() == first
    assert engine.builds == 1 and engine.loads == 0
    # The build stored a whole one again, which the next run loads.
    engine.wait_for_snapshot()
    assert stored(db_path)[:2] == (counter, counter)
    engine = a_new_engine()
    assert answers() == first and engine.loads == 1 and engine.builds == 0


def test_a_change_by_another_program_makes_the_snapshot_stale(people, db_path):
    built_and_stored()
    engine = a_new_engine()
    assert list_contact_ids("northwind") == []
    assert engine.loads == 1
    dana = people["Dana Levi"]
    write(db_path, "UPDATE contact SET search_text = 'dana levi northwind' WHERE id = ?", (dana,))
    assert list_contact_ids("northwind") == [dana]
    assert engine.builds == 1
    write(db_path, "UPDATE contact SET archived = 1 WHERE id = ?", (dana,))
    assert list_contact_ids("northwind") == []
    assert list_contact_ids("northwind", scope=Scope.ARCHIVED) == [dana]
    assert engine.builds == 2
    write(db_path, "UPDATE contact SET second_degree = 1 WHERE id = ?", (people["Zoë Åberg"],))
    assert people["Zoë Åberg"] in list_contact_ids("", scope=Scope.SECOND_DEGREE)
    write(db_path, "DELETE FROM contact WHERE id = ?", (people["Sean O'Brien"],))
    assert list_contact_ids("o'b") == []
    assert engine.builds == 4
    # A new run does not load the snapshot stored before all that.
    engine.wait_for_snapshot()
    engine = a_new_engine()
    assert list_contact_ids("o'b") == [] and list_contact_ids("northwind") == []
    assert engine.builds + engine.loads == 1


def test_this_runs_own_edits_are_seen(people):
    built_and_stored()
    engine = a_new_engine()
    assert list_contact_ids("hooli") == [people["Rita [/] Alvarez"]]
    set_archived(people["Rita [/] Alvarez"], True)
    assert list_contact_ids("hooli") == []
    added = create_contact(ContactFields(name="Ada Hooli"))
    assert list_contact_ids("hooli") == [added]
    assert engine.loads == 1 and engine.builds == 2


def test_a_meeting_or_an_exchange_does_not_rebuild_the_index(people):
    built_and_stored()
    engine = a_new_engine()
    answers()
    assert (engine.builds, engine.loads) == (0, 1)
    create_worksheet(people["Zoë Åberg"], purpose="ask about Helix")
    log_exchange(people["Dana Levi"], "gave", "knowledge", 3)
    assert list_contact_ids("globex") == [people["Dana Levi"], people["Sean O'Brien"]]
    assert (engine.builds, engine.loads) == (0, 1)
    # Orders reading the ledger follow it all the same.
    for sort in (SortKey.LAST_CONTACT, SortKey.METER):
        for descending in (False, True):
            expected = ordered_contact_ids(sort, descending, Scope.EVERYONE)
            assert list_contact_ids("", sort, descending) == expected
    log_exchange(people["Zoë Åberg"], "received", "access", 5)
    for sort in (SortKey.LAST_CONTACT, SortKey.METER):
        expected = ordered_contact_ids(sort, True, Scope.EVERYONE)
        assert list_contact_ids("", sort, True) == expected
    assert (engine.builds, engine.loads) == (0, 1)


def test_a_read_only_open_loads_but_never_writes(db, db_path, people):
    close_database()
    open_database(db_path, readonly=True)
    engine = search_engine()
    assert engine.uri
    first = answers()
    engine.wait_for_snapshot()
    assert engine.builds == 1
    assert stored(db_path)[1:] == (None, None)  # nothing written
    close_search()
    close_database()
    open_database(db_path)
    built_and_stored()
    close_search()
    close_database()
    open_database(db_path, readonly=True)
    engine = search_engine()
    assert answers() == first
    assert (engine.builds, engine.loads) == (0, 1)


@pytest.mark.parametrize(
    ("write_row", "table"), [(write_snapshot, "search_snapshot"), (write_pairs, "search_pairs")]
)
def test_a_busy_file_or_a_stale_counter_is_not_written(people, db_path, write_row, table):
    def row() -> tuple[int, bytes] | None:
        connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return connection.execute(f"SELECT counter, data FROM {table}").fetchone()
        finally:
            connection.close()

    counter = stored(db_path)[0]
    blocker = sqlite3.connect(db_path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        assert write_row(str(db_path), counter, b"snapshot") is False
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert write_row(str(db_path), counter - 1, b"snapshot") is False
    assert row() is None
    assert write_row(str(db_path), counter, b"snapshot") is True
    assert row() == (counter, b"snapshot")
    assert write_row(str(db_path / "missing"), counter, b"x") is False


def test_an_import_sets_the_triggers_aside_and_counts_once(people, db_path, monkeypatch):
    from netui.db.importing import import_records, records

    monkeypatch.setattr(records, "ASIDE_FROM", 10)
    built_and_stored()
    triggers = trigger_names(db_path)
    assert len(triggers) == 3
    counter = stored(db_path)[0]
    rows = tuple(
        ContactRecord(where=f"row {n}", name=f"Imported {n}", organisation="Northwind")
        for n in range(5_000)
    )
    import_records("linkedin", ParsedFile(rows))
    assert trigger_names(db_path) == triggers
    # Counted once the triggers were set aside (after the first slice), not per row.
    assert counter < stored(db_path)[0] < counter + 5_000
    engine = a_new_engine()
    assert len(list_contact_ids("northwind")) == 5_000
    assert engine.builds == 1


def trigger_names(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def test_a_schema_9_file_gets_the_counter_and_its_triggers(tmp_path):
    path = tmp_path / "v9.db"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "netui-v9.db", path)
    before = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        contacts = before.execute("SELECT * FROM contact ORDER BY id").fetchall()
    finally:
        before.close()
    open_database(path)
    try:
        assert trigger_names(path) == [
            "contact_search_deleted",
            "contact_search_inserted",
            "contact_search_updated",
        ]
        assert stored(path) == (0, None, None)
        from netui.db.models import database

        assert database.execute_sql("SELECT * FROM contact ORDER BY id").fetchall() == contacts
        first = contacts[0][0]
        name = get_contact(first).fields.name
        write(path, "UPDATE contact SET notes = 'not indexed alone' WHERE id = ?", (first,))
        assert stored(path)[0] == 0  # a column the index does not read
        write(path, "UPDATE contact SET search_text = 'x' WHERE id = ?", (first,))
        assert stored(path)[0] == 1
        assert name
    finally:
        close_search()
        close_database()


@pytest.fixture
def team(db):
    add_member("Ana")
    add_member("Bea")
    choose_member("Ana")
    people = {
        "dana": create_contact(ContactFields(name="Dana Levi", cadence_days=30)),
        "tal": create_contact(ContactFields(name="Tal Target", second_degree=True)),
        "zoe": create_contact(ContactFields(name="Zoë Åberg")),
    }
    choose_member("Bea")
    people["rita"] = create_contact(ContactFields(name="Rita [/] Alvarez", cadence_days=30))
    log_exchange(people["zoe"], "gave", "knowledge", 3)
    create_worksheet(people["tal"], purpose="ask about Helix")
    yield people
    choose_member(None)


def network_of(member: str) -> list[str]:
    choose_member(member)
    return [get_contact(i).fields.name for i in list_contact_ids(scope=Scope.NETWORK)]


def test_a_team_files_network_is_read_for_the_member_after_a_load(team):
    choose_member("Ana")
    built_and_stored()
    engine = a_new_engine()
    assert network_of("Ana") == ["Dana Levi", "Tal Target", "Zoë Åberg"]
    assert engine.builds == 0 and engine.loads == 1
    assert network_of("Bea") == ["Rita [/] Alvarez", "Tal Target", "Zoë Åberg"]
    assert engine.builds == 0
    # On a team's file my network reads other tables: an exchange brings Rita in.
    choose_member("Ana")
    log_exchange(team["rita"], "received", "access", 2)
    assert network_of("Ana") == ["Dana Levi", "Rita [/] Alvarez", "Tal Target", "Zoë Åberg"]
    assert engine.builds == 0


def test_the_header_is_what_the_format_says(people, db_path):
    built_and_stored()
    data = stored(db_path)[2]
    assert data is not None and data[:8] == MAGIC
    assert struct.unpack_from("<I", data, 8)[0] == 1


def test_a_snapshot_written_again_takes_the_old_ones_place(people, db_path):
    """The file grows by one snapshot, not by one per write."""
    counter = stored(db_path)[0]

    def pages() -> int:
        connection = sqlite3.connect(db_path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return connection.execute("PRAGMA page_count").fetchone()[0]
        finally:
            connection.close()

    assert write_snapshot(str(db_path), counter, bytes(200_000))
    after_one = pages()
    for fill in (1, 2, 3):
        assert write_snapshot(str(db_path), counter, bytes([fill]) * 200_000)
    assert pages() == after_one
    assert stored(db_path)[1:] == (counter, bytes([3]) * 200_000)


def test_a_file_whose_snapshot_table_is_gone_is_searched_all_the_same(people, db_path):
    first = built_and_stored()
    write(db_path, "DROP TABLE search_snapshot")
    engine = a_new_engine()
    assert answers() == first
    engine.wait_for_snapshot()  # its write gives up, saying nothing
    assert engine.builds == 1 and engine.loads == 0


def test_an_engine_stores_at_most_once_in_a_while_and_then_the_newest(people, db_path):
    """After a build that was stored, the next ones wait until SNAPSHOT_EVERY is up
    (55 MB a write at 300,000 contacts); then the newest index is stored."""
    now = [0.0]
    engine = search_engine()
    engine.timer = lambda: now[0]
    engine.index()
    engine.wait_for_snapshot()
    first = stored(db_path)
    assert first[0] == first[1]
    create_contact(ContactFields(name="Ada Northwind"))
    now[0] = search.SNAPSHOT_EVERY / 2
    assert len(list_contact_ids("northwind")) == 1
    engine.wait_for_snapshot()  # put off: not waited for, not written
    assert stored(db_path)[1] == first[1] < stored(db_path)[0]
    create_contact(ContactFields(name="Bo Northwind"))
    now[0] = search.SNAPSHOT_EVERY * 2
    assert len(list_contact_ids("northwind")) == 2
    engine.wait_for_snapshot()
    counter, at, data = stored(db_path)
    assert at == counter > first[0] and data is not None
    assert engine.builds == 3
    engine = a_new_engine()
    assert len(list_contact_ids("northwind")) == 2
    assert (engine.builds, engine.loads) == (0, 1)


def test_a_snapshot_put_off_is_dropped_when_the_engine_closes(people, db_path):
    now = [0.0]
    engine = search_engine()
    engine.timer = lambda: now[0]
    engine.index()
    engine.wait_for_snapshot()
    first = stored(db_path)
    create_contact(ContactFields(name="Ada Northwind"))
    now[0] = 1.0
    list_contact_ids("northwind")
    close_search()
    engine.wait_for_snapshot()
    assert stored(db_path)[1:] == first[1:]


def test_the_shipped_schema_10_file_loads_its_snapshot(tmp_path):
    """netui-v10.db was written with a snapshot of its index: it loads and answers as
    a build does (a later snapshot format would build instead: then say so here)."""
    path = tmp_path / "v10.db"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "netui-v10.db", path)
    open_database(path)
    try:
        engine = search_engine()
        loaded = answers()
        assert (engine.builds, engine.loads) == (0, 1)
        write(path, "DELETE FROM search_snapshot")
        engine = a_new_engine()
        assert answers() == loaded
        assert (engine.builds, engine.loads) == (1, 0)
    finally:
        close_search()
        close_database()


def test_a_snapshot_that_cannot_be_made_is_only_logged(people, db_path, monkeypatch, caplog):
    """Out of memory while making the bytes, say: the search goes on, no traceback
    from the storing thread (over the app), a line in the log."""
    import threading

    crashed = []
    monkeypatch.setattr(threading, "excepthook", crashed.append)

    def no_memory(index):
        raise MemoryError

    monkeypatch.setattr(search, "dump", no_memory)
    engine = search_engine()
    found = answers()
    engine.wait_for_snapshot()
    assert crashed == [] and stored(db_path)[1:] == (None, None)
    assert "not stored" in caplog.text
    assert answers() == found and engine.builds == 1


def test_a_search_waits_for_a_snapshot_being_loaded_rather_than_scan(people, db_path, monkeypatch):
    """A stored index loads in a fraction of a scan's time: while it loads, a search
    waits for it (and is answered by the index); before a stored one is found, and
    once it is loaded, the engine says it is not loading."""
    from netui.db.search_scan import scan_is_sooner

    built_and_stored()
    engine = a_new_engine()
    assert not engine.loading and scan_is_sooner()  # nothing built, nothing loading
    loading = threading.Event()
    let_go = threading.Event()
    real_read = search_snapshot.read

    def slow_read(source):
        loading.set()
        assert let_go.wait(10)
        return real_read(source)

    monkeypatch.setattr(search_snapshot, "read", slow_read)
    thread = threading.Thread(target=engine.index)
    thread.start()
    try:
        assert loading.wait(10)
        assert engine.loading
        assert not scan_is_sooner()  # the search waits for the load
    finally:
        let_go.set()
        thread.join(10)
    assert not engine.loading and engine.loads == 1 and engine.builds == 0


def test_a_stale_snapshot_is_never_said_to_be_loading(people, db_path):
    built_and_stored()
    write(
        db_path,
        "UPDATE contact SET name = 'Dana Levy', search_text = 'dana levy'"
        " WHERE name = 'Dana Levi'",
    )
    engine = a_new_engine()
    seen: list[bool] = []
    engine._found = lambda: seen.append(True)  # type: ignore[method-assign]
    engine.index()
    assert seen == [] and engine.builds == 1 and not engine.loading
