"""Merging two contacts who are the same person, and undoing a merge.

``merge_contacts(keep_id, drop_id)`` moves everything about the dropped contact
to the one kept, in one transaction:

- the kept contact's empty fields are filled from the dropped one; notes are
  appended (unless already there); closeness is the higher, and the person is in
  my network if either was; its tags, expertise and interests are added;
- ties move to the kept contact; where both knew the same person the two ties
  collapse into one with the stronger strength (and the kept tie's context, or
  the dropped one's when the kept has none); a tie between the two is removed;
- exchanges and meetings (as the contact and as the introducer) move; a meeting
  whose contact and introducer would become the same person loses its
  introducer; introductions move, except one brokered between the two, which is
  left as it was;
- goal links move (one link per goal);
- the dropped contact is archived, not deleted, with its own fields and tags
  kept as they were.

Every write goes through :mod:`netui.db.journal`: run inside
:func:`netui.db.journal.undoable`, the merge is one undo step that puts every row
back as it was, leaving alone only what another writer changed since (and saying
so); the ties and links it removes wait in the trash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peewee import Expression, Field, Model

from netui import clock
from netui.db import journal
from netui.db.contacts import ContactNotFoundError, refresh_search_text
from netui.db.models import (
    Contact,
    ContactTag,
    Exchange,
    GoalContact,
    Introduction,
    Meeting,
    PrivateNote,
    Relationship,
    Tie,
    database,
)
from netui.db.rows import dicts, tuples

#: Text fields of a contact filled from the dropped one when the kept one has none.
FILLED = (
    "organisation",
    "role",
    "email",
    "phone",
    "linkedin_url",
    "location",
    "how_we_met",
    "career_path",
)


class MergeError(ValueError):
    """The two contacts cannot be merged (one sentence)."""


@dataclass(frozen=True)
class MergeResult:
    keep_id: int
    drop_id: int
    moved: dict[str, int] = field(default_factory=dict)  # "ties", "exchanges", ...

    def summary(self) -> str:
        parts = [f"{n:,} {what}" for what, n in self.moved.items() if n]
        return "Merged; moved " + (", ".join(parts) if parts else "nothing else") + "."


def _key(model: type[Model], row: dict[str, Any]) -> dict[str, Any]:
    return {f.name: row[f.name] for f in model._meta.get_primary_keys()}


def _where(model: type[Model], key: dict[str, Any]) -> Expression:
    condition: Expression | None = None
    for name, value in key.items():
        term: Expression = getattr(model, name) == value
        condition = term if condition is None else condition & term
    assert condition is not None  # every table has a primary key
    return condition


class _Journal:
    """The merge's writes, each through :mod:`netui.db.journal` (so undoable)."""

    def update(self, model: type[Model], rows: list[dict[str, Any]], **changes: object) -> None:
        for row in rows:
            journal.update(model, _where(model, _key(model, row)), **changes)

    def delete(self, model: type[Model], row: dict[str, Any]) -> None:
        journal.delete(model, _where(model, _key(model, row)))

    def insert(self, model: type[Model], **values: object) -> None:
        journal.insert(model, **values)


def _rows(model: type[Model], condition: Expression) -> list[dict[str, Any]]:
    return list(dicts(model.select().where(condition).order_by(*model._meta.get_primary_keys())))


def merge_contacts(keep_id: int, drop_id: int) -> MergeResult:
    """Merge ``drop_id`` into ``keep_id`` (see the module docstring)."""
    if keep_id == drop_id:
        raise MergeError("A contact cannot be merged with itself.")
    with database.atomic():
        keep = Contact.select().where(Contact.id == keep_id).dicts().first()
        drop = Contact.select().where(Contact.id == drop_id).dicts().first()
        for cid, row in ((keep_id, keep), (drop_id, drop)):
            if row is None:
                raise ContactNotFoundError(f"There is no contact with id {cid}.")
        assert keep is not None and drop is not None
        writes = _Journal()
        moved = {
            "tags": _merge_tags(writes, keep_id, drop_id),
            "ties": _merge_ties(writes, keep_id, drop_id),
            "exchanges": _move(writes, Exchange, Exchange.contact, keep_id, drop_id),
            "meetings": _merge_meetings(writes, keep_id, drop_id),
            "introductions": _merge_introductions(writes, keep_id, drop_id),
            "goal links": _merge_goals(writes, keep_id, drop_id),
        }
        _merge_relationships(writes, keep_id, drop_id)
        changes = _merged_fields(keep, drop)
        writes.update(Contact, [keep], **changes, updated_at=clock.now())
        writes.update(Contact, [drop], archived=True, updated_at=clock.now())
        refresh_search_text([keep_id])
        return MergeResult(keep_id, drop_id, moved)


def _merged_fields(keep: dict[str, Any], drop: dict[str, Any]) -> dict[str, object]:
    changes: dict[str, object] = {}
    for name in FILLED:
        if not str(keep[name]).strip() and str(drop[name]).strip():
            changes[name] = drop[name]
    notes, extra = str(keep["notes"]), str(drop["notes"]).strip()
    if extra and extra not in notes:
        changes["notes"] = f"{notes}\n\n{extra}" if notes.strip() else extra
    changes["second_degree"] = bool(keep["second_degree"] and drop["second_degree"])
    return changes


