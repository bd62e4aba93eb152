"""The Contacts screen's filter ``f`` on a team database, through Pilot, on SQLite and
on PostgreSQL: "my network" is the member at the keyboard's (the contacts they have
a relationship, ledger entry or meeting with), so two members of the same team see
different lists, and the detail says who is not in mine."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.ledger import log_exchange
from netui.db.members import add_member, choose_member, reset
from tests.ui.helpers import settle, settle_until
from tests.ui.test_contacts_screen import detail_text, names

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

SIZE = (120, 40)


@pytest.fixture
def team(db_location):
    """Ana adds Dana and Zoë; Bea adds Rita and logs an exchange with Zoë."""
    open_database(db_location)
    try:
        add_member("Ana")
        add_member("Bea")
        choose_member("Ana")
        create_contact(ContactFields(name="Dana Levi"))
        zoe = create_contact(ContactFields(name="Zoë Åberg"))
        choose_member("Bea")
        create_contact(ContactFields(name="Rita [/] Alvarez"))
        log_exchange(zoe, "gave", "knowledge", 3)
    finally:
        reset()  # who is at the keyboard: NETUI_MEMBER again
        close_database()
    yield db_location
    reset()


async def filtered_names(db_location, member: str, monkeypatch) -> tuple[list[str], str, str]:
    """As ``member``: the list after one ``f`` (my network), its status line, and the
    detail of the first contact of everyone (Dana)."""
    monkeypatch.setenv("NETUI_MEMBER", member)
    app = make_app(db_location)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert names(app) == ["Dana Levi", "Rita [/] Alvarez", "Zoë Åberg"]
        await settle_until(pilot, lambda: "Dana Levi" in detail_text(app))
        dana = detail_text(app)
        await pilot.press("f")
        await settle_until(pilot, lambda: len(names(app)) == 2)
        shown = names(app)
        status = str(app.screen.query_one("#list-status", Static).content)
    close_database()
    return shown, status, dana


async def test_two_members_see_their_own_network(team, monkeypatch):
    shown, status, dana = await filtered_names(team, "Bea", monkeypatch)
    assert shown == ["Rita [/] Alvarez", "Zoë Åberg"]
    assert "my network (mine)" in status
    assert "1st, not in my network (the team's)" in dana
    shown, status, dana = await filtered_names(team, "Ana", monkeypatch)
    assert shown == ["Dana Levi", "Zoë Åberg"]
    assert "1st, in my network" in dana and "not in my network" not in dana
