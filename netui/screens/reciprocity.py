"""The Reciprocity screen: the meter for the whole network and introductions I broker.

Left, the network ranked by imbalance and the other lists (give back first,
investing, dormant, inside / outside my organisation, introductions) as tabs, with
the network's activity per month under them. Right, the highlighted contact: their
meter, breakdown by currency, activity, and the history of exchanges to edit or
delete (with undo).

Everything is read in thread workers (:mod:`netui.db.reciprocity_overview`); the
texts are in :mod:`.reciprocity_texts`, the introductions' actions in
:mod:`.reciprocity_intros`.
"""


from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from netui import clock
from netui.core.text import safe_line
from netui.db.edits import EditOutcome
from netui.db.reciprocity_overview import (
    MONTHS,
    ContactLedger,
    Overview,
    load_contact_ledger,
    load_overview,
)
from netui.db.settings import LABELS as SETTING_LABELS
from netui.db.settings import edit_settings
from netui.modals.text_prompt import TextPrompt
from netui.screens.base import NetuiScreen
from netui.screens.reciprocity_intros import IntroductionActions
from netui.screens.reciprocity_ledger import LedgerActions
from netui.screens.reciprocity_texts import (
    INTROS,
    LISTS,
    TAB_ORDER,
    empty_hint,
    intro_status,
    list_status,
    summary_text,
)
from netui.screens.saving import save_edit
from netui.screens.sharing import SharingActions
from netui.widgets.activity_chart import ActivityChart
from netui.widgets.contact_ledger import ContactLedgerPane
from netui.widgets.introduction_table import IntroductionTable, introduction_text
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.ledger_history import LedgerHistory
from netui.widgets.meter_table import MeterTable
from netui.workers import db_work


def today() -> dt.date:
    """The day the screen counts from (fading, months, dormancy); tests replace it."""
    return clock.today()


# --- the screen ----------------------------------------------------------------------------

#: The summary line until the first read of the lists has landed.
READING_NETWORK = Content.styled("Reading the network: every contact's meter…", "dim")


