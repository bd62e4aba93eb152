"""The Contacts screen: search-as-you-type over the whole network, and a detail pane."""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from netui.core.brokers import BrokerPath
from netui.core.search import Superseded, terms_of
from netui.core.text import plural, safe_line
from netui.db import journal
from netui.db.brokers import brokers_for
from netui.db.contacts import (
    FIELD_LABELS,
    ContactDetail,
    ContactFields,
    ContactRow,
    Scope,
    SortKey,
    contact_rows,
    count_contacts,
    create_contact,
    edit_contact,
    get_contact,
    ordered_contact_ids,
    set_archived,
)
from netui.db.edits import EditOutcome
from netui.db.ledger import log_exchange
from netui.db.meetings import open_worksheet, worksheet_with_introducer
from netui.db.merge import MergeResult, merge_contacts
from netui.db.names import labels_for
from netui.db.overview import ContactOverview, contact_overview
from netui.db.search import current_index, live_count, search_contacts, search_index
from netui.db.ties import FIELD_LABELS as TIE_LABELS
from netui.db.ties import TieRecord, edit_tie, get_tie, remove_tie, ties_of
from netui.modals.brokers_view import BrokersView
from netui.modals.choose import Choose
from netui.modals.confirm import Confirm
from netui.modals.contact_form import ContactForm
from netui.modals.contact_picker import ContactPicker
from netui.modals.exchange_form import ExchangeFields, ExchangeForm
from netui.modals.tie_form import TieFields, TieForm
from netui.screens.base import NetuiScreen
from netui.screens.saving import save_edit
from netui.widgets.contact_detail import ContactDetailPane
from netui.widgets.contact_list import ContactList, View
from netui.widgets.contact_list_header import TITLES, ContactListHeader
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.text_input import TextInput

SORT_ORDER = tuple(SortKey)
SCOPE_LABELS = {
    Scope.EVERYONE: "everyone",
    Scope.NETWORK: "my network (1st degree)",
    Scope.SECOND_DEGREE: "2nd degree only",
    Scope.ARCHIVED: "archived (d restores)",
}


#: What an empty filter says (with no search typed).
EMPTY_SCOPES = {
    Scope.NETWORK: "Nobody in my network (1st degree) yet: f shows the others.",
    Scope.SECOND_DEGREE: "No 2nd-degree contacts: f shows the others.",
    Scope.ARCHIVED: "Nobody is archived: f shows the others.",
}


@dataclass
class ListState:
    """What a search needs, and what a finished search hands back."""

    query: str
    sort: SortKey
    descending: bool
    scope: Scope
    view: View  # where the list stands: which rows it holds and will show
    keep: int | None = None  # the contact the cursor should stay on
    ids: Sequence[int] | None = None  # the result
    total: int = 0  # live contacts
    rows: list[ContactRow] | None = None  # the rows the result shows first, read ahead
    indexed: bool = False  # whether the search index answered (else the database did)


def first_run_text() -> Text:
    """What an empty database shows: how to bring people in."""
    return Text.assemble(
        ("No contacts yet.", "bold"),
        " Press ", ("n", "bold"), " to add one, ",
        ("i", "bold"), " to import LinkedIn's Connections.csv or vCards, or quit (",
        ("ctrl+q", "bold"), ") and try ", ("netui demo", "bold"),
        " for a ready-made network.",
    )  # fmt: skip


def run_search(state: ListState) -> ListState:
    """Search, and read the rows the result shows first (runs in a thread worker).

    A query with no words, while the search index is not built or is out of date
    (the first paint, just after a change), is answered by the database alone,
    which at 300,000 contacts takes a fraction of the index's build; every other
    query waits for the index (:mod:`netui.db.search`: built once, shared). A
    newer keystroke cancels this worker, and the search stops where it is.
    """
    worker = get_current_worker()
    index = current_index()
    if index is None and not terms_of(state.query):
        state.ids = array("q", ordered_contact_ids(state.sort, state.descending, state.scope))
        state.total = count_contacts()
    else:
        state.ids = search_contacts(
            state.query,
            state.sort,
            state.descending,
            state.scope,
            cancelled=lambda: worker.is_cancelled,
        )
        state.indexed = True
        state.total = live_count(current_index())
    if worker.is_cancelled:
        raise Superseded
    state.rows = contact_rows(state.view.missing(state.ids, state.keep))
    return state


