"""Who else keeps a contact: the other members of a team database with rows of their
own about it.

A contact is the team's; deleting it would take every member's rows about it with it
(``ON DELETE CASCADE``): their closeness and cadence, private notes, ledger entries,
meetings and worksheets, touches and goal links. Another member's private rows are
invisible to me on a server (row-level security, :mod:`netui.db.roles`), so they
would not be in my undo step's trash, and undo could never bring them back. So netui
deletes a contact only when no other member keeps it (the undo of its creation, the
undo of an import): otherwise it is left, and one sentence says who keeps it and
suggests archiving it. On one person's file there is nobody else: nothing changes.

On PostgreSQL the question is asked through :data:`FUNCTION`, a ``SECURITY DEFINER``
function the tables' owner installs with the policies: it answers which members have
rows about which contacts (never what the rows hold), through the policies that hide
those rows themselves. Until the owner has installed it, the rows I can see answer.

No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from netui.db.members import current_member_id, has_team
from netui.db.models import database, on_server
from netui.db.rows import chunks

__all__ = [
    "FUNCTION",
    "install_keepers_function",
    "keepers_function_installed",
    "keepers_sentence",
    "kept_by_others",
]

#: The function that answers on a server.
FUNCTION = "netui_keepers"

#: Every member table whose rows about a contact a delete of the contact takes with it
#: (or unlinks: a meeting's introducer), as (contact, member) pairs.
_OWN_ROWS = (
    "SELECT contact_id AS c, member_id AS m FROM relationship WHERE contact_id {ids}",
    "SELECT contact_id, member_id FROM private_note WHERE contact_id {ids}",
    "SELECT contact_id, member_id FROM exchange WHERE contact_id {ids}",
    "SELECT contact_id, member_id FROM meeting WHERE contact_id {ids}",
    "SELECT introducer_id, member_id FROM meeting WHERE introducer_id {ids}",
    "SELECT contact_id, member_id FROM touch WHERE contact_id {ids}",
    "SELECT gc.contact_id, g.member_id FROM goal_contact gc JOIN goal g ON g.id = gc.goal_id"
    " WHERE gc.contact_id {ids}",
)


def _union(ids: str) -> str:
    """Every (contact, member) pair of :data:`_OWN_ROWS`, once, the contacts ``ids``."""
    pairs = " UNION ".join(select.format(ids=ids) for select in _OWN_ROWS)
    return f"SELECT CAST(c AS BIGINT), CAST(m AS BIGINT) FROM ({pairs}) AS own_rows"


def install_keepers_function(db: Any) -> None:
    """Install (or replace) :data:`FUNCTION` on a server, as the tables' owner: it
    reads through row-level security, and says only whose rows there are."""
    body = _union("= ANY(ids)")
    db.execute_sql(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(ids bigint[]) "
        "RETURNS TABLE (kept_contact bigint, kept_by bigint) "
        # pg_temp last: a member's temporary table named like one of ours must not
        # stand in for it inside a function that runs with the owner's rights.
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp "
        f"AS $keepers$ {body} $keepers$"
    )


def keepers_function_installed(db: Any) -> bool:
    """Whether the owner has installed :data:`FUNCTION` on this server's database."""
    row = db.execute_sql(
        "SELECT 1 FROM pg_proc WHERE proname = %s"
        " AND pronamespace = current_schema()::regnamespace",
        (FUNCTION,),
    ).fetchone()
    return row is not None


def _pairs(chunk: Sequence[int]) -> list[tuple[int, int]]:
    """(contact, member) for every member with rows about a contact of ``chunk``."""
    if on_server() and keepers_function_installed(database.obj):
        sql = f"SELECT kept_contact, kept_by FROM {FUNCTION}(%s::bigint[])"
        cursor = database.execute_sql(sql, (list(chunk),))
    else:
        marks = ", ".join([database.param] * len(chunk))
        cursor = database.execute_sql(_union(f"IN ({marks})"), list(chunk) * len(_OWN_ROWS))
    return [(int(contact), int(member)) for contact, member in cursor.fetchall()]


def kept_by_others(contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """For each of ``contact_ids`` that another member keeps (has rows of their own
    about), those members' names, in the order they joined."""
    if not has_team():
        return {}  # one person's database: nobody else
    me = current_member_id()
    found: dict[int, set[int]] = {}
    for chunk in chunks(list(contact_ids)):
        for contact_id, member_id in _pairs(chunk):
            if member_id != me:
                found.setdefault(int(contact_id), set()).add(int(member_id))
    if not found:
        return {}
    everyone = {m for ms in found.values() for m in ms}
    marks = ", ".join([database.param] * len(everyone))
    names = dict(
        database.execute_sql(
            f"SELECT id, name FROM member WHERE id IN ({marks})", sorted(everyone)
        ).fetchall()
    )
    return {cid: [str(names[m]) for m in sorted(ms) if m in names] for cid, ms in found.items()}


def keepers_sentence(name: str, keepers: Sequence[str]) -> str:
    """Why ``name`` was not deleted, in a few words for undo's sentence."""
    if len(keepers) == 1:
        who = keepers[0]
    elif len(keepers) <= 3:
        who = ", ".join(keepers[:-1]) + f" and {keepers[-1]}"
    else:
        who = f"{', '.join(keepers[:2])} and {len(keepers) - 2} other members"
    return f"{name} ({who} keep{'s' if len(keepers) == 1 else ''} them too: archive them instead)"
