"""The rows of ``netui meter --json``, read ready to format: each contact's values as
the command's format takes them, in the meter's order, in one SQLite query.

:func:`json_rows` gives, for each listed contact in the meter's order, the values of
one JSON object of ``netui meter --json`` (:data:`JsonRow`): the id; the name, the
organisation and the two days as JSON text (``json_quote()``, which escapes as
``json.dumps(ensure_ascii=False)`` does, ``null`` for no day; a test compares every
character); the four numbers as floats; the cadence; ``true`` or ``false``. A
contact Python must make again has ``None`` for a name, and their
:data:`~netui.db.meter_rows.MeterLine` in the second thing returned: a contact met,
seen at a calendar event or kept in touch with (:func:`~netui.db.meter_rows.latest_touch`),
one whose days SQLite cannot count, one whose numbers are too big to write as two
decimals (the command's ``PLAIN``), a name or organisation that is not text (a file
written by hand).

The query is :func:`~netui.db.meter_rows.line_query`'s (the same numbers to the last
bit) read in the meter's order: SQLite sorts by the imbalance, then the sort key and
the id, the order :func:`~netui.db.meter_rows.meter_lines` makes in Python. At
30,000 contacts the command no longer makes the thirteen values of each line, orders
them and looks at each (0.1 s of its 0.44 s): it formats each row with one ``%``.

Without the means (PostgreSQL, an SQLite without math or JSON functions, a listed
contact without a sort key) :func:`json_rows` gives ``None``: the command formats
:func:`~netui.db.meter_rows.meter_lines`.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from typing import Any

from netui import clock
from netui.db.meter_rows import MeterLine, latest_touch, line_query, lines_of
from netui.db.meter_sums import supports_fast_path
from netui.db.models import Contact, database, on_server
from netui.db.settings import default_cadence, half_life_days

#: ``(id, name, organisation, given, received, balance, meter, last_exchange,
#: last_contact, cadence_days, overdue)``: the strings as JSON text, ``overdue``
#: ``"true"`` or ``"false"``; the name ``None`` for a contact whose line Python makes.
JsonRow = tuple[int, str | None, str, float, float, float, float, str, str, int, str]

#: The columns of :func:`~netui.db.meter_rows.line_query`, and the sort key.
_COLUMNS = (
    "id, name, organisation, given, received, balance, meter, last_exchange, "
    "last_contact, cadence, overdue, since, imbalance, sort_name"
)
#: The contacts whose line Python makes (see the module's docstring); the last two
#: parameters are the command's limit of two decimals and the ids touched.
_LEFT_TO_PYTHON = (
    "since IS NULL OR given + received >= ? OR typeof(name) != 'text'"
    " OR typeof(organisation) != 'text' OR id IN (SELECT value FROM json_each(?))"
)
_ROWS = (
    f"SELECT id, CASE WHEN {_LEFT_TO_PYTHON} THEN NULL ELSE json_quote(name) END,"
    " json_quote(organisation), given, received, balance, meter,"
    " json_quote(last_exchange), json_quote(last_contact), cadence,"
    " CASE WHEN overdue THEN 'true' ELSE 'false' END"
    " FROM lines ORDER BY imbalance DESC, sort_name, id"
)

_quotes_json: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def json_rows(
    largest: float, today: dt.date | None = None
) -> tuple[list[JsonRow], dict[int, MeterLine]] | None:
    """The rows of ``netui meter --json`` as of ``today`` (the clock's by default), in
    the meter's order, and the lines of those whose name is ``None`` (a contact
    deleted since the first read has none); numbers of ``largest`` or more are left
    to Python. ``None`` when this database cannot make them."""
    if not _can_read():
        return None
    today = today or clock.today()
    default = default_cadence()
    half_life = float(half_life_days())
    touched = latest_touch(today)
    inner, params = line_query(today, half_life, default).select_extend(Contact.sort_name).sql()
    sql = f"WITH lines({_COLUMNS}) AS ({inner}) {_ROWS}"
    cursor = database.execute_sql(sql, [*params, largest, json.dumps(list(touched))])
    rows: list[JsonRow] = cursor.fetchall()
    again = [row[0] for row in rows if row[1] is None]
    made = lines_of(again, touched, today, half_life, default)
    return rows, {line[0]: line for line in made}


def _can_read() -> bool:
    """SQLite with math and JSON functions, every listed contact with a sort key."""
    if on_server() or not supports_fast_path():
        return False
    db = database.obj
    known = _quotes_json.get(db)
    if known is None:
        try:
            row = db.execute_sql("SELECT json_quote(?), count(*) FROM json_each('[1]')", ['a"'])
            found = row.fetchone()
        except Exception:  # an SQLite built without its JSON functions
            known = False
        else:
            known = found is not None and tuple(found) == ('"a\\""', 1)
        _quotes_json[db] = known
    listed = Contact.archived == False  # noqa: E712 - SQL; an equality the index serves
    blank = Contact.select(Contact.id).where(listed & (Contact.sort_name == "")).exists()
    return known and not blank
