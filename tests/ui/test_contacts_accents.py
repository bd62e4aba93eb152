"""Issue 13's reproduction: ``zoe``, ``muller`` and ``lukasz`` typed after ``/`` find
Zoë, Müller and Łukasz (and the other way round), and Hebrew, CJK and emoji are
still found as typed."""

from __future__ import annotations

import threading

import pytest

from netui.app import NetuiApp, make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Contact
from netui.db.search import current_index
from netui.widgets.contact_list import ContactList
from tests.ui.helpers import settle

PEOPLE = (
    ContactFields(name="Zoë Hartmann", organisation="DataConf", tags=("B2B SaaS",)),
    ContactFields(name="Jürgen Müller", organisation="Zürich Re"),
    ContactFields(name="Łukasz Nowak", organisation="Globex"),
    ContactFields(name="Ørjan Berg", organisation="Øresund Bank"),
    ContactFields(name="Tomás Ruiz", role="Straße-Planer"),
    ContactFields(name="Zoe Adams"),
    ContactFields(name="יעל כהן", organisation="אור ונצ'רס"),
    ContactFields(name="王芳", organisation="字节跳动"),
    ContactFields(name="Sam 👩🏽‍💻", organisation="Initech"),
)


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    path = tmp_path / "netui.db"
    open_database(path)
    for person in PEOPLE:
        create_contact(person)
    close_database()
    return make_app(path)


def names(app: NetuiApp) -> list[str]:
    return [Contact.get_by_id(i).name for i in app.screen.query_one(ContactList).contact_ids]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zoe", ["Zoe Adams", "Zoë Hartmann"]),
        ("zoë", ["Zoe Adams", "Zoë Hartmann"]),
        ("muller", ["Jürgen Müller"]),
        ("MÜLLER", ["Jürgen Müller"]),
        ("lukasz", ["Łukasz Nowak"]),
        ("tomas", ["Tomás Ruiz"]),
        ("oresund", ["Ørjan Berg"]),
        ("zurich", ["Jürgen Müller"]),
        ("strasse", ["Tomás Ruiz"]),
        ("b2b saas", ["Zoë Hartmann"]),
        ("כהן", ["יעל כהן"]),
        ("字节", ["王芳"]),
        ("👩🏽‍💻", ["Sam 👩🏽‍💻"]),
    ],
)
async def test_slash_search_folds_accents_both_ways(app, query, expected):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.screen.query_one("#search").value = query
        await settle(pilot)
        assert app.screen.query_one(ContactList).applied_query == query
        assert names(app) == expected


async def test_typed_key_by_key_and_sorted_among_their_letters(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert names(app)[:6] == [
            "Jürgen Müller", "Łukasz Nowak", "Ørjan Berg", "Sam 👩🏽‍💻", "Tomás Ruiz",
            "Zoe Adams",
        ]  # fmt: skip
        await pilot.press("slash", *"lukasz")
        await settle(pilot)
        assert names(app) == ["Łukasz Nowak"]


async def test_a_word_with_punctuation_is_found_before_and_after_its_pairs_are_built(app):
    """The app's first word with punctuation is answered from the text and starts the
    build of the pairs (:mod:`netui.core.search_pairs`) in a thread; the next ones
    are answered from them, the same."""
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"e-p")
        await settle(pilot)
        assert names(app) == ["Tomás Ruiz"]
        for thread in threading.enumerate():
            if thread.name == "search-pairs":
                thread.join(timeout=60)
        index = current_index()
        assert index is not None and index._pairs is not None
        await pilot.press("ctrl+u", *"-plan")
        await settle(pilot)
        assert app.screen.query_one(ContactList).applied_query == "-plan"
        assert names(app) == ["Tomás Ruiz"]
        for word in ("'ר", "צ'ר"):  # the Hebrew of its organisation, אור ונצ'רס
            await pilot.press("ctrl+u", *word)
            await settle(pilot)
            assert names(app) == ["יעל כהן"], word


async def test_the_next_run_answers_words_with_punctuation_from_the_stored_pairs(
    app, tmp_path, monkeypatch
):
    """Pairs built in one run are kept in the file (schema 11, a big network's: every
    network here); the next run on the unchanged file is given them as it opens and
    answers from them, with no build of its own."""
    from netui.db import search

    monkeypatch.setattr(search, "SNAPSHOT_FROM", 0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"e-p")
        await settle(pilot)
        for thread in threading.enumerate():
            if thread.name == "search-pairs":
                thread.join(timeout=60)
        search.search_engine().wait_for_snapshot()
    again = make_app(tmp_path / "netui.db")
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        for thread in threading.enumerate():
            if thread.name == "search-warm":
                thread.join(timeout=60)
        await pilot.press("slash", *"e-p")
        await settle(pilot)
        assert names(again) == ["Tomás Ruiz"]
        index = current_index()
        assert index is not None and index._pairs is not None
        assert not index._pairs_started
        for word, found in (("'ר", ["יעל כהן"]), ("-plan", ["Tomás Ruiz"]), ("e-q", [])):
            await pilot.press("ctrl+u", *word)
            await settle(pilot)
            assert again.screen.query_one(ContactList).applied_query == word
            assert names(again) == found, word
        assert not index._pairs_started
