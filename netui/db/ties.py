"""Ties: "X knows Y" between two contacts, and who knows whom.

A tie is undirected and stored once, with the smaller contact id as ``a`` (the
model has a CHECK for it). Everything here returns plain dataclasses; widgets never
see a Peewee row. No Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from peewee import Expression

from netui.db import journal
from netui.db.backends import lock_row
from netui.db.contacts import ContactNotFoundError
from netui.db.edits import EditOutcome, plan
from netui.db.members import has_team, in_my_network_of
from netui.db.models import Contact, Tie, database
from netui.db.rows import tuples

MIN_STRENGTH = 1
MAX_STRENGTH = 5
DEFAULT_STRENGTH = 3


class TieError(ValueError):
    """A tie that cannot be: one sentence for the user."""


@dataclass(frozen=True)
class TieRecord:
    """One tie seen from one of its two contacts (``contact_id``).

    ``other_id`` and the fields after it describe the other person. The record holds
    every stored column (``id``, ``a_id``, ``b_id``, ``strength``, ``context``,
    ``created_at``).
    """

    id: int
    a_id: int
    b_id: int
    strength: int
    context: str
    created_at: dt.datetime
    contact_id: int
    other_id: int
    name: str
    organisation: str
    second_degree: bool
    archived: bool
    #: On a team database: whether the other person is in my network
    #: (:func:`netui.db.members.in_my_network`); ``None`` on one person's database.
    mine: bool | None = None

    @property
    def in_my_network(self) -> bool:
        """The other person is mine (a team's database), else first degree."""
        return self.mine if self.mine is not None else not self.second_degree


def ordered(x_id: int, y_id: int) -> tuple[int, int]:
    """The pair as stored: the smaller id first. A self-tie is a :class:`TieError`."""
    if x_id == y_id:
        raise TieError("A contact cannot be tied to itself.")
    return (x_id, y_id) if x_id < y_id else (y_id, x_id)


def check_strength(strength: object) -> int:
    """The strength as an int from 1 to 5, or :class:`TieError`."""
    if isinstance(strength, bool) or not isinstance(strength, int):
        raise TieError(f"{strength!r} is not a tie strength (a whole number from 1 to 5).")
    if not MIN_STRENGTH <= strength <= MAX_STRENGTH:
        raise TieError(f"A tie strength is between {MIN_STRENGTH} and {MAX_STRENGTH}.")
    return strength


def _require_contacts(*contact_ids: int) -> None:
    found = {
        row[0]
        for row in tuples(Contact.select(Contact.id).where(Contact.id.in_(list(contact_ids))))
    }
    for contact_id in contact_ids:
        if contact_id not in found:
            raise ContactNotFoundError(f"There is no contact with id {contact_id}.")


# --- writes --------------------------------------------------------------------------

#: How the tie form names each field (for a conflict).
FIELD_LABELS = {"strength": "Strength", "context": "Context"}


def set_tie(
    x_id: int, y_id: int, strength: int = DEFAULT_STRENGTH, context: str = ""
) -> tuple[int, bool]:
    """Record that X knows Y; if they are already tied, update strength and context.

    Returns ``(tie id, created?)``. Raises :class:`TieError` for a self-tie or a
    strength outside 1-5, :class:`ContactNotFoundError` for an unknown id; nothing is
    written then.
    """
    a_id, b_id = ordered(x_id, y_id)
    strength = check_strength(strength)
    context = context.strip()
    with database.atomic():
        lock_row(Contact, a_id)  # PostgreSQL: another save of this pair's tie waits
        _require_contacts(a_id, b_id)
        existing = Tie.get_or_none((Tie.a == a_id) & (Tie.b == b_id))
        if existing is not None:
            journal.update(Tie, Tie.id == existing.id, strength=strength, context=context)
            return existing.id, False
        tie_id = journal.insert(Tie, a=a_id, b=b_id, strength=strength, context=context)
        return tie_id, True


def edit_tie(
    x_id: int,
    y_id: int,
    loaded: Mapping[str, object] | None,
    wanted: Mapping[str, object],
) -> tuple[EditOutcome, bool]:
    """Save the tie form: ``loaded`` is the tie it showed (``None``: there was none),
    ``wanted`` its ``strength`` and ``context`` as saved. Only what the user changed
    is written, each only if nobody changed it since (:mod:`netui.db.edits`); a tie
    made elsewhere meanwhile counts as changed since. Returns the outcome and whether
    the tie was created."""
    a_id, b_id = ordered(x_id, y_id)
    wanted = {"strength": check_strength(wanted["strength"]),
              "context": str(wanted["context"]).strip()}  # fmt: skip
    with database.atomic():
        _require_contacts(a_id, b_id)
        existing = Tie.get_or_none((Tie.a == a_id) & (Tie.b == b_id))
        if existing is None:
            journal.insert(Tie, a=a_id, b=b_id, **wanted)
            return EditOutcome(written=tuple(wanted)), True
        current = {"strength": existing.strength, "context": existing.context}
        before = dict(loaded) if loaded is not None else {"strength": None, "context": None}
        writes, conflicts = plan(before, wanted, current, labels=FIELD_LABELS)
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts)), False
        if writes:
            journal.update(Tie, Tie.id == existing.id, **writes)
        return EditOutcome(written=tuple(writes)), False


