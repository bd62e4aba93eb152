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

Undo is by journal, not by snapshot: the returned :class:`MergeResult` carries
a :class:`MergeUndo` with the before-image of every row the merge changed or
deleted and the key of every row it inserted. ``undo_merge(result.undo)`` puts
those rows back in one transaction, so every table is exactly as before the
merge. It is meant for an immediate undo (the app's "Undo" after a merge):
changes made to the same rows after the merge are overwritten by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import Model

from netui.db.contacts import ContactNotFoundError, refresh_search_text
from netui.db.models import (
    Contact,
    ContactTag,
    Exchange,
    GoalContact,
    Introduction,
    Meeting,
    Tie,
    database,
    now,
)

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
class MergeUndo:
    """What :func:`undo_merge` needs: rows before the merge and rows it added."""

    keep_id: int
    drop_id: int
    updated: tuple[tuple[type[Model], dict], ...] = ()
    deleted: tuple[tuple[type[Model], dict], ...] = ()
    inserted: tuple[tuple[type[Model], dict], ...] = ()  # primary-key values only


@dataclass(frozen=True)
class MergeResult:
    keep_id: int
    drop_id: int
    moved: dict[str, int] = field(default_factory=dict)  # "ties", "exchanges", ...
    undo: MergeUndo | None = None

    def summary(self) -> str:
        parts = [f"{n:,} {what}" for what, n in self.moved.items() if n]
        return "Merged; moved " + (", ".join(parts) if parts else "nothing else") + "."


def _key(model: type[Model], row: dict) -> dict:
    return {f.name: row[f.name] for f in model._meta.get_primary_keys()}


def _where(model: type[Model], key: dict):
    condition = None
    for name, value in key.items():
        term = getattr(model, name) == value
        condition = term if condition is None else condition & term
    return condition


class _Journal:
    def __init__(self) -> None:
        self.updated: dict[tuple, tuple[type[Model], dict]] = {}
        self.deleted: list[tuple[type[Model], dict]] = []
        self.inserted: list[tuple[type[Model], dict]] = []

    def _remember(self, model: type[Model], row: dict) -> None:
        ident = (model, tuple(_key(model, row).values()))
        self.updated.setdefault(ident, (model, row))

    def update(self, model: type[Model], rows: list[dict], **changes: object) -> None:
        for row in rows:
            self._remember(model, row)
            model.update(**changes).where(_where(model, _key(model, row))).execute()

    def delete(self, model: type[Model], row: dict) -> None:
        ident = (model, tuple(_key(model, row).values()))
        original = self.updated.pop(ident, (model, row))[1]
        self.deleted.append((model, original))
        model.delete().where(_where(model, _key(model, row))).execute()

    def insert(self, model: type[Model], **values: object) -> None:
        new_id = model.insert(**values).execute()
        if "id" in model._meta.fields and "id" not in values:
            values = {**values, "id": new_id}
        self.inserted.append((model, _key(model, values)))

    def undo(self, keep_id: int, drop_id: int) -> MergeUndo:
        return MergeUndo(
            keep_id=keep_id,
            drop_id=drop_id,
            updated=tuple(self.updated.values()),
            deleted=tuple(self.deleted),
            inserted=tuple(self.inserted),
        )


def _rows(model: type[Model], condition) -> list[dict]:
    return list(model.select().where(condition).order_by(*model._meta.get_primary_keys()).dicts())


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
        journal = _Journal()
        moved = {
            "tags": _merge_tags(journal, keep_id, drop_id),
            "ties": _merge_ties(journal, keep_id, drop_id),
            "exchanges": _move(journal, Exchange, Exchange.contact, keep_id, drop_id),
            "meetings": _merge_meetings(journal, keep_id, drop_id),
            "introductions": _merge_introductions(journal, keep_id, drop_id),
            "goal links": _merge_goals(journal, keep_id, drop_id),
        }
        changes = _merged_fields(keep, drop)
        journal.update(Contact, [keep], **changes, updated_at=now())
        journal.update(Contact, [drop], archived=True, updated_at=now())
        refresh_search_text([keep_id])
        return MergeResult(keep_id, drop_id, moved, journal.undo(keep_id, drop_id))


def _merged_fields(keep: dict, drop: dict) -> dict[str, object]:
    changes: dict[str, object] = {}
    for name in FILLED:
        if not str(keep[name]).strip() and str(drop[name]).strip():
            changes[name] = drop[name]
    notes, extra = str(keep["notes"]), str(drop["notes"]).strip()
    if extra and extra not in notes:
        changes["notes"] = f"{notes}\n\n{extra}" if notes.strip() else extra
    if keep["cadence_days"] is None and drop["cadence_days"] is not None:
        changes["cadence_days"] = drop["cadence_days"]
    changes["closeness"] = max(keep["closeness"], drop["closeness"])
    changes["second_degree"] = bool(keep["second_degree"] and drop["second_degree"])
    return changes


def _merge_tags(journal: _Journal, keep_id: int, drop_id: int) -> int:
    have = set(
        ContactTag.select(ContactTag.tag, ContactTag.kind)
        .where(ContactTag.contact == keep_id)
        .tuples()
    )
    added = 0
    query = (
        ContactTag.select(ContactTag.tag, ContactTag.kind)
        .where(ContactTag.contact == drop_id)
        .order_by(ContactTag.id)
        .tuples()
    )
    for tag_id, kind in list(query):
        if (tag_id, kind) not in have:
            have.add((tag_id, kind))
            journal.insert(ContactTag, contact=keep_id, tag=tag_id, kind=kind)
            added += 1
    return added


def _merge_ties(journal: _Journal, keep_id: int, drop_id: int) -> int:
    def other(row: dict, me: int) -> int:
        return row["b"] if row["a"] == me else row["a"]

    kept = {other(r, keep_id): r for r in _rows(Tie, (Tie.a == keep_id) | (Tie.b == keep_id))}
    moved = 0
    for row in _rows(Tie, (Tie.a == drop_id) | (Tie.b == drop_id)):
        person = other(row, drop_id)
        if person == keep_id:
            journal.delete(Tie, row)
            continue
        mine = kept.get(person)
        if mine is None:
            a, b = sorted((keep_id, person))
            journal.update(Tie, [row], a=a, b=b)
        else:
            strength = max(mine["strength"], row["strength"])
            context = mine["context"] or row["context"]
            if (strength, context) != (mine["strength"], mine["context"]):
                journal.update(Tie, [mine], strength=strength, context=context)
            journal.delete(Tie, row)
        moved += 1
    return moved


def _move(journal: _Journal, model: type[Model], column, keep_id: int, drop_id: int) -> int:
    rows = _rows(model, column == drop_id)
    journal.update(model, rows, **{column.name: keep_id})
    return len(rows)


def _merge_meetings(journal: _Journal, keep_id: int, drop_id: int) -> int:
    rows = _rows(Meeting, (Meeting.contact == drop_id) | (Meeting.introducer == drop_id))
    for row in rows:
        contact = keep_id if row["contact"] == drop_id else row["contact"]
        introducer = keep_id if row["introducer"] == drop_id else row["introducer"]
        if introducer == contact:
            introducer = None
        journal.update(Meeting, [row], contact=contact, introducer=introducer)
    return len(rows)


def _merge_introductions(journal: _Journal, keep_id: int, drop_id: int) -> int:
    moved = 0
    for row in _rows(Introduction, (Introduction.a == drop_id) | (Introduction.b == drop_id)):
        if keep_id in (row["a"], row["b"]):
            continue  # an introduction between the two: left as it was
        side = "a" if row["a"] == drop_id else "b"
        journal.update(Introduction, [row], **{side: keep_id})
        moved += 1
    return moved


def _merge_goals(journal: _Journal, keep_id: int, drop_id: int) -> int:
    linked = {
        goal for (goal,) in GoalContact.select(GoalContact.goal)
        .where(GoalContact.contact == keep_id)
        .tuples()
    }  # fmt: skip
    moved = 0
    for row in _rows(GoalContact, GoalContact.contact == drop_id):
        journal.delete(GoalContact, row)
        if row["goal"] not in linked:
            journal.insert(GoalContact, goal=row["goal"], contact=keep_id, note=row["note"])
            moved += 1
    return moved


def undo_merge(undo: MergeUndo) -> None:
    """Put back every row a merge changed, deleted or inserted (one transaction)."""
    with database.atomic():
        for model, key in reversed(undo.inserted):
            model.delete().where(_where(model, key)).execute()
        for model, row in undo.updated:
            values = {k: v for k, v in row.items() if k not in _key(model, row)}
            model.update(**values).where(_where(model, _key(model, row))).execute()
        for model, row in undo.deleted:
            model.insert(**row).execute()
