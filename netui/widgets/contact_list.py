"""The contact list: a Line API view over an ordered list of contact ids.

Only the ids of the current result live in memory (a few hundred KB at 30,000
contacts); the rows on screen are fetched from SQLite a page at a time and kept in
a small cache, and each visible line is rendered on demand (toolong's model). The
result itself is computed by the screen in a thread worker and handed over with
:meth:`ContactList.show_result`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from netui.core.reciprocity import meter_bar, meter_label
from netui.core.text import safe_line
from netui.db.contacts import ContactRow, SortKey, contact_rows
from netui.widgets.contact_columns import GAP, MARKER, METER, METER_NUMBER, columns_for

PAGE = 100


def _cell(value: str, width: int, style: Style | str = "") -> Text:
    text = Text(safe_line(value), style=style, no_wrap=True, end="")
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


class ContactList(ScrollView, can_focus=True):
    """Every contact of the current search, one line each."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up", tooltip="The contact above"),
        Binding(
            "down,j", "cursor_down", "Down", show=False, id="list.down", tooltip="The contact below"
        ),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            id="list.page_up",
            tooltip="One screenful up",
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            id="list.page_down",
            tooltip="One screenful down",
        ),
        Binding("home", "first", "First", show=False, id="list.first", tooltip="The first contact"),
        Binding("end", "last", "Last", show=False, id="list.last", tooltip="The last contact"),
    ]

    COMPONENT_CLASSES = {
        "contact-list--cursor",
        "contact-list--second-degree",
        "contact-list--dim",
        "contact-list--empty",
        "contact-list--owe",
        "contact-list--credit",
    }

    DEFAULT_CSS = """
    ContactList {
        background: $surface;
        overflow-x: hidden;
        & > .contact-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .contact-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .contact-list--second-degree { color: $text-muted; text-style: italic; }
        & > .contact-list--dim { color: $text-muted; }
        & > .contact-list--empty { color: $text-muted; }
        & > .contact-list--owe { color: $warning; }
        & > .contact-list--credit { color: $success; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to another contact (``None`` when the list is empty)."""

        def __init__(self, contact_id: int | None) -> None:
            self.contact_id = contact_id
            super().__init__()

    class Chosen(Message):
        """Enter or a double click on a contact."""

        def __init__(self, contact_id: int) -> None:
            self.contact_id = contact_id
            super().__init__()

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._ids: list[int] = []
        self._rows: LRUCache[int, ContactRow] = LRUCache(2000)
        self._lines: LRUCache[tuple, Strip] = LRUCache(400)
        self._highlighted: int | None = None
        #: The search query whose result is on screen; ``None`` before the first one.
        self.applied_query: str | None = None
        #: What to say when the result is empty.
        self.empty_message: Text = Text("No contacts.")

    # --- the result ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def contact_ids(self) -> Sequence[int]:
        return self._ids

    @property
    def highlighted_id(self) -> int | None:
        if 0 <= self.cursor < len(self._ids):
            return self._ids[self.cursor]
        return None

    def row_of(self, contact_id: int) -> ContactRow | None:
        """The cached row of a contact on screen (``None`` if not read yet)."""
        return self._rows.get(contact_id)

    def show_result(
        self,
        query: str,
        ids: list[int],
        *,
        keep: int | None = None,
        rows: Sequence[ContactRow] | None = None,
    ) -> None:
        """Show a new result, keeping the cursor on ``keep`` (or the current contact).

        ``rows`` are freshly read rows to show (the worker reads the first page
        ahead); without them, rows already cached are kept, since only the order
        and the filter changed.
        """
        keep = keep if keep is not None else self.highlighted_id
        self._ids = ids
        if rows is not None:
            self._rows.clear()
            for row in rows:
                self._rows[row.id] = row
        self._lines.clear()
        self.applied_query = query
        self.virtual_size = Size(self.size.width, len(ids))
        index = 0
        if keep is not None:
            try:
                index = ids.index(keep)
            except ValueError:
                index = min(self.cursor, max(len(ids) - 1, 0))
        self.cursor = index
        self.refresh()

    def forget_rows(self) -> None:
        """Drop cached rows so the visible ones are read again (after an edit)."""
        self._rows.clear()
        self._lines.clear()
        self.refresh()

    # --- cursor ----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._lines.clear()
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh()
        contact_id = self.highlighted_id
        if contact_id != self._highlighted:
            self._highlighted = contact_id
            self.post_message(self.Highlighted(contact_id))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(self.scrollable_content_region.height - 1, 1)

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height - 1, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._ids) - 1

    async def _on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._ids):
            self.cursor = index
            if event.chain >= 2:
                self.post_message(self.Chosen(self._ids[index]))

    def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and self.highlighted_id is not None:
            event.stop()
            self.post_message(self.Chosen(self.highlighted_id))

    def _on_focus(self, event: events.Focus) -> None:
        self._lines.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._lines.clear()
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self.virtual_size = Size(event.size.width, len(self._ids))

    # --- rendering -------------------------------------------------------------------

    def _row(self, index: int) -> ContactRow | None:
        contact_id = self._ids[index]
        row = self._rows.get(contact_id)
        if row is None:
            start = index - index % PAGE
            page = [cid for cid in self._ids[start : start + PAGE] if cid not in self._rows]
            for fetched in contact_rows(page):
                self._rows[fetched.id] = fetched
            row = self._rows.get(contact_id)
        return row

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        base = self.rich_style
        if not self._ids:
            if y == 1 and self.applied_query is not None:
                style = self.get_component_rich_style("contact-list--empty")
                text = self.empty_message.copy()
                text.stylize(style)
                text.truncate(width - 2, overflow="ellipsis")
                return Strip(
                    [Segment("  ", base), *text.render(self.app.console)]
                ).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (index, width, selected, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(index, width, selected)
            self._lines[key] = strip
        return strip

    def _meter_cell(self, meter: float | None, width: int) -> Text:
        if meter is None:
            return _cell("", width)
        # The number whole ("-100" at most), right-aligned; the bar before it if room.
        label = meter_label(meter).rjust(METER_NUMBER)
        if width >= METER:
            label = f"{meter_bar(meter, width - METER_NUMBER - 1)} {label}"
        component = "contact-list--owe" if meter < 0 else "contact-list--credit"
        style = self.get_component_rich_style(component, partial=True)
        return _cell(label.rjust(width), width, style if round(meter) else "")

    def _render_row(self, index: int, width: int, selected: bool) -> Strip:
        base = self.rich_style
        row = self._row(index)
        if row is None:  # deleted since the result was computed
            return Strip.blank(width, base)
        columns = columns_for(width)
        dim = self.get_component_rich_style("contact-list--dim", partial=True)
        second = self.get_component_rich_style("contact-list--second-degree", partial=True)
        gap = Text(" " * GAP, end="")
        line = Text(no_wrap=True, end="")
        line.append_text(_cell("2°" if row.second_degree else "", MARKER, dim))
        # Only the columns that fit this width (contact_columns chooses them).
        for n, (key, column_width) in enumerate(columns.visible()):
            if n:
                line.append_text(gap)
            if key is SortKey.NAME:
                name_style = second if row.second_degree else ""
                line.append_text(_cell(row.name, column_width, name_style))
            elif key is SortKey.ORGANISATION:
                line.append_text(_cell(row.organisation, column_width))
            elif key is SortKey.ROLE:
                line.append_text(_cell(row.role, column_width, dim))
            elif key is SortKey.LAST_CONTACT:
                line.append_text(_cell(_date(row.last_contact), column_width, dim))
            else:
                line.append_text(self._meter_cell(row.meter, column_width))
        line.stylize(base)
        if selected:
            line.stylize(self.get_component_rich_style("contact-list--cursor"))
        strip = Strip(line.render(self.app.console))
        return strip.adjust_cell_length(width, base)
