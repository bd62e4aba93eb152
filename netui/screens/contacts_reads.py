"""What the Contacts screen's thread workers read: the search with the rows it shows
first, and the search index built ahead."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from textual.worker import get_current_worker

from netui.core.search import Superseded, terms_of
from netui.db.contact_order import ordered_contact_ids
from netui.db.contacts import ContactRow, Scope, SortKey, contact_rows, count_contacts
from netui.db.search import current_index, live_count, search_contacts, search_index
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
