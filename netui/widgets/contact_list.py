"""The contact list: a Line API view over an ordered sequence of contact ids.

The result is computed by the screen in a thread worker and handed over with
:meth:`ContactList.show_result`: any sequence of ids (the search's lazy
:class:`netui.core.search.Matches` at 300,000 contacts costs a few KB). The rows on
screen come from a cache; the worker that computed a result reads the rows its
first screen needs, and rows scrolled into view later are read by a worker of the
list's own, a page at a time, while their lines show a placeholder. ``render_line``
never queries (toolong's model). Rendered lines are cached by row, width, cursor
and the styles they are painted in (which follow the theme and the focus), so a
narrower result that keeps a contact on screen does not render it again. A cursor move
repaints the two lines it changed, not the screen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual import events, getters
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from netui.db.contacts import ContactRow, contact_rows
from netui.widgets.contact_list_view import View
from netui.widgets.contact_row_strip import RowStyles, render_row
from netui.widgets.finished_lines import FinishedLines
from netui.widgets.quiet_scroll import QuietBar, mark_fits, set_height
from netui.workers import db_work

__all__ = ["PAGE", "ROW_CACHE", "ContactList", "View"]

if TYPE_CHECKING:
    from netui.app import NetuiApp

PAGE = 100

#: Rows kept in memory (a few screens' worth, whatever the size of the network).
ROW_CACHE = 4000


class RowsRead(Message, bubble=False):
    """The rows ``asked`` for were read (those missing were deleted meanwhile), for
    the list of that ``generation``."""

    def __init__(self, asked: list[int], rows: Sequence[ContactRow], generation: int) -> None:
        super().__init__()
        self.asked = asked
        self.rows = rows
        self.generation = generation


def runs(lines: Sequence[int]) -> list[tuple[int, int]]:
    """``(first, count)`` of each run of consecutive numbers in the ascending ``lines``."""
    found: list[tuple[int, int]] = []
    for line in lines:
        if found and found[-1][0] + found[-1][1] == line:
            found[-1] = (found[-1][0], found[-1][1] + 1)
        else:
            found.append((line, 1))
    return found


class ContactList(FinishedLines, QuietBar, ScrollView, can_focus=True):
    """Every contact of the current search, one line each."""

    if TYPE_CHECKING:  # the only app netui makes; at run time Textual's own property
        app = getters.app(NetuiApp)

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
        overflow-y: scroll;  /* never comes or goes (quiet_scroll); -fits: contacts.tcss */
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

    # repaint=False: a move repaints its two lines itself (watch_cursor).
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

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
        self._ids: Sequence[int] = ()
        #: Rows read from the database (``None``: no such contact any more), with
        #: the generation they were read in; the least recently read go first.
        self._rows: OrderedDict[int, tuple[ContactRow | None, int]] = OrderedDict()
        self._lines: LRUCache[tuple, Strip] = LRUCache(1000)
        self._style_cache: dict[tuple[str, bool], RowStyles] = {}
        #: A slice of the result around what is on screen: (result, start, ids).
        self._window: tuple[Sequence[int], int, list[int]] = ((), 0, [])
        #: Bumped by :meth:`forget_rows`: older rows are shown until read again.
        self._generation = 0
        #: Ids whose rows the list's own worker is to read or is reading.
        self._wanted: set[int] = set()
        self._reading = False
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
        entry = self._rows.get(contact_id)
        return entry[0] if entry is not None else None

    def fresh_ids(self) -> set[int]:
        """Ids whose rows are cached and current (a search worker reads the others)."""
        generation = self._generation
        return {cid for cid, (_, seen) in self._rows.items() if seen == generation}

    def view(self) -> View:
        """Where the list stands, for a worker to work out what a result will show."""
        height = self.scrollable_content_region.height
        if not height:
            # Not laid out yet (the app's first search): as many rows as the terminal
            # has lines, so that the first paint shows a whole screen of names and not
            # the first one with "…" below it until a second read.
            height = self.app.size.height
        return View(
            top=self.scroll_offset.y,
            height=max(height, 1),
            cursor=self.cursor,
            keep=self.highlighted_id,
            fresh=frozenset(self.fresh_ids()),
        )

    def show_result(
        self,
        query: str,
        ids: Sequence[int],
        *,
        keep: int | None = None,
        rows: Sequence[ContactRow] | None = None,
    ) -> None:
        """Show a new result, keeping the cursor on ``keep`` (or the current contact).

        ``rows`` are freshly read rows (the worker reads what the first screen of
        the result needs); other rows come from the cache or are read when shown.
        """
        keep = keep if keep is not None else self.highlighted_id
        before = self._on_screen()
        was_empty = not self._ids
        self._ids = ids
        if rows:
            self._remember(rows)
        self.applied_query = query
        self._set_rows(len(ids))
        index = 0
        if keep is not None:
            try:
                index = ids.index(keep)
            except ValueError:
                index = min(self.cursor, max(len(ids) - 1, 0))
        self.set_reactive(ContactList.cursor, self.validate_cursor(index))
        top = self.scroll_offset.y
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)
        if was_empty or not ids or self.scroll_offset.y != top:
            self.refresh()
        else:  # only the lines that show something else (a narrower result keeps many)
            pairs = enumerate(zip(before, self._on_screen(), strict=True))
            changed = [y for y, (old, new) in pairs if old != new]
            for start, count in runs(changed):  # one refresh per run of lines, not per line
                self.refresh_lines(top + start, count)
        self._announce()

    def _on_screen(self) -> list[tuple[object, ...] | None]:
        """What each line on screen shows: the contact, whether it has the cursor,
        and its row as read (a line is painted again only when one of them changes)."""
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        ids = self._ids[top : top + height]
        lines: list[tuple[object, ...] | None] = [
            (cid, top + n == self.cursor, self._rows.get(cid)) for n, cid in enumerate(ids)
        ]
        return lines + [None] * (height - len(lines))

    def _set_rows(self, count: int) -> None:
        """Make the scrollable height ``count`` rows without a layout of the screen
        (:mod:`netui.widgets.quiet_scroll`)."""
        set_height(self, self.size.width, count)

    def forget_rows(self) -> None:
        """Read the rows on screen again (after an edit), showing the old ones until then."""
        self._generation += 1
        self.refresh()

    def _remember(self, rows: Sequence[ContactRow], generation: int | None = None) -> None:
        generation = self._generation if generation is None else generation
        cache = self._rows
        for row in rows:
            cache.pop(row.id, None)
            cache[row.id] = (row, generation)
            self._wanted.discard(row.id)
        while len(cache) > ROW_CACHE:
            cache.popitem(last=False)

    # --- cursor ----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if top <= new < top + height:
            # Only the two lines that changed are painted again.
            self.refresh_line(old)
            self.refresh_line(new)
        else:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
            self.refresh()
        self._announce()

    def _announce(self) -> None:
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

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and self.highlighted_id is not None:
            event.stop()
            self.post_message(self.Chosen(self.highlighted_id))

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()  # focus is part of each line's cache key

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._ids))
        mark_fits(self, len(self._ids))

    def notify_style_update(self) -> None:
        """The theme or the CSS changed: the styles are worked out again, and a line
        is rendered again if they differ (its cache key holds them). A change that
        leaves them as they were (``-fits``, set as a search's result comes and goes
        across one screen of rows) keeps the lines already rendered."""
        super().notify_style_update()
        self._style_cache.clear()

    def _styles(self) -> RowStyles:
        """The styles lines are painted in, worked out once per theme and focus
        (``rich_style`` walks the widget's ancestors: too slow for every line)."""
        key = (self.app.theme, self.has_focus)
        styles = self._style_cache.get(key)
        if styles is None:
            component = self.get_component_rich_style
            styles = RowStyles(
                base=self.rich_style,
                cursor=component("contact-list--cursor"),
                dim=component("contact-list--dim", partial=True),
                second=component("contact-list--second-degree", partial=True),
                empty=component("contact-list--empty"),
                owe=component("contact-list--owe", partial=True),
                credit=component("contact-list--credit", partial=True),
            )
            self._style_cache[key] = styles
        return styles

    # --- reading rows ------------------------------------------------------------------

    def _want(self, contact_id: int) -> None:
        """Read this row (and the rest of the screen's) soon, off the event loop."""
        if contact_id in self._wanted and self._reading:
            return
        self._wanted.add(contact_id)
        if not self._reading:
            self._reading = True
            self.call_after_refresh(self._read_wanted)

    def _read_wanted(self) -> None:
        top = self.scroll_offset.y
        height = max(self.scrollable_content_region.height, 1)
        window = self._ids[max(top - height, 0) : top + 2 * height]
        wanted = [cid for cid in window if cid in self._wanted]
        if not wanted:
            self._wanted.clear()
            self._reading = False
            return
        generation = self._generation
        asked = wanted[:PAGE]
        self._read_rows(asked, generation)

    @db_work(group="contact-list-rows", description="read the rows on screen")
    def _read_rows(self, asked: list[int], generation: int) -> Message:
        return RowsRead(asked, contact_rows(asked), generation)

    def on_rows_read(self, message: RowsRead) -> None:
        asked, generation = message.asked, message.generation
        rows = message.rows
        self._reading = False
        self._remember(rows, generation)  # if forgotten meanwhile: shown, read again
        arrived = {row.id for row in rows}
        for gone in set(asked) - arrived:  # deleted since the result was computed
            self._rows.pop(gone, None)
            self._rows[gone] = (None, generation)
            self._wanted.discard(gone)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        arrived.update(asked)
        for index, contact_id in enumerate(self._ids[top : top + height], start=top):
            if contact_id in arrived:
                self.refresh_line(index)
        if self._wanted:
            self._reading = True
            self.call_after_refresh(self._read_wanted)

    # --- rendering -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        styles = self._styles()
        base = styles.base
        if not self._ids:
            if y == 1 and self.applied_query is not None:
                style = styles.empty
                text = self.empty_message.copy()
                text.stylize(style)
                text.truncate(width - 2, overflow="ellipsis")
                return Strip(
                    [Segment("  ", base), *text.render(self.app.console)]
                ).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        contact_id = self._id_at(index)
        entry = self._rows.get(contact_id)
        if entry is None:
            self._want(contact_id)
            return self._placeholder(width, styles)
        row, generation = entry
        if generation != self._generation:
            self._want(contact_id)  # shown as it was until read again
        if row is None:
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (row, width, selected, styles)
        strip = self._lines.get(key)
        if strip is None:
            strip = render_row(row, width, selected, styles)
            self._lines[key] = strip
        return strip

    def _id_at(self, index: int) -> int:
        """The id at ``index``, from a slice of the screen around it read at once (a
        lazy result finds one id about as fast as a screenful)."""
        ids, start, window = self._window
        if ids is not self._ids or not start <= index < start + len(window):
            height = max(self.scrollable_content_region.height, 1)
            start = max(index - height, 0)
            window = list(self._ids[start : index + 2 * height])
            self._window = (self._ids, start, window)
        return window[index - start]

    def _placeholder(self, width: int, styles: RowStyles) -> Strip:
        """A row not read yet: a dim mark where the name goes."""
        base = styles.base
        dim = base + styles.dim
        return Strip([Segment("   ", base), Segment("…", dim)]).adjust_cell_length(width, base)