def prepare_index() -> None:
    """Build the search index now, so that the first keystroke only filters."""
    search_index()


DETAIL_DELAY = 0.04  # seconds the cursor must rest before the detail pane is read


def overview_when_settled(contact_id: int) -> ContactOverview | None:
    """The detail pane's contents, read once the cursor has rested a moment.

    Typing a search or holding an arrow key moves the cursor many times a second;
    each move cancels the previous read (an exclusive worker) during this pause, so
    only the contact the cursor stops on is read.
    """
    time.sleep(DETAIL_DELAY)
    if get_current_worker().is_cancelled:
        return None
    return contact_overview(contact_id)


def brokers_and_labels(contact_id: int) -> tuple[list[BrokerPath], dict[int, str]]:
    """The brokers ranking, and how to show each person in it (and the target) so that
    same-named people are told apart (runs in a thread worker)."""
    paths = brokers_for(contact_id)
    return paths, labels_for([contact_id, *(i for path in paths for i in path.ids)])


def ties_and_labels(contact_id: int) -> tuple[list[TieRecord], dict[int, str]]:
    """Everyone ``contact_id`` knows, and how to show each (runs in a thread worker)."""
    ties = ties_of(contact_id)
    return ties, labels_for([tie.other_id for tie in ties])


def _tie_fields(x_id: int, y_id: int) -> TieFields:
    """The tie between two contacts as the tie form shows it (read in a worker)."""
    tie = get_tie(x_id, y_id)
    if tie is None:
        raise LookupError("The tie was removed.")
    return TieFields(tie.strength, tie.context)


def logged_message(fields: ExchangeFields, name: str) -> str:
    if fields.direction == "gave":
        return f"Logged: gave {name} {fields.currency} ({fields.value})."
    return f"Logged: received {fields.currency} ({fields.value}) from {name}."


