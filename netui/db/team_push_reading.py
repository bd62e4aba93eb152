"""Reading the personal network ``netui team push`` copies (:mod:`netui.db.team_push`):
the whole file, read-only; a file from an older netui through a migrated copy in a
temporary folder, never the file itself. No Textual here."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import Model

from netui.db.backup import write_database_copy
from netui.db.connection import close_database, open_database
from netui.db.migrations import LATEST, schema_version
from netui.db.models import (
    Contact,
    ContactTag,
    Exchange,
    Goal,
    GoalContact,
    GoalTag,
    Good,
    GoodTag,
    Introduction,
    Meeting,
    Member,
    PrivateNote,
    Relationship,
    Snooze,
    Tag,
    Tie,
    Touch,
    database,
)
from netui.db.rows import dicts, tuples

Row = dict[str, Any]


class PushError(ValueError):
    """The push cannot be done (one sentence); the team database is unchanged."""


@dataclass
class Personal:
    contacts: list[Row]
    tags: dict[int, list[tuple[str, str]]]  # contact id -> (tag name, kind)
    relationships: dict[int, Row]  # contact id -> the member's relationship
    private_notes: dict[int, str]  # contact id -> the member's private notes
    ties: list[Row]
    goods: list[tuple[Row, list[str]]]
    introductions: list[Row]
    exchanges: list[Row]
    meetings: list[Row]
    goals: list[tuple[Row, list[str], list[Row]]]
    touches: list[Row]
    snoozes: list[Row]


def _rows(model: type[Model], *where: Any) -> list[Row]:
    query = model.select()
    if where:
        query = query.where(*where)
    primary = model._meta.get_primary_keys()
    return list(dicts(query.order_by(*primary)))


def read_personal(path: Path) -> Personal:
    """The personal network at ``path``; a file at an older schema is copied into a
    temporary folder, and the copy migrated and read (the file stays as it is)."""
    open_database(path, readonly=True, allow_older=True)
    try:
        older = schema_version(database.obj) < LATEST
        if not older:
            return _read_open(path)
        source = database.connection()
        with tempfile.TemporaryDirectory(prefix="netui-push-") as folder:
            copy = write_database_copy(
                source, Path(folder) / "personal.db", thorough=False, source_path=path
            )
            close_database()
            open_database(copy)
            close_database()
            open_database(copy, readonly=True)
            return _read_open(path)
    finally:
        close_database()


def _read_open(path: Path) -> Personal:
    """The personal network in the database open now."""
    members = list(tuples(Member.select(Member.id)))
    if len(members) != 1:
        raise PushError(f"{path} has {len(members)} members; push a personal network (one member).")
    mine = members[0][0]
    names: dict[int, str] = {tag: name for tag, name in tuples(Tag.select(Tag.id, Tag.name))}
    tags: dict[int, list[tuple[str, str]]] = {}
    for row in _rows(ContactTag):
        tags.setdefault(row["contact"], []).append((names[row["tag"]], row["kind"]))
    good_tags: dict[int, list[str]] = {}
    for row in _rows(GoodTag):
        good_tags.setdefault(row["good"], []).append(names[row["tag"]])
    goal_tags: dict[int, list[str]] = {}
    for row in _rows(GoalTag):
        goal_tags.setdefault(row["goal"], []).append(names[row["tag"]])
    goal_contacts: dict[int, list[Row]] = {}
    for row in _rows(GoalContact):
        goal_contacts.setdefault(row["goal"], []).append(row)
    return Personal(
        contacts=_rows(Contact),
        tags=tags,
        relationships={
            row["contact"]: row for row in _rows(Relationship, Relationship.member == mine)
        },
        private_notes={
            row["contact"]: row["text"]
            for row in _rows(PrivateNote, PrivateNote.member == mine)
            if row["text"]
        },
        ties=_rows(Tie),
        goods=[(row, good_tags.get(row["id"], [])) for row in _rows(Good)],
        introductions=_rows(Introduction),
        exchanges=_rows(Exchange, Exchange.member == mine),
        meetings=_rows(Meeting, Meeting.member == mine),
        goals=[
            (row, goal_tags.get(row["id"], []), goal_contacts.get(row["id"], []))
            for row in _rows(Goal, Goal.member == mine)
        ],
        touches=_rows(Touch, Touch.member == mine),
        snoozes=_rows(Snooze, Snooze.member == mine),
    )