class ReciprocityScreen(SharingActions, LedgerActions, IntroductionActions, NetuiScreen):
    """Who has given, who has taken, who is dormant; introductions I broker."""

    TITLE = "Reciprocity"
    CSS_PATH = "reciprocity.tcss"
    #: Below 32 lines (80×24) the highlighted contact's activity chart gives its
    #: lines to their history.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        Binding(
            "l", "log_exchange", "Log", id="reciprocity.log",
            tooltip="Log an exchange with the highlighted contact",
        ),
        Binding(
            "e", "edit", "Edit", id="reciprocity.edit",
            tooltip="Edit the highlighted ledger entry (on Introductions: the introduction)",
        ),
        Binding(
            "d,delete", "delete_entry", "Delete", id="reciprocity.delete",
            tooltip="Delete the highlighted ledger entry (undo with u)",
        ),
        Binding("u", "undo", "Undo", id="reciprocity.undo", tooltip="Undo the last change"),
        Binding(
            "s", "toggle_shared", "Share", id="reciprocity.share",
            tooltip="Share the highlighted ledger entry with the team, or make it yours alone",
        ),
        Binding(
            "i", "new_introduction", "Introduce", id="reciprocity.introduce",
            tooltip="Record an introduction I broker between two contacts",
        ),
        Binding(
            "a", "set_intro_status('asked')", "Asked", show=False, id="reciprocity.asked",
            tooltip="Mark the highlighted introduction asked",
        ),
        Binding(
            "m", "set_intro_status('made')", "Made", id="reciprocity.made",
            tooltip="Mark the highlighted introduction made (logs it to both sides)",
        ),
        Binding(
            "x", "set_intro_status('declined')", "Declined", show=False,
            id="reciprocity.declined", tooltip="Mark the highlighted introduction declined",
        ),
        Binding(
            "t", "next_list", "Next list", id="reciprocity.next",
            tooltip="Show the next list (give back first, investing, dormant, …)",
        ),
        Binding(
            "T", "previous_list", "Previous list", key_display="T", show=False,
            id="reciprocity.previous", tooltip="Show the previous list",
        ),
        Binding(
            "h", "toggle_history", "History", id="reciprocity.history",
            tooltip="Move between the list and the highlighted contact's history",
        ),
        Binding(
            "o", "set_organisation", "My org", id="reciprocity.organisation",
            tooltip="Set my organisation, for the inside / outside split",
        ),
        Binding(
            "f5,ctrl+r", "refresh", "Refresh", show=False, id="reciprocity.refresh",
            tooltip="Read the database again (changes from another window)",
        ),
    ]  # fmt: skip

    # --- what its workers report (netui.workers) -------------------------------------

    class OverviewRead(Message):
        """The lists, the introductions and the activity were read."""

        def __init__(
            self, overview: Overview, keep_entry: int | None, keep_intro: int | None
        ) -> None:
            super().__init__()
            self.overview = overview
            self.keep_entry = keep_entry
            self.keep_intro = keep_intro

    class LedgerRead(Message):
        """The highlighted contact's ledger was read."""

        def __init__(self, ledger: ContactLedger | None, keep_entry: int | None) -> None:
            super().__init__()
            self.ledger = ledger
            self.keep_entry = keep_entry

    #: The network as last read; the summary, the lists, the introductions, the
    #: chart and the status line follow it (:meth:`watch_overview`).
    overview: var[Overview | None] = var(None, always_update=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.contact_id: int | None = None
        self._unfilled: set[str] = set()
        #: (entry, introduction) a read on its way should keep (a refresh keeps them).
        self._keep: tuple[int | None, int | None] = (None, None)

    def compose(self) -> ComposeResult:
        with Horizontal(id="reciprocity-main"):
            with Vertical(id="lists-pane"):
                # Until the first read lands (seconds at 300,000 contacts): say so.
                yield Static(READING_NETWORK, id="network-summary")
                with TabbedContent(id="lists", initial="tab-ranked"):
                    for key, title, _ in LISTS:
                        with TabPane(title, id=f"tab-{key}"):
                            yield Static("", id=f"hint-{key}", classes="list-hint")
                            yield MeterTable(dormant=key == "dormant", id=f"table-{key}")
                    with TabPane("Introductions", id=f"tab-{INTROS}"):
                        yield Static("", id=f"hint-{INTROS}", classes="list-hint")
                        yield IntroductionTable(id="intro-table")
                        yield Static("", id="intro-detail")
                yield Static("", id="list-status")
                yield ActivityChart(id="network-activity")
            yield ContactLedgerPane(id="ledger")
        yield KeysFooter()

    # --- parts -----------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return today()

    @property
    def active_key(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("tab-")

    @property
    def active_table(self) -> MeterTable | None:
        key = self.active_key
        return None if key == INTROS else self.query_one(f"#table-{key}", MeterTable)

    @property
    def intro_table(self) -> IntroductionTable:
        return self.query_one(IntroductionTable)

    @property
    def ledger_pane(self) -> ContactLedgerPane:
        return self.query_one(ContactLedgerPane)

    @property
    def history(self) -> LedgerHistory:
        return self.ledger_pane.history

    def table(self, key: str) -> MeterTable:
        return self.query_one(f"#table-{key}", MeterTable)

    # --- loading ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self.table("ranked").focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.overview is not None:
            self.reload()

    def reload(self, *, keep_entry: int | None = None, keep_intro: int | None = None) -> None:
        """Read the lists again; then the highlighted contact's ledger."""
        self._keep = (keep_entry, keep_intro)
        self._read_overview(self.today, keep_entry, keep_intro)

    @db_work(group="reciprocity-overview", exclusive=True, reads_everyone=True)
    def _read_overview(
        self, today: dt.date, keep_entry: int | None, keep_intro: int | None
    ) -> Message:
        return self.OverviewRead(load_overview(today), keep_entry, keep_intro)

    @on(OverviewRead)
    def _overview_read(self, message: OverviewRead) -> None:
        self._keep = (message.keep_entry, message.keep_intro)  # for watch_overview
        self.overview = message.overview

    def watch_overview(self, overview: Overview | None) -> None:
        keep_entry, keep_intro = self._keep
        self._keep = (None, None)
        if overview is not None:
            self._show_overview(overview, keep_intro)
            self.follow(force=True, keep_entry=keep_entry)

    def _show_overview(self, overview: Overview, keep_intro: int | None) -> None:
        self._show_summary()
        # Only the list on show is filled now; the others when their tab is opened.
        self._unfilled = {key for key, _, _ in LISTS}
        self._fill(self.active_key)
        records = overview.introductions
        self.intro_table.show(records, keep=keep_intro)
        self._set_empty(INTROS, not records, overview)
        self._show_intro_detail()
        self.query_one("#network-activity", ActivityChart).show(
            f"Network activity, {MONTHS} months", overview.activity
        )
        self._update_status()
        self._focus_active(unless_history=True)

    def _show_summary(self) -> None:
        if self.overview is None:
            return
        summary = self.query_one("#network-summary", Static)
        summary.update(summary_text(self.overview, summary.content_region.width))

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_summary)  # once the line has its new width

    def _fill(self, key: str) -> None:
        """Put the rows of list ``key`` into its table, if that has not been done."""
        if self.overview is None or key not in self._unfilled:
            return
        self._unfilled.discard(key)
        rows = self.overview.lists[key].rows
        self.table(key).show(rows, keep=self.contact_id)
        self._set_empty(key, not rows, self.overview)

    def _focus_active(self, *, unless_history: bool = False) -> None:
        """Focus the active tab's table (when it is shown)."""
        if unless_history and self.history.has_focus:
            return
        key = self.active_key
        widget = self.intro_table if key == INTROS else self.table(key)
        if widget.display:
            widget.focus()

    def _set_empty(self, key: str, empty: bool, overview: Overview) -> None:
        hint = self.query_one(f"#hint-{key}", Static)
        hint.update(empty_hint(key, overview) if empty else "")
        hint.display = empty
        table = self.intro_table if key == INTROS else self.table(key)
        table.display = not empty
        if key == INTROS:
            self.query_one("#intro-detail", Static).display = not empty

    def _update_status(self) -> None:
        if self.overview is None:
            return
        key = self.active_key
        status = self.query_one("#list-status", Static)
        if key == INTROS:
            status.update(intro_status(self.overview.introductions))
        else:
            status.update(list_status(key, self.overview))

    def _show_intro_detail(self) -> None:
        record = self.intro_table.highlighted
        detail = self.query_one("#intro-detail", Static)
        detail.update(introduction_text(record) if record else "")

    def follow(self, *, force: bool = False, keep_entry: int | None = None) -> None:
        """Show the ledger of the contact under the active list's cursor."""
        table = self.active_table
        # On the introductions, keep the last contact.
        contact_id = self.contact_id if table is None else table.highlighted_id
        if contact_id == self.contact_id and not force:
            return
        self.contact_id = contact_id
        if contact_id is None:
            self.ledger_pane.show(None)
            return
        self._read_ledger(contact_id, self.today, keep_entry)

    @db_work(group="reciprocity-ledger", exclusive=True)
    def _read_ledger(self, contact_id: int, today: dt.date, keep_entry: int | None) -> Message:
        return self.LedgerRead(load_contact_ledger(contact_id, today), keep_entry)

    @on(LedgerRead)
    def _ledger_read(self, message: LedgerRead) -> None:
        self.ledger_pane.show(message.ledger, keep_entry=message.keep_entry)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if isinstance(event.data_table, IntroductionTable):
            self._show_intro_detail()
        elif isinstance(event.data_table, MeterTable) and event.data_table is self.active_table:
            self.follow()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if isinstance(event.data_table, IntroductionTable):
            self.action_edit()
        elif isinstance(event.data_table, LedgerHistory):
            self.edit_entry()
        elif isinstance(event.data_table, MeterTable) and self.history.records:
            self.history.focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self._fill(self.active_key)
        self._focus_active()
        self._update_status()
        self.follow()

    # --- lists -----------------------------------------------------------------------

    def show_list(self, key: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{key}"

    def _step_list(self, step: int) -> None:
        index = TAB_ORDER.index(self.active_key)
        self.show_list(TAB_ORDER[(index + step) % len(TAB_ORDER)])

    def action_next_list(self) -> None:
        self._step_list(1)

    def action_previous_list(self) -> None:
        self._step_list(-1)

    def action_toggle_history(self) -> None:
        if self.history.has_focus:
            self._focus_active()
        elif self.history.records:
            self.history.focus()
        else:
            self.app.say("No exchanges to go through: press l to log one.")

    def action_refresh(self) -> None:
        self.reload()

    def data_changed(self) -> None:
        """Something was committed elsewhere: read again, keeping the list, the
        cursor, the highlighted entry and introduction."""
        if self.overview is None:
            return
        entry = self.history.highlighted
        intro = self.intro_table.highlighted
        keep_entry, keep_intro = self._keep
        self.reload(
            keep_entry=keep_entry or (entry.id if entry else None),
            keep_intro=keep_intro or (intro.id if intro else None),
        )

    def action_undo(self) -> None:
        self.app.action_undo()

    def action_set_organisation(self) -> None:
        current = self.overview.my_organisation if self.overview else ""
        self.app.push_screen(
            TextPrompt(
                "My organisation",
                current,
                placeholder="e.g. Globex",
                hint="Contacts whose organisation matches (ignoring case and spacing) "
                "count as inside. Enter saves; empty clears; escape cancels.",
            ),
            partial(self._organisation_chosen, current),
        )

    def _organisation_chosen(self, current: str, value: str | None) -> None:
        if value is None or value == current:
            return
        save_edit(
            self.app,
            edit_settings,
            {"my_organisation": current},
            {"my_organisation": value},
            undo="set my organisation",
            what=SETTING_LABELS["my_organisation"],
            done=partial(self._organisation_saved, value),
        )

    def _organisation_saved(self, value: str, _outcome: EditOutcome) -> None:
        if value:
            self.app.say(f"My organisation is now {safe_line(value)}.")
        else:
            self.app.say("My organisation is cleared.")
        self.reload()

    def action_edit(self) -> None:
        if self.active_key == INTROS and not self.history.has_focus:
            self.edit_introduction()
        else:
            self.edit_entry()

    # --- the command palette ---------------------------------------------------------

    def shared_target(self) -> tuple[str, int, bool, str] | None:
        record = self.history.highlighted
        if record is None:
            return None
        return "exchange", record.id, record.shared, f"the entry of {record.date.isoformat()}"

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from self.sharing_commands()
        for key, title, help_text in LISTS:
            yield SystemCommand(f"Reciprocity: {title}", f"Show {help_text}", _shower(self, key))
        yield SystemCommand(
            "Reciprocity: Introductions", "Introductions I broker", _shower(self, INTROS)
        )


def _shower(screen: ReciprocityScreen, key: str) -> Callable[[], None]:
    return lambda: screen.show_list(key)