def _merge_relationships(writes: _Journal, keep_id: int, drop_id: int) -> None:
    """Each member's relationship with the dropped contact joins theirs with the kept
    one: the higher closeness, the kept cadence (else the dropped one), both private
    notes; a member who knew only the dropped contact now knows the kept one. Either
    contact in the member's network puts the merged one in it (a relationship taken
    out of it, ``dropped``, stays out only if both were)."""
    kept = {row["member"]: row for row in _rows(Relationship, Relationship.contact == keep_id)}
    for row in _rows(Relationship, Relationship.contact == drop_id):
        mine = kept.get(row["member"])
        if mine is None:
            writes.insert(
                Relationship,
                member=row["member"],
                contact=keep_id,
                closeness=row["closeness"],
                cadence_days=row["cadence_days"],
                shared=row["shared"],
                dropped=row["dropped"],
            )
            continue
        changes: dict[str, object] = {"closeness": max(mine["closeness"], row["closeness"])}
        if mine["cadence_days"] is None and row["cadence_days"] is not None:
            changes["cadence_days"] = row["cadence_days"]
        if mine["dropped"] and not row["dropped"]:
            changes["dropped"] = False
        changes = {k: v for k, v in changes.items() if v != mine[k]}
        if changes:
            writes.update(Relationship, [mine], **changes)
    _merge_private_notes(writes, keep_id, drop_id)


def _merge_private_notes(writes: _Journal, keep_id: int, drop_id: int) -> None:
    """Each member's private notes about the dropped contact join theirs about the
    kept one (the dropped contact's go when it is deleted)."""
    kept = {row["member"]: row for row in _rows(PrivateNote, PrivateNote.contact == keep_id)}
    for row in _rows(PrivateNote, PrivateNote.contact == drop_id):
        extra = str(row["text"]).strip()
        mine = kept.get(row["member"])
        if mine is None:
            if extra:
                writes.insert(PrivateNote, member=row["member"], contact=keep_id, text=extra)
            continue
        notes = str(mine["text"])
        if extra and extra not in notes:
            text = f"{notes}\n\n{extra}" if notes.strip() else extra
            writes.update(PrivateNote, [mine], text=text)


def _merge_tags(writes: _Journal, keep_id: int, drop_id: int) -> int:
    have = set(
        tuples(
            ContactTag.select(ContactTag.tag, ContactTag.kind).where(ContactTag.contact == keep_id)
        )
    )
    added = 0
    query = tuples(
        ContactTag.select(ContactTag.tag, ContactTag.kind)
        .where(ContactTag.contact == drop_id)
        .order_by(ContactTag.id)
    )
    for tag_id, kind in list(query):
        if (tag_id, kind) not in have:
            have.add((tag_id, kind))
            writes.insert(ContactTag, contact=keep_id, tag=tag_id, kind=kind)
            added += 1
    return added


def _merge_ties(writes: _Journal, keep_id: int, drop_id: int) -> int:
    def other(row: dict[str, Any], me: int) -> int:
        return int(row["b"] if row["a"] == me else row["a"])

    kept = {other(r, keep_id): r for r in _rows(Tie, (Tie.a == keep_id) | (Tie.b == keep_id))}
    moved = 0
    for row in _rows(Tie, (Tie.a == drop_id) | (Tie.b == drop_id)):
        person = other(row, drop_id)
        if person == keep_id:
            writes.delete(Tie, row)
            continue
        mine = kept.get(person)
        if mine is None:
            a, b = sorted((keep_id, person))
            writes.update(Tie, [row], a=a, b=b)
        else:
            strength = max(mine["strength"], row["strength"])
            context = mine["context"] or row["context"]
            if (strength, context) != (mine["strength"], mine["context"]):
                writes.update(Tie, [mine], strength=strength, context=context)
            writes.delete(Tie, row)
        moved += 1
    return moved


def _move(writes: _Journal, model: type[Model], column: Field, keep_id: int, drop_id: int) -> int:
    rows = _rows(model, column == drop_id)
    writes.update(model, rows, **{column.name: keep_id})
    return len(rows)


def _merge_meetings(writes: _Journal, keep_id: int, drop_id: int) -> int:
    rows = _rows(Meeting, (Meeting.contact == drop_id) | (Meeting.introducer == drop_id))
    for row in rows:
        contact = keep_id if row["contact"] == drop_id else row["contact"]
        introducer = keep_id if row["introducer"] == drop_id else row["introducer"]
        if introducer == contact:
            introducer = None
        writes.update(Meeting, [row], contact=contact, introducer=introducer)
    return len(rows)


def _merge_introductions(writes: _Journal, keep_id: int, drop_id: int) -> int:
    moved = 0
    for row in _rows(Introduction, (Introduction.a == drop_id) | (Introduction.b == drop_id)):
        if keep_id in (row["a"], row["b"]):
            continue  # an introduction between the two: left as it was
        side = "a" if row["a"] == drop_id else "b"
        writes.update(Introduction, [row], **{side: keep_id})
        moved += 1
    return moved


def _merge_goals(writes: _Journal, keep_id: int, drop_id: int) -> int:
    linked = {
        goal for (goal,) in tuples(GoalContact.select(GoalContact.goal)
        .where(GoalContact.contact == keep_id))
    }  # fmt: skip
    moved = 0
    for row in _rows(GoalContact, GoalContact.contact == drop_id):
        writes.delete(GoalContact, row)
        if row["goal"] not in linked:
            writes.insert(GoalContact, goal=row["goal"], contact=keep_id, note=row["note"])
            moved += 1
    return moved
