"""The contact list paints its lines without Textual's per-line styling
(netui/widgets/finished_lines.py): the lines must be the ones the styles cache makes."""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from netui.app import make_app
from netui.widgets.contact_list import ContactList
from netui.widgets.finished_lines import plain_styles
from tests.ui.helpers import build_contacts_db, settle


def segments(strips: list[Strip]) -> list[list[object]]:
    return [list(strip) for strip in strips]


def both_ways(widget: Widget, crop: Region) -> tuple[list[list[object]], list[list[object]]]:
    """The lines of ``crop`` as painted, and as the styles cache paints them."""
    widget._styles_cache.clear()
    return segments(widget.render_lines(crop)), segments(Widget.render_lines(widget, crop))


async def test_the_list_paints_the_lines_the_styles_cache_would(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = app.screen.query_one(ContactList)
        assert plain_styles(contact_list)
        width, height = contact_list.region.size
        whole = Region(0, 0, width, height)
        painted, styled = both_ways(contact_list, whole)
        assert painted == styled
        assert any("Dana Levi" in "".join(s.text for s in line) for line in painted)
        # A part of the list (what the compositor asks for when a window covers it).
        part = Region(3, 1, width - 10, 4)
        assert both_ways(contact_list, part)[0] == both_ways(contact_list, part)[1]
        # Below the last contact, the cursor moved, the focus away, another theme.
        await pilot.press("down")
        contact_list.focus()
        await settle(pilot)
        assert both_ways(contact_list, whole)[0] == both_ways(contact_list, whole)[1]
        app.theme = "textual-light"
        await settle(pilot)
        painted, styled = both_ways(contact_list, whole)
        assert painted == styled


async def test_styles_that_change_a_line_go_through_the_styles_cache(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = app.screen.query_one(ContactList)
        contact_list.styles.padding = (0, 1)
        await settle(pilot)
        assert not plain_styles(contact_list)
        width, height = contact_list.region.size
        painted, styled = both_ways(contact_list, Region(0, 0, width, height))
        assert painted == styled
        first = painted[0]
        assert first and "".join(s.text for s in first).startswith(" ")  # the padding
        contact_list.styles.padding = 0
        contact_list.styles.tint = "red 50%"
        assert not plain_styles(contact_list)