def remove_tie(x_id: int, y_id: int) -> TieRecord | None:
    """Delete the tie between X and Y (kept in the trash for undo); the removed tie
    (seen from X), or ``None``."""
    a_id, b_id = ordered(x_id, y_id)
    with database.atomic():
        record = get_tie(x_id, y_id)
        if record is None:
            return None
        journal.delete(Tie, (Tie.a == a_id) & (Tie.b == b_id))
    return record


# --- reads ---------------------------------------------------------------------------

_COLUMNS = (
    Tie.id,
    Tie.a,
    Tie.b,
    Tie.strength,
    Tie.context,
    Tie.created_at,
    Contact.id,
    Contact.name,
    Contact.organisation,
    Contact.second_degree,
    Contact.archived,
    Contact.sort_name,
)


def _records(contact_id: int, where: Expression | None = None) -> list[tuple[TieRecord, str]]:
    """The ties of ``contact_id`` with the sort name of the other person."""
    rows: list[tuple[Any, ...]] = []
    # Two indexed lookups, (a, b) and (b, a), rather than one OR that scans.
    for mine, theirs in ((Tie.a, Tie.b), (Tie.b, Tie.a)):
        query = (
            Tie.select(*_COLUMNS).join(Contact, on=(Contact.id == theirs)).where(mine == contact_id)
        )
        if where is not None:
            query = query.where(where)
        rows.extend(tuples(query))
    return [
        (
            TieRecord(
                id=row[0],
                a_id=row[1],
                b_id=row[2],
                strength=row[3],
                context=row[4],
                created_at=row[5],
                contact_id=contact_id,
                other_id=row[6],
                name=row[7],
                organisation=row[8],
                second_degree=bool(row[9]),
                archived=bool(row[10]),
            ),
            row[11],
        )
        for row in rows
    ]


def _strongest_first(records: list[tuple[TieRecord, str]]) -> list[TieRecord]:
    """Strongest first, then by name; on a team database each says whether the other
    person is in my network (one read for them all)."""
    records.sort(key=lambda item: (-item[0].strength, item[1], item[0].other_id))
    ties = [record for record, _ in records]
    if ties and has_team():
        mine = in_my_network_of((tie.other_id for tie in ties), team=True)
        ties = [replace(tie, mine=tie.other_id in mine) for tie in ties]
    return ties


def get_tie(x_id: int, y_id: int) -> TieRecord | None:
    """The tie between X and Y seen from X, or ``None``."""
    a_id, b_id = ordered(x_id, y_id)
    other = Contact.id == (b_id if x_id == a_id else a_id)
    for record, _ in _records(x_id, other):
        if (record.a_id, record.b_id) == (a_id, b_id):
            return record
    return None


def ties_of(contact_id: int, *, include_archived: bool = True) -> list[TieRecord]:
    """Everyone ``contact_id`` knows, strongest tie first, then by name.

    Archived people are included (with ``archived=True``) unless
    ``include_archived`` is false.
    """
    where = None if include_archived else ~Contact.archived
    return _strongest_first(_records(contact_id, where))


def known_by_my_network(contact_id: int) -> list[TieRecord]:
    """Who in my network knows ``contact_id``: ties to non-archived contacts in my
    network (:func:`netui.db.members.in_my_network`), strongest first."""
    return [tie for tie in ties_of(contact_id, include_archived=False) if tie.in_my_network]
