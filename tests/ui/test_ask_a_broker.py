"""Asking a broker, through Pilot: pick a broker in the brokers view, the target's
worksheet opens with the introducer set and the intro request shows, signed (my-name,
set in the palette's Settings), editable, copied, and saved to a file; the introducer
picker lists the brokers first, in the brokers ranking."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, TextArea

import netui.clipboard
from netui.app import NetuiApp, make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.history import steps
from netui.db.meetings import create_worksheet
from netui.db.models import Meeting
from netui.db.pickers import find_introducers
from netui.db.settings import get_setting
from netui.db.ties import set_tie
from netui.modals.brokers_view import BrokersView
from netui.modals.confirm import Confirm
from netui.modals.contact_picker import ContactPicker
from netui.modals.intro_request import IntroRequestDialog
from netui.modals.settings_form import SettingsForm
from netui.modals.text_prompt import TextPrompt
from netui.screens.prep import PrepScreen
from tests.ui.helpers import settle, settle_until

SIZE = (120, 40)


def request_shown(app: NetuiApp) -> bool:
    """The intro request's dialog is on top and composed (pushed is not enough: on a
    loaded machine its text box may not be there yet)."""
    screen = app.screen
    return isinstance(screen, IntroRequestDialog) and bool(screen.query(TextArea))


@pytest.fixture(autouse=True)
def no_system_clipboard(monkeypatch):
    """Tests never touch the machine's clipboard: only the terminal's (OSC 52) is used."""
    monkeypatch.setattr(netui.clipboard, "_tools", lambda: [])


def build(path: Path) -> dict[str, int]:
    open_database(path)
    try:
        ids = {
            "target": create_contact(
                ContactFields(name="Dana Levi", organisation="Helix", second_degree=True)
            ),
            "avi": create_contact(ContactFields(name="Avi Cohen", closeness=5)),
            "bea": create_contact(ContactFields(name="Bea Árpád", closeness=4)),
            "carl": create_contact(ContactFields(name="Carl Zed", closeness=2)),
            "aaron": create_contact(ContactFields(name="Aaron Able", closeness=3)),
        }
        set_tie(ids["bea"], ids["target"], 5, "worked together")  # 4 x 5 = 20
        set_tie(ids["avi"], ids["target"], 2)  # 5 x 2 = 10
        set_tie(ids["carl"], ids["target"], 4)  # 2 x 4 = 8
        meeting = create_worksheet(
            ids["target"], purpose="Learn how Helix plans to build its data team"
        )
        ids["meeting"] = meeting
    finally:
        close_database()
    return ids


@pytest.fixture
def ids(db_path) -> dict[str, int]:
    return build(db_path)


@pytest.fixture
def app(db_path, ids) -> NetuiApp:
    return make_app(db_path)


async def find(pilot, name: str) -> None:
    await pilot.press("slash", *name, "enter")
    await settle(pilot)


async def test_picking_a_broker_opens_the_worksheet_and_the_request(
    app, ids, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Sign it: the palette's Settings.
        app.action_settings()
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SettingsForm)
        form.query_one("#setting-my-name", Input).value = "Sam [i]Roe[/i]"
        form.query_one("#setting-cadence", Input).value = "never"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsForm)  # a bad cadence keeps it open
        assert "cadence is a whole number" in str(form.query_one("#setting-cadence-error").render())
        form.query_one("#setting-cadence", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_setting("my_name") == "Sam [i]Roe[/i]"

        introducer_before = Meeting.get_by_id(ids["meeting"]).introducer_id
        await find(pilot, "Dana Levi")
        await pilot.press("b")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, BrokersView)
        assert [path.name for path in view.paths] == ["Bea Árpád", "Avi Cohen", "Carl Zed"]
        await pilot.press("down", "enter")  # the second: Avi
        # Asking chains several pieces of work (the worksheet, the mode switch, its
        # list, the request): wait until the request is shown or the rounds run out.
        await settle_until(pilot, lambda: request_shown(app))
        dialog = app.screen
        assert isinstance(dialog, IntroRequestDialog)
        assert Meeting.get_by_id(ids["meeting"]).introducer_id == ids["avi"]
        text = dialog.query_one(TextArea).text
        assert text.startswith("Hi Avi,\n")
        assert (
            "Would you be willing to introduce me to Dana Levi? I would like to talk about "
            "how Helix plans to build its data team." in text
        )
        assert text.endswith("Thank you,\nSam [i]Roe[/i]")
        assert app.clipboard == text
        status = str(dialog.query_one("#intro-status").render())
        assert "select the text above" in status and "save it to a file" in status

        # Edit, copy again, save to a file.
        dialog.query_one(TextArea).insert("P.S. ", (0, 0))
        await pilot.press("f3")
        await settle(pilot)
        assert app.clipboard.startswith("P.S. Hi Avi,")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")
        await settle(pilot)
        saved = tmp_path / "intro-request-dana-levi.txt"
        assert saved.read_text().startswith("P.S. Hi Avi,")
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert "Saved to" in str(dialog.query_one("#intro-status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        assert app.screen.editor.meeting_id == ids["meeting"]
        assert "via Avi Cohen" in str(app.screen.query_one("#ws-header").render())

        # Asking replaced the worksheet's introducer: one undo step takes it back.
        assert introducer_before != ids["avi"]
        assert steps()[0].description == "ask Avi Cohen to introduce Dana Levi"
        await pilot.press("ctrl+z")  # made on Contacts: asked first
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle_until(
            pilot, lambda: Meeting.get_by_id(ids["meeting"]).introducer_id == introducer_before
        )
        assert Meeting.get_by_id(ids["meeting"]).introducer_id == introducer_before


async def test_an_unsigned_request_says_how_to_sign_it(app, ids):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await find(pilot, "Dana Levi")
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")
        await settle_until(pilot, lambda: request_shown(app))
        dialog = app.screen
        assert isinstance(dialog, IntroRequestDialog)
        assert dialog.query_one(TextArea).text.endswith("Thank you,")
        assert "Not signed yet" in str(dialog.query_one("#intro-status").render())


async def test_the_request_follows_even_when_a_plain_reload_supersedes_the_asked_one(app, ids):
    """Asking a broker while Prep is open reloads its list and then its worksheet; a
    reload that did not ask for the worksheet (resuming the screen, a change noticed in
    the database) may supersede that one: the request still follows (it once waited
    forever, one run in twenty on a loaded machine)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.switch_mode("prep")  # its worksheet on show
        await settle_until(pilot, lambda: isinstance(app.screen, PrepScreen))
        prep = app.screen
        assert isinstance(prep, PrepScreen)
        await settle_until(
            pilot,
            lambda: bool(prep.query("#worksheet")) and prep.editor.meeting_id == ids["meeting"],
        )
        assert prep.editor.meeting_id == ids["meeting"]
        # What asking Avi does: the introducer set, then the worksheet shown again.
        Meeting.update(introducer=ids["avi"]).where(Meeting.id == ids["meeting"]).execute()
        prep.show_meeting(ids["meeting"], intro_request=True)
        prep.reload_list(keep=ids["meeting"])  # supersedes the reload show_meeting made
        await settle_until(pilot, lambda: request_shown(app))
        assert isinstance(app.screen, IntroRequestDialog)


async def test_the_introducer_picker_lists_brokers_first_in_their_ranking(app, ids):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_meeting(ids["meeting"])
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ContactPicker)
        options = picker.query_one("#picker-options", OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [line.split("  ")[0] for line in shown] == [
            "Bea Árpád", "Avi Cohen", "Carl Zed", "Aaron Able", "Nobody",
        ]  # fmt: skip
        assert "knows them · score 20.0" in shown[0]
        await pilot.press(*"carl")
        await settle(pilot)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown[0].startswith("Carl Zed") and "score" in shown[0]


def test_find_introducers_on_its_own(db_path):
    ids = build(db_path)
    open_database(db_path)
    try:
        found = find_introducers(ids["target"])
        assert [c.name for c in found] == ["Bea Árpád", "Avi Cohen", "Carl Zed", "Aaron Able"]
        assert [c.name for c in find_introducers(ids["target"], "a")] == [
            "Bea Árpád", "Avi Cohen", "Carl Zed", "Aaron Able",
        ]  # fmt: skip
        assert [c.name for c in find_introducers(ids["target"], "aaron")] == ["Aaron Able"]
    finally:
        close_database()
