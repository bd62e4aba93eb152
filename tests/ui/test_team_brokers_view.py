"""The brokers dialog on a team database, through Pilot: t switches between my
brokers and the whole team's routes (each member's, and members who know the
target); on a one-member file there is no such key and the dialog is as it was."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from netui.app import make_app
from netui.core.brokers import BROKER, KNOWS
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, write_relationship
from netui.db.members import add_member, choose_member, reset
from netui.db.ties import set_tie
from netui.modals.brokers_view import BrokersView
from tests.ui.helpers import settle

SIZE = (120, 40)


def build(path: Path, *, team: bool) -> None:
    open_database(path)
    try:
        target = create_contact(ContactFields(name="Tal Target", second_degree=True))
        dana = create_contact(ContactFields(name="Dana Levi", closeness=5))
        avi = create_contact(ContactFields(name="Avi [/] Cohen", closeness=1))
        set_tie(dana, target, 4)
        set_tie(avi, target, 2)
        if team:
            add_member("Bob Ézra")
            choose_member("Bob Ézra")
            write_relationship(avi, {"closeness": 5})
            write_relationship(target, {"closeness": 4})
            reset()  # who is at the keyboard: NETUI_MEMBER again
    finally:
        close_database()


async def open_brokers(pilot) -> BrokersView:
    await settle(pilot)
    await pilot.press("slash", *"Tal", "enter")
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    view = pilot.app.screen
    assert isinstance(view, BrokersView)
    return view


def shown(view: BrokersView) -> list[str]:
    options = view.query_one("#brokers-table", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_t_switches_to_the_teams_routes_and_back(db_path, monkeypatch):
    build(db_path, team=True)
    monkeypatch.setenv("NETUI_MEMBER", "me")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_brokers(pilot)
        assert [p.name for p in view.paths] == ["Dana Levi", "Avi [/] Cohen"]
        assert view.team is not None
        assert [(p.member, p.name, p.kind) for p in view.team] == [
            ("Bob Ézra", "Tal Target", KNOWS),
            ("me", "Tal Target", KNOWS),  # I added Tal myself
            ("me", "Dana Levi", BROKER),
            ("Bob Ézra", "Avi [/] Cohen", BROKER),
            ("me", "Avi [/] Cohen", BROKER),
        ]
        assert shown(view) == ["broker-1", "broker-2"]

        await pilot.press("t")
        await settle(pilot)
        assert view.showing_team
        assert shown(view) == ["team-1", "team-2", "team-3", "team-4", "team-5"]
        title = str(view.query_one("#brokers-title", Static).render())
        assert title.startswith("Who among us can introduce us to Tal Target")
        row = view.query_one("#brokers-table", OptionList).get_option_at_index(3).prompt
        assert "Avi [/] Cohen" in "".join(
            segment.text for segment in app.console.render(row, app.console.options)
        )

        await pilot.press("t")
        await settle(pilot)
        assert not view.showing_team
        assert shown(view) == ["broker-1", "broker-2"]
        title = str(view.query_one("#brokers-title", Static).render())
        assert title.startswith("Who can introduce me to Tal Target")


async def test_one_member_file_has_no_team_view(db_path):
    build(db_path, team=False)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_brokers(pilot)
        assert view.team is None
        assert view.check_action("toggle_team", ()) is False
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, BrokersView) and not view.showing_team
        assert shown(view) == ["broker-1", "broker-2"]
