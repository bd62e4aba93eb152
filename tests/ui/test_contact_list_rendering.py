"""The contact list's lines: what a cursor move repaints, the theme they are painted
in, and where their rows are read (never on the event loop)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from rich.color import Color
from textual.strip import Strip
from textual.widgets import Input

from netui.app import NetuiApp, make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import database
from netui.db.search import search_engine
from netui.widgets.contact_list import ContactList, runs
from tests.ui.helpers import build_contacts_db, burst, keys_handled, settle, settle_until


def many(path: Path, count: int) -> Path:
    open_database(path)
    with database.atomic():
        for n in range(count):
            create_contact(
                ContactFields(
                    name=f"Person {n:04}",
                    organisation="Globex" if n % 2 else "Initech",
                    role="Engineer" if n % 3 else "Designer",
                )
            )
    close_database()
    return path


def listed(app: NetuiApp) -> ContactList:
    return app.screen.query_one(ContactList)


async def test_a_cursor_move_repaints_only_the_two_lines_it_changed(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = listed(app)
        painted: list[int] = []
        render_line = contact_list.render_line
        contact_list.render_line = lambda y: (painted.append(y), render_line(y))[1]  # type: ignore[method-assign]
        await pilot.press("down")
        await settle(pilot)  # the detail pane follows: it does not repaint the list
        assert sorted(set(painted)) == [0, 1]
        painted.clear()
        await pilot.press("down")
        await settle(pilot)
        assert sorted(set(painted)) == [1, 2]


async def test_a_theme_switch_repaints_the_list_in_the_new_theme(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = listed(app)

        def cursor_background() -> Color | None:
            """The background of the cursor line's first cell, as painted."""
            strip = contact_list.render_line(contact_list.cursor - contact_list.scroll_offset.y)
            first = next(iter(strip))
            return first.style.bgcolor if first.style else None

        def theme_cursor() -> Color | None:
            return contact_list.get_component_rich_style("contact-list--cursor").bgcolor

        before = cursor_background()
        assert before == theme_cursor()
        assert app.theme != "dracula"
        app.theme = "dracula"
        await settle(pilot)
        after = cursor_background()
        assert after != before
        assert after == theme_cursor()


async def test_rows_are_read_off_the_event_loop_and_placeholders_filled(tmp_path):
    app = make_app(many(tmp_path / "netui.db", 600))
    event_loop = threading.current_thread()
    reads_on_the_loop: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        connection = database.obj
        execute_sql = connection.execute_sql

        def watched(sql, *args, **kwargs):
            if threading.current_thread() is event_loop:
                reads_on_the_loop.append(sql)
            return execute_sql(sql, *args, **kwargs)

        connection.execute_sql = watched
        try:
            contact_list = listed(app)
            await pilot.press("end")
            await settle(pilot)
            bottom = contact_list.scrollable_content_region.height - 1
            assert "Person 0599" in contact_list.render_line(bottom).text
            await pilot.press("pageup", "pageup", "up")
            await settle(pilot)
            for y in range(contact_list.scrollable_content_region.height):
                assert "Person" in contact_list.render_line(y).text, y
        finally:
            connection.execute_sql = execute_sql
    assert reads_on_the_loop == []


async def test_keys_typed_before_the_index_is_ready_wait_for_that_one_build(tmp_path):
    app = make_app(many(tmp_path / "netui.db", 300))
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "slash", *"person 02")
        await keys_handled(pilot)
        await settle(pilot)
        contact_list = listed(app)
        await settle_until(pilot, lambda: contact_list.applied_query == "person 02")
        assert contact_list.applied_query == "person 02"
        assert contact_list.row_count == sum("02" in f"{n:04}" for n in range(300))
        assert search_engine().builds == 1


