"""At 80×24 the worksheet is taller than the screen: the focused field is always in view.

It once never scrolled at all (its body was as tall as the screen and cut the rest):
Tab, ``w`` into the first empty field and a click all left the field being typed into
below the bottom edge.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, TextArea

from netui.app import NetuiApp, make_app
from netui.core.worksheet import SECTIONS
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.meetings import create_worksheet, update_worksheet
from netui.widgets.worksheet_editor import WorksheetEditor
from tests.ui.helpers import settle, settle_until

SMALL = (80, 24)


def build_db(path: Path) -> int:
    """One contact whose worksheet has every field filled but the last (the ask)."""
    open_database(path)
    dana = create_contact(ContactFields(name="Dana Levi", organisation="Globex"))
    meeting = create_worksheet(
        dana, scheduled_at=dt.datetime(2031, 9, 3, 9, 30), place="Café Nero", purpose="Pricing"
    )
    filled = {s.key: f"{s.title}: line one\nline two" for s in SECTIONS if s.key != "ask"}
    update_worksheet(meeting, {**filled, "ask": ""})
    close_database()
    return meeting


def editor(app: NetuiApp) -> WorksheetEditor:
    return app.screen.query_one(WorksheetEditor)


def in_view(app: NetuiApp) -> bool:
    """The focused field is inside the worksheet's visible area, whole."""
    field = app.focused
    return isinstance(field, Input | TextArea) and editor(app).can_view_entire(field)


async def test_w_lands_in_the_first_empty_field_and_shows_it(tmp_path):
    build_db(tmp_path / "netui.db")
    app = make_app(tmp_path / "netui.db")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle_until(pilot, lambda: app.focused is not None and app.focused.id == "ws-ask")
        assert app.focused.id == "ws-ask"
        await settle_until(pilot, lambda: in_view(app))
        assert in_view(app)
        assert editor(app).scroll_y > 0


async def test_tab_through_every_field_keeps_each_in_view(tmp_path):
    meeting = build_db(tmp_path / "netui.db")
    app = make_app(tmp_path / "netui.db", start_meeting=meeting)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.screen.set_focus(app.screen.query_one("#ws-when"))
        await settle(pilot)
        seen = []
        for _ in range(3 + len(SECTIONS) - 1):
            await pilot.press("tab")
            await settle_until(pilot, lambda: in_view(app))
            seen.append(app.focused.id)
            assert in_view(app), f"{app.focused.id} is focused but not in view"
        assert seen[-1] == "ws-ask"


async def test_typing_lines_into_the_last_field_keeps_it_in_view(tmp_path):
    meeting = build_db(tmp_path / "netui.db")
    app = make_app(tmp_path / "netui.db", start_meeting=meeting)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        ask = app.screen.query_one("#ws-ask", TextArea)
        app.screen.set_focus(ask)
        await settle(pilot)
        for line in range(8):
            await pilot.press(*f"ask {line}", "enter")
        await settle_until(pilot, lambda: in_view(app))
        assert ask.text.count("\n") == 8
        assert in_view(app)


async def test_a_click_on_a_half_hidden_field_scrolls_it_whole_into_view(tmp_path):
    meeting = build_db(tmp_path / "netui.db")
    app = make_app(tmp_path / "netui.db", start_meeting=meeting)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        sheet = editor(app)

        def half_hidden() -> list[Input | TextArea]:
            bottom = sheet.content_region.bottom
            return [f for f in sheet.fields() if f.region.y < bottom < f.region.bottom]

        for _ in range(10):  # scroll line by line until a field is cut by the bottom edge
            if half_hidden():
                break
            sheet.scroll_to(y=sheet.scroll_y + 1, animate=False, immediate=True)
            await settle(pilot)
        (cut, *_) = half_hidden()
        await pilot.click(cut, offset=(1, 0))
        await settle_until(pilot, lambda: in_view(app))
        assert app.focused is cut
        assert in_view(app)
