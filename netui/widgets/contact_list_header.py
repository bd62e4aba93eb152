"""The column titles above the contact list; a click sorts by that column."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from netui.db.contacts import SortKey
from netui.widgets.contact_columns import GAP, MARKER, columns_for

TITLES = {
    SortKey.NAME: "Name",
    SortKey.ORGANISATION: "Organisation",
    SortKey.ROLE: "Role",
    SortKey.LAST_CONTACT: "Last contact",
    SortKey.METER: "Meter",
}

#: Titles for a column too narrow for the whole one (the meter's number alone).
SHORT_TITLES = {
    SortKey.NAME: "Name",
    SortKey.ORGANISATION: "Org",
    SortKey.ROLE: "Role",
    SortKey.LAST_CONTACT: "Last",
    SortKey.METER: "±",
}


class ContactListHeader(Widget):
    """Column titles with an arrow on the sorted one."""

    DEFAULT_CSS = """
    ContactListHeader {
        height: 1;
        background: $panel;
        color: $text-muted;
        text-style: bold;
    }
    """

    sort: reactive[SortKey] = reactive(SortKey.NAME)
    descending: reactive[bool] = reactive(False)

    class SortRequested(Message):
        def __init__(self, key: SortKey) -> None:
            self.key = key
            super().__init__()

    def rows_width(self) -> int:
        """The width the rows below are laid out in (the list's, less its scroll bar)."""
        rows = self.parent.query_children("ContactList") if self.parent else None
        if rows:
            width = rows.first().scrollable_content_region.width
            if width:
                return width
        return self.size.width

    def render(self) -> Text:
        columns = columns_for(self.rows_width())
        line = Text(" " * MARKER, no_wrap=True, end="")
        for key, _start, width in columns.spans():
            arrow = (" ▼" if self.descending else " ▲") if key == self.sort else ""
            title = TITLES[key]
            if len(title + arrow) > width:
                title = SHORT_TITLES[key]
            title += arrow
            if key is SortKey.METER:
                title = title.rjust(width)  # over the number, which is right-aligned
            cell = Text(title, end="")
            cell.truncate(width, overflow="ellipsis", pad=True)
            if key == self.sort:
                cell.stylize("underline")
            line.append_text(cell)
            line.append(" " * GAP)
        return line

    def on_click(self, event: events.Click) -> None:
        key = columns_for(self.rows_width()).key_at(event.x)
        if key is not None:
            self.post_message(self.SortRequested(key))
