"""The Contacts screen's texts: the scopes' names, what an empty list or an empty
database says, and the status line under the list."""

from __future__ import annotations

from rich.text import Text

from netui.core.text import plural, safe_line
from netui.db.contacts import Scope, SortKey
from netui.widgets.contact_list_header import TITLES

SCOPE_LABELS = {
    Scope.EVERYONE: "everyone",
    Scope.NETWORK: "my network (1st degree)",
    Scope.SECOND_DEGREE: "2nd degree only",
    Scope.ARCHIVED: "archived (d restores)",
}

#: On a team database (more than one member) "my network" is the contacts I have a
#: relationship with (:func:`netui.db.members.in_my_network`), not the first degree.
TEAM_SCOPE_LABELS = {**SCOPE_LABELS, Scope.NETWORK: "my network (mine)"}


def scope_labels(team: bool) -> dict[Scope, str]:
    """The scopes' names, on a team database or on one person's."""
    return TEAM_SCOPE_LABELS if team else SCOPE_LABELS


#: What an empty filter says (with no search typed).
EMPTY_SCOPES = {
    Scope.NETWORK: "Nobody in my network (1st degree) yet: f shows the others.",
    Scope.SECOND_DEGREE: "No 2nd-degree contacts: f shows the others.",
    Scope.ARCHIVED: "Nobody is archived: f shows the others.",
}
TEAM_EMPTY_NETWORK = (
    "Nobody in my network yet (no closeness, ledger entry or meeting of mine): "
    "f shows the team's."
)


def first_run_text() -> Text:
    """What an empty database shows: how to bring people in."""
    return Text.assemble(
        ("No contacts yet.", "bold"),
        " Press ", ("n", "bold"), " to add one, ",
        ("i", "bold"), " to import LinkedIn's Connections.csv or vCards, or quit (",
        ("ctrl+q", "bold"), ") and try ", ("netui demo", "bold"),
        " for a ready-made network.",
    )  # fmt: skip


def empty_text(query: str, total: int, scope: Scope, team: bool = False) -> Text:
    """What the list says when it shows nobody (nothing when the database is empty:
    the first-run hint above the list says what to do)."""
    if total == 0:
        return Text("")
    if query.strip():
        searched = f"\"{safe_line(query.strip())}\""
        return Text.assemble("No contact matches ", (searched, "bold"), ".")
    # No search, yet nobody to show: this filter is empty.
    if team and scope is Scope.NETWORK:
        return Text(TEAM_EMPTY_NETWORK)
    return Text(EMPTY_SCOPES.get(scope, "No contacts."))


def status_text(
    shown: int, query: str, total: int, sort: SortKey, descending: bool, scope: Scope,
    team: bool = False,
) -> Text:
    """The line under the list: how many are shown, of how many, matching what, in
    which order and scope."""
    column = TITLES[sort].lower()
    arrow = "▼" if descending else "▲"
    order = f"sorted by {column} {arrow}"
    if scope is not Scope.EVERYONE:
        order = f"{scope_labels(team)[scope]} · {order}"
    people = "contact" if shown == 1 else "contacts"
    if not query.strip():
        return Text(f"{shown:,} {people} · {order}")
    return Text.assemble(
        f"{shown:,} {people} " + ("matches " if shown == 1 else "match ")
        if scope is Scope.ARCHIVED
        else f"{shown:,} of {plural(total, 'contact')} " + ("matches " if shown == 1 else "match "),
        (safe_line(query.strip()), "bold"),
        f" · {order}",
    )
