"""The SQLite text of the meter's lines: the one source of that SQL, read through
Peewee (:mod:`netui.db.meter_rows`, :mod:`netui.db.meter_json`) and through plain
``sqlite3`` (:mod:`netui.db.meter_plain`, ``netui meter --json`` on a file), so that
the two cannot drift. No Peewee here (``netui meter --json`` imports this without it).

:data:`LINES` is a ``WITH`` clause defining ``lines``: every listed contact (archived
ones left out) with the faded sums of my exchanges with them, in one aggregation:
each exchange counts ``value * 0.5^(age in days / half-life)``, future dates counting
as 0, a sum of anything at least ``LEAST_WEIGHT`` and nothing 0.0 (the arithmetic of
:mod:`netui.core.reciprocity`, the same to the last bit: SQLite's floats are doubles
and each contact's exchanges are added in the order of the index on ``(member_id,
contact_id, direction, date, value)``, as the faded sums of :mod:`netui.db.meter_sums`
add them). Its parameters are named (:func:`parameters`); SQLite needs its math
functions (``pow``) and, for :data:`JSON_ROWS` and a list of ids, its JSON ones.

Columns of ``lines``: the thirteen values of a
:data:`~netui.db.meter_rows.MeterLine` (``id`` ... ``imbalance``: the days as
``YYYY-MM-DD`` text, ``since`` ``NULL`` for a day SQLite cannot read), then
``own_cadence``, ``second_degree`` and ``sort_name``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from netui.core.reciprocity import LEAST_WEIGHT, is_overdue, meter_of

#: A contact never overdue: second-degree, without a cadence of their own.
_NEVER_OVERDUE = "second_degree != 0 AND IFNULL(own_cadence, 0) = 0"

#: One exchange, faded by its age (``pow()`` needs SQLite's math functions).
_FADED = "e.value * pow(0.5, max(0.0, :today - julianday(e.date)) / :half_life)"


def _lines(ids: bool) -> str:
    mine = " AND e.contact_id IN (SELECT value FROM json_each(:ids))" if ids else ""
    among = " AND c.id IN (SELECT value FROM json_each(:ids))" if ids else ""
    return f"""WITH sums AS (
  SELECT e.contact_id AS contact_id,
    COALESCE(max(SUM(CASE e.direction WHEN 'gave' THEN {_FADED} END), :least), 0.0)
      AS given,
    COALESCE(max(SUM(CASE e.direction WHEN 'received' THEN {_FADED} END), :least), 0.0)
      AS received,
    MAX(e.date) AS last
  FROM exchange AS e
  WHERE e.member_id = :member{mine}
  GROUP BY e.contact_id
), counted AS (
  SELECT c.id AS id, c.name AS name, c.organisation AS organisation,
    c.sort_name AS sort_name, c.second_degree AS second_degree,
    r.cadence_days AS own_cadence, IFNULL(s.given, 0.0) AS given,
    IFNULL(s.received, 0.0) AS received, s.last AS last,
    COALESCE(NULLIF(r.cadence_days, 0), :default_cadence) AS cadence,
    CAST(:today - julianday(substr(COALESCE(s.last, NULLIF(c.first_contact, ''), c.created_at),
      1, 10)) AS INTEGER) AS since
  FROM contact AS c
  LEFT JOIN relationship AS r ON r.contact_id = c.id AND r.member_id = :member
  LEFT JOIN sums AS s ON s.contact_id = c.id
  WHERE NOT c.archived{among}
), lines AS (
  SELECT id, name, organisation, given, received, given - received AS balance,
    CASE WHEN given + received <= 0.0 THEN 0.0
      ELSE 100.0 * ((given - received) / (given + received)) END AS meter,
    substr(last, 1, 10) AS last_exchange, substr(last, 1, 10) AS last_contact, cadence,
    CASE WHEN {_NEVER_OVERDUE} THEN 0 ELSE since > cadence END AS overdue,
    since, abs(given - received) AS imbalance, own_cadence, second_degree, sort_name
  FROM counted
)
"""


#: ``lines`` of every listed contact; :data:`LINES_AMONG` of those in ``:ids`` (a JSON
#: array).
LINES = _lines(ids=False)
LINES_AMONG = _lines(ids=True)

#: The columns of a :data:`~netui.db.meter_rows.MeterLine`.
LINE_COLUMNS = (
    "id, name, organisation, given, received, balance, meter, last_exchange, last_contact,"
    " cadence, overdue, since, imbalance"
)

#: Every listed contact's line, in the order of their ids (the contacts' rowids).
LINE_ROWS = f"{LINES}SELECT {LINE_COLUMNS} FROM lines"
#: The lines of the contacts in ``:ids``, with their own cadence and second degree.
LINE_ROWS_AMONG = f"{LINES_AMONG}SELECT {LINE_COLUMNS}, own_cadence, second_degree FROM lines"

#: The contacts whose object in ``netui meter --json`` Python makes: numbers of
#: ``:largest`` or more (the command's limit of two decimals), a name that is not text
#: (a file written by hand), or one of ``:touched`` (a JSON array: met, seen at a
#: calendar event, kept in touch). A day SQLite cannot read leaves the overdue flag
#: ``NULL`` instead (:func:`made_in_python`): the days since are counted once per row
#: (each mention of ``since`` is its ``julianday()`` again, 6 ms at 30,000 contacts). An
#: organisation that is not text needs no test: ``json_quote()`` refuses a blob.
_LEFT_TO_PYTHON = (
    "given + received >= :largest OR typeof(name) != 'text'"
    " OR id IN (SELECT value FROM json_each(:touched))"
)
#: ``true`` or ``false`` as ``overdue`` says, ``NULL`` when ``since`` is (``CASE x WHEN``
#: evaluates ``x`` once).
_OVERDUE_JSON = (
    f"CASE since > cadence WHEN 1 THEN CASE WHEN {_NEVER_OVERDUE} THEN 'false' ELSE 'true' END"
    " WHEN 0 THEN 'false' END"
)
#: ``netui meter --json``'s rows (:data:`netui.db.meter_json.JsonRow`) in the meter's
#: order: the most imbalanced first, then by sort key and id. The strings are JSON
#: text (``json_quote()``); the name ``NULL`` for a contact left to Python, or the
#: overdue flag for a day SQLite cannot read (:func:`made_in_python` makes both one).
JSON_ROWS = (
    f"{LINES}SELECT id, CASE WHEN {_LEFT_TO_PYTHON} THEN NULL ELSE json_quote(name) END,"
    " json_quote(organisation), given, received, balance, meter,"
    f" json_quote(last_exchange), json_quote(last_contact), cadence, {_OVERDUE_JSON}"
    " FROM lines ORDER BY imbalance DESC, sort_name, id"
)


def made_in_python(rows: list[Any]) -> list[int]:
    """The ids of the rows of :data:`JSON_ROWS` whose lines Python makes, in their
    order; each such row gets ``None`` for a name (a day SQLite cannot read left the
    name, and the overdue flag ``None``)."""
    again = [at for at, row in enumerate(rows) if row[1] is None or row[10] is None]
    for at in again:
        row = rows[at]
        if row[1] is not None:
            rows[at] = (row[0], None, *row[2:])
    return [rows[at][0] for at in again]


#: Whether a listed contact has no sort key (a file written by hand): SQLite cannot
#: then put the contacts in the meter's order.
BLANK_SORT_KEY = "SELECT EXISTS(SELECT id FROM contact WHERE archived = 0 AND sort_name = '')"

#: Each contact's latest past meeting (not cancelled) and latest touch up to today, of
#: ``:member``: contact outside the ledger (:func:`netui.db.meter_rows.latest_touch`).
TOUCHED = (
    "SELECT contact_id, substr(MAX(scheduled_at), 1, 10) FROM meeting"
    " WHERE scheduled_at <= :today_end AND NOT cancelled AND member_id = :member"
    " GROUP BY contact_id"
    " UNION ALL SELECT contact_id, substr(MAX(day), 1, 10) FROM touch"
    " WHERE day <= :today_day AND member_id = :member GROUP BY contact_id"
)

#: Julian day number of 0001-01-01 minus its proleptic Gregorian ordinal.
_JULIAN_OFFSET = 1_721_424.5


def julian_day(day: dt.date) -> float:
    """SQLite's ``julianday()`` of ``day`` (at midnight), computed here."""
    return day.toordinal() + _JULIAN_OFFSET


