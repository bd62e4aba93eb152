"""The Today screen: what the day asks, and one key to act on each item.

Meetings ahead with their worksheet's completeness (and goods worth offering), people
overdue for their keep-in-touch cadence, follow-ups due from meetings marked done, and
the people to give back to first (:func:`netui.db.today.today_view`). Every item can be
opened (enter or o), done (d) or snoozed to a day (z); done and snooze are undone with
ctrl+z. The app opens here when anything is due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from netui import clock
from netui.core.text import plural, safe_line
from netui.db.snoozes import done_for_good, snooze
from netui.db.today import OVERDUE_LIMIT, TodayView, today_first_view, today_view
from netui.screens.base import NetuiScreen
from netui.screens.today_texts import (
    append_if_fits,
    empty_text,
    follow_up_prompt,
    give_back_prompt,
    meeting_prompt,
    name_width,
    overdue_prompt,
    parse_until,
)
from netui.widgets.keys_footer import KeysFooter
from netui.workers import db_work

TYPE_CHECKING = False
if TYPE_CHECKING:  # the forms are imported when first opened, not at start-up
    from netui.modals.exchange_form import ExchangeFields
    from netui.screens.marking_done import ClosedMeeting

#: Days ahead besides today: the week of meetings to prepare for.
DAYS_AHEAD = 7
#: Where the overdue people and the give-back list will be, while they are read.
READING = "Reading who is overdue and whom to give back to…"


@dataclass(frozen=True)
class Item:
    """One line of the list: what it is and whom it is about."""

    kind: str  # meeting, overdue, follow_up, give_back (the snooze kinds)
    ref: int  # the meeting's id (meeting, follow_up) or the contact's
    name: str
    contact_id: int

    @property
    def option_id(self) -> str:
        return f"{self.kind}-{self.ref}"


class TodayScreen(NetuiScreen):
    """What the day asks."""

    TITLE = "Today"
    CSS_PATH = "today.tcss"

    BINDINGS = [
        Binding("o", "open", "Open", id="today.open", tooltip="Open the highlighted item"),
        Binding(
            "d",
            "done",
            "Done",
            id="today.done",
            tooltip="Done: mark the meeting done, kept in touch, follow-up done, or log "
            "what you gave",
        ),
        Binding(
            "z",
            "snooze",
            "Snooze",
            id="today.snooze",
            tooltip="Put the highlighted item off until a day",
        ),
        Binding(
            "i",
            "import_calendar",
            "Calendar",
            id="today.import",
            tooltip="Import a calendar (.ics file or folder): meetings ahead, past contact",
        ),
        Binding(
            "f5,ctrl+r",
            "refresh",
            "Refresh",
            show=False,
            id="today.refresh",
            tooltip="Read the database again (changes from another window)",
        ),
    ]

    # --- what its workers report (netui.workers) -------------------------------------

    class FirstRead(Message):
        """The meetings and follow-ups were read (the rest comes next)."""

        def __init__(self, view: TodayView) -> None:
            super().__init__()
            self.view = view

    class Read(Message):
        """Everything the day asks was read."""

        def __init__(self, view: TodayView) -> None:
            super().__init__()
            self.view = view

    class WorksheetOpened(Message):
        """A worksheet with the highlighted person was found or started."""

        def __init__(self, meeting_id: int) -> None:
            super().__init__()
            self.meeting_id = meeting_id

    class Changed(Message):
        """An item was acted on (kept in touch, done, logged, snoozed): say so, read again."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    #: What the day asks, as last read; the title and the list follow it
    #: (:meth:`watch_view`). Set again with an equal view, the list is built again
    #: all the same (the highlight kept): a read's answer may repeat the last.
    view: var[TodayView | None] = var(None, always_update=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, Item] = {}
        self._go_to_contact: int | None = None
        self._shown_width = -1
        # The first read (a few rows) starts as the screen is made, while Textual
        # composes, styles and lays it out (tens of milliseconds), not at its mount:
        # then it came after the first paint one launch in two at 300,000 contacts,
        # and the screen was painted empty, then again 30 ms later with its rows.
        self._read_first()

    def compose(self) -> ComposeResult:
        with Vertical(id="today-main"):
            yield Static("", id="today-title")
            yield OptionList(id="today-list")
            yield Static(empty_text(), id="today-empty")
        yield KeysFooter()

    @property
    def today_list(self) -> OptionList:
        return self.query_one("#today-list", OptionList)

    def on_mount(self) -> None:
        self.query_one("#today-empty").display = False
        self.today_list.focus()
        # (The first read started when the screen was made.)

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.action_refresh()

    def on_screen_suspend(self) -> None:
        # The whole read (seconds of CPU at 300,000 contacts) would compete with the
        # screen the user went to, for a view nobody sees: stopped, and read again
        # when Today is shown. The first read (a few rows) is left to finish.
        if self.view is not None:
            self.workers.cancel_group(self, "today")

    # --- showing ---------------------------------------------------------------------

    def data_changed(self) -> None:
        """Something was written elsewhere (another window, an undo): read again,
        keeping the highlighted item."""
        if self.is_mounted:
            self.action_refresh()

    def action_refresh(self) -> None:
        if self.view is None:
            # Not read yet (the first read failed and said so, or a change came before
            # its answer): meetings and follow-ups (a few rows) at once, then the
            # rest, which reads every exchange (a second or more on a big network).
            self._read_first()
            return
        self._read_everything()

    def _read_everything(self) -> None:
        # As many overdue people as half the screen's lines, ten at least: a tall
        # terminal showed ten and a third of its lines empty below them.
        self._read_all(max(OVERDUE_LIMIT, self.size.height // 2))

    @db_work(group="today", exclusive=True)
    def _read_first(self) -> Message:
        return self.FirstRead(today_first_view(DAYS_AHEAD))

    @on(FirstRead)
    def _first_shown(self, message: FirstRead) -> None:
        if self.view is None:
            self.view = message.view
        if self.is_current:  # else read when shown again (on_screen_resume)
            # After the paint: the rest's Python loops would hold the interpreter from it.
            self.call_after_paint(self._read_everything_if_shown)

    def _read_everything_if_shown(self) -> None:
        # A key pressed as the first paint came (1, to Contacts) left Today before
        # this: its read would run for nobody, seconds of CPU at 300,000 contacts
        # beside the first searches. It runs when Today is shown again.
        if self.is_current:
            self._read_everything()

    @db_work(group="today", exclusive=True, reads_everyone=True)
    def _read_all(self, overdue: int) -> Message:
        # The bank's matching is loaded here, after the first paint.
        from netui.db.meeting_goods import meeting_goods

        worker = get_current_worker()
        return self.Read(
            today_view(
                DAYS_AHEAD,
                overdue_limit=overdue,
                goods=meeting_goods,
                cancelled=lambda: worker.is_cancelled,
            )
        )

    @on(Read)
    def _read(self, message: Read) -> None:
        self.view = message.view

    def on_resize(self) -> None:
        # What fits whole on a line depends on the width (start-up resizes it more
        # than once to the same width: nothing to redo then).
        if self.view is not None and self.size.width != self._shown_width:
            self._show(self.view)

    def watch_view(self, view: TodayView | None) -> None:
        if view is not None:
            self._show(view)

    def go_to_after_reload(self, contact_id: int) -> None:
        self._go_to_contact = contact_id  # an undo brought them back: highlighted next

    def _target(self, keep: str | None, before: list[str]) -> str:
        """The item to highlight in the new list (``self.items``): the one an undo
        brought back, else the one highlighted before, else the one that took its place
        (the next, or the last before it): acting on an item never throws the cursor
        back to the top."""
        contact, self._go_to_contact = self._go_to_contact, None
        if contact is not None:
            for option_id in (f"overdue-{contact}", f"give_back-{contact}"):
                if option_id in self.items:
                    return option_id
        if keep in self.items:
            return keep
        if keep in before:
            at = before.index(keep)
            for option_id in (*before[at + 1 :], *reversed(before[:at])):
                if option_id in self.items:
                    return option_id
        return next(iter(self.items))

    def _show(self, view: TodayView) -> None:
        keep = self.highlighted
        before = list(self.items)
        self._shown_width = self.size.width
        title_bar = self.query_one("#today-title", Static)
        title = Text.assemble(("Today", "bold"), f"  {view.day:%A} {view.day.day} {view.day:%B %Y}")
        append_if_fits(
            title,
            f"  ·  meetings and follow-ups of the next {plural(view.days, 'day')}",
            "dim",
            title_bar.content_region.width,
        )
        title_bar.update(title)
        # The list's lines, less the indent of two under each heading and a scroll bar.
        room = max(0, self.today_list.content_region.width - 2 - 2)
        options: list[Option | None] = []
        items: dict[str, Item] = {}

        def group(heading: str, entries: Iterable[tuple[Item, Text]]) -> None:
            entries = list(entries)
            if not entries:
                return
            if options:
                options.append(None)  # a separator line between the groups
            options.append(Option(Text(heading, style="bold underline"), disabled=True))
            for item, prompt in entries:
                items[item.option_id] = item
                indented = Text("  ", no_wrap=True, overflow="ellipsis", end="")
                indented.append_text(prompt)
                options.append(Option(indented, id=item.option_id))

        today = view.day
        width = name_width([p.name for p in view.overdue] + [g.name for g in view.give_back])
        group(
            "Meetings ahead",
            (
                (Item("meeting", m.id, m.contacts[0], m.contact_id), meeting_prompt(m, today))
                for m in view.meetings
            ),
        )
        if not view.complete:  # where the overdue people will be
            if options:
                options.append(None)
            options.append(Option(Text(READING, style="dim italic"), disabled=True))
        overdue = "Overdue for their cadence"
        if view.overdue_total > len(view.overdue):
            overdue += f" ({len(view.overdue):,} of {view.overdue_total:,})"
        if len(view.overdue) > 1:  # ranked by days overdue × closeness, not days alone
            overdue += " · the closest and longest overdue first"
        group(
            overdue,
            (
                (
                    Item("overdue", p.contact_id, p.name, p.contact_id),
                    overdue_prompt(p, width, room),
                )
                for p in view.overdue
            ),
        )
        follow_ups = "Follow-ups"
        if view.follow_ups_total > len(view.follow_ups):
            follow_ups += f" ({len(view.follow_ups):,} of {view.follow_ups_total:,})"
        group(
            follow_ups,
            (
                (
                    Item("follow_up", f.meeting_id, f.name, f.contact_id),
                    follow_up_prompt(f, today),
                )
                for f in view.follow_ups
            ),
        )
        group(
            "Give back first",
            (
                (
                    Item("give_back", g.contact_id, g.name, g.contact_id),
                    give_back_prompt(g, width, room),
                )
                for g in view.give_back
            ),
        )
        self.items = items
        listing = self.today_list
        listing.set_options(options)
        listing.display = bool(options)
        self.query_one("#today-empty").display = not options
        if items:
            listing.highlighted = listing.get_option_index(self._target(keep, before))

    @property
    def highlighted(self) -> str | None:
        option = self.today_list.highlighted_option
        return option.id if option is not None else None

    def _item(self) -> Item | None:
        option_id = self.highlighted
        item = self.items.get(option_id) if option_id else None
        if item is None:
            self.app.say("Nothing to act on: nothing is due today.", "warning")
        return item

    # --- actions ---------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#today-list")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.kind in ("meeting", "follow_up"):
            self.app.open_meeting(item.ref)
            return

        self._open_worksheet(item.contact_id)

    @db_work(group="today-change")
    def _open_worksheet(self, contact_id: int) -> Message:
        from netui.db.meetings import open_worksheet  # (not before the first paint)

        meeting_id, _created = open_worksheet(contact_id)
        return self.WorksheetOpened(meeting_id)

    @on(WorksheetOpened)
    def _worksheet_opened(self, message: WorksheetOpened) -> None:
        self.app.open_meeting(message.meeting_id)

    def action_done(self) -> None:
        item = self._item()
        if item is None:
            return
        name = safe_line(item.name)
        if item.kind == "meeting":
            from netui.screens.marking_done import mark_meeting_done

            mark_meeting_done(self.app, item.ref, item.name, done=self._after_done)
        elif item.kind == "overdue":
            self._keep_in_touch(item.contact_id, name)
        elif item.kind == "follow_up":
            self._follow_up_done(item.ref, name)
        else:
            self._give_back(item)

    @db_work(group="today-change")
    def _keep_in_touch(self, contact_id: int, name: str) -> Message:
        from netui.db.touches import keep_in_touch

        with self.undo_step(f"kept in touch with {name}"):
            keep_in_touch(contact_id)
        return self.Changed(f"Kept in touch with {name} today. Press ctrl+z to undo.")

    @db_work(group="today-change")
    def _follow_up_done(self, meeting_id: int, name: str) -> Message:
        with self.undo_step(f"the follow-up with {name} done"):
            done_for_good("follow_up", meeting_id)
        return self.Changed(f"Follow-up with {name} done. Press ctrl+z to undo.")

    def _after_done(self, _closed: ClosedMeeting) -> None:
        self.action_refresh()

    def _give_back(self, item: Item) -> None:
        from netui.modals.exchange_form import ExchangeForm

        form = ExchangeForm(item.name, today=clock.today())
        self.app.push_screen(form, partial(self._logged, item, safe_line(item.name)))

    def _logged(self, item: Item, name: str, fields: ExchangeFields | None) -> None:
        if fields is not None:
            self._log(item.contact_id, fields, name)

    @db_work(group="today-change")
    def _log(self, contact_id: int, fields: ExchangeFields, name: str) -> Message:
        from netui.db.ledger import log_exchange

        with self.undo_step(f"the exchange with {name}"):
            log_exchange(
                contact_id,
                fields.direction,
                fields.currency,
                fields.value,
                note=fields.note,
                on=fields.on,
            )
        return self.Changed(f"Logged: {fields.direction} {name} {fields.currency}. ctrl+z undoes.")

    def action_snooze(self) -> None:
        item = self._item()
        if item is None:
            return
        today = clock.today()
        from netui.modals.text_prompt import TextPrompt

        self.app.push_screen(
            TextPrompt(
                f"Snooze {item.name} until",
                (today + dt.timedelta(days=7)).isoformat(),
                placeholder="YYYY-MM-DD, or a number of days",
                hint="It comes back on that day.",
                check=lambda value: parse_until(value, today)[1],
            ),
            partial(self._snooze_chosen, item, today),
        )

    def _snooze_chosen(self, item: Item, today: dt.date, value: str | None) -> None:
        if value is None:
            return
        day, problem = parse_until(value, today)
        if day is None:
            self.app.say(problem or "", "warning")
            return
        self._snooze(item.kind, item.ref, day, safe_line(item.name))

    @db_work(group="today-change")
    def _snooze(self, kind: str, ref: int, day: dt.date, name: str) -> Message:
        with self.undo_step(f"the snooze of {name}"):
            snooze(kind, ref, day)
        return self.Changed(f"Snoozed {name} until {day.isoformat()}. ctrl+z undoes.")

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        self.app.say(message.text)
        self.action_refresh()

    def action_import_calendar(self) -> None:
        self.app.action_import(kind="ics")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Refresh Today  (f5)", "Read the database again", self.action_refresh)
