"""The Reciprocity screen: the meter for the whole network and introductions I broker.

Left, the network ranked by imbalance and the other lists (give back first,
investing, dormant, inside / outside my organisation, introductions) as tabs, with
the network's activity per month under them. Right, the highlighted contact: their
meter, breakdown by currency, activity, and the history of exchanges to edit or
delete (with undo).

Everything is read in thread workers. The lists show their top :data:`TOP` rows
(the whole network can be 30,000 contacts) and say how many there are in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from netui import clock
from netui.core.reciprocity import Balance, meter_label
from netui.core.text import safe_line
from netui.db.contacts import contact_rows
from netui.db.edits import EditOutcome
from netui.db.introductions import FIELD_LABELS as INTRO_LABELS
from netui.db.introductions import (
    IntroductionRecord,
    edit_introduction,
    introductions,
    record_introduction,
    set_status,
)
from netui.db.ledger import FIELD_LABELS as EXCHANGE_LABELS
from netui.db.ledger import (
    ExchangeRecord,
    MeterRow,
    currency_breakdown,
    delete_exchange,
    dormant,
    edit_exchange,
    exchanges_for,
    get_exchange,
    give_back_first,
    inside_outside,
    investing,
    log_exchange,
    meter_table,
    meters,
    monthly_activity,
)
from netui.db.settings import LABELS as SETTING_LABELS
from netui.db.settings import edit_settings, get_setting
from netui.modals.confirm import Confirm
from netui.modals.exchange_form import ExchangeFields, ExchangeForm
from netui.modals.introduction_form import IntroductionFields, IntroductionForm
from netui.modals.text_prompt import TextPrompt
from netui.screens.base import NetuiScreen
from netui.screens.saving import save_edit
from netui.widgets.activity_chart import ActivityChart
from netui.widgets.contact_ledger import ContactLedger, ContactLedgerPane
from netui.widgets.introduction_table import IntroductionTable, introduction_text
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.ledger_history import LedgerHistory
from netui.widgets.meter_table import MeterTable, meter_cell, meter_style

#: Rows shown per list; the status line says how many there are in all.
TOP = 300
#: Exchanges shown in a contact's history.
HISTORY_LIMIT = 500
MONTHS = 24

#: (key, tab title, what the palette says) of every list of contacts, in tab order.
LISTS = (
    ("ranked", "Ranked", "the network ranked by imbalance"),
    ("give-back", "Give back first", "who gave me more than I gave them"),
    ("investing", "Investing", "who I gave more than they gave me"),
    ("dormant", "Dormant", "who is past their keep-in-touch cadence"),
    ("inside", "Inside", "contacts inside my organisation"),
    ("outside", "Outside", "contacts outside my organisation"),
)
INTROS = "intros"
TAB_ORDER = (*(key for key, _, _ in LISTS), INTROS)


def today() -> dt.date:
    """The day the screen counts from (fading, months, dormancy); tests replace it."""
    return clock.today()


# --- what the workers read ---------------------------------------------------------------


@dataclass(frozen=True)
class ContactList:
    rows: list[MeterRow]  # the first TOP
    count: int  # how many in all


@dataclass(frozen=True)
class Overview:
    today: dt.date
    total: int  # live contacts
    exchanged: int  # contacts with at least one exchange
    network: Balance
    lists: dict[str, ContactList]
    my_organisation: str
    activity: list[tuple[str, int, int]]
    introductions: list[IntroductionRecord]


def load_overview(day: dt.date) -> Overview:
    rows = meter_table(day)
    my_org = get_setting("my_organisation").strip()
    inside, outside = inside_outside(my_org, rows=rows)
    full = {
        "ranked": rows,
        "give-back": give_back_first(rows=rows),
        "investing": investing(rows=rows),
        "dormant": dormant(rows=rows),
        "inside": inside,
        "outside": outside,
    }
    given = sum(row.given for row in rows)
    received = sum(row.received for row in rows)
    return Overview(
        today=day,
        total=len(rows),
        exchanged=sum(1 for row in rows if row.last_exchange is not None),
        network=Balance(given, received),
        lists={key: ContactList(found[:TOP], len(found)) for key, found in full.items()},
        my_organisation=my_org,
        activity=monthly_activity(MONTHS, today=day),
        introductions=introductions(),
    )


def load_contact_ledger(contact_id: int, day: dt.date) -> ContactLedger | None:
    found = contact_rows([contact_id])
    if not found:
        return None
    contact = found[0]
    return ContactLedger(
        contact_id=contact_id,
        name=contact.name,
        organisation=contact.organisation,
        balance=meters([contact_id], today=day).get(contact_id, Balance()),
        breakdown=currency_breakdown(contact_id, today=day),
        history=exchanges_for(contact_id, limit=HISTORY_LIMIT),
        activity=monthly_activity(MONTHS, contact_id=contact_id, today=day),
        today=day,
    )


def write_introduction(fields: IntroductionFields) -> int:
    """Record a new introduction; the status "made" is left to :func:`set_status`
    (so marking it made goes through the balance check). Returns its id."""
    status = "idea" if fields.status == "made" else fields.status
    return record_introduction(
        fields.a_id, fields.b_id, fields.a_gains, fields.a_value,
        fields.b_gains, fields.b_value, status=status,
    )  # fmt: skip


def intro_fields(fields: IntroductionFields | IntroductionRecord) -> dict[str, object]:
    """What the introduction form edits (but the status), as :func:`edit_introduction`
    compares it."""
    return {name: getattr(fields, name) for name in INTRO_LABELS}


def exchange_fields(record: ExchangeRecord) -> ExchangeFields:
    return ExchangeFields(record.direction, record.currency, record.value, record.date, record.note)


def current_introduction(intro_id: int) -> dict[str, object]:
    """One introduction as the form edits it, read again (in a worker)."""
    for record in introductions():
        if record.id == intro_id:
            return intro_fields(record)
    raise LookupError("The introduction is gone.")


# --- texts ---------------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _with_top(count: int) -> str:
    return f" · top {TOP:,} shown" if count > TOP else ""


def summary_text(overview: Overview, width: int = 0) -> Text:
    """The network's meter, then what fits of: the totals, the bar, how many contacts
    were exchanged with (each whole or not at all: a number is never cut)."""
    network = overview.network
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append("Network meter ", style="bold")
    text.append(meter_label(network.meter), style=meter_style(network.meter))
    bar = Text(" ").append_text(meter_cell(network.meter))
    totals = Text(f" gave {network.given:.1f} · got {network.received:.1f}")
    exchanged = Text(f" · {overview.exchanged:,} of {overview.total:,} exchanged with", "dim")
    room = width - text.cell_len if width else None
    if room is not None and totals.cell_len > room:  # whole numbers take less room
        totals = Text(f" gave {network.given:.0f} · got {network.received:.0f}")
    shown = []
    for part in (totals, exchanged, bar):  # by priority: numbers before the bar
        if room is None or part.cell_len <= room:
            shown.append(part)
            room = None if room is None else room - part.cell_len
    for part in (bar, totals, exchanged):  # in their places
        if part in shown:
            text.append_text(part)
    return text


def list_status(key: str, overview: Overview) -> Text:
    """The line under a list: how many, in what order, and what to do."""
    found = overview.lists[key]
    count = found.count
    org = overview.my_organisation
    if key == "ranked":
        if overview.total and not overview.exchanged:
            return Text.assemble(
                "No exchanges yet: press ", ("l", "bold"), " on a contact to log one."
            )
        if count > TOP:
            return Text(f"Top {TOP:,} of {count:,} contacts, the most imbalanced first")
        return Text(f"{_plural(count, 'contact')}, the most imbalanced first")
    if key == "give-back":
        return Text(
            f"{_plural(count, 'contact')} gave me more than I gave them: give back first"
            + _with_top(count)
        )
    if key == "investing":
        return Text(
            f"{_plural(count, 'contact')} got more from me than I got from them" + _with_top(count)
        )
    if key == "dormant":
        return Text(
            f"{_plural(count, 'contact')} past their keep-in-touch cadence, the longest first"
            + _with_top(count)
        )
    if not org:
        return Text.assemble("My organisation is not set: press ", ("o", "bold"), " to set it.")
    where = "at " if key == "inside" else "outside "
    text = Text(f"{_plural(count, 'contact')} {where}")
    text.append(safe_line(org), style="bold")
    text.append(_with_top(count))
    return text


def intro_status(records: list[IntroductionRecord]) -> Text:
    lopsided = sum(1 for record in records if not record.balanced)
    return Text.assemble(
        f"{_plural(len(records), 'introduction')} · {lopsided} lopsided · ",
        ("i", "bold"), " record · ", ("a", "bold"), " asked · ", ("m", "bold"), " made · ",
        ("x", "bold"), " declined",
    )  # fmt: skip


def empty_hint(key: str, overview: Overview) -> Text:
    """What an empty list means, and what to do about it."""
    if key == "ranked":
        return Text.assemble(
            "No contacts yet. Add some on the Contacts screen (press ", ("1", "bold"),
            "), import LinkedIn's Connections.csv, or try ", ("netui demo", "bold"), ".",
        )  # fmt: skip
    if key == "give-back":
        return Text("Nobody is owed: no contact gave me more than I gave them.")
    if key == "investing":
        return Text.assemble(
            "Nobody got more from me than I got from them. First give, then take: press ",
            ("l", "bold"), " on a contact to log what I gave.",
        )  # fmt: skip
    if key == "dormant":
        return Text("Nobody is past their keep-in-touch cadence.")
    if key == INTROS:
        return Text.assemble(
            "No introductions yet. Press ", ("i", "bold"),
            " to record one between two contacts who would both gain from meeting.",
        )  # fmt: skip
    org = overview.my_organisation
    if not org:
        return Text.assemble(
            "My organisation is not set, so nobody counts as inside. Press ", ("o", "bold"),
            " to set it (it is compared ignoring case and spacing).",
        )  # fmt: skip
    if key == "inside":
        text = Text("No contact's organisation is ")
        text.append(safe_line(org), style="bold")
        text.append(". Press o to change my organisation.")
        return text
    text = Text("Every contact is at ")
    text.append(safe_line(org), style="bold")
    text.append(".")
    return text


# --- the screen ----------------------------------------------------------------------------


class ReciprocityScreen(NetuiScreen):
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

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None
        self.contact_id: int | None = None
        self._unfilled: set[str] = set()
        #: (entry, introduction) a read on its way should keep (a refresh keeps them).
        self._keep: tuple[int | None, int | None] = (None, None)

    def compose(self) -> ComposeResult:
        with Horizontal(id="reciprocity-main"):
            with Vertical(id="lists-pane"):
                yield Static("", id="network-summary")
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

        def show(overview: Overview) -> None:
            self._keep = (None, None)
            self.overview = overview
            self._show_overview(overview, keep_intro)
            self.follow(force=True, keep_entry=keep_entry)

        self.app.run_db(
            load_overview, self.today, done=show, group="reciprocity-overview", exclusive=True
        )

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
        self.app.run_db(
            load_contact_ledger,
            contact_id,
            self.today,
            done=lambda ledger: self.ledger_pane.show(ledger, keep_entry=keep_entry),
            group="reciprocity-ledger",
            exclusive=True,
        )

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

        def chosen(value: str | None) -> None:
            if value is None or value == current:
                return

            def saved(_: EditOutcome) -> None:
                if value:
                    self.app.say(f"My organisation is now {safe_line(value)}.")
                else:
                    self.app.say("My organisation is cleared.")
                self.reload()

            save_edit(
                self.app,
                edit_settings,
                {"my_organisation": current},
                {"my_organisation": value},
                undo="set my organisation",
                what=SETTING_LABELS["my_organisation"],
                done=saved,
            )

        self.app.push_screen(
            TextPrompt(
                "My organisation",
                current,
                placeholder="e.g. Globex",
                hint="Contacts whose organisation matches (ignoring case and spacing) "
                "count as inside. Enter saves; empty clears; escape cancels.",
            ),
            chosen,
        )

    # --- the ledger ------------------------------------------------------------------

    def _contact_name(self) -> str | None:
        ledger = self.ledger_pane.ledger
        if ledger is not None and ledger.contact_id == self.contact_id:
            return ledger.name
        table = self.active_table
        row = table.highlighted_row if table else None
        return row.name if row and row.contact_id == self.contact_id else None

    def action_log_exchange(self) -> None:
        contact_id = self.contact_id
        name = self._contact_name()
        if contact_id is None or name is None:
            self.app.say("Move the cursor onto a contact first, then press l.", "warning")
            return

        def logged(fields: ExchangeFields | None) -> None:
            if fields is None:
                return
            self.app.run_db(
                _log,
                contact_id,
                fields,
                done=lambda exchange_id: self._changed(
                    f"Logged: {_describe(fields)} with {safe_line(name)}.", keep_entry=exchange_id
                ),
                undo=f"log an exchange with {name}",
            )

        self.app.push_screen(ExchangeForm(name, today=self.today), logged)

    def action_edit(self) -> None:
        if self.active_key == INTROS and not self.history.has_focus:
            self.edit_introduction()
        else:
            self.edit_entry()

    def edit_entry(self) -> None:
        record = self.history.highlighted
        name = self._contact_name()
        if record is None or name is None:
            self.app.say("No exchange to edit: press l to log one.", "warning")
            return
        before = exchange_fields(record)

        def edited(fields: ExchangeFields | None) -> None:
            if fields is None or fields == before:
                return

            def saved(_: EditOutcome) -> None:
                self._changed(
                    f"Saved the exchange with {safe_line(name)}. Press u to undo.",
                    keep_entry=record.id,
                )

            save_edit(
                self.app,
                lambda loaded, wanted: edit_exchange(record.id, loaded, wanted),
                asdict(before),
                asdict(fields),
                undo=f"edit an exchange with {name}",
                what=f"an exchange with {name}",
                done=saved,
            )

        form = ExchangeForm(name, before, today=max(self.today, record.date))
        form.watch_record(lambda: exchange_fields(get_exchange(record.id)), before, EXCHANGE_LABELS)
        self.app.push_screen(form, edited)

    def action_delete_entry(self) -> None:
        if self.active_key == INTROS and self.focused is not self.history:
            self.app.say(
                "Introductions are kept; mark one declined with x instead.", "warning"
            )
            return
        if self.focused is not self.history:
            # Deleting acts only from the history it deletes from, never from a list.
            self.app.say(
                "Press h to go to the contact's history, then d deletes the highlighted entry.",
                "warning",
            )
            return
        record = self.history.highlighted
        name = self._contact_name() or "this contact"
        if record is None:
            self.app.say("No exchange to delete.", "warning")
            return

        def deleted(gone: ExchangeRecord) -> None:
            self._changed(
                f"Deleted the {gone.currency} exchange with {safe_line(name)}. Press u to undo."
            )

        self.app.run_db(
            delete_exchange,
            record.id,
            done=deleted,
            undo=f"delete the {record.currency} exchange with {name}",
        )

    def _changed(
        self, message: str, *, keep_entry: int | None = None, keep_intro: int | None = None
    ) -> None:
        self.app.say(message)
        self.reload(keep_entry=keep_entry, keep_intro=keep_intro)

    # --- introductions ---------------------------------------------------------------

    def action_new_introduction(self) -> None:
        first = None
        name = self._contact_name()
        if self.active_key != INTROS and self.contact_id is not None and name is not None:
            first = (self.contact_id, name)

        def done(fields: IntroductionFields | None) -> None:
            if fields is not None:
                self._save_introduction(fields, None)

        self.app.push_screen(IntroductionForm(first=first), done)

    def edit_introduction(self) -> None:
        record = self.intro_table.highlighted
        if record is None:
            self.app.say("No introduction to edit: press i to record one.", "warning")
            return

        def done(fields: IntroductionFields | None) -> None:
            if fields is not None:
                self._save_introduction(fields, record)

        form = IntroductionForm(record).watch_record(
            lambda: current_introduction(record.id), intro_fields(record), INTRO_LABELS
        )
        self.app.push_screen(form, done)

    def _save_introduction(
        self, fields: IntroductionFields, record: IntroductionRecord | None
    ) -> None:
        people = f"{fields.a_name} and {fields.b_name}"

        def saved(intro_id: int) -> None:
            self.show_list(INTROS)
            if record is not None:
                old_status = record.status
            else:  # recorded as an idea when it should be made: made goes through the check
                old_status = "idea" if fields.status == "made" else fields.status
            what = "Saved" if record else "Recorded"
            people = f"{safe_line(fields.a_name)} and {safe_line(fields.b_name)}"
            self._changed(f"{what} the introduction of {people}.", keep_intro=intro_id)
            if fields.status != old_status:
                self.change_status(intro_id, old_status, fields.status)

        if record is None:
            self.app.run_db(
                write_introduction,
                fields,
                done=saved,
                undo=f"record the introduction of {people}",
            )
            return
        if intro_fields(fields) == intro_fields(record):
            saved(record.id)  # only the status changed, if anything
            return
        save_edit(
            self.app,
            lambda loaded, wanted: edit_introduction(record.id, loaded, wanted),
            intro_fields(record),
            intro_fields(fields),
            undo=f"edit the introduction of {people}",
            what=f"the introduction of {people}",
            done=lambda _: saved(record.id),
        )

    def action_set_intro_status(self, status: str) -> None:
        if self.active_key != INTROS:
            self.show_list(INTROS)
            self.app.say(
                f"Choose an introduction, then press the key again to mark it {status}."
            )
            return
        if self.focused is not self.intro_table:
            self.app.say(
                f"Go to the introductions (h) to mark one {status}.", "warning"
            )
            return
        record = self.intro_table.highlighted
        if record is None:
            self.app.say("No introduction yet: press i to record one.", "warning")
            return
        if record.status == status:
            self.app.say(f"It is already {status}.")
            return
        self.change_status(record.id, record.status, status)

    def change_status(self, intro_id: int, old: str, status: str, *, force: bool = False) -> None:
        """Set the status; a lopsided introduction asks before it is marked made."""

        def done(warning: str | None) -> None:
            if warning is not None:
                self.app.push_screen(
                    Confirm(
                        "Mark a lopsided introduction made?",
                        warning + "\n\nMark it made anyway? Both sides get it in the ledger.",
                        yes="Mark made",
                        no="Not yet",
                    ),
                    lambda yes: (
                        self.change_status(intro_id, old, status, force=True)
                        if yes
                        else self.app.say(f"Not marked made; it stays {old}.")
                    ),
                )
                return
            extra = " Both sides got it in the ledger." if status == "made" else ""
            self._changed(f"Marked {status}.{extra} Press u to undo.", keep_intro=intro_id)

        self.app.run_db(
            lambda: set_status(intro_id, status, force=force, expected=old),
            done=done,
            undo=f"mark an introduction {status}",
        )

    # --- the command palette ---------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        for key, title, help_text in LISTS:
            yield SystemCommand(f"Reciprocity: {title}", f"Show {help_text}", _shower(self, key))
        yield SystemCommand(
            "Reciprocity: Introductions", "Introductions I broker", _shower(self, INTROS)
        )


def _shower(screen: ReciprocityScreen, key: str) -> Callable[[], None]:
    return lambda: screen.show_list(key)


def _describe(fields: ExchangeFields) -> str:
    verb = "gave" if fields.direction == "gave" else "received"
    return f"{verb} {fields.currency} ({fields.value})"


def _log(contact_id: int, fields: ExchangeFields) -> int:
    return log_exchange(
        contact_id, fields.direction, fields.currency, fields.value, note=fields.note, on=fields.on
    )

