"""Pilot tests of the Reciprocity screen: keys in, widgets and the database out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input, Select, Static

from netui import clock
from netui.app import NetuiApp, make_app
from netui.db.introductions import introductions
from netui.db.ledger import log_exchange
from netui.db.models import Exchange, Introduction
from netui.db.settings import get_setting
from netui.modals.confirm import Confirm
from netui.modals.contact_picker import ContactPicker
from netui.modals.exchange_form import ExchangeForm
from netui.modals.introduction_form import IntroductionForm
from netui.screens.reciprocity import ReciprocityScreen
from netui.widgets.contact_ledger import ContactLedgerPane
from netui.widgets.introduction_table import IntroductionTable
from netui.widgets.ledger_history import LedgerHistory
from tests.ui.helpers import settle, settle_until
from tests.ui.reciprocity_data import (
    HOSTILE_NAME,
    HOSTILE_NOTE,
    RANKED,
    TODAY,
    build_reciprocity_db,
)

SIZE = (130, 32)


@pytest.fixture(autouse=True)
def _fixed_today(_pinned_clock) -> Iterator[None]:
    """The ledger's day: the data, the screen and the database all live on it."""
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def ids(tmp_path) -> dict[str, int]:
    return build_reciprocity_db(tmp_path / "netui.db")


@pytest.fixture
def app(tmp_path, ids) -> NetuiApp:
    return make_app(tmp_path / "netui.db")


