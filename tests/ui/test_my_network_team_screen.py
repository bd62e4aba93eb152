"""My network on a team database, through Pilot, on SQLite and on PostgreSQL: the
brokers dialog offers each member their own brokers; ``m`` on Contacts takes the
highlighted contact out of my network (the team keeps them) and puts them back,
undone with ``u`` like every change. On one person's file ``m`` is no key at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.ledger import log_exchange
from netui.db.members import add_member, choose_member, reset
from netui.db.ties import set_tie
from netui.modals.brokers_view import BrokersView
from netui.screens.contacts import ContactsScreen
from tests.ui.helpers import settle, settle_until

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

SIZE = (120, 40)


def build(path: Path | str, *, team: bool) -> None:
    """I (me) added Tal and Dana, who knows Tal, and logged an exchange with Dana;
    Bob Ézra added Avi, who knows Tal too."""
    open_database(path)
    try:
        target = create_contact(ContactFields(name="Tal Target"))
        dana = create_contact(ContactFields(name="Dana Levi", closeness=5))
        log_exchange(dana, "received", "knowledge", 2)
        if team:
            add_member("Bob Ézra")
            choose_member("Bob Ézra")
        avi = create_contact(ContactFields(name="Avi [/] Cohen", closeness=4))
        set_tie(dana, target, 4)
        set_tie(avi, target, 2)
        reset()
    finally:
        close_database()


async def brokers_of_tal(pilot) -> list[str]:
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("slash", *"Tal", "enter")
    await settle(pilot)
    await pilot.press("b")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, BrokersView))
    view = pilot.app.screen
    assert isinstance(view, BrokersView)
    names = [path.name for path in view.paths]
    await pilot.press("escape")
    await settle(pilot)
    return names


async def test_each_member_is_offered_their_own_brokers(db_location, monkeypatch):
    build(db_location, team=True)
    for member, expected in (("me", ["Dana Levi"]), ("Bob Ézra", ["Avi [/] Cohen"])):
        monkeypatch.setenv("NETUI_MEMBER", member)
        reset()
        app = make_app(db_location)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert await brokers_of_tal(pilot) == expected
        close_database()


async def take_dana(pilot, key: str) -> None:
    """Highlight Dana in the list and press ``key``."""
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("slash", *"Dana", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ContactsScreen)
    screen.contact_list.focus()
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


async def test_m_takes_a_contact_out_of_my_network_and_u_undoes_it(db_location, monkeypatch):
    build(db_location, team=True)
    monkeypatch.setenv("NETUI_MEMBER", "me")
    app = make_app(db_location)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.screen.check_action("my_network", ()) is True
        await take_dana(pilot, "m")
        def said() -> list[str]:
            return [str(note.message) for note in app._notifications]

        await settle_until(pilot, lambda: any("out of my network" in m for m in said()))
        assert any(m.startswith("Took Dana Levi out of my network") for m in said())
        # Even with my exchange with her, she brokers for me no more.
        assert await brokers_of_tal(pilot) == []
        await take_dana(pilot, "u")
        await settle_until(pilot, lambda: any(m.startswith("Undone") for m in said()))
        assert any("take Dana Levi out of my network" in m for m in said())
        assert await brokers_of_tal(pilot) == ["Dana Levi"]
        await take_dana(pilot, "m")  # out again, and m again puts her back
        await take_dana(pilot, "m")
        assert await brokers_of_tal(pilot) == ["Dana Levi"]


@pytest.mark.sqlite_only("one person's database is an SQLite file")
async def test_one_persons_file_has_no_such_key(db_path):
    build(db_path, team=False)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.check_action("my_network", ()) is False
        await take_dana(pilot, "m")
        assert await brokers_of_tal(pilot) == ["Dana Levi", "Avi [/] Cohen"]
