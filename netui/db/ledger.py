"""The reciprocity ledger: exchanges, and the meter of every contact.

Every function returns plain values (:class:`~netui.core.reciprocity.Balance`,
dataclasses); no Peewee row leaves this module. The arithmetic is DESIGN.md's and
lives in :mod:`netui.core.reciprocity`; here it is computed in the database.

The faded sums themselves are :mod:`netui.db.meter_sums`, the meter table (imported here
too) :mod:`netui.db.meter_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from peewee import fn

from netui import clock
from netui.core.folding import fold_key
from netui.core.organisations import organisation_key
from netui.core.reciprocity import GAVE, Balance
from netui.db import journal
from netui.db.backends import lock_row
from netui.db.edits import EditOutcome, plan
from netui.db.members import own
from netui.db.meter_rows import MeterRow as MeterRow
from netui.db.meter_rows import meter_table as meter_table
from netui.db.meter_sums import as_date, faded_sums
from netui.db.models import (
    CURRENCIES,
    DIRECTIONS,
    Contact,
    Exchange,
    Introduction,
    Meeting,
    database,
)
from netui.db.rows import tuples
from netui.db.settings import get_setting

# --- entries -------------------------------------------------------------------------


class LedgerError(ValueError):
    """An exchange that cannot be written, as one sentence; nothing was written."""


@dataclass(frozen=True)
class ExchangeRecord:
    """One ledger entry, every field (enough to put it back after a delete)."""

    id: int
    contact_id: int
    date: dt.date
    direction: str
    currency: str
    value: int
    note: str
    meeting_id: int | None
    introduction_id: int | None
    created_at: dt.datetime
    shared: bool = False  # with the team (schema 7): what the other members may read


def check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise LedgerError(f'"{direction}" is not a direction; use {" or ".join(DIRECTIONS)}.')
    return direction


def check_currency(currency: str) -> str:
    """The currency, trimmed and lower-cased, or :class:`LedgerError` listing the valid ones."""
    normal = currency.strip().casefold()
    if normal not in CURRENCIES:
        raise LedgerError(f'"{currency}" is not a currency; use one of {", ".join(CURRENCIES)}.')
    return normal


def check_value(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise LedgerError(f"{value!r} is not a value; an exchange is worth 1 to 5.")
    return value


def check_day(on: dt.date | None, *, today: dt.date | None = None) -> dt.date:
    """The exchange's day (default today); a day in the future is refused."""
    today = today or clock.today()
    if on is None:
        return today
    if isinstance(on, dt.datetime):
        on = on.date()
    if not isinstance(on, dt.date):
        raise LedgerError(f"{on!r} is not a date.")
    if on > today:
        raise LedgerError(f"{on.isoformat()} is in the future; log exchanges that happened.")
    return on


def _check_contact(contact_id: int) -> None:
    if not Contact.select().where(Contact.id == contact_id).exists():
        raise LedgerError(f"There is no contact with id {contact_id}.")


def _check_link(
    model: type[Meeting] | type[Introduction], link_id: int | None, what: str
) -> int | None:
    if link_id is not None and not model.select().where(model.id == link_id).exists():
        raise LedgerError(f"There is no {what} with id {link_id}.")
    return link_id


def log_exchange(
    contact_id: int,
    direction: str,
    currency: str,
    value: int,
    *,
    note: str = "",
    on: dt.date | None = None,
    meeting_id: int | None = None,
    introduction_id: int | None = None,
    today: dt.date | None = None,
) -> int:
    """Write one exchange and return its id; :class:`LedgerError` (nothing written) if wrong.

    ``on`` defaults to ``today`` (default: the clock's), and may not be after it."""
    row = {
        "direction": check_direction(direction),
        "currency": check_currency(currency),
        "value": check_value(value),
        "date": check_day(on, today=today),
        "note": note.strip(),
    }
    with database.atomic():
        _check_contact(contact_id)
        _check_link(Meeting, meeting_id, "meeting")
        _check_link(Introduction, introduction_id, "introduction")
        return int(
            journal.insert(
            Exchange, contact=contact_id, meeting=meeting_id, introduction=introduction_id, **row
            )
        )


