"""While the search index is built, SQLite answers the search the same way."""

from __future__ import annotations

import random
import threading

import pytest

from netui.db.contact_order import ordered_contact_ids
from netui.db.contacts import ContactFields, Scope, SortKey, create_contact, set_archived
from netui.db.search import current_index, list_contact_ids, search_engine, time_left
from netui.db.search_scan import scan_contacts, scan_is_sooner

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

NAMES = ["Zoë Adler", "Avi Berg", "Émile Cohen", "Bruno Díaz", "Seán O'Brien", "דנה לוי", "Ana 🎉"]
ORGS = ["Globex", "alpha", "", "Müller & Söhne", "[/] markup", "c++ shop"]
QUERIES = ["", "a", "an", "zoe", "muller", "o'b", "o'brien", "c++", "[/]", "דנה", "🎉", "qzx",
           "e co", "globex ad"]  # fmt: skip


def test_the_scan_answers_as_the_index_does_in_every_sort_and_scope(db):
    rng = random.Random(18)
    ids = []
    for n in range(60):
        name = f"{rng.choice(NAMES)} {n}"
        fields = ContactFields(
            name=name,
            organisation=rng.choice(ORGS),
            role=rng.choice(["cto", "advisor", ""]),
            second_degree=rng.random() < 0.3,
        )
        ids.append(create_contact(fields))
    for contact_id in rng.sample(ids, 8):
        set_archived(contact_id, True)
    for query in QUERIES:
        for sort in SortKey:
            for descending in (False, True):
                for scope in Scope:
                    wanted = list_contact_ids(query, sort, descending, scope)
                    found = list(scan_contacts(query, sort, descending, scope))
                    assert found == wanted, (query, sort, descending, scope)
    assert list(scan_contacts("")) == ordered_contact_ids()
    # The list's order, kept between keys, follows a change to the data.
    dana = create_contact(ContactFields(name="Dana Levi", organisation="Globex"))
    assert dana in scan_contacts("globex")
    assert list(scan_contacts("")) == ordered_contact_ids()


def test_the_index_is_asked_for_without_waiting_for_a_build(db):
    for n in range(50):
        create_contact(ContactFields(name=f"Person {n}"))
    engine = search_engine()
    engine.index()
    create_contact(ContactFields(name="Dana Levi"))  # the index is out of date now
    asked: list[object] = []
    with engine._build_lock:  # a build running in another thread
        thread = threading.Thread(target=lambda: asked.append(current_index()))
        thread.start()
        thread.join(timeout=30)
        assert engine.building
    assert asked == [None]
    assert list(scan_contacts("dana")) == list_contact_ids("dana")


@pytest.mark.sqlite_only("the app scans only on SQLite; a server's searches wait for the index")
def test_a_newer_key_stops_a_scan_inside_sqlite(db, monkeypatch):
    """A superseded scan stops while SQLite runs it (asked between its steps), and
    the connection answers the next search as before."""
    from netui.core.search import Superseded
    from netui.db import interruptible

    for n in range(40):
        create_contact(ContactFields(name=f"Anna {n}", organisation="Globex"))
    monkeypatch.setattr(interruptible, "ASK_EVERY", 10)
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2  # superseded while the statement runs, not before

    with pytest.raises(Superseded) as stopped:
        scan_contacts("globex", cancelled=cancelled)
    assert "interrupted" in str(stopped.value.__cause__)  # stopped inside SQLite
    assert len(asked) > 2
    assert list(scan_contacts("globex", cancelled=lambda: False)) == list_contact_ids("globex")
    assert list(scan_contacts("anna")) == list_contact_ids("anna")


def test_a_scan_s_matches_are_put_in_the_list_s_order_whatever_they_hold():
    """The matches come in the table's order; they are kept in the list's, and ids
    the list does not hold (another scope, or added since it was read) left out."""
    from array import array

    from netui.db.search_scan import _Order

    order = _Order(array("q", [7, 3, 9, 1]))
    assert list(order.keep(array("q", [1, 9, 7]))) == [7, 9, 1]
    assert list(order.keep(array("q", [2, 3, 4]))) == [3]  # 2 and 4: not in the list
    assert list(order.keep(array("q", [12, 1]))) == [1]  # 12: beyond every id read
    assert list(order.keep(array("q"))) == []
    assert list(_Order(array("q")).keep(array("q", [5]))) == []


def test_time_left_is_the_rest_of_the_work_at_the_pace_so_far():
    assert time_left(1.0, 0.5) == pytest.approx(1.0)
    assert time_left(3.0, 0.75) == pytest.approx(1.0)
    assert time_left(2.0, 1.0) == 0.0
    assert time_left(0.5, 0.01) is None  # too early to tell


@pytest.mark.sqlite_only("the app scans only on SQLite; a server's searches wait for the index")
def test_a_key_near_the_end_of_a_build_waits_for_it_one_early_on_scans(db):
    """A build says how far it is; while it runs, a search scans unless the build
    will be done before a scan would be (the last scan's time against the build's
    time left)."""
    for n in range(300):
        create_contact(ContactFields(name=f"Person {n}", organisation="Globex"))
    engine = search_engine()
    now = [100.0]
    engine.timer = lambda: now[0]  # seconds, as the test says
    told: list[float] = []
    halfway, go_on = threading.Event(), threading.Event()
    report = engine._told

    def progress(done: float) -> None:
        told.append(done)
        report(done)
        if done >= 0.5 and not halfway.is_set():
            halfway.set()
            go_on.wait(timeout=30)  # the build stands still here while the test looks

    engine._told = progress  # type: ignore[method-assign]
    builder = threading.Thread(target=engine.index)
    builder.start()
    try:
        assert halfway.wait(timeout=30)
        assert engine.building
        now[0] += 2.0  # half the build in two seconds: two left
        assert engine.remaining() == pytest.approx(2.0 * (1 - told[-1]) / told[-1])
        assert engine.last_scan is None
        assert scan_is_sooner()  # no scan timed yet
        engine.last_scan = 0.25
        assert scan_is_sooner()  # two seconds left, a scan takes a quarter of one
        engine.last_scan = 5.0
        assert not scan_is_sooner()  # the build is done first: wait for it
    finally:
        go_on.set()
        builder.join(timeout=30)
    assert told == sorted(told) and told[-1] == 1.0
    assert engine.remaining() is None and scan_is_sooner()  # no build runs


def test_a_search_waiting_for_a_build_stops_once_a_newer_key_came(db):
    """A search that waits for the running build gives its thread back as soon as it
    is superseded, while the build goes on."""
    from netui.core.search import Superseded
    from netui.db.search import search_contacts

    for n in range(50):
        create_contact(ContactFields(name=f"Person {n}"))
    engine = search_engine()
    building, release = threading.Event(), threading.Event()
    report = engine._told

    def held(done: float) -> None:
        building.set()
        release.wait(timeout=30)
        report(done)

    engine._told = held  # type: ignore[method-assign]
    builder = threading.Thread(target=engine.index)
    builder.start()
    superseded = threading.Event()
    ended: list[str] = []

    def search() -> None:
        try:
            search_contacts("person 1", cancelled=superseded.is_set)
        except Superseded:
            ended.append("superseded")

    try:
        assert building.wait(timeout=30)
        waiting = threading.Thread(target=search)
        waiting.start()
        superseded.set()
        waiting.join(timeout=30)
        assert ended == ["superseded"]
        assert engine.building  # the build still stands: the search did not wait for it
    finally:
        release.set()
        builder.join(timeout=30)
    assert list(search_contacts("person 1")) == list_contact_ids("person 1")
