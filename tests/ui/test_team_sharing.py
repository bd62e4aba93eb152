"""Sharing with the team and private notes, through Pilot, on an SQLite file with two
members (the app shows a team's keys whenever the database has more than one): s on
the ledger and goals, f4 on a worksheet, or the palette, marks my row shared (◆ in
the row), again makes it mine alone, u takes it back; p writes my private notes
about a contact. On a one-member file none of these keys or markers shows."""

from __future__ import annotations

from pathlib import Path

from textual.css.query import NoMatches

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.goals import GoalFields, create_goal
from netui.db.ledger import log_exchange
from netui.db.meetings import create_worksheet
from netui.db.members import add_member, reset
from netui.db.models import Exchange, Goal, Meeting, PrivateNote
from netui.modals.private_notes_form import PrivateNotesForm
from netui.screens.bank import BankScreen
from netui.screens.prep import PrepScreen
from netui.screens.reciprocity import ReciprocityScreen
from netui.widgets.contact_detail import ContactDetailPane
from tests.ui.helpers import palette_titles, settle, settle_until

SIZE = (120, 40)
SHARE = "Share with the team / make private"


def build(path: Path, *, team: bool) -> dict[str, int]:
    open_database(path)
    try:
        dana = create_contact(ContactFields(name="Dana [/] Lévi", organisation="Globex"))
        ids = {
            "dana": dana,
            "entry": log_exchange(dana, "gave", "knowledge", 3, note="a deck 🎉"),
            "meeting": create_worksheet(dana, purpose="Coffee about the round"),
            "goal": create_goal(GoalFields(title="Raise a seed round")),
        }
        if team:
            add_member("Bea")
    finally:
        close_database()
        reset()
    return ids


def shared(model, row_id: int) -> bool:
    return bool(model.get_by_id(row_id).shared)


async def test_s_shares_my_ledger_entry_marks_it_and_undo_takes_it_back(db_path, monkeypatch):
    ids = build(db_path, team=True)
    monkeypatch.setenv("NETUI_MEMBER", "me")
    app = make_app(db_path)
    assert app.team
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReciprocityScreen)
        await pilot.press("h")  # the highlighted contact's history
        await settle_until(pilot, lambda: screen.history.highlighted is not None)
        assert SHARE in await palette_titles(app, "Share")
        await pilot.press("s")
        await settle_until(pilot, lambda: shared(Exchange, ids["entry"]))
        assert shared(Exchange, ids["entry"])
        await settle_until(pilot, lambda: screen.history.records[0].shared)
        row = screen.history.get_row_at(0)
        assert any("◆" in str(cell) for cell in row)
        await pilot.press("s")  # and back: mine alone
        await settle_until(pilot, lambda: not shared(Exchange, ids["entry"]))
        assert not shared(Exchange, ids["entry"])
        await pilot.press("s")
        await settle_until(pilot, lambda: shared(Exchange, ids["entry"]))
        await pilot.press("u")
        await settle_until(pilot, lambda: not shared(Exchange, ids["entry"]))
        assert not shared(Exchange, ids["entry"])


async def test_s_shares_my_goal_and_f4_my_worksheet(db_path, monkeypatch):
    ids = build(db_path, team=True)
    monkeypatch.setenv("NETUI_MEMBER", "me")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        bank = app.screen
        assert isinstance(bank, BankScreen)
        bank.reload(select=("goal", ids["goal"]))
        await settle_until(pilot, lambda: bank.selection == ("goal", ids["goal"]))
        await pilot.press("s")
        await settle_until(pilot, lambda: shared(Goal, ids["goal"]))
        assert shared(Goal, ids["goal"])
        await settle_until(pilot, lambda: bank.goals[ids["goal"]].shared)
        assert "◆ shared" in str(bank.goals_list.get_option_at_index(0).prompt)

        app.open_meeting(ids["meeting"])

        def on_the_worksheet() -> bool:
            try:
                screen = app.screen
                return isinstance(screen, PrepScreen) and screen.editor.meeting_id == ids["meeting"]
            except NoMatches:  # not composed yet
                return False

        await settle_until(pilot, on_the_worksheet)
        prep = app.screen
        assert isinstance(prep, PrepScreen)
        assert prep.editor.meeting_id == ids["meeting"]
        await pilot.press("f4")
        await settle_until(pilot, lambda: shared(Meeting, ids["meeting"]))
        assert shared(Meeting, ids["meeting"])
        await settle_until(pilot, lambda: prep.meeting_list.rows[ids["meeting"]].shared)
        option = prep.meeting_list.get_option(f"meeting-{ids['meeting']}")
        assert "◆ shared" in str(option.prompt)


async def test_p_writes_my_private_notes_about_a_contact(db_path, monkeypatch):
    ids = build(db_path, team=True)
    monkeypatch.setenv("NETUI_MEMBER", "me")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle_until(pilot, lambda: isinstance(app.screen, PrivateNotesForm))
        form = app.screen
        assert isinstance(form, PrivateNotesForm)
        await pilot.press(*"owes me [b]one[/b]")
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: PrivateNote.select().count() == 1)
        note = PrivateNote.get()
        assert (note.contact_id, note.text) == (ids["dana"], "owes me [b]one[/b]")

        def body() -> str:
            return app.screen.query_one(ContactDetailPane).text.plain

        await settle_until(pilot, lambda: "owes me [b]one[/b]" in body())
        assert "owes me [b]one[/b]" in body()
        assert "My private notes (only I read them)" in body()


async def test_on_one_members_file_there_is_nothing_to_share(db_path, monkeypatch):
    ids = build(db_path, team=False)
    app = make_app(db_path)
    assert not app.team
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actions = {binding.action for _, binding, _, _ in app.screen.active_bindings.values()}
        assert "private_notes" not in actions
        await pilot.press("p")
        await settle(pilot)
        assert not isinstance(app.screen, PrivateNotesForm)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        await pilot.press("h")
        await settle_until(pilot, lambda: screen.history.highlighted is not None)
        actions = {binding.action for _, binding, _, _ in screen.active_bindings.values()}
        assert "toggle_shared" not in actions
        assert SHARE not in await palette_titles(app, "Share")
        await pilot.press("s")
        await settle(pilot)
        assert not shared(Exchange, ids["entry"])