def parameters(
    today: dt.date, half_life: float, default_cadence: int, member: int, **more: Any
) -> dict[str, Any]:
    """The named parameters of :data:`LINES` (and ``more``: ``ids``, ``largest``,
    ``touched``)."""
    return {
        "today": julian_day(today),
        "half_life": float(half_life),
        "least": LEAST_WEIGHT,
        "member": member,
        "default_cadence": default_cadence,
        **more,
    }


def touched_parameters(today: dt.date, member: int) -> dict[str, Any]:
    """The named parameters of :data:`TOUCHED`: the end of ``today`` as a meeting's
    time is stored (``YYYY-MM-DD HH:MM:SS.ffffff``), and the day."""
    end = dt.datetime.combine(today, dt.time.max)
    return {"today_end": end.isoformat(" "), "today_day": today.isoformat(), "member": member}


def after_touch(
    last: str | None, contact: str | None, since: int | None, day: dt.date | None,
    today: dt.date,
) -> tuple[str | None, int | None]:
    """A line's last contact and the days since it, the day the contact was touched
    (met, seen at a calendar event, kept in touch) counting when it is later than
    their last exchange ``last``."""
    if day is not None and (last is None or day.isoformat() > last):
        return day.isoformat(), (today - day).days
    return contact, since


def make_line(
    cid: int,
    name: str,
    organisation: str,
    own_cadence: int | None,
    second_degree: Any,
    given: float,
    received: float,
    last_exchange: str | None,
    last_contact: str | None,
    since: int,
    default: int,
) -> tuple[Any, ...]:
    """One :data:`~netui.db.meter_rows.MeterLine`, made in Python (the reference
    :data:`LINES` agrees with): from the faded sums, the days and the contact's own
    cadence."""
    late = is_overdue(since, own_cadence, default, second_degree=bool(second_degree))
    return (
        cid, name, organisation, given, received, given - received, meter_of(given, received),
        last_exchange, last_contact, own_cadence or default, int(late), since,
        abs(given - received),
    )  # fmt: skip