class ContactsScreen(NetuiScreen):
    """Where the app opens."""

    TITLE = "Contacts"
    CSS_PATH = "contacts.tcss"

    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            key_display="/",
            id="contacts.search",
            tooltip="Search name, organisation, role, email, tags and notes",
        ),
        Binding("n", "new_contact", "New", id="contacts.new", tooltip="Add a contact"),
        Binding(
            "e", "edit_contact", "Edit", id="contacts.edit", tooltip="Edit the highlighted contact"
        ),
        Binding(
            "d,delete",
            "archive_contact",
            "Archive",
            id="contacts.archive",
            tooltip="Archive the highlighted contact (u undoes); among the archived, restore it",
        ),
        Binding(
            "l",
            "log_exchange",
            "Log",
            id="contacts.log",
            tooltip="Log something given to or received from the highlighted contact",
        ),
        Binding(
            "t",
            "add_tie",
            "Tie",
            id="contacts.tie",
            tooltip="Record whom the highlighted contact knows",
        ),
        Binding(
            "x",
            "remove_tie",
            "Untie",
            show=False,
            id="contacts.untie",
            tooltip="Remove one of the highlighted contact's ties (undo with u)",
        ),
        Binding(
            "b",
            "brokers",
            "Brokers",
            id="contacts.brokers",
            tooltip="Who can introduce me to the highlighted contact",
        ),
        Binding(
            "w",
            "worksheet",
            "Worksheet",
            id="contacts.prep",
            tooltip="Open (or start) the meeting worksheet for the highlighted contact",
        ),
        Binding(
            "i",
            "app.import",
            "Import",
            show=False,
            id="contacts.import",
            tooltip=(
                "Import a CSV from LinkedIn, Google or Outlook, a vCard file or a netui JSON export"
            ),
        ),
        Binding(
            "M",
            "merge",
            "Merge",
            key_display="M",
            show=False,
            id="contacts.merge",
            tooltip="Merge another contact into the highlighted one (undo with u)",
        ),
        Binding(
            "f",
            "next_scope",
            "Filter",
            id="contacts.filter",
            tooltip="Everyone, my network (1st degree), 2nd degree only, or the archived",
        ),
        Binding("u", "undo", "Undo", id="contacts.undo", tooltip="Undo the last change"),
        Binding("s", "next_sort", "Sort", id="contacts.sort", tooltip="Sort by the next column"),
        Binding(
            "S",
            "reverse_sort",
            "Reverse",
            key_display="S",
            show=False,
            id="contacts.reverse",
            tooltip="Reverse the sort order",
        ),
        Binding(
            "f5,ctrl+r",
            "refresh",
            "Refresh",
            show=False,
            id="contacts.refresh",
            tooltip="Read the database again (changes from another window)",
        ),
        Binding(
            "escape",
            "clear_search",
            "Clear search",
            show=False,
            id="contacts.clear",
            tooltip="Clear the search and go back to the list",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = SortKey.NAME
        self.descending = False
        self.scope = Scope.EVERYONE
        self.total = 0
        #: The contact a search on its way should put the cursor on (a refresh keeps it).
        self._keep: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="contacts-main"):
            with Vertical(id="list-pane"):
                yield TextInput(
                    placeholder="/  search name, organisation, role, email, tags, notes",
                    id="search",
                )
                yield ContactListHeader(id="list-header")
                yield Static(first_run_text(), id="first-run")
                yield ContactList(id="contact-list")
                yield Static("", id="list-status")
            yield ContactDetailPane(id="detail")
        yield KeysFooter()

    @property
    def contact_list(self) -> ContactList:
        return self.query_one("#contact-list", ContactList)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    def on_mount(self) -> None:
        self.contact_list.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.contact_list.applied_query is not None:
            self.reload()

    # --- loading ---------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Run the current search in a worker; the newest answer wins.

        Whatever changed (the query, the sort, the data), the search index knows its
        own version of the data (:mod:`netui.db.search`), so nothing is marked stale
        here.
        """
        contact_list = self.contact_list
        self._keep = keep
        state = ListState(
            query=self.search_input.value,
            sort=self.sort,
            descending=self.descending,
            scope=self.scope,
            view=contact_list.view(),
            keep=keep,
        )

        def show(result: ListState) -> None:
            self._keep = None
            self.total = result.total
            ids = result.ids if result.ids is not None else ()
            contact_list.empty_message = self._empty_message(result.query, self.total)
            contact_list.show_result(result.query, ids, keep=keep, rows=result.rows)
            self._update_status()
            if not ids:
                self.query_one(ContactDetailPane).show(None)
            if not result.indexed:
                # After the first paint (or a change), not beside it.
                self.app.run_db(
                    prepare_index, group="search-index", exclusive=True, connect=False
                )

        self.app.run_db(run_search, state, done=show, group="contact-search", exclusive=True)

    def _empty_message(self, query: str, total: int) -> Text:
        # An empty database: the first-run hint above the list says what to do, in
        # as many lines as the pane needs (one line was cut at 80 and 120 columns).
        self.query_one("#list-pane").set_class(total == 0, "-first-run")
        if total == 0:
            return Text("")
        if query.strip():
            searched = f"\"{safe_line(query.strip())}\""
            return Text.assemble("No contact matches ", (searched, "bold"), ".")
        # No search, yet nobody to show: this filter is empty.
        return Text(EMPTY_SCOPES.get(self.scope, "No contacts."))

    def _update_status(self) -> None:
        shown = self.contact_list.row_count
        query = self.contact_list.applied_query or ""
        column = TITLES[self.sort].lower()
        arrow = "▼" if self.descending else "▲"
        order = f"sorted by {column} {arrow}"
        if self.scope is not Scope.EVERYONE:
            scope = SCOPE_LABELS[self.scope]
            order = f"{scope} · {order}"
        people = "contact" if shown == 1 else "contacts"
        if query.strip():
            status = Text.assemble(
                f"{shown:,} {people} " + ("matches " if shown == 1 else "match ")
                if self.scope is Scope.ARCHIVED
                else f"{shown:,} of {plural(self.total, 'contact')} "
                + ("matches " if shown == 1 else "match "),
                (safe_line(query.strip()), "bold"),
                f" · {order}",
            )
        else:
            status = Text(f"{shown:,} {people} · {order}")
        # One line of a fixed size: no layout needed (a layout repaints the whole screen).
        self.query_one("#list-status", Static).update(status, layout=False)
        header = self.query_one(ContactListHeader)
        header.sort = self.sort
        header.descending = self.descending

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.contact_list.focus()

    @on(ContactList.Highlighted)
    def _highlighted(self, event: ContactList.Highlighted) -> None:
        pane = self.query_one(ContactDetailPane)
        if event.contact_id is None:
            pane.show(None)
            return
        self.app.run_db(
            overview_when_settled,
            event.contact_id,
            done=pane.show,
            group="contact-detail",
            exclusive=True,
        )

    @on(ContactList.Chosen)
    def _chosen(self) -> None:
        self.action_edit_contact()

    @on(ContactListHeader.SortRequested)
    def _sort_requested(self, event: ContactListHeader.SortRequested) -> None:
        self.set_sort(event.key, not self.descending if event.key == self.sort else False)

    # --- actions ---------------------------------------------------------------------

    def set_sort(self, key: SortKey, descending: bool = False) -> None:
        self.sort = key
        self.descending = descending
        self.reload()

    def action_next_sort(self) -> None:
        index = SORT_ORDER.index(self.sort)
        self.set_sort(SORT_ORDER[(index + 1) % len(SORT_ORDER)])

    def action_reverse_sort(self) -> None:
        self.set_sort(self.sort, not self.descending)

    def action_refresh(self) -> None:
        self.contact_list.forget_rows()
        self.reload()
        contact_id = self.contact_list.highlighted_id
        if contact_id is not None:
            self._highlighted(ContactList.Highlighted(contact_id))

    def data_changed(self) -> None:
        """Something was committed elsewhere: read the list and the detail again,
        keeping the search, the sort, the scope and the cursor."""
        contact_id = self._keep if self._keep is not None else self.contact_list.highlighted_id
        self.contact_list.forget_rows()
        self.reload(keep=contact_id)
        if contact_id is not None:
            self._highlighted(ContactList.Highlighted(contact_id))

    def action_focus_search(self) -> None:
        self.set_focus(self.search_input)

    def action_clear_search(self) -> None:
        if self.search_input.value:
            self.search_input.value = ""
        self.contact_list.focus()

    def action_undo(self) -> None:
        self.app.action_undo()

    def action_new_contact(self) -> None:
        def created(values: ContactFields | None) -> None:
            if values is None:
                return
            self.app.run_db(
                create_contact,
                values,
                done=lambda contact_id: self._saved(contact_id, f"Added {values.name}."),
                undo=f"add {values.name}",
            )

        self.app.push_screen(ContactForm(), created)

    def action_edit_contact(self) -> None:
        contact_id = self.contact_list.highlighted_id
        if contact_id is None:
            self.app.say("There is no contact to edit.", "warning")
            return

        def open_form(detail: ContactDetail) -> None:
            before = detail.fields

            def edited(values: ContactFields | None) -> None:
                if values is None or values == before:
                    return

                def saved(outcome: EditOutcome) -> None:
                    if not outcome.written:
                        self._saved(contact_id, f"{values.name}: nothing to save.")
                        return
                    self._saved(contact_id, f"Saved {values.name}. Press u to undo.")

                save_edit(
                    self.app,
                    lambda loaded, wanted: edit_contact(
                        contact_id, ContactFields(**loaded), ContactFields(**wanted)
                    ),
                    asdict(before),
                    asdict(values),
                    undo=f"edit {values.name}",
                    what=values.name,
                    done=saved,
                )

            form = ContactForm(before).watch_record(
                lambda: get_contact(contact_id).fields, before, FIELD_LABELS
            )
            self.app.push_screen(form, edited)

        self.app.run_db(
            get_contact, contact_id, done=open_form, group="contact-edit", hold_keys=True
        )

    def _saved(self, contact_id: int, message: str) -> None:
        self.app.say(message)
        self.contact_list.forget_rows()
        self.reload(keep=contact_id)
        self._highlighted(ContactList.Highlighted(contact_id))

    def _list_has_focus(self, doing: str) -> bool:
        """One-key changes act only from the list they are about, never from elsewhere."""
        if self.focused is self.contact_list:
            return True
        self.app.say(f"Go to the contact list (escape) to {doing}.", "warning")
        return False

    def action_archive_contact(self) -> None:
        if not self._list_has_focus("archive or restore a contact"):
            return
        contact_list = self.contact_list
        contact_id = contact_list.highlighted_id
        if contact_id is None:
            self.app.say("There is no contact to archive.", "warning")
            return
        index = contact_list.cursor
        ids = contact_list.contact_ids
        # Keep the cursor where it was: on the next contact, or the previous at the end.
        neighbour = ids[index + 1] if index + 1 < len(ids) else (ids[index - 1] if index else None)

        # In the archived scope the same key restores: archiving is never a dead end.
        restoring = self.scope is Scope.ARCHIVED
        verb, undo_verb = ("Restored", "restore") if restoring else ("Archived", "archive")

        def toggle() -> str:
            name = get_contact(contact_id).fields.name
            journal.describe(f"{undo_verb} {name}")
            set_archived(contact_id, not restoring)
            return name

        def toggled(name: str) -> None:
            self.app.say(f"{verb} {name}. Press u to undo.", timeout=8)
            self.reload(keep=neighbour)

        self.app.run_db(toggle, done=toggled, undo=undo_verb)

    # --- reciprocity, ties and brokers -------------------------------------------------

    def _highlighted_name(self, verb: str) -> tuple[int, str] | None:
        contact_id = self.contact_list.highlighted_id
        if contact_id is None:
            self.app.say(f"There is no contact to {verb}.", "warning")
            return None
        row = self.contact_list.row_of(contact_id)
        return contact_id, row.name if row else ""

    def action_log_exchange(self) -> None:
        target = self._highlighted_name("log an exchange with")
        if target is None:
            return
        contact_id, name = target

        def logged(fields: ExchangeFields | None) -> None:
            if fields is None:
                return
            self.app.run_db(
                lambda: log_exchange(
                    contact_id,
                    fields.direction,
                    fields.currency,
                    fields.value,
                    note=fields.note,
                    on=fields.on,
                ),
                done=lambda _: self._saved(contact_id, logged_message(fields, name)),
                undo=f"log an exchange with {name}",
            )

        self.app.push_screen(ExchangeForm(name), logged)

    def action_add_tie(self) -> None:
        target = self._highlighted_name("tie")
        if target is None:
            return
        contact_id, name = target

        def picked(other_id: int | None) -> None:
            if not other_id:
                return
            if other_id == contact_id:
                self.app.say("A contact cannot be tied to themselves.", "warning")
                return
            self.app.run_db(
                lambda: (get_contact(other_id).fields.name, get_tie(contact_id, other_id)),
                done=lambda found: ask_strength(other_id, *found),
                hold_keys=True,
            )

        def ask_strength(other_id: int, other: str, existing: TieRecord | None) -> None:
            initial = TieFields(existing.strength, existing.context) if existing else None
            loaded = asdict(initial) if initial else None

            def chosen(fields: TieFields | None) -> None:
                if fields is None or fields == initial:
                    return

                def save(before: dict, wanted: dict) -> EditOutcome:
                    return edit_tie(contact_id, other_id, before or None, wanted)[0]

                save_edit(
                    self.app,
                    save,
                    loaded or {},
                    asdict(fields),
                    undo=f"tie {name} and {other}",
                    what=f"the tie between {name} and {other}",
                    done=lambda _: self._saved(contact_id, f"{name} knows {other}."),
                )

            form = TieForm(name, other, initial)
            if initial is not None:
                form.watch_record(lambda: _tie_fields(contact_id, other_id), initial, TIE_LABELS)
            self.app.push_screen(form, chosen)

        self.app.push_screen(ContactPicker(f"Whom does {name} know?"), picked)

    def action_remove_tie(self) -> None:
        target = self._highlighted_name("untie")
        if target is None:
            return
        contact_id, name = target

        def choose(found: tuple[list[TieRecord], dict[int, str]]) -> None:
            ties, labels = found
            if not ties:
                self.app.say(f"{name} has no ties to remove.", "warning")
                return
            items = [
                (
                    Text.assemble(
                        "●" * t.strength + "○" * (5 - t.strength) + " ",
                        safe_line(labels.get(t.other_id, t.name)),
                    ),
                    t,
                )
                for t in ties
            ]
            title = Text.assemble("Remove which tie of ", (safe_line(name), "bold"), "?")
            self.app.push_screen(Choose(title, items), remove)

        def remove(tie: TieRecord | None) -> None:
            if tie is None:
                return

            def removed(record: TieRecord | None) -> None:
                if record is None:
                    return
                self._saved(
                    contact_id, f"Removed the tie between {name} and {tie.name}. Press u to undo."
                )

            self.app.run_db(
                remove_tie,
                contact_id,
                tie.other_id,
                done=removed,
                undo=f"untie {name} and {tie.name}",
            )

        self.app.run_db(ties_and_labels, contact_id, done=choose, hold_keys=True)

    def action_brokers(self) -> None:
        target = self._highlighted_name("find brokers for")
        if target is None:
            return
        contact_id, name = target

        def asked(meeting_id: int) -> None:
            self.app.open_meeting(meeting_id, intro_request=True)

        def picked(path: BrokerPath | None) -> None:
            if path is not None:
                self.app.run_db(worksheet_with_introducer, contact_id, path.ids[0], done=asked)

        def show(found: tuple[list[BrokerPath], dict[int, str]]) -> None:
            paths, labels = found
            self.app.push_screen(BrokersView(labels.get(contact_id, name), paths, labels), picked)

        self.app.run_db(
            brokers_and_labels,
            contact_id,
            done=show,
            group="brokers",
            exclusive=True,
            hold_keys=True,
        )

    def action_worksheet(self) -> None:
        target = self._highlighted_name("prepare a meeting with")
        if target is None:
            return
        contact_id, name = target

        def opened(result: tuple[int, bool]) -> None:
            meeting_id, created = result
            if created:
                self.app.say(f"Started a worksheet for {name}, pre-filled from what is known.")
            # Into its first empty field; keys typed meanwhile wait for it.
            self.app.open_meeting(meeting_id, focus=True)

        self.app.run_db(open_worksheet, contact_id, done=opened, hold_keys=True)

    def action_merge(self) -> None:
        if not self._list_has_focus("merge a contact into the highlighted one"):
            return
        target = self._highlighted_name("merge into")
        if target is None:
            return
        keep_id, name = target

        def picked(drop_id: int | None) -> None:
            if not drop_id:
                return
            if drop_id == keep_id:
                self.app.say("Pick another contact to merge into this one.", "warning")
                return
            self.app.run_db(
                get_contact, drop_id, done=lambda drop: confirm(drop_id, drop), hold_keys=True
            )

        def confirm(drop_id: int, drop: ContactDetail) -> None:
            message = (
                f"{drop.fields.name}'s ties, exchanges, meetings and tags move to {name}; "
                f"{drop.fields.name} is archived. You can undo this with u."
            )
            self.app.push_screen(
                Confirm(f"Merge into {name}?", message, yes="Merge"),
                lambda yes: merge(drop_id, drop.fields.name) if yes else None,
            )

        def merge(drop_id: int, drop_name: str) -> None:
            def merged(_: MergeResult) -> None:
                self._saved(keep_id, f"Merged {drop_name} into {name}. Press u to undo.")

            self.app.run_db(
                merge_contacts,
                keep_id,
                drop_id,
                done=merged,
                undo=f"merge {drop_name} into {name}",
            )

        self.app.push_screen(ContactPicker(f"Merge whom into {name}?"), picked)

    def action_next_scope(self) -> None:
        scopes = list(Scope)
        self.scope = scopes[(scopes.index(self.scope) + 1) % len(scopes)]
        self.reload()

    def palette_commands(self) -> Iterable[SystemCommand]:
        for key in SORT_ORDER:
            title = TITLES[key].lower()
            yield SystemCommand(
                f"Sort contacts by {title}",
                f"Order the list by {title}",
                lambda key=key: self.set_sort(key),
            )
        for scope, label in SCOPE_LABELS.items():
            yield SystemCommand(
                f"Show {label}",
                f"Filter the contact list: {label}",
                lambda scope=scope: self.set_scope(scope),
            )

    def set_scope(self, scope: Scope) -> None:
        self.scope = scope
        self.reload()
