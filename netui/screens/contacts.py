"""The Contacts screen: search-as-you-type over the whole network, and a detail pane.

The search is read in a thread worker (:mod:`.contacts_reads`), the detail pane once
the cursor rests (a timer, then a worker). Adding, editing and archiving are in
:mod:`.contacts_editing`, the actions on a contact's place in the network in
:mod:`.contacts_network`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Static

from netui import heap
from netui.database_work import DatabaseWork, report_failure
from netui.db.contacts import (
    Scope,
    SortKey,
)
from netui.db.overview import ContactOverview, contact_overview
from netui.screens.base import NetuiScreen
from netui.screens.contacts_editing import ContactEditing
from netui.screens.contacts_network import NetworkActions
from netui.screens.contacts_reads import (
    DETAIL_DELAY,
    ListState,
    prepare_index,
    run_search,
)
from netui.screens.contacts_texts import empty_text, first_run_text, scope_labels, status_text
from netui.screens.my_network_action import MyNetworkActions
from netui.screens.private_notes import PrivateNotesActions
from netui.search_thread import Answer, Failed, SearchThread
from netui.textual_fixes import paint_now
from netui.widgets.contact_detail import ContactDetailPane
from netui.widgets.contact_list import ContactList
from netui.widgets.contact_list_header import TITLES, ContactListHeader
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.text_input import TextInput
from netui.workers import db_work

SORT_ORDER = tuple(SortKey)


class ContactsScreen(
    ContactEditing, MyNetworkActions, PrivateNotesActions, NetworkActions, NetuiScreen
):
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
            "p",
            "private_notes",
            "My notes",
            id="contacts.private_notes",
            tooltip="My private notes about the highlighted contact (the team never reads them)",
        ),
        Binding(
            "m",
            "my_network",
            "In / out of my network",
            show=False,
            id="contacts.my_network",
            tooltip=(
                "Take the highlighted contact out of my network, or put them in: the team "
                "keeps them, my history with them stays (a team database; u undoes)"
            ),
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
                "Import a CSV from LinkedIn, Google or Outlook, a vCard file, "
                "a netui JSON export or a calendar (.ics)"
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
            tooltip=(
                "Everyone, my network (1st degree; on a team database, mine), "
                "2nd degree only, or the archived"
            ),
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

    #: The list's order and filter: changing any of them reads the list again (once,
    #: however many change together) and the column titles follow by binding.
    sort: reactive[SortKey] = reactive(SortKey.NAME, init=False)
    descending: reactive[bool] = reactive(False, init=False)
    scope: reactive[Scope] = reactive(Scope.EVERYONE, init=False)

    # --- what its workers report (netui.workers) -------------------------------------

    class IndexBuilt(Message):
        """The search index was built (its build's garbage can be settled now)."""

    class DetailRead(Message):
        """The detail pane's contact was read."""

        def __init__(self, overview: ContactOverview) -> None:
            super().__init__()
            self.overview = overview

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        #: The contact a search on its way should put the cursor on (a refresh keeps it).
        self._keep: int | None = None
        self._reload_pending = False
        self._detail_timer: Timer | None = None
        #: Every search runs on this thread, the newest one only (netui.search_thread).
        self._searches: SearchThread[ListState] = SearchThread(self, run_search)
        #: The number of the newest search answered (or failed): one numbered higher
        #: is on its way.
        self._answered = 0
        #: A contact read for the detail pane while a search was on its way: shown
        #: once that search's result is painted, if the cursor is still on it.
        self._held_detail: ContactOverview | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="contacts-main"):
            with Vertical(id="list-pane"):
                yield TextInput(
                    placeholder="/  search name, organisation, role, email, tags, notes",
                    id="search",
                )
                yield ContactListHeader(id="list-header").data_bind(
                    ContactsScreen.sort, ContactsScreen.descending
                )
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

    def on_unmount(self) -> None:
        self._searches.stop()

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
        self._keep = keep
        state = ListState(
            query=self.search_input.value,
            sort=self.sort,
            descending=self.descending,
            scope=self.scope,
            view=self.contact_list.view(),
            keep=keep,
        )

        self._searches.search(state)

    @db_work(group="search-index", exclusive=True, connect=False)
    def _prepare_index(self) -> Message:
        prepare_index()
        return self.IndexBuilt()

    @on(IndexBuilt)
    def _index_built(self) -> None:
        heap.settle()

    @on(Failed)
    def _search_failed(self, message: Failed) -> None:
        if self._searches.is_newest(message.number):
            self._answered = message.number
            self._release_detail()
            app = cast(DatabaseWork, self.app)
            app.say(report_failure(message.error, "search", app.log_file), "error")

    @on(Answer)
    def _show_result(self, message: Answer) -> None:
        if not self._searches.is_newest(message.number):
            return  # a newer search is on its way
        self._answered = message.number
        result: ListState = message.result
        contact_list = self.contact_list
        self._keep = None
        self.total = result.total
        ids = result.ids if result.ids is not None else ()
        contact_list.empty_message = self._empty_message(result.query, self.total)
        contact_list.show_result(result.query, ids, keep=result.keep, rows=result.rows)
        self._update_status()
        if not ids:
            self.query_one(ContactDetailPane).show(None)
        # Shown the moment it is here: the screen's update timer would hold it a frame
        # or two behind the key's echo.
        paint_now(self, contact_list, self.query_one("#list-status", Static))
        if self._held_detail is not None:
            self.call_after_paint(self._release_detail)
        if not result.indexed:
            # After the paint of these rows (or a change), not beside it.
            self.call_after_paint(self._prepare_index)

    def _empty_message(self, query: str, total: int) -> Text:
        # An empty database: the first-run hint above the list says what to do, in
        # as many lines as the pane needs (one line was cut at 80 and 120 columns).
        self.query_one("#list-pane").set_class(total == 0, "-first-run")
        return empty_text(query, total, self.scope, team=self.app.team)

    def _update_status(self) -> None:
        status = status_text(
            self.contact_list.row_count,
            self.contact_list.applied_query or "",
            self.total,
            self.sort,
            self.descending,
            self.scope,
            team=self.app.team,
        )
        # One line of a fixed size: no layout needed (a layout repaints the whole screen).
        self.query_one("#list-status", Static).update(status, layout=False)

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.contact_list.focus()

    @on(ContactList.Highlighted)
    def _highlighted(self, event: ContactList.Highlighted) -> None:
        """Read the detail pane once the cursor has rested DETAIL_DELAY: typing a search
        or holding an arrow key moves it many times a second, and each move restarts
        the wait, so only the contact the cursor stops on is read."""
        pane = self.query_one(ContactDetailPane)
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        contact_id = event.contact_id
        if contact_id is None:
            pane.show(None)
            return

        self._detail_timer = self.set_timer(DETAIL_DELAY, partial(self._rested_on, contact_id))

    def _rested_on(self, contact_id: int) -> None:
        self._detail_timer = None
        self._read_detail(contact_id)

    @db_work(group="contact-detail", exclusive=True)
    def _read_detail(self, contact_id: int) -> Message:
        return self.DetailRead(contact_overview(contact_id))

    @on(DetailRead)
    def _show_detail(self, message: DetailRead) -> None:
        """Show the contact read, unless a key's search is on its way: its result is
        painted first (laying out the detail takes the event loop 10-25 ms at 300,000
        contacts, and a read that ended just after the next key had the key's result
        wait for it), then the detail, if the cursor is still on that contact."""
        if self._searches.number > self._answered:
            self._held_detail = message.overview
            return
        self._held_detail = None
        self.query_one(ContactDetailPane).show(message.overview)

    def _release_detail(self) -> None:
        overview, self._held_detail = self._held_detail, None
        if overview is not None and overview.detail.id == self.contact_list.highlighted_id:
            self.query_one(ContactDetailPane).show(overview)

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

    def _order_changed(self) -> None:
        """Read the list again in the new order, once for changes made together."""
        if not self._reload_pending:
            self._reload_pending = True
            self.call_next(self._reload_in_new_order)

    def _reload_in_new_order(self) -> None:
        self._reload_pending = False
        self.reload()

    def watch_sort(self) -> None:
        self._order_changed()

    def watch_descending(self) -> None:
        self._order_changed()

    def watch_scope(self) -> None:
        self._order_changed()

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

    def go_to_after_reload(self, contact_id: int) -> None:
        self._keep = contact_id  # data_changed keeps it, if the list shows them

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

    def action_next_scope(self) -> None:
        scopes = list(Scope)
        self.scope = scopes[(scopes.index(self.scope) + 1) % len(scopes)]

    def palette_commands(self) -> Iterable[SystemCommand]:
        for key in SORT_ORDER:
            title = TITLES[key].lower()
            yield SystemCommand(
                f"Sort contacts by {title}",
                f"Order the list by {title}",
                lambda key=key: self.set_sort(key),
            )
        for scope, label in scope_labels(self.app.team).items():
            yield SystemCommand(
                f"Show {label}",
                f"Filter the contact list: {label}",
                lambda scope=scope: self.set_scope(scope),
            )

    def set_scope(self, scope: Scope) -> None:
        self.scope = scope
