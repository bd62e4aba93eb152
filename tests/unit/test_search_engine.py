"""One search index per version of the data, shared by every search, on a real file."""

from __future__ import annotations

import threading

import pytest

from netui.db.contact_order import ordered_contact_ids
from netui.db.contacts import (
    ContactFields,
    Scope,
    SortKey,
    create_contact,
    set_archived,
    update_contact,
)
from netui.db.models import database
from netui.db.search import list_contact_ids, search_contacts, search_engine
from tests.postgres_server import raw_connect

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def add(name: str, **fields) -> int:
    return create_contact(ContactFields(name=name, **fields))


def test_built_once_and_rebuilt_only_when_the_data_changed(db):
    dana = add("Dana Levi", organisation="Globex")
    engine = search_engine()
    assert list_contact_ids("globex") == [dana]
    assert list_contact_ids("dana") == [dana]
    assert list_contact_ids("") == [dana]
    assert engine.builds == 1
    avi = add("Avi Cohen", organisation="Globex")
    assert list_contact_ids("globex") == [avi, dana]
    assert engine.builds == 2
    update_contact(avi, ContactFields(name="Avi Cohen", organisation="Initech"))
    assert list_contact_ids("globex") == [dana]
    assert list_contact_ids("initech") == [avi]
    assert engine.builds == 3


def test_concurrent_searches_share_one_build(db, db_path):
    for n in range(300):
        add(f"Person {n:03}", organisation="Globex" if n % 3 else "Initech")
    engine = search_engine()
    assert engine.builds == 0
    results: dict[int, list[int]] = {}
    start = threading.Barrier(6)

    def search(n: int) -> None:
        start.wait()
        with database.connection_context():
            results[n] = list(search_contacts("initech"))

    threads = [threading.Thread(target=search, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert engine.builds == 1
    assert len({tuple(found) for found in results.values()}) == 1
    assert len(results[0]) == 100


def test_a_commit_by_another_connection_is_seen(db, db_location):
    dana = add("Dana Levi", organisation="Globex")
    assert list_contact_ids("northwind") == []
    other = raw_connect(db_location)  # another window, the command line, psql
    try:
        other.execute("UPDATE contact SET search_text = 'dana levi\nnorthwind'")
    finally:
        other.close()
    assert list_contact_ids("northwind") == [dana]


def test_scopes_and_sorts_are_those_of_the_list(db):
    people = {
        "Zoë Adler": dict(organisation="Beta", role="cto"),
        "Avi Berg": dict(organisation="alpha", role="cfo", second_degree=True),
        "Émile Cohen": dict(organisation="", role="cto"),
        "Bruno Díaz": dict(organisation="Gamma", role="advisor"),
    }
    ids = {name: add(name, **fields) for name, fields in people.items()}
    set_archived(ids["Bruno Díaz"], True)
    for sort in SortKey:
        for descending in (False, True):
            for scope in Scope:
                expected = ordered_contact_ids(sort, descending, scope)
                assert list_contact_ids("", sort, descending, scope) == expected, (sort, scope)
                ctos = [i for i in expected if i in (ids["Zoë Adler"], ids["Émile Cohen"])]
                assert list_contact_ids("cto", sort, descending, scope) == ctos


def test_each_text_stays_with_its_contact_in_list_order(db):
    """The index is read in list order (on a server, in one sorted query): names
    that sort the same keep the order of their ids, and every text, archived flag
    and second-degree flag stays with its own contact."""
    first_dana = add("Dana Levi", organisation="Initech")
    gone = add("Adam Archived", organisation="Umbrella")
    second_dana = add("dana levi", organisation="Globex")
    far = add("Bea Far", organisation="Hooli", second_degree=True)
    set_archived(gone, True)
    assert list_contact_ids("") == [far, first_dana, second_dana]
    assert list_contact_ids("globex") == [second_dana]
    assert list_contact_ids("initech") == [first_dana]
    assert list_contact_ids("hooli", scope=Scope.SECOND_DEGREE) == [far]
    assert list_contact_ids("hooli", scope=Scope.NETWORK) == []
    assert list_contact_ids("umbrella", scope=Scope.ARCHIVED) == [gone]
    assert list_contact_ids("umbrella") == []