def update_exchange(
    exchange_id: int,
    *,
    direction: str | None = None,
    currency: str | None = None,
    value: int | None = None,
    note: str | None = None,
    on: dt.date | None = None,
) -> ExchangeRecord:
    """Change the given fields of an exchange (the others stay); returns it as now stored."""
    changes = _checked(direction=direction, currency=currency, value=value, note=note, on=on)
    with database.atomic():
        if changes:
            updated = journal.update(Exchange, Exchange.id == exchange_id, **changes)
        else:
            updated = Exchange.select().where(Exchange.id == exchange_id).count()
        if not updated:
            raise LedgerError(f"There is no exchange with id {exchange_id}.")
        return get_exchange(exchange_id)


def _checked(**fields: Any) -> dict[str, Any]:
    """The given (not ``None``) fields of an exchange, checked, as columns."""
    checks: dict[str, Callable[[Any], Any]] = {
        "direction": check_direction, "currency": check_currency, "value": check_value,
        "note": lambda note: note.strip(), "on": check_day,
    }  # fmt: skip
    return {
        "date" if name == "on" else name: checks[name](value)
        for name, value in fields.items()
        if value is not None
    }


#: How the exchange form names each field (for a conflict).
FIELD_LABELS = {"direction": "Direction", "currency": "Currency", "value": "Value",
                "on": "Day", "note": "Note"}  # fmt: skip


def edit_exchange(
    exchange_id: int, loaded: Mapping[str, Any], wanted: Mapping[str, Any]
) -> EditOutcome:
    """Save the exchange form (fields ``direction``, ``currency``, ``value``, ``on``,
    ``note``): only what the user changed, each only if nobody changed it since."""
    _checked(**wanted)
    with database.atomic():
        lock_row(Exchange, exchange_id)  # PostgreSQL: another save of it waits
        record = get_exchange(exchange_id)
        current = {"direction": record.direction, "currency": record.currency,
                   "value": record.value, "on": record.date, "note": record.note}  # fmt: skip
        writes, conflicts = plan(loaded, wanted, current, labels=FIELD_LABELS)
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        changes = _checked(**writes)
        if changes:
            journal.update(Exchange, Exchange.id == exchange_id, **changes)
    return EditOutcome(written=tuple(writes))


def get_exchange(exchange_id: int) -> ExchangeRecord:
    row = Exchange.get_or_none(Exchange.id == exchange_id)
    if row is None:
        raise LedgerError(f"There is no exchange with id {exchange_id}.")
    return _record(row)


def delete_exchange(exchange_id: int) -> ExchangeRecord:
    """Delete an exchange (kept in the trash for undo); returns what it held."""
    with database.atomic():
        record = get_exchange(exchange_id)
        journal.delete(Exchange, Exchange.id == exchange_id)
    return record