async def open_screen(pilot) -> ReciprocityScreen:
    await pilot.press("3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReciprocityScreen)
    return screen


def names(screen: ReciprocityScreen, key: str) -> list[str]:
    return [row.name for row in screen.table(key).rows_shown]


async def shown(pilot, screen: ReciprocityScreen, key: str) -> list[str]:
    """Open list ``key`` (a list's table is filled when its tab is first shown)."""
    screen.show_list(key)
    await settle(pilot)
    return names(screen, key)


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def pane_text(screen: ReciprocityScreen) -> str:
    pane = screen.query_one(ContactLedgerPane)
    return "\n".join(
        static_text(pane, selector) for selector in ("#ledger-heading", "#ledger-breakdown")
    )


def history_notes(screen: ReciprocityScreen) -> list[str]:
    return [record.note for record in screen.query_one(LedgerHistory).records]


def table_lines(table) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_the_network_ranked_by_imbalance(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        assert names(screen, "ranked") == RANKED
        assert screen.table("ranked").has_focus
        status = static_text(screen, "#list-status")
        assert status == "6 contacts, the most imbalanced first"
        summary = static_text(screen, "#network-summary")
        assert "5 of 6 exchanged with" in summary
        lines = table_lines(screen.table("ranked"))
        assert "Avi Cohen" in lines[1] and "−6.6" in lines[1]
        assert "Dana Levi" in lines[2] and "+5.3" in lines[2]


async def test_breakdown_and_history_follow_the_cursor(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        assert "Avi Cohen" in pane_text(screen)
        assert "access" in pane_text(screen) and "favour" in pane_text(screen)
        assert history_notes(screen) == [
            "Got me into the CTO dinner",
            "Covered my talk slot",
            "",
        ]
        await pilot.press("down")
        await settle(pilot)
        text = pane_text(screen)
        assert "Dana Levi" in text
        assert "knowledge" in text and "introduction" in text and "access" not in text
        assert history_notes(screen)[0] == "Reviewed her pricing model"
        # The contact's own activity chart follows too.
        chart = screen.query_one("#contact-activity")
        assert "Activity with Dana Levi" in chart.render().plain


async def test_log_an_exchange_from_the_screen(app, ids):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("down", "down", "down", "down")  # Bruno Díaz, nothing yet
        await settle(pilot)
        assert "Bruno Díaz" in pane_text(screen)
        assert "no exchanges yet: press l to log one" in static_text(screen, "#history-title")
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExchangeForm)
        form.query_one("#currency", Select).value = "access"
        form.query_one("#value", Select).value = 4
        form.query_one("#note", Input).value = "Opened the board meeting"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        logged = Exchange.get(Exchange.contact == ids["bruno"])
        assert (logged.direction, logged.currency, logged.value) == ("gave", "access", 4)
        assert str(logged.date) == TODAY.isoformat()
        assert history_notes(screen) == ["Opened the board meeting"]
        # Bruno now leans to giving: he moved up the ranking and is in "investing".
        assert names(screen, "ranked").index("Bruno Díaz") < 4
        assert "Bruno Díaz" in await shown(pilot, screen, "investing")
        assert screen.table("ranked").highlighted_id == ids["bruno"]


async def test_edit_an_entry_then_undo(app, ids):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("h")
        history = screen.query_one(LedgerHistory)
        assert history.has_focus
        await pilot.press("down")  # Covered my talk slot
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExchangeForm)
        assert form.query_one("#note", Input).value == "Covered my talk slot"
        form.query_one("#value", Select).value = 1
        form.query_one("#note", Input).value = "Swapped talk slots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        entry = Exchange.get(Exchange.note == "Swapped talk slots")
        assert entry.value == 1 and entry.contact_id == ids["avi"]
        assert history.highlighted is not None and history.highlighted.id == entry.id
        assert "Swapped talk slots" in history_notes(screen)
        await pilot.press("u")
        await settle(pilot)
        entry = Exchange.get_by_id(entry.id)
        assert (entry.note, entry.value) == ("Covered my talk slot", 3)
        assert "Covered my talk slot" in history_notes(screen)


async def test_delete_an_entry_then_undo(app, ids):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_screen(pilot)
        first = screen.query_one(LedgerHistory).highlighted
        assert first is not None and first.note == "Got me into the CTO dinner"
        # d from the ranked list deletes nothing: it acts only from the history.
        count = Exchange.select().count()
        await pilot.press("d")
        await settle(pilot)
        assert Exchange.select().count() == count
        assert any("Press h to go to" in n.message for n in app._notifications)
        await pilot.press("h", "d")
        await settle(pilot)
        assert not Exchange.select().where(Exchange.id == first.id).exists()
        assert history_notes(screen) == ["Covered my talk slot", ""]
        # Avi owes less now: the balance in the list shows it.
        assert names(screen, "ranked")[0] == "Dana Levi"
        await pilot.press("ctrl+z")
        await settle(pilot)
        restored = Exchange.get_by_id(first.id)
        assert restored.note == "Got me into the CTO dinner"
        assert names(screen, "ranked") == RANKED
        assert history_notes(screen)[0] == "Got me into the CTO dinner"


async def test_give_back_first_investing_and_dormant(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        assert names(screen, "give-back") == []  # filled when first shown
        assert await shown(pilot, screen, "investing") == ["Dana Levi", "Olga Old-Friend"]
        # Bruno: never contacted, added 180 days ago, cadence 30; Olga: 211 days, 90.
        assert await shown(pilot, screen, "dormant") == ["Bruno Díaz", "Olga Old-Friend"]
        screen.show_list("ranked")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert screen.active_key == "give-back"
        assert screen.table("give-back").has_focus
        assert names(screen, "give-back") == ["Avi Cohen", HOSTILE_NAME]
        assert "2 contacts gave me more than I gave them" in static_text(screen, "#list-status")
        await pilot.press("t", "t")
        await settle(pilot)
        assert screen.active_key == "dormant"
        assert "Bruno Díaz" in pane_text(screen)
        lines = table_lines(screen.table("dormant"))
        assert "never" in lines[1] and "180d / 30d" in lines[1]
        assert "2025-12-01" in lines[2] and "211d / 90d" in lines[2]
        await pilot.press("T", "T", "T")
        await settle(pilot)
        assert screen.active_key == "ranked"


async def test_inside_and_outside_my_organisation(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        screen.show_list("inside")
        await settle(pilot)
        assert names(screen, "inside") == []
        assert "press o to set it" in static_text(screen, "#list-status")
        assert "My organisation is not set" in static_text(screen, "#hint-inside")
        await pilot.press("o")
        await settle(pilot)
        for key in " GLOBEX":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await settle(pilot)
        assert get_setting("my_organisation") == "GLOBEX"
        # Compared ignoring case and spacing: "globex " counts too.
        assert names(screen, "inside") == ["Dana Levi", "Zoë Chen 🚀"]
        assert static_text(screen, "#list-status") == "2 contacts at GLOBEX"
        assert await shown(pilot, screen, "outside") == [
            "Avi Cohen", HOSTILE_NAME, "Olga Old-Friend", "Bruno Díaz",
        ]  # fmt: skip
        assert static_text(screen, "#list-status") == "4 contacts outside GLOBEX"


async def test_a_lopsided_introduction_asks_before_it_is_made(app, ids):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_screen(pilot)
        assert "No introductions yet" in static_text(screen, "#hint-intros")
        await pilot.press("i")  # Avi is highlighted: he is the first person
        await settle(pilot)
        form = app.screen
        assert isinstance(form, IntroductionForm)
        assert form.people["a"] == (ids["avi"], "Avi Cohen")
        assert form.query_one("#pick-b").has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactPicker)
        for key in "dana":
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert form.people["b"] == (ids["dana"], "Dana Levi")
        form.query_one("#a-gains", Input).value = "A data lead for his team"
        form.query_one("#b-gains", Input).value = "Lunch"
        form.query_one("#a-value", Select).value = 5
        form.query_one("#b-value", Select).value = 1
        await pilot.pause()
        warning = static_text(form, "#intro-warning")
        assert "Avi Cohen gains far more than Dana Levi (5 against 1)" in warning
        await pilot.press("ctrl+s")
        # The form closes, a worker records it, and its message shows the list: a
        # condition, since on a loaded machine that can take more than a settle.
        await settle_until(pilot, lambda: app.screen is screen and screen.active_key == "intros")
        assert app.screen is screen
        assert screen.active_key == "intros"
        (record,) = introductions()
        assert (record.status, record.a_gains, record.b_value) == (
            "idea",
            "A data lead for his team",
            1,
        )
        assert not record.balanced
        table = screen.query_one(IntroductionTable)
        assert table.has_focus
        assert "⚠ lopsided" in table_lines(table)[1]
        assert "gains far more" in static_text(screen, "#intro-detail")
        # Asked, then made: the balance check asks first; "no" leaves it asked.
        await pilot.press("a")
        await settle(pilot)
        assert Introduction.get_by_id(record.id).status == "asked"
        await pilot.press("m")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert "gains far more" in static_text(confirm, "#confirm-message")
        await pilot.press("n")
        await settle(pilot)
        assert Introduction.get_by_id(record.id).status == "asked"
        assert not Exchange.select().where(Exchange.introduction == record.id).exists()
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert Introduction.get_by_id(record.id).status == "made"
        logged = {
            (e.contact_id, e.direction, e.currency, e.value)
            for e in Exchange.select().where(Exchange.introduction == record.id)
        }
        assert logged == {
            (ids["avi"], "gave", "introduction", 5),
            (ids["dana"], "gave", "introduction", 1),
        }
        # The ledger shows it: Avi (still the contact on the right) got an introduction.
        history = screen.query_one(LedgerHistory)
        assert any(r.introduction_id == record.id for r in history.records)
        assert "made" in table_lines(table)[1]
        # Undo takes "made" back, and the two entries with it.
        await pilot.press("u")
        await settle(pilot)
        assert Introduction.get_by_id(record.id).status == "asked"
        assert not Exchange.select().where(Exchange.introduction == record.id).exists()


async def test_a_balanced_introduction_is_made_without_asking(app, ids):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        screen.show_list("intros")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, IntroductionForm)
        assert form.people["a"] is None  # from the introductions tab, nobody is pre-filled
        form.people["a"] = (ids["zoe"], "Zoë Chen 🚀")
        form.people["b"] = (ids["olga"], "Olga Old-Friend")
        form.query_one("#a-value", Select).value = 3
        form.query_one("#b-value", Select).value = 2
        form.query_one("#status", Select).value = "made"
        await pilot.pause()
        # Balanced values, but nothing says what either gains: not "both sides gain" yet.
        assert static_text(form, "#intro-warning") == (
            "Write what each side gains: both must gain from meeting."
        )
        form.query_one("#a-gains", Input).value = "a data engineer who knows pricing"
        await pilot.pause()
        assert static_text(form, "#intro-warning") == (
            "Write what the second person gains: both must gain from meeting."
        )
        form.query_one("#b-gains", Input).value = "a first client"
        await pilot.pause()
        assert static_text(form, "#intro-warning") == "✓ Both sides gain."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        (record,) = introductions()
        assert record.status == "made"
        assert Exchange.select().where(Exchange.introduction == record.id).count() == 2


async def test_the_form_refuses_one_person_twice(app, ids):
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        form.people["b"] = (ids["avi"], "Avi Cohen")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "two different people" in static_text(form, "#intro-error")
        await pilot.press("escape")
        assert not introductions()


async def test_hostile_names_and_notes_render_literally(app, ids):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_screen(pilot)
        lines = table_lines(screen.table("ranked"))
        eve = next(line for line in lines if "Eve" in line)
        assert "[bold]Eve[/bold]" in eve
        assert "Acme ␛[31mRed" in eve
        assert "\x1b" not in "".join(lines)
        await pilot.press("down", "down")
        await settle(pilot)
        text = pane_text(screen)
        assert HOSTILE_NAME in text and "\x1b" not in text
        assert history_notes(screen) == [HOSTILE_NOTE]
        history_lines = table_lines(screen.query_one(LedgerHistory))
        assert any("[link=" in line for line in history_lines)
        assert "\x1b" not in "".join(history_lines)
        note = static_text(screen, "#entry-note")
        assert note == "Note: [link=https://evil.example]click[/link] ␛[2J"
        await pilot.press("h", "d")
        await settle(pilot)
        (message,) = [n.message for n in app._notifications if "Deleted" in n.message]
        assert message.startswith("Deleted the knowledge exchange with [bold]Eve[/bold].")
        await pilot.press("u")
        await settle(pilot)
        assert history_notes(screen) == [HOSTILE_NOTE]


async def test_an_empty_database_says_what_to_do(tmp_path):
    app = make_app(tmp_path / "empty.db")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        assert "No contacts yet" in static_text(screen, "#hint-ranked")
        assert not screen.table("ranked").display
        await pilot.press("l")
        await settle(pilot)
        assert app.screen is screen  # nobody to log with: a hint, no form


def test_every_binding_is_in_the_palette_and_remappable():
    for binding in ReciprocityScreen.BINDINGS:
        assert binding.id and binding.id.startswith("reciprocity.")
        assert binding.tooltip and binding.description


async def test_changes_made_elsewhere_show_when_coming_back(app, ids):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("1")
        await settle(pilot)
        # Another screen (or window) logs a big favour received from Olga.
        log_exchange(ids["olga"], "received", "favour", 5, on=TODAY)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen is screen
        assert "Olga Old-Friend" in await shown(pilot, screen, "give-back")


async def test_the_lists_are_in_the_command_palette(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Reciprocity: Dormant")
        await settle(pilot)  # the palette's search is a worker
        await pilot.press("enter")
        await settle(pilot)
        assert screen.active_key == "dormant"
        assert names(screen, "dormant") == ["Bruno Díaz", "Olga Old-Friend"]
