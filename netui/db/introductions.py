"""Introductions I broker between two contacts, and their balance check.

An introduction must serve both sides: :func:`set_status` refuses to mark one "made"
while :func:`netui.core.reciprocity.ratio_warning` has something to say, unless
forced. A made introduction is logged in the ledger as an introduction given to
both sides, in the same transaction; undoing "made" removes those two entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from netui import clock
from netui.core.reciprocity import GAVE, ratio_warning
from netui.db import journal
from netui.db.backends import lock_row
from netui.db.edits import EditOutcome, plan
from netui.db.models import INTRO_STATUSES, Contact, Exchange, Introduction, database
from netui.db.names import labels_for
from netui.db.rows import tuples

MADE = "made"


class IntroductionError(ValueError):
    """An introduction that cannot be written, as one sentence; nothing was written."""


@dataclass(frozen=True)
class IntroductionRecord:
    """An introduction with both names and its balance check."""

    id: int
    a_id: int
    a_name: str
    a_gains: str
    a_value: int
    b_id: int
    b_name: str
    b_gains: str
    b_value: int
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    asked_on: dt.date | None
    made_on: dt.date | None
    warning: str | None  # ratio_warning's sentence, None when both sides gain enough

    @property
    def balanced(self) -> bool:
        return self.warning is None


def _check_value(value: object, side: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
        raise IntroductionError(f"{value!r} is not a value for {side}; use 0 to 5.")
    return value


def _check_status(status: str) -> str:
    if status not in INTRO_STATUSES:
        raise IntroductionError(
            f'"{status}" is not a status; use one of {", ".join(INTRO_STATUSES)}.'
        )
    return status


def _check_people(a_id: int, b_id: int) -> dict[int, str]:
    if a_id == b_id:
        raise IntroductionError("An introduction needs two different people.")
    names = dict(
        tuples(Contact.select(Contact.id, Contact.name).where(Contact.id.in_([a_id, b_id])))
    )
    for cid in (a_id, b_id):
        if cid not in names:
            raise IntroductionError(f"There is no contact with id {cid}.")
    return names


def record_introduction(
    a_id: int,
    b_id: int,
    a_gains: str,
    a_value: int,
    b_gains: str,
    b_value: int,
    status: str = "idea",
) -> int:
    """Record an introduction between contacts ``a_id`` and ``b_id``; returns its id.

    Recording one straight away as "made" logs it to both sides like
    :func:`set_status` does, without the balance check (ask
    :func:`netui.core.reciprocity.ratio_warning` first).
    """
    values = {
        "a_value": _check_value(a_value, "the first person"),
        "b_value": _check_value(b_value, "the second person"),
        "status": _check_status(status),
        "a_gains": a_gains.strip(),
        "b_gains": b_gains.strip(),
    }
    today = clock.today()
    with database.atomic():
        _check_people(a_id, b_id)
        intro_id = journal.insert(
            Introduction,
            a=a_id,
            b=b_id,
            asked_on=today if status in ("asked", MADE) else None,
            **values,
        )
        if status == MADE:
            _mark_made(intro_id, today)
    return int(intro_id)


def update_introduction(
    intro_id: int,
    *,
    a_id: int | None = None,
    b_id: int | None = None,
    a_gains: str | None = None,
    a_value: int | None = None,
    b_gains: str | None = None,
    b_value: int | None = None,
) -> None:
    """Change what was given; the rest stays. The status changes through :func:`set_status`.

    On a made introduction the people cannot change, and new values update the two
    ledger entries it logged.
    """
    with database.atomic():
        intro = _get(intro_id)
        changes: dict[str, Any] = {}
        if a_gains is not None:
            changes["a_gains"] = a_gains.strip()
        if b_gains is not None:
            changes["b_gains"] = b_gains.strip()
        if a_value is not None:
            changes["a_value"] = _check_value(a_value, "the first person")
        if b_value is not None:
            changes["b_value"] = _check_value(b_value, "the second person")
        new_a = intro.a_id if a_id is None else a_id
        new_b = intro.b_id if b_id is None else b_id
        if (new_a, new_b) != (intro.a_id, intro.b_id):
            if intro.status == MADE:
                raise IntroductionError(
                    "The people of a made introduction cannot change; set another status first."
                )
            _check_people(new_a, new_b)
            changes.update(a=new_a, b=new_b)
        if not changes:
            return
        journal.update(
            Introduction, Introduction.id == intro_id, **changes, updated_at=clock.now()
        )
        if intro.status == MADE:
            for contact, value in ((intro.a_id, changes.get("a_value")),
                                   (intro.b_id, changes.get("b_value"))):  # fmt: skip
                if value is not None:
                    journal.update(
                        Exchange,
                        (Exchange.introduction == intro_id) & (Exchange.contact == contact),
                        value=max(1, value),
                    )


#: How the introduction form names each field (for a conflict).
FIELD_LABELS = {"a_id": "First person", "b_id": "Second person",
                "a_gains": "What the first gains", "a_value": "First value",
                "b_gains": "What the second gains", "b_value": "Second value"}  # fmt: skip


def edit_introduction(
    intro_id: int, loaded: dict[str, Any], wanted: dict[str, Any]
) -> EditOutcome:
    """Save the introduction form (the fields of :data:`FIELD_LABELS`): only what the
    user changed, each only if nobody changed it since it was loaded."""
    with database.atomic():
        lock_row(Introduction, intro_id)  # PostgreSQL: another member's save waits
        intro = _get(intro_id)
        current = {name: getattr(intro, name) for name in FIELD_LABELS}
        writes, conflicts = plan(loaded, wanted, current, labels=FIELD_LABELS)
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        if writes:
            fields: dict[str, Any] = dict(writes)  # FIELD_LABELS' names, of mixed types
            update_introduction(intro_id, **fields)
    return EditOutcome(written=tuple(writes))


def set_status(
    intro_id: int, status: str, *, force: bool = False, expected: str | None = None
) -> str | None:
    """Move an introduction to ``status``.

    Before marking it "made", returns the balance warning and changes nothing,
    unless ``force``. Marking it made logs an introduction given to both sides
    (value: that side's, at least 1; dated today) in the same transaction; moving
    a made one to another status removes those entries (into the trash, for undo).
    Returns ``None`` when the status was set. With ``expected`` (the status the user
    saw), a status changed elsewhere since is refused in one sentence.
    """
    _check_status(status)
    today = clock.today()
    with database.atomic():
        intro = _get(intro_id)
        if status == intro.status:
            return None
        if expected is not None and intro.status != expected:
            raise IntroductionError(
                f"The introduction was marked {intro.status} elsewhere meanwhile; "
                "nothing was changed."
            )
        if status == MADE:
            names = dict(
                tuples(
                    Contact.select(Contact.id, Contact.name).where(
                        Contact.id.in_([intro.a_id, intro.b_id])
                    )
                )
            )
            warning = ratio_warning(
                intro.a_value, intro.b_value, names[intro.a_id], names[intro.b_id]
            )
            if warning and not force:
                return warning
        changes: dict[str, Any] = {"status": status, "updated_at": clock.now()}
        if status == "asked" and intro.asked_on is None:
            changes["asked_on"] = today
        if intro.status == MADE:
            journal.delete(Exchange, Exchange.introduction == intro_id)
            changes["made_on"] = None
        journal.update(Introduction, Introduction.id == intro_id, **changes)
        if status == MADE:
            _mark_made(intro_id, today)
    return None


def _mark_made(intro_id: int, today: dt.date) -> None:
    """Log the introduction to both sides (inside the caller's transaction)."""
    intro = _get(intro_id)
    journal.update(Introduction, Introduction.id == intro_id, made_on=today)
    for contact, value in ((intro.a_id, intro.a_value), (intro.b_id, intro.b_value)):
        journal.insert(
            Exchange,
            contact=contact,
            date=today,
            direction=GAVE,
            currency="introduction",
            value=max(1, value),
            note="",
            introduction=intro_id,
        )


def _get(intro_id: int) -> Introduction:
    intro = Introduction.get_or_none(Introduction.id == intro_id)
    if intro is None:
        raise IntroductionError(f"There is no introduction with id {intro_id}.")
    return intro


def _selected(row: Introduction, alias: str) -> str:
    """A name the query selected under ``alias``: peewee sets it on the row."""
    name: str = getattr(row, alias)
    return name


def introductions(contact_id: int | None = None) -> list[IntroductionRecord]:
    """Every introduction (or those involving ``contact_id``), the newest first."""
    a = Contact.alias("a")
    b = Contact.alias("b")
    query = (
        Introduction.select(Introduction, a.name.alias("a_name"), b.name.alias("b_name"))
        .join_from(Introduction, a, on=(Introduction.a == a.id))
        .join_from(Introduction, b, on=(Introduction.b == b.id))
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    )
    if contact_id is not None:
        query = query.where((Introduction.a == contact_id) | (Introduction.b == contact_id))
    rows = list(query.objects())
    # Same-named people told apart: "Rita Alvarez @ Globex".
    labels = labels_for([i for row in rows for i in (row.a_id, row.b_id)])
    records = []
    for row in rows:
        a_name = labels.get(row.a_id, _selected(row, "a_name"))
        b_name = labels.get(row.b_id, _selected(row, "b_name"))
        records.append(
            IntroductionRecord(
                id=row.id,
                a_id=row.a_id,
                a_name=a_name,
                a_gains=row.a_gains,
                a_value=row.a_value,
                b_id=row.b_id,
                b_name=b_name,
                b_gains=row.b_gains,
                b_value=row.b_value,
                status=row.status,
                created_at=row.created_at,
                updated_at=row.updated_at,
                asked_on=row.asked_on,
                made_on=row.made_on,
                warning=ratio_warning(row.a_value, row.b_value, a_name, b_name),
            )
        )
    return records