def exchanges_for(contact_id: int, limit: int | None = None) -> list[ExchangeRecord]:
    """A contact's exchanges, newest first (by day, then by when they were logged)."""
    query = (
        Exchange.select()
        .where((Exchange.contact == contact_id) & own(Exchange))
        .order_by(Exchange.date.desc(), Exchange.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [_record(row) for row in query]


def _record(row: Exchange) -> ExchangeRecord:
    return ExchangeRecord(
        id=row.id,
        contact_id=row.contact_id,
        date=as_date(row.date),
        direction=row.direction,
        currency=row.currency,
        value=row.value,
        note=row.note,
        meeting_id=row.meeting_id,
        introduction_id=row.introduction_id,
        created_at=row.created_at,
        shared=bool(row.shared),
    )


# --- views of the ledger ----------------------------------------------------------------


def currency_breakdown(contact_id: int, today: dt.date | None = None) -> dict[str, Balance]:
    """``{currency: Balance}`` of one contact, in the order of ``CURRENCIES``; only the
    currencies that were exchanged."""
    sums, _ = faded_sums(Exchange.currency, [contact_id], today=today, with_last=False)
    order = {currency: n for n, currency in enumerate(CURRENCIES)}
    return {
        currency: sums[currency]
        for currency in sorted(sums, key=lambda c: (order.get(c, len(order)), c))
    }


def month_keys(months: int, today: dt.date) -> list[str]:
    """The ``months`` months up to and including ``today``'s, oldest first, as ``YYYY-MM``."""
    year, month = today.year, today.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return keys[::-1]


def monthly_activity(
    months: int = 24, contact_id: int | None = None, today: dt.date | None = None
) -> list[tuple[str, int, int]]:
    """``[(YYYY-MM, given count, received count)]`` for every one of the last ``months``
    months (this one included, oldest first, zeros included)."""
    today = today or clock.today()
    keys = month_keys(months, today)
    if not keys:
        return []
    first = dt.date.fromisoformat(f"{keys[0]}-01")
    query = Exchange.select(Exchange.date, Exchange.direction, fn.COUNT(Exchange.id)).where(
        (Exchange.date >= first) & own(Exchange)
    )
    if contact_id is not None:
        query = query.where(Exchange.contact == contact_id)
    counts = {key: [0, 0] for key in keys}
    for day, direction, count in tuples(query.group_by(Exchange.date, Exchange.direction)):
        slot = counts.get(as_date(day).isoformat()[:7])
        if slot is not None:
            slot[0 if direction == GAVE else 1] += count
    return [(key, given, received) for key, (given, received) in counts.items()]


# --- views of the meter table (netui.db.meter_rows) ------------------------------------


def dormant(today: dt.date | None = None, *, rows: list[MeterRow] | None = None) -> list[MeterRow]:
    """Contacts past their cadence, the longest overdue first. Pass ``rows`` (a
    :func:`meter_table`) to reuse one instead of computing it again."""
    rows = meter_table(today) if rows is None else rows
    late = [row for row in rows if row.overdue]
    late.sort(key=lambda row: (row.cadence_days - row.days_since_contact, fold_key(row.name)))
    return late


def give_back_first(
    today: dt.date | None = None, *, rows: list[MeterRow] | None = None
) -> list[MeterRow]:
    """Contacts I received more from than I gave (meter below 0), the most owed first."""
    rows = meter_table(today) if rows is None else rows
    owed = [row for row in rows if row.meter < 0]
    owed.sort(key=lambda row: (row.balance, fold_key(row.name)))
    return owed


def investing(
    today: dt.date | None = None, *, rows: list[MeterRow] | None = None
) -> list[MeterRow]:
    """Contacts I gave more than I received from (meter above 0), the most credit first."""
    rows = meter_table(today) if rows is None else rows
    credit = [row for row in rows if row.meter > 0]
    credit.sort(key=lambda row: (-row.balance, fold_key(row.name)))
    return credit


def inside_outside(
    my_org: str | None = None,
    today: dt.date | None = None,
    *,
    rows: list[MeterRow] | None = None,
) -> tuple[list[MeterRow], list[MeterRow]]:
    """``(inside, outside)`` my organisation (default: the ``my_organisation`` setting),
    compared by :func:`~netui.core.organisations.organisation_key` (case, accents,
    punctuation, legal forms and units ignored: ``Globex Inc.`` is ``globex``); each in
    :func:`meter_table` order. With no organisation set, everyone is outside."""
    rows = meter_table(today) if rows is None else rows
    mine = _org_key(get_setting("my_organisation") if my_org is None else my_org)
    inside = [row for row in rows if mine and _org_key(row.organisation) == mine]
    outside = [row for row in rows if not (mine and _org_key(row.organisation) == mine)]
    return inside, outside


def _org_key(organisation: str) -> str:
    return organisation_key(organisation)
