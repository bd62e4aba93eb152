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

    def render(self) -> Text:
        columns = columns_for(self.size.width)
        line = Text(" " * MARKER, no_wrap=True, end="")
        for key, _start, width in columns.spans():
            title = TITLES[key]
            if key is not None and key == self.sort:
                title += " ▼" if self.descending else " ▲"
            cell = Text(title, end="")
            cell.truncate(width, overflow="ellipsis", pad=True)
            if key == self.sort:
                cell.stylize("underline")
            line.append_text(cell)
            line.append(" " * GAP)
        return line

    def on_click(self, event: events.Click) -> None:
        key = columns_for(self.size.width).key_at(event.x)
        if key is not None:
            self.post_message(self.SortRequested(key))