async def test_a_search_result_is_painted_when_it_arrives_not_at_the_next_update_tick(
    tmp_path,
):
    """The screen's update timer would paint the result a frame or two after its key's
    echo (``netui.textual_fixes.paint_now``): with that timer stopped, the result is
    still painted, by the screen that handled it."""
    app = make_app(many(tmp_path / "netui.db", 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        contact_list = listed(app)
        painted = asyncio.Event()
        render_line = contact_list.render_line

        def painting(y: int) -> Strip:
            painted.set()
            return render_line(y)

        timer = screen._update_timer
        timer.pause()
        resume = timer.resume
        timer.resume = lambda: None  # type: ignore[method-assign]  # no tick paints now
        contact_list.render_line = painting  # type: ignore[method-assign]
        try:
            screen.query_one("#search", Input).value = "person 01"  # 0001, 0010-0019, …
            await asyncio.wait_for(painted.wait(), timeout=30)
            assert contact_list.applied_query == "person 01"
            assert "Person 0001" in render_line(0).text  # the first of "01"'s matches
        finally:
            timer.resume = resume  # type: ignore[method-assign]
            contact_list.render_line = render_line  # type: ignore[method-assign]


async def test_a_result_that_fits_keeps_the_scroll_bar_and_shows_its_track_as_a_gutter(tmp_path):
    """A search whose result fits on screen, and one that no longer does, lays out
    nothing: the scroll bar stays (it came and went with each such result, and the
    whole screen was laid out again in the middle of the keystroke's paint); while
    the rows fit, the list is ``-fits``, whose track the stylesheet paints as the
    gutter it was (the snapshots of short lists are the same cells as before)."""
    app = make_app(many(tmp_path / "netui.db", 100))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = listed(app)
        height = contact_list.container_size.height
        seen: list[tuple[int, bool, bool]] = []

        def look() -> None:
            bar, fits = contact_list.show_vertical_scrollbar, contact_list.has_class("-fits")
            seen.append((len(contact_list._ids), bar, fits))

        look()
        await pilot.press("slash", *"person 000")
        await settle_until(pilot, lambda: len(contact_list._ids) == 10)
        look()
        await pilot.press(*["backspace"] * 3)
        await settle_until(pilot, lambda: len(contact_list._ids) == 100)
        look()
    assert height < 100
    assert seen == [(100, True, False), (10, True, True), (100, True, False)]


async def test_a_style_change_that_changes_no_style_keeps_the_lines_rendered(tmp_path):
    """``-fits`` comes and goes as results cross one screen of rows: it changes the
    scroll bar's track only, and the lines already rendered are kept (a narrower
    result that keeps a contact on screen does not render it again). A theme that
    changes the lines' styles renders them again."""
    app = make_app(many(tmp_path / "netui.db", 100))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = listed(app)
        first = contact_list.render_line(0)
        contact_list.set_class(not contact_list.has_class("-fits"), "-fits")
        await settle(pilot)
        assert contact_list.render_line(0) is first
        app.theme = "dracula"
        await settle(pilot)
        assert contact_list.render_line(0) is not first


async def test_the_scroll_bar_is_repainted_only_when_its_thumb_moves(tmp_path):
    """Scrolling a long list moves the bar's thumb less than a cell at a time: the
    bar is repainted (34 lines rendered anew, as long as half the list's own paint)
    only when the thumb moves, and then after the paint of the rows."""
    app = make_app(many(tmp_path / "netui.db", 2000))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = listed(app)
        bar = contact_list.vertical_scrollbar
        rendered: list[float] = []
        render = bar.render
        bar.render = lambda: (rendered.append(bar.position), render())[1]  # type: ignore[method-assign]
        height = contact_list.scrollable_content_region.height
        await pilot.press(*["down"] * height)  # the list scrolls by one row
        await settle(pilot)
        assert contact_list.scroll_offset.y == 1
        assert rendered == []  # the thumb is where it was
        await pilot.press("end")
        await settle(pilot)
        assert rendered == [2000 - height]  # repainted once, at the end
        lines = bar.render_lines(bar.size.region)
        assert lines[0] != lines[-1]  # the track above, the thumb at the bottom


def test_the_lines_a_result_changes_are_refreshed_a_run_at_a_time():
    assert runs([]) == []
    assert runs([3]) == [(3, 1)]
    assert runs([0, 1, 2, 5, 7, 8]) == [(0, 3), (5, 1), (7, 2)]


async def test_a_search_reads_ahead_the_rows_of_the_screen_it_shows_and_no_other(
    tmp_path, monkeypatch
):
    """The search reads the rows of the screen its result will show (so that the
    result is painted in one go), wherever the list was scrolled and whether or not
    the contact under the cursor is in the result, and no row besides."""
    import netui.screens.contacts_reads as reads

    asked: list[int] = []
    contact_rows = reads.contact_rows

    def reading(ids):
        asked.extend(ids)
        return contact_rows(ids)

    shown: list[tuple[str, bool, bool]] = []
    show_result = ContactList.show_result

    def showing(self, query, ids, **kwargs):
        show_result(self, query, ids, **kwargs)
        top = self.scroll_offset.y
        on_screen = list(ids[top : top + self.scrollable_content_region.height])
        every_row_read = all(self.row_of(cid) is not None for cid in on_screen)
        shown.append((query, every_row_read, set(asked) <= set(on_screen)))
        asked.clear()

    monkeypatch.setattr(reads, "contact_rows", reading)
    monkeypatch.setattr(ContactList, "show_result", showing)
    app = make_app(many(tmp_path / "netui.db", 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = listed(app)
        await pilot.press("pagedown", "pagedown", "pagedown", "down")  # Person 0100
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        # Narrower and narrower (the cursor's contact stays, then goes), back to all
        # (scrolled to the contact kept), another narrowing from the middle, all again.
        for query in ("person 01", "person 010", "person 0109", "", "person 2", "person 29", ""):
            box.value = query
            await settle_until(pilot, lambda q=query: contact_list.applied_query == q)
            assert contact_list.applied_query == query
    typed = shown[-7:]  # (the app's first search, before the list is laid out, reads a
    # screen as high as the terminal: more than the list shows)
    assert [query for query, _, _ in typed] == [
        "person 01", "person 010", "person 0109", "", "person 2", "person 29", "",
    ]  # fmt: skip
    assert all(every_row_read for _, every_row_read, _ in typed), typed
    assert all(no_other for _, _, no_other in typed), typed
