"""What the Contacts screen's thread workers read: the search with the rows it shows
first, and the search index built ahead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from netui.core.search import Cancelled, Superseded, terms_of
from netui.db.contacts import ContactRow, Scope, SortKey, contact_rows, count_contacts
from netui.db.search import current_index, live_count, search_contacts, search_index
from netui.db.search_scan import can_scan, scan_contacts, scan_is_sooner
from netui.widgets.contact_list import View


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


def run_search(state: ListState, cancelled: Cancelled) -> ListState:
    """Search, and read the rows the result shows first (runs on the screen's search
    thread, :mod:`netui.search_thread`).

    While the search index is not built or is out of date (just after a change: at
    300,000 contacts its build takes seconds, in a worker of its own), SQLite answers
    by itself (:mod:`netui.db.search_scan`), so the list follows the typing from the
    first key, unless the index will be there sooner than a scan would (loaded from
    the file's snapshot, or a build near its end: the search waits for it); after that
    the index answers.
    A newer keystroke cancels this search (``cancelled()``), which stops where it is.
    """
    index = current_index()
    # On SQLite, a scan unless the index will be there sooner (loaded from the file, or
    # a build near its end); on a server, the list's order only (a search waits).
    sqlite = can_scan()
    scanning = (
        index is None
        and (sqlite or not terms_of(state.query))
        and (not sqlite or scan_is_sooner())
    )
    state.indexed = not scanning
    find = search_contacts if state.indexed else scan_contacts
    state.ids = find(
        state.query,
        state.sort,
        state.descending,
        state.scope,
        cancelled=cancelled,
    )
    state.total = live_count(current_index()) if state.indexed else count_contacts()
    if cancelled():
        raise Superseded
    state.rows = contact_rows(state.view.missing(state.ids, state.keep))
    return state


def prepare_index() -> None:
    """Build the search index now (or wait for the build that runs), so that the
    next keystrokes only filter; the searches meanwhile are answered by SQLite.
    Returns once the index is up to date: the build's garbage can be settled then."""
    search_index()


DETAIL_DELAY = 0.04  # seconds the cursor must rest before the detail pane is read
