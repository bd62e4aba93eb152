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

The query is :data:`~netui.db.meter_sql.JSON_ROWS` (the lines of
:data:`~netui.db.meter_sql.LINES`, the same numbers to the last bit, read in the
meter's order; ``netui meter --json`` on a file reads the same text without Peewee,
:mod:`netui.db.meter_plain`): SQLite sorts by the imbalance, then the sort key and
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
from netui.db.members import current_member_id
from netui.db.meter_rows import MeterLine, latest_touch, lines_of
from netui.db.meter_sql import BLANK_SORT_KEY, JSON_ROWS, made_in_python, parameters
from netui.db.meter_sums import supports_fast_path
from netui.db.models import database, on_server
from netui.db.settings import default_cadence, half_life_days

#: ``(id, name, organisation, given, received, balance, meter, last_exchange,
#: last_contact, cadence_days, overdue)``: the strings as JSON text, ``overdue``
#: ``"true"`` or ``"false"``; the name ``None`` for a contact whose line Python makes
#: (and their overdue flag too when SQLite could not read their days).
JsonRow = tuple[int, str | None, str, float, float, float, float, str, str, int, str | None]

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
    params = parameters(
        today, half_life, default, current_member_id(),
        largest=largest, touched=json.dumps(list(touched)),
    )  # fmt: skip
    cursor = database.execute_sql(JSON_ROWS, params)
    rows: list[JsonRow] = cursor.fetchall()
    again = made_in_python(rows)
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
    return known and not db.execute_sql(BLANK_SORT_KEY).fetchone()[0]
