"""The Today screen through Pilot: it opens when anything is due, every item can be
opened, done or snoozed, and ctrl+z takes done and snooze back. The clock is pinned to
Monday 9 March 2026, 08:00."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import OptionList

from netui import clock
from netui.app import make_app
from netui.db.continuity import contact_facts
from netui.db.models import Exchange, Meeting, Snooze, Touch
from netui.db.today import today_first_view, today_view
from netui.modals.exchange_form import ExchangeForm
from netui.modals.meeting_done import MeetingDoneForm
from netui.modals.text_prompt import TextPrompt
from netui.screens.contacts import ContactsScreen
from netui.screens.prep import PrepScreen
from netui.screens.today import DAYS_AHEAD, READING, TodayScreen
from netui.screens.today_texts import parse_until
from tests.ui.helpers import settle
from tests.ui.today_data import NOW, build_quiet_db, build_today_db

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def pinned() -> Iterator[None]:
    with clock.pinned(NOW):
        yield


@pytest.fixture
def ids(tmp_path: Path) -> dict[str, int]:
    return build_today_db(tmp_path / "netui.db")


def item_ids(app) -> list[str]:
    listing = app.screen.query_one("#today-list", OptionList)
    return [
        listing.get_option_at_index(i).id
        for i in range(listing.option_count)
        if listing.get_option_at_index(i).id
    ]


async def until(pilot, condition, rounds: int = 20) -> None:
    """Settle until ``condition()`` holds: opening a worksheet is a chain of workers (the
    worksheet made, the list read, the sheet read), longer than one settle."""
    for _ in range(rounds):
        if condition():
            return
        await settle(pilot)
    assert condition()


async def highlight(pilot, app, option_id: str) -> None:
    listing = app.screen.query_one("#today-list", OptionList)
    listing.highlighted = listing.get_option_index(option_id)
    await settle(pilot)


async def snooze_prompt(pilot, app, option_id: str) -> TextPrompt:
    """Highlight ``option_id`` and press z: the prompt for the day."""
    await highlight(pilot, app, option_id)
    await pilot.press("z")
    await settle(pilot)
    prompt = app.screen
    assert isinstance(prompt, TextPrompt)
    return prompt


async def test_the_app_opens_on_today_when_anything_is_due(ids, tmp_path):
    app = make_app(tmp_path / "netui.db", open_today=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert item_ids(app) == [
            f"meeting-{ids['lunch']}",
            f"meeting-{ids['coffee']}",
            f"overdue-{ids['Dana Levi']}",
            f"overdue-{ids['[bold]Eve[/bold] 🚀']}",
            f"follow_up-{ids['past']}",
            f"give_back-{ids['Zoë Chen']}",
        ]
        listing = app.screen.query_one("#today-list", OptionList)
        coffee = str(listing.get_option(f"meeting-{ids['coffee']}").prompt)
        assert "tomorrow 09:30   Dana Levi, Zoë Chen — Coffee with Dana ☕" in coffee
        assert "Café Einstein [Mitte] · offer: Hiring scorecard" in coffee
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("0")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_meetings_and_follow_ups_come_first_then_the_rest_in_place(ids, tmp_path):
    """The first read is the meetings and follow-ups (a few rows); the overdue people and
    the give-back list, which read every exchange, follow without moving the highlight."""
    app = make_app(tmp_path / "netui.db", open_today=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        listing = screen.query_one("#today-list", OptionList)
        first = today_first_view(DAYS_AHEAD)  # make_app opened the file on this thread
        assert not first.complete and first.overdue == () and first.give_back == ()
        full = today_view(DAYS_AHEAD)
        assert first.follow_ups == full.follow_ups
        assert [replace(m, goods=()) for m in full.meetings] == list(first.meetings)
        screen.view = None
        screen.view = first  # the list follows the screen's state
        await pilot.pause()
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert READING in prompts
        assert item_ids(app) == [
            f"meeting-{ids['lunch']}", f"meeting-{ids['coffee']}", f"follow_up-{ids['past']}",
        ]  # fmt: skip
        await highlight(pilot, app, f"meeting-{ids['coffee']}")
        screen.view = full
        await pilot.pause()
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert READING not in prompts
        assert f"give_back-{ids['Zoë Chen']}" in item_ids(app)
        assert listing.get_option_at_index(listing.highlighted).id == f"meeting-{ids['coffee']}"


async def test_the_first_read_starts_as_the_screen_is_made_and_runs_once(
    ids, tmp_path, monkeypatch
):
    """Today's first read (a few rows) starts when the screen is made, before Textual
    composes and lays it out, so that its rows are there for the first paint; its
    mount does not start a second one, and the rest is read after it."""
    events: list[str] = []
    read_first = TodayScreen._read_first
    on_mount = TodayScreen.on_mount

    def reading_first(self):
        events.append("first read")
        return read_first(self)

    def mounting(self):
        events.append("mount")
        on_mount(self)

    monkeypatch.setattr(TodayScreen, "_read_first", reading_first)
    monkeypatch.setattr(TodayScreen, "on_mount", mounting)
    app = make_app(tmp_path / "netui.db", open_today=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert events == ["first read", "mount"]
        assert f"give_back-{ids['Zoë Chen']}" in item_ids(app)  # the rest read after it
        await pilot.press("r")  # read again: the whole view, no first read
        await settle(pilot)
        assert events == ["first read", "mount"]


async def test_the_app_opens_on_contacts_when_nothing_is_due(tmp_path):
    build_quiet_db(tmp_path / "netui.db")
    app = make_app(tmp_path / "netui.db", open_today=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("0")
        await settle(pilot)
        assert item_ids(app) == []
        assert app.screen.query_one("#today-empty").display
        await pilot.press("d")  # nothing to act on: a warning, no crash
        await settle(pilot)


async def test_done_on_an_overdue_person_is_kept_in_touch_and_undone(ids, tmp_path):
    app = make_app(tmp_path / "netui.db", open_today=True)
    dana = ids["Dana Levi"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(pilot, app, f"overdue-{dana}")
        after_dana = item_ids(app)[item_ids(app).index(f"overdue-{dana}") + 1]
        await pilot.press("d")
        await settle(pilot)
        assert f"overdue-{dana}" not in item_ids(app)
        assert Touch.select().where((Touch.contact == dana) & (Touch.source == "today")).count()
        # The cursor goes on to the next item (it went back to the top), and comes
        # back to Dana with the undo.
        assert app.screen.highlighted == after_dana
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert f"overdue-{dana}" in item_ids(app)
        assert not Touch.select().where(Touch.source == "today").exists()
        assert app.screen.highlighted == f"overdue-{dana}"


async def test_snooze_puts_an_item_off_and_undo_brings_it_back(ids, tmp_path):
    app = make_app(tmp_path / "netui.db", open_today=True)
    past = ids["past"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await snooze_prompt(pilot, app, f"follow_up-{past}")
        await pilot.press("ctrl+u", *"3", "enter")  # three days
        await settle(pilot)
        assert f"follow_up-{past}" not in item_ids(app)
        snoozed = Snooze.get((Snooze.kind == "follow_up") & (Snooze.ref == past))
        assert snoozed.until == dt.date(2026, 3, 12)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert f"follow_up-{past}" in item_ids(app)


async def test_a_snooze_day_that_is_not_one_keeps_the_prompt_open_with_the_reason(ids, tmp_path):
    """Closed on a bad day, the prompt let the retry be typed into Today as commands
    (2 switched screens, d kept someone in touch): it stays open and says why."""
    app = make_app(tmp_path / "netui.db", open_today=True)
    past = ids["past"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = await snooze_prompt(pilot, app, f"follow_up-{past}")
        for typed, reason in (
            ("abc", "'abc' is not a day (like 2026-03-16) or days."),
            ("2026-03-01", "Snooze to a day after today."),
        ):
            await pilot.press("ctrl+u", *typed, "enter")
            await settle(pilot)
            assert app.screen is prompt
            assert str(prompt.query_one("#prompt-error").render()) == reason
        assert not Snooze.select().exists()
        await pilot.press("ctrl+u", "2", "d", "enter")  # the retry: into the prompt
        await settle(pilot)
        assert app.screen is prompt  # "2d" is no day either
        await pilot.press("ctrl+u", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        snoozed = Snooze.get((Snooze.kind == "follow_up") & (Snooze.ref == past))
        assert snoozed.until == dt.date(2026, 3, 11)
        assert not Touch.select().where(Touch.source == "today").exists()


async def test_done_on_a_meeting_previews_what_it_teaches_the_contact(ids, tmp_path):
    from netui.db.connection import close_database, open_database
    from netui.db.meetings import update_worksheet

    open_database(tmp_path / "netui.db")
    update_worksheet(ids["lunch"], {"expertise": "ML platforms, [b]MLOps[/b]"})
    close_database()
    app = make_app(tmp_path / "netui.db", open_today=True)
    avi = ids["Avi Cohen"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(pilot, app, f"meeting-{ids['lunch']}")
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingDoneForm)
        preview = str(form.query_one("#done-write-back").render())
        assert "Expertise: + ML platforms, [b]MLOps[/b]" in preview
        await pilot.press(*"Great chat")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Meeting.get_by_id(ids["lunch"]).done
        assert contact_facts(avi).expertise == ("ML platforms", "[b]MLOps[/b]")
        assert f"meeting-{ids['lunch']}" not in item_ids(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not Meeting.get_by_id(ids["lunch"]).done
        assert contact_facts(avi).expertise == ()


async def test_done_on_give_back_logs_what_i_gave(ids, tmp_path):
    app = make_app(tmp_path / "netui.db", open_today=True)
    zoe = ids["Zoë Chen"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(pilot, app, f"give_back-{zoe}")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ExchangeForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        gave = Exchange.select().where((Exchange.contact == zoe) & (Exchange.direction == "gave"))
        assert gave.count() == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert gave.count() == 0


async def test_enter_opens_the_meeting_and_o_a_person_s_worksheet(ids, tmp_path):
    app = make_app(tmp_path / "netui.db", open_today=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(pilot, app, f"meeting-{ids['coffee']}")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, PrepScreen) and app.screen.editor.meeting_id == ids["coffee"]
            ),
        )
        await pilot.press("0")
        await settle(pilot)
        await highlight(pilot, app, f"overdue-{ids['[bold]Eve[/bold] 🚀']}")
        await pilot.press("o")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, PrepScreen)
                and app.screen.editor.worksheet.contact_name == "[bold]Eve[/bold] 🚀"
            ),
        )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3", dt.date(2026, 3, 12)),
        ("+1", dt.date(2026, 3, 10)),
        ("2026-04-01", dt.date(2026, 4, 1)),
    ],
)
def test_parse_until(typed, expected):
    assert parse_until(typed, NOW.date()) == (expected, None)


@pytest.mark.parametrize("typed", ["0", "2026-03-09", "soon", "2026-02-30"])
def test_parse_until_refuses(typed):
    day, problem = parse_until(typed, NOW.date())
    assert day is None and problem


# --- 80×24 --------------------------------------------------------------------------


def test_an_overdue_line_leaves_out_what_does_not_fit_whole():
    from netui.db.today import OverduePerson
    from netui.screens.today_texts import overdue_prompt

    person = OverduePerson(7, "Dana Levi", dt.date(2025, 11, 9), 30, 120, 4)
    full = overdue_prompt(person, 10).plain
    assert full == "Dana Levi   120 days overdue · last contact 2025-11-09 · every 30 days"
    cut = overdue_prompt(person, 10, room=len(full) - 3).plain
    assert cut == "Dana Levi   120 days overdue · last contact 2025-11-09"
    assert overdue_prompt(person, 10, room=40).plain == "Dana Levi   120 days overdue"


async def test_today_at_80x24_shows_help_first_and_cuts_no_number(ids, tmp_path):
    from rich.cells import cell_len

    from netui.widgets.keys_footer import KeysFooter

    app = make_app(tmp_path / "netui.db", open_today=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        footer = app.screen.query_one(KeysFooter)
        keys = [key for key in footer.query("FooterKey") if key.region.width]
        assert (keys[0].key_display, keys[0].description) == ("?", "Help")
        listing = app.screen.query_one("#today-list", OptionList)
        room = listing.scrollable_content_region.width
        for option_id in item_ids(app):
            if option_id.startswith(("overdue-", "give_back-")):
                line = listing.get_option(option_id).prompt
                assert cell_len(line.plain) <= room, line.plain
        zoe = listing.get_option(f"give_back-{ids['Zoë Chen']}").prompt.plain
        assert "meter −" in zoe  # written one way, as everywhere (−28, not -28)
        title = app.screen.query_one("#today-title")
        assert cell_len(str(title.render())) <= title.content_region.width


async def test_leaving_today_stops_its_read_and_today_reads_again_on_return(ids, tmp_path):
    """Today's read of the whole network (seconds at 300,000 contacts) would compete
    with the screen the user went to: leaving Today stops it (its reads are the
    group "today"; ``today_view`` ends part-way once told: tests/unit/test_today.py),
    and a change made elsewhere shows when Today is shown again."""
    app = make_app(tmp_path / "netui.db", open_today=True)
    dana = ids["Dana Levi"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert f"overdue-{dana}" in item_ids(app)
        release = threading.Event()
        # A read of Today's that is still running when the user leaves.
        reading = today.run_worker(
            lambda: release.wait(30), group="today", thread=True, exclusive=True
        )
        try:
            await pilot.press("1")
            await settle(pilot)
            assert isinstance(app.screen, ContactsScreen)
            assert reading.is_cancelled
        finally:
            release.set()
        Touch.create(contact=dana, day=NOW.date(), source="elsewhere")
        await pilot.press("0")
        await until(pilot, lambda: f"overdue-{dana}" not in item_ids(app))


async def test_today_left_at_its_first_paint_does_not_read_the_rest(ids, tmp_path, monkeypatch):
    """The rest of Today (overdue people, give back: every exchange read) starts once
    the first rows are painted; a user who pressed 1 in that moment is on Contacts by
    then, and the read would run for nobody (3 s of CPU at 300,000 contacts, beside
    the first searches). It is read when Today is shown again."""
    import netui.screens.today as today_module

    after_paint: list = []
    monkeypatch.setattr(TodayScreen, "call_after_paint", lambda self, cb: after_paint.append(cb))
    read_for: list[object] = []
    whole_read = today_module.today_view

    def today_view(*args, **kwargs):
        read_for.append(type(app.screen))
        return whole_read(*args, **kwargs)

    monkeypatch.setattr(today_module, "today_view", today_view)
    app = make_app(tmp_path / "netui.db", open_today=True)
    async with app.run_test(size=SIZE) as pilot:
        today = app.screen
        assert isinstance(today, TodayScreen)
        await until(pilot, lambda: today.view is not None and bool(after_paint))
        await pilot.press("1")  # pressed as the first rows were painted
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        for callback in after_paint:
            callback()  # the paint is over: what was waiting for it runs now
        await settle(pilot)
        assert read_for == []  # nothing read for a screen nobody sees
        await pilot.press("0")
        await until(pilot, lambda: today.view is not None and today.view.complete)
        assert read_for == [TodayScreen]  # read once Today is shown again


@pytest.mark.parametrize(("size", "shown"), [((120, 40), 20), ((80, 24), 12)])
async def test_a_tall_terminal_shows_more_overdue_people(tmp_path, size, shown):
    """Ten overdue people left a third of a 40-line terminal empty below them: as many
    as half the screen's lines are listed, ten at least."""
    from netui.db.connection import close_database, open_database
    from netui.db.contacts import ContactFields, create_contact
    from netui.db.today import overdue_people
    from netui.screenshots import build_demo_db, frozen_today

    with frozen_today():
        path = build_demo_db(tmp_path / "demo.db")
        open_database(path)
        with clock.pinned(dt.datetime(2020, 1, 1)):  # added then: overdue long since
            for n in range(20):  # more overdue people than a screen shows
                create_contact(ContactFields(name=f"Old Friend {n:02}"))
        total = len(overdue_people(clock.today()))
        close_database()
        app = make_app(path, open_today=True)
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: app.screen.view is not None and app.screen.view.complete)
            overdue = [i for i in item_ids(app) if i.startswith("overdue-")]
            assert len(overdue) == shown < total
            listing = app.screen.query_one("#today-list", OptionList)
            prompts = [
                str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
            ]
            assert any(f"({shown} of {total})" in prompt for prompt in prompts)
