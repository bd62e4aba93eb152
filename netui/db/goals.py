"""Career goals: their fields, targets and tags, and the contacts linked to each by hand.

A goal has target organisations and roles (one per line in the ``goal`` row) and
target tags (``goal_tag``). Contacts serve it when linked by hand (``goal_contact``)
or when their organisation, role or tags match the targets (the rules are in
:mod:`netui.core.matching`).

Which contacts serve a goal (suggestions, coverage, gaps) is in
:mod:`netui.db.goal_suggestions`.

No Textual here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from netui import clock
from netui.core.matching import (
    GoalTargets,
    split_lines,
)
from netui.db import journal
from netui.db.backends import lock_row
from netui.db.contacts import ContactNotFoundError
from netui.db.edits import EditOutcome, plan
from netui.db.members import own
from netui.db.models import Contact, Goal, GoalContact, GoalTag, Tag, database
from netui.db.rows import first_tuple, tuples
from netui.db.tags import clean_tags, write_item_tags


class GoalNotFoundError(LookupError):
    """No goal with that id."""


class GoalError(ValueError):
    """A goal that cannot be saved: one sentence for the user."""


@dataclass(frozen=True)
class GoalFields:
    """Everything a user edits about a goal."""

    title: str
    description: str = ""
    organisations: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class GoalRecord:
    id: int
    title: str
    description: str
    organisations: tuple[str, ...]
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    linked: int = 0  # contacts linked by hand
    shared: bool = False  # with the team (schema 7): the other members may read it

    @property
    def fields(self) -> GoalFields:
        return GoalFields(
            self.title, self.description, self.organisations, self.roles, self.tags, self.active
        )

    @property
    def targets(self) -> GoalTargets:
        return GoalTargets(self.organisations, self.roles, self.tags)


@dataclass(frozen=True)
class GoalLink:
    """A contact linked to a goal by hand."""

    goal_id: int
    contact_id: int
    note: str = ""


def _clean_list(values: Iterable[str]) -> tuple[str, ...]:
    return split_lines("\n".join(values))


def check_fields(values: GoalFields) -> GoalFields:
    title = " ".join(values.title.split())
    if not title:
        raise GoalError("A goal needs a title.")
    return GoalFields(
        title=title,
        description=values.description.strip(),
        organisations=_clean_list(values.organisations),
        roles=_clean_list(values.roles),
        tags=clean_tags(values.tags),
        active=bool(values.active),
    )


def _set_tags(goal_id: int, names: Sequence[str]) -> None:
    write_item_tags(GoalTag, "goal", goal_id, names)


#: GoalFields field -> goal column (tags are in goal_tag).
COLUMNS = {
    "title": "title",
    "description": "description",
    "organisations": "target_organisations",
    "roles": "target_roles",
    "active": "active",
}


def _columns(values: GoalFields) -> dict[str, object]:
    return {
        "title": values.title,
        "description": values.description,
        "target_organisations": "\n".join(values.organisations),
        "target_roles": "\n".join(values.roles),
        "active": values.active,
    }


def create_goal(values: GoalFields) -> int:
    values = check_fields(values)
    with database.atomic():
        goal_id = journal.insert(Goal, **_columns(values))
        _set_tags(goal_id, values.tags)
    return int(goal_id)


def _apply(goal_id: int, current: GoalFields, writes: dict[str, object]) -> None:
    if not writes:
        return
    values = GoalFields(**{**asdict(current), **writes})
    stored = _columns(values)
    columns = {COLUMNS[name]: stored[COLUMNS[name]] for name in writes if name in COLUMNS}
    journal.update(Goal, Goal.id == goal_id, **columns, updated_at=clock.now())
    if "tags" in writes:
        _set_tags(goal_id, values.tags)


def update_goal(goal_id: int, values: GoalFields) -> None:
    """Make the goal ``values``, writing only the fields that differ."""
    values = check_fields(values)
    with database.atomic():
        lock_row(Goal, goal_id)  # PostgreSQL: another member's save waits
        current = get_goal(goal_id).fields
        changed = {k: v for k, v in asdict(values).items() if v != getattr(current, k)}
        _apply(goal_id, current, changed)


#: How the goal form names each field (for a conflict).
FIELD_LABELS = {"title": "Title", "description": "Description",
                "organisations": "Target organisations", "roles": "Target roles",
                "tags": "Target tags", "active": "Active"}  # fmt: skip


def edit_goal(goal_id: int, loaded: GoalFields, wanted: GoalFields) -> EditOutcome:
    """Save the goal form: only the fields the user changed, each only if nobody
    changed it since it was loaded (:mod:`netui.db.edits`)."""
    wanted = check_fields(wanted)
    with database.atomic():
        current = get_goal(goal_id).fields
        writes, conflicts = plan(
            asdict(loaded), asdict(wanted), asdict(current), sets=("tags",), labels=FIELD_LABELS
        )
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        _apply(goal_id, current, writes)
    return EditOutcome(written=tuple(writes))


def set_active(goal_id: int, active: bool) -> None:
    updated = journal.update(Goal, Goal.id == goal_id, active=active, updated_at=clock.now())
    if not updated:
        raise GoalNotFoundError(f"There is no goal with id {goal_id}.")


def delete_goal(goal_id: int) -> GoalRecord:
    """Remove a goal, its tags and links (kept in the trash for undo); returns it."""
    with database.atomic():
        record = get_goal(goal_id)
        journal.delete(Goal, Goal.id == goal_id)
    return record


def link_contact(goal_id: int, contact_id: int, note: str = "") -> bool:
    """Link a contact to a goal by hand. ``False`` when they already were (note kept,
    or replaced when a new one is given)."""
    with database.atomic():
        if not Goal.select().where(Goal.id == goal_id).exists():
            raise GoalNotFoundError(f"There is no goal with id {goal_id}.")
        if not Contact.select().where(Contact.id == contact_id).exists():
            raise ContactNotFoundError(f"There is no contact with id {contact_id}.")
        link = (GoalContact.goal == goal_id) & (GoalContact.contact == contact_id)
        if GoalContact.select().where(link).exists():
            if note.strip():
                journal.update(GoalContact, link, note=note.strip())
            return False
        journal.insert(GoalContact, goal=goal_id, contact=contact_id, note=note.strip())
    return True


def unlink_contact(goal_id: int, contact_id: int) -> GoalLink | None:
    """Remove a hand-made link (kept in the trash for undo); the link as it was, or
    ``None``."""
    with database.atomic():
        link = (GoalContact.goal == goal_id) & (GoalContact.contact == contact_id)
        row = first_tuple(GoalContact.select(GoalContact.note).where(link))
        if row is None:
            return None
        journal.delete(GoalContact, link)
    return GoalLink(goal_id, contact_id, row[0])


# --- reads ---------------------------------------------------------------------------


def _tags_of(goal_ids: Sequence[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {goal_id: [] for goal_id in goal_ids}
    if not goal_ids:
        return result
    query = tuples(
        GoalTag.select(GoalTag.goal, Tag.name)
        .join(Tag)
        .where(GoalTag.goal.in_(list(goal_ids)))
        .order_by(GoalTag.goal, Tag.key)
    )
    for goal_id, name in query:
        result[goal_id].append(name)
    return result


def _link_counts(goal_ids: Sequence[int]) -> dict[int, int]:
    from peewee import fn

    query = tuples(
        GoalContact.select(GoalContact.goal, fn.COUNT(GoalContact.contact))
        .join(Contact)
        .where(GoalContact.goal.in_(list(goal_ids)) & (Contact.archived == False))  # noqa: E712
        .group_by(GoalContact.goal)
    )
    return dict(query)


def _records(goals: Sequence[Goal]) -> list[GoalRecord]:
    ids = [goal.id for goal in goals]
    tags = _tags_of(ids)
    counts = _link_counts(ids) if ids else {}
    return [
        GoalRecord(
            id=goal.id,
            title=goal.title,
            description=goal.description,
            organisations=split_lines(goal.target_organisations),
            roles=split_lines(goal.target_roles),
            tags=tuple(tags[goal.id]),
            active=bool(goal.active),
            created_at=goal.created_at,
            updated_at=goal.updated_at,
            linked=counts.get(goal.id, 0),
            shared=bool(goal.shared),
        )
        for goal in goals
    ]


def get_goal(goal_id: int) -> GoalRecord:
    goal = Goal.get_or_none(Goal.id == goal_id)
    if goal is None:
        raise GoalNotFoundError(f"There is no goal with id {goal_id}.")
    return _records([goal])[0]


def all_goals() -> list[GoalRecord]:
    """Every goal, active ones first, then by title."""
    records = _records(list(Goal.select().where(own(Goal))))
    records.sort(key=lambda r: (not r.active, r.title.casefold(), r.id))
    return records
