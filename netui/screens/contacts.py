"""The Contacts screen: search-as-you-type over the whole network, and a detail pane."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from netui.core.search import SearchIndex, terms_of
from netui.db.contacts import (
    ContactDetail,
    ContactFields,
    ContactRow,
    Scope,
    SortKey,
    contact_rows,
    count_contacts,
    create_contact,
    get_contact,
    ordered_contact_ids,
    search_haystacks,
    set_archived,
    update_contact,
)
from netui.db.settings import default_cadence
from netui.modals.contact_form import ContactForm
from netui.widgets.contact_detail import ContactDetailPane
from netui.widgets.contact_list import PAGE, ContactList
from netui.widgets.contact_list_header import TITLES, ContactListHeader

SORT_ORDER = (SortKey.NAME, SortKey.ORGANISATION, SortKey.ROLE, SortKey.LAST_CONTACT)


@dataclass
class ListState:
    """What a search needs, and what a finished search hands back."""

    query: str
    sort: SortKey
    descending: bool
    scope: Scope
    order: list[int] | None = None  # every live contact in display order
    index: SearchIndex | None = None  # the searchable text, in memory
    total: int | None = None
    ids: list[int] | None = None  # the result on screen
    first_rows: list[ContactRow] | None = None  # the top of the result, read ahead


def run_search(state: ListState) -> ListState:
    """Fill in whatever ``state`` lacks, then filter (runs in a thread worker)."""
    if state.order is None:
        state.order = ordered_contact_ids(state.sort, state.descending, state.scope)
        state.total = count_contacts()
    if state.index is None and terms_of(state.query):
        state.index = SearchIndex(search_haystacks())
    if state.index is not None:
        state.ids = state.index.filter(state.order, state.query)
    else:
        state.ids = list(state.order)
    if state.total is not None:
        # A fresh read: fetch the first page here too, so painting it needs no query.
        state.first_rows = contact_rows(state.ids[:PAGE])
    return state


def load_detail(contact_id: int) -> tuple[ContactDetail, int]:
    return get_contact(contact_id), default_cadence()


class ContactsScreen(Screen):
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
            tooltip="Archive the highlighted contact (undo with u)",
        ),
        Binding("u", "undo", "Undo", id="contacts.undo", tooltip="Undo the last change"),
        Binding("s", "next_sort", "Sort", id="contacts.sort", tooltip="Sort by the next column"),
        Binding(
            "S",
            "reverse_sort",
            "Reverse",
            key_display="S",
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
        self._order: list[int] | None = None
        self._index: SearchIndex | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="contacts-main"):
            with Vertical(id="list-pane"):
                yield Input(
                    placeholder="/  search name, organisation, role, email, tags, notes",
                    id="search",
                )
                yield ContactListHeader(id="list-header")
                yield ContactList(id="contact-list")
                yield Static("", id="list-status")
            yield ContactDetailPane(id="detail")
        yield Footer()

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

    def reload(
        self, keep: int | None = None, *, order_stale: bool = True, index_stale: bool = True
    ) -> None:
        """Run the current search in a worker; the newest answer wins.

        ``order_stale`` reads the list order from the database again (after a write,
        a sort change, or a refresh); ``index_stale`` the searchable text too. A
        keystroke needs neither: it filters what is already in memory.
        """
        if order_stale:
            self._order = None
        if index_stale:
            self._index = None
        state = ListState(
            query=self.search_input.value,
            sort=self.sort,
            descending=self.descending,
            scope=self.scope,
            order=self._order,
            index=self._index,
        )

        def show(result: ListState) -> None:
            self._order = result.order
            if result.index is not None:
                self._index = result.index
            if result.total is not None:
                self.total = result.total
            ids = result.ids or []
            self.contact_list.empty_message = self._empty_message(result.query, self.total)
            self.contact_list.show_result(result.query, ids, keep=keep, rows=result.first_rows)
            self._update_status()
            if not ids:
                self.query_one(ContactDetailPane).show(None)
            if self._index is None:
                self._load_index()

        self.app.run_db(
            run_search,
            state,
            done=show,
            group="contact-search",
            exclusive=True,
            connect=state.order is None or state.index is None,
        )

    def _load_index(self) -> None:
        """Read the searchable text after the first paint, so the first keystroke is quick."""

        def loaded(index: SearchIndex) -> None:
            if self._index is None:
                self._index = index

        self.app.run_db(
            lambda: SearchIndex(search_haystacks()),
            done=loaded,
            group="search-index",
            exclusive=True,
        )

    def _empty_message(self, query: str, total: int) -> Text:
        if total == 0:
            return Text.assemble(
                "No contacts yet. Press ",
                ("n", "bold"),
                " to add one, import LinkedIn's Connections.csv, or try ",
                ("netui demo", "bold"),
                ".",
            )
        return Text.assemble("No contact matches ", (repr(query.strip()), "bold"), ".")

    def _update_status(self) -> None:
        shown = self.contact_list.row_count
        query = self.contact_list.applied_query or ""
        order = f"sorted by {TITLES[self.sort].lower()} {'▼' if self.descending else '▲'}"
        if query.strip():
            status = Text.assemble(
                f"{shown:,} of {self.total:,} contacts match ",
                (query.strip(), "bold"),
                f" · {order}",
            )
        else:
            status = Text(f"{shown:,} contacts · {order}")
        self.query_one("#list-status", Static).update(status)
        header = self.query_one(ContactListHeader)
        header.sort = self.sort
        header.descending = self.descending

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.reload(order_stale=False, index_stale=False)

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
            load_detail,
            event.contact_id,
            done=lambda result: pane.show(*result),
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
        self.reload(index_stale=False)

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

    def action_focus_search(self) -> None:
        self.search_input.focus()

    def action_clear_search(self) -> None:
        if self.search_input.value:
            self.search_input.value = ""
        self.contact_list.focus()

    def action_undo(self) -> None:
        self.app.action_undo()  # type: ignore[attr-defined]

    def action_new_contact(self) -> None:
        def created(values: ContactFields | None) -> None:
            if values is None:
                return
            self.app.run_db(
                create_contact,
                values,
                done=lambda contact_id: self._saved(contact_id, f"Added {values.name}."),
            )

        self.app.push_screen(ContactForm(), created)

    def action_edit_contact(self) -> None:
        contact_id = self.contact_list.highlighted_id
        if contact_id is None:
            self.app.say("There is no contact to edit.", "warning")
            return

        def edited(values: ContactFields | None) -> None:
            if values is None:
                return
            self.app.run_db(
                update_contact,
                contact_id,
                values,
                done=lambda _: self._saved(contact_id, f"Saved {values.name}."),
            )

        def open_form(result: tuple[ContactDetail, int]) -> None:
            detail, _ = result
            self.app.push_screen(ContactForm(detail.fields), edited)

        self.app.run_db(load_detail, contact_id, done=open_form, group="contact-edit")

    def _saved(self, contact_id: int, message: str) -> None:
        self.app.say(message)
        self.contact_list.forget_rows()
        self.reload(keep=contact_id)
        self._highlighted(ContactList.Highlighted(contact_id))

    def action_archive_contact(self) -> None:
        contact_list = self.contact_list
        contact_id = contact_list.highlighted_id
        if contact_id is None:
            self.app.say("There is no contact to archive.", "warning")
            return
        index = contact_list.cursor
        ids = contact_list.contact_ids
        # Keep the cursor where it was: on the next contact, or the previous at the end.
        neighbour = ids[index + 1] if index + 1 < len(ids) else (ids[index - 1] if index else None)

        def archive() -> str:
            name = get_contact(contact_id).fields.name
            set_archived(contact_id, True)
            return name

        def archived(name: str) -> None:
            self.app.push_undo(  # type: ignore[attr-defined]
                f"archive {name}", lambda: set_archived(contact_id, False)
            )
            self.app.say(f"Archived {name}. Press u to undo.", timeout=8)
            self.reload(keep=neighbour)

        self.app.run_db(archive, done=archived)

    def palette_commands(self) -> Iterable[SystemCommand]:
        for key in SORT_ORDER:
            title = TITLES[key].lower()
            yield SystemCommand(
                f"Sort contacts by {title}",
                f"Order the list by {title}",
                lambda key=key: self.set_sort(key),
            )
