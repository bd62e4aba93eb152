"""What a new user can find: ``?`` in every footer, one label per meaning, one palette
entry per command, no default key a terminal multiplexer takes, and the small
wording bugs of issue 13 (each reproduced here first)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from netui import clock
from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.goods import GoodMatches, GoodRecord
from netui.db.importing import ImportReport
from netui.db.meetings import create_worksheet, mark_done
from netui.modals.brokers_view import BrokersView
from netui.screens.bank_texts import good_head
from netui.screens.help import all_bindings
from netui.widgets.contact_detail import ContactDetailPane
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.meeting_list import MeetingList
from tests.ui.helpers import build_contacts_db, palette_titles, settle, settle_until

SMALL = (80, 24)
MODES = ("0", "1", "2", "3", "4")


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query_one(KeysFooter).query(FooterKey))


def visible_footer_labels(app) -> list[tuple[str, str]]:
    """(key shown, label) of the footer keys that are on screen, left to right."""
    footer = app.screen.query_one(KeysFooter)
    right = footer.region.right
    return [
        (key.key_display, key.description)
        for key in footer_keys(app)
        if key.region.width and key.region.right <= right
    ]


@pytest.mark.parametrize("mode", MODES)
async def test_help_is_the_first_key_of_every_footer_at_80x24(tmp_path, mode):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(mode)
        await settle_until(pilot, lambda: bool(visible_footer_labels(app)))
        assert visible_footer_labels(app)[0] == ("?", "Help")


async def test_the_footer_shows_help_as_the_user_mapped_it(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"app.help" = "f1"\n', encoding="utf-8")
    app = make_app(build_contacts_db(tmp_path / "netui.db"), config_path=config)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await settle_until(pilot, lambda: bool(visible_footer_labels(app)))
        assert visible_footer_labels(app)[0] == ("f1", "Help")


@pytest.mark.parametrize("mode", MODES)
async def test_one_label_per_meaning_in_every_footer(tmp_path, mode):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(250, 30)) as pilot:
        await settle(pilot)
        await pilot.press(mode)
        await settle_until(pilot, lambda: bool(footer_keys(app)))
        labels = [key.description for key in footer_keys(app) if key.description]
        # "w Prep" sat beside "2 Prep": one opened a worksheet, the other a screen.
        assert len(labels) == len(set(labels)), labels


async def test_w_is_labelled_worksheet_not_prep(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(250, 30)) as pilot:
        await settle(pilot)
        labels = dict(visible_footer_labels(app))
        assert labels["w"] == "Worksheet"
        assert labels["2"] == "Prep"


async def test_import_and_undo_are_each_in_the_palette_once(tmp_path):
    def imports(titles: list[str]) -> list[str]:
        # Importing a calendar is a meaning of its own, with its own command.
        return [t for t in titles if t.startswith("Import") and "calendar" not in t]

    def undos(titles: list[str]) -> list[str]:
        # So is the undo history (a list to pick from).
        return [t for t in titles if t.startswith("Undo") and "history" not in t]

    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        titles = await palette_titles(app)
        assert imports(titles) == ["Import  (i)"]
        assert undos(titles) == ["Undo  (u)"]
        assert titles.count("Import a calendar…") == 1
        await pilot.press("4")  # Bank has no import key: the app's command is there
        await settle(pilot)
        titles = await palette_titles(app)
        assert imports(titles) == ["Import contacts from a file…"]
        assert len(undos(titles)) == 1
        await pilot.press("0")  # Today's i imports a calendar: listed once, with its key
        await settle(pilot)
        titles = await palette_titles(app)
        assert [t for t in titles if "alendar" in t] == ["Calendar  (i)"]


def test_no_default_key_is_a_terminal_multiplexers_prefix():
    # ctrl+b is tmux's prefix and ctrl+a GNU screen's: under them netui never sees it.
    taken = {"ctrl+b", "ctrl+a"}
    for binding_id, found in all_bindings().items():
        for _cls, binding in found:
            keys = {key.strip() for key in binding.key.split(",")}
            assert not keys & taken, f"{binding_id or binding.action} uses {keys & taken}"


# --- wording ----------------------------------------------------------------------------


def test_a_good_that_would_interest_one_contact_says_so_in_the_singular():
    now = dt.datetime(2026, 11, 2, 9, 0)
    good = GoodRecord(1, "Pricing teardown", "expertise", "", ("pricing",), now, now)
    assert "Would interest 1 contact" in str(good_head(GoodMatches(good, 1, [])))
    assert "Would interest 1 contacts" not in str(good_head(GoodMatches(good, 1, [])))
    assert "Would interest 2 contacts" in str(good_head(GoodMatches(good, 2, [])))
    connection = GoodRecord(2, "Intro to a VC", "connection", "", ("vc",), now, now)
    assert "Would interest 1 person I could introduce to it" in str(
        good_head(GoodMatches(connection, 1, []))
    )


def test_an_import_summary_counts_in_the_singular_too():
    summary = ImportReport("vcard", added=1, ties_added=1, related_unknown=1).summary()
    assert "1 tie added" in summary and "1 related person not found" in summary
    restored = ImportReport("json", restored={"contact": 1}).summary()
    assert restored == "Restored 1 record (1 contact)."


async def test_a_one_day_cadence_reads_every_day(tmp_path):
    path = tmp_path / "netui.db"
    open_database(path)
    create_contact(ContactFields(name="Dana Levi", cadence_days=1))
    close_database()
    app = make_app(path)
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.screen.query_one(ContactDetailPane)
        await settle_until(pilot, lambda: pane.overview is not None)
        await settle(pilot)
        body = pane.text.plain
        assert "every day" in body and "every 1 days" not in body


async def test_one_match_of_one_contact_is_singular_in_the_status_line(tmp_path):
    path = tmp_path / "netui.db"
    open_database(path)
    create_contact(ContactFields(name="Dana Levi"))
    close_database()
    app = make_app(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"dana", "enter")
        await settle(pilot)
        status = str(app.screen.query_one("#list-status").content)
        assert status.startswith("1 of 1 contact matches dana")


async def test_the_empty_archived_view_says_nobody_is_archived(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for _ in range(3):  # everyone → my network → 2nd degree → archived
            await pilot.press("f")
            await settle(pilot)
        contact_list = app.screen.query_one("#contact-list")
        assert contact_list.row_count == 0
        line = contact_list.render_line(1).text
        assert "No contact matches ''" not in line
        assert "Nobody is archived" in line


async def test_brokers_credit_is_the_meter_and_the_hint_says_so(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(BrokersView("Grace Liu", []))
        await settle(pilot)
        hint = str(app.screen.query_one("#brokers-hint").content)
        # Credit was "credit 0 (even)" in a row, "+100" in the list, "0.5 to 1.5" here.
        assert "0.5 to 1.5" not in hint
        assert "my credit with them: the meter, from −100" in hint


def build_meetings_db(path: Path) -> dict[str, int]:
    """Two meetings with no date, one tomorrow marked done, one next week."""
    today = clock.today()
    open_database(path)
    dana = create_contact(ContactFields(name="Dana Levi"))
    avi = create_contact(ContactFields(name="Avi Cohen"))
    zoe = create_contact(ContactFields(name="Zoë Chen"))
    eve = create_contact(ContactFields(name="Eve Adams"))
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9, 30))
    next_week = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(12, 0))
    ids = {
        "dana": create_worksheet(dana),
        "avi": create_worksheet(avi),
        "zoe": create_worksheet(zoe, scheduled_at=tomorrow, purpose="Pricing"),
        "eve": create_worksheet(eve, scheduled_at=next_week),
    }
    mark_done(ids["zoe"], outcome="Went well, early.")
    close_database()
    return ids


def group_lines(meetings: MeetingList) -> list[str]:
    """The list as text: group headings and the prompts under them."""
    return [str(meetings.get_option_at_index(i).prompt) for i in range(meetings.option_count)]


async def test_the_meeting_list_says_not_scheduled_once_and_files_done_meetings_as_done(
    tmp_path,
):
    ids = build_meetings_db(tmp_path / "netui.db")
    app = make_app(tmp_path / "netui.db")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle_until(pilot, lambda: app.screen.query_one(MeetingList).option_count > 0)
        lines = group_lines(app.screen.query_one(MeetingList))
        text = "\n".join(lines)
        # Once, as the heading of the meetings with no date (it was on every one).
        assert text.lower().count("not scheduled") == 1
        assert lines.index("Not scheduled") < lines.index("Done or past")
        # Done the day before it was due: not upcoming any more, and filed as done.
        done_at = next(n for n, line in enumerate(lines) if "Zoë Chen" in line)
        assert done_at > lines.index("Done or past")
        assert "✓ done" in lines[done_at]
        assert "Past" not in lines  # "Done or past": a meeting for tomorrow is not past
        assert lines[0] == "Upcoming" and "Eve Adams" in lines[1]
        assert ids  # every meeting is listed
        assert sum(1 for line in lines if "/11" in line) == 4


@pytest.mark.parametrize(("size", "compact"), [(SMALL, True), ((120, 40), False)])
async def test_the_footer_keeps_its_keys_when_nothing_they_show_changed(tmp_path, size, compact):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await settle_until(pilot, lambda: bool(footer_keys(app)))
        footer = app.screen.query_one(KeysFooter)
        before = footer_keys(app)
        await footer.recompose()
        await settle(pilot)
        assert footer_keys(app) == before  # the same widgets: nothing composed again
        # Each key has the footer's compact style (the palette's key always has it).
        for key in before:
            expected = compact or key.has_class("-command-palette")
            assert key.has_class("-compact") is expected, key.key_display
        await pilot.resize_terminal(*((120, 40) if compact else SMALL))
        await settle_until(pilot, lambda: footer_keys(app) != before)
        assert footer.compact is not compact
