"""The meter table made by one query (``netui.db.meter_rows``) is the meter table netui
made before, contact for contact and bit for bit, and ``netui meter`` prints the same
bytes, as JSON and as a table.

The reference below is the meter table as ``netui.db.ledger`` computed it before its
lines were made in SQL (commit 6dd86e4): the faded sums of ``faded_sums()``, each
contact's row made in Python, the rows sorted by ``(-|balance|, sort key, id)``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import sqlite3
import sys
from pathlib import Path

import pytest

from netui import clock
from netui.cli import main
from netui.commands import meter as command
from netui.core.folding import fold_key
from netui.core.reciprocity import ZERO, days_since_contact, is_overdue, meter_bar
from netui.core.text import cell_width, json_text, pad, safe_line
from netui.db import meter_rows
from netui.db.connection import close_database, open_database
from netui.db.last_contact import last_contacts
from netui.db.ledger import log_exchange
from netui.db.members import own, with_mine
from netui.db.meter_rows import MeterRow, meter_lines, meter_table
from netui.db.meter_sums import as_date, faded_sums
from netui.db.models import Contact, Exchange, Meeting, Relationship, database
from netui.db.rows import tuples
from netui.db.settings import default_cadence
from netui.db.touches import keep_in_touch, latest_touches

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 9, 8, 0)
DAY = NOW.date()
DAYS = (DAY, DAY + dt.timedelta(days=40), DAY + dt.timedelta(days=400))


def reference_table(today: dt.date) -> list[MeterRow]:
    """netui's meter table before this module (see the module's docstring)."""
    default = default_cadence()
    balances, lasts = faded_sums(Exchange.contact, None, today=today, with_last=True)
    contacts = database.execute(
        with_mine(
            Contact.select(
                Contact.id,
                Contact.name,
                Contact.organisation,
                Relationship.cadence_days,
                Contact.created_at,
                Contact.second_degree,
                Contact.first_contact,
                Contact.sort_name,
            )
        ).where(~Contact.archived)
    ).fetchall()
    today_end = dt.datetime.combine(today, dt.time.max)
    met = [
        cid
        for (cid,) in tuples(
            Meeting.select(Meeting.contact)
            .where((Meeting.scheduled_at <= today_end) & ~Meeting.cancelled & own(Meeting))
            .distinct()
        )
    ]
    latest_met = last_contacts(met, today) if met else {}
    for cid, day in latest_touches(today=today).items():
        if cid not in latest_met or day > latest_met[cid]:
            latest_met[cid] = day
    rows, order = [], {}
    for cid, name, organisation, own_cadence, created, second, first, key in contacts:
        order[cid] = key or fold_key(name)
        balance = balances.get(cid, ZERO)
        last_exchange = lasts.get(cid)
        met_day = latest_met.get(cid)
        last_contact = (
            max(met_day, last_exchange) if met_day and last_exchange else met_day or last_exchange
        )
        if last_contact is not None:
            since = today.toordinal() - last_contact.toordinal()
        else:
            since = days_since_contact(None, as_date(first or created), today)
        rows.append(
            MeterRow(
                cid,
                name,
                organisation,
                balance.given,
                balance.received,
                balance.given - balance.received,
                balance.meter,
                last_exchange,
                last_contact,
                own_cadence or default,
                is_overdue(since, own_cadence, default, second_degree=bool(second)),
                since,
            )
        )
    rows.sort(key=lambda row: (-abs(row.balance), order[row.contact_id], row.contact_id))
    return rows


def reference_json(rows: list[MeterRow]) -> str:
    """What ``netui meter --json`` printed: ``json_text`` of a dict per row."""
    objects = [
        {
            "id": row.contact_id,
            "name": row.name,
            "organisation": row.organisation,
            "given": round(row.given, 2),
            "received": round(row.received, 2),
            "balance": round(row.balance, 2),
            "meter": round(row.meter, 2),
            "last_exchange": row.last_exchange.isoformat() if row.last_exchange else None,
            "last_contact": row.last_contact.isoformat() if row.last_contact else None,
            "cadence_days": row.cadence_days,
            "overdue": row.overdue,
        }
        for row in rows
    ]
    return json_text(objects) + "\n"


def reference_table_text(rows: list[MeterRow]) -> str:
    """What ``netui meter`` printed: the table, its columns padded to their widest."""
    cells = [
        (
            f"#{row.contact_id}",
            safe_line(row.name),
            f"{row.given:.2f}",
            f"{row.received:.2f}",
            command.signed(row.balance, 2),
            command.signed(row.meter, 0),
            meter_bar(row.meter, command.BAR_WIDTH),
            row.last_exchange.isoformat() if row.last_exchange else "never",
            "overdue" if row.overdue else "",
        )
        for row in rows
    ]
    headers = command.HEADERS
    widths = [
        max([cell_width(h), *(cell_width(c[i]) for c in cells)]) for i, h in enumerate(headers)
    ]
    lines = [
        "  ".join(pad(c, widths[i], i in command.RIGHT) for i, c in enumerate(line)).rstrip()
        for line in [headers, *cells]
    ]
    return "\n".join(lines) + "\n"


def typed(rows: list[MeterRow]) -> list[tuple[object, ...]]:
    """Each row's fields and their types: 0.0 is not 0, True is not 1."""
    return [
        tuple((getattr(row, name), type(getattr(row, name))) for name in MeterRow.__slots__)
        for row in rows
    ]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated network, and what a hand or another program may leave in one: a
    contact kept in touch with after their last exchange, an exchange dated in the
    future, archived contacts, second-degree contacts with and without a cadence, names
    that fold alike, a first contact."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    path = tmp_path_factory.mktemp("meter") / "network.db"
    generate(path, 400, 2_000, 1_500, seed=3, meetings=60, today=DAY)
    open_database(path)
    try:
        with clock.pinned(NOW):
            keep_in_touch(5)
            log_exchange(7, "gave", "favour", 3, on=DAY - dt.timedelta(days=3))
    finally:
        close_database()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE contact SET archived = 1 WHERE id % 37 = 0")
        # A day in the future (another machine's clock): it counts as today.
        raw.execute("UPDATE exchange SET date = '2026-04-08' WHERE id % 97 = 0")
        raw.execute("UPDATE contact SET second_degree = 1 WHERE id % 11 = 0")
        raw.execute("UPDATE relationship SET cadence_days = 0 WHERE contact_id % 13 = 0")
        raw.execute("UPDATE contact SET first_contact = '2025-01-02' WHERE id % 17 = 0")
        raw.execute(
            "UPDATE contact SET name = 'Émile Zola', sort_name = 'emile zola' WHERE id IN (20, 21)"
        )
    raw.close()
    return path


@pytest.fixture
def opened(network: Path):
    open_database(network, readonly=True)
    yield network
    close_database()


@pytest.mark.parametrize("day", DAYS, ids=["today", "40-days-on", "400-days-on"])
def test_the_meter_table_is_the_reference_bit_for_bit(opened, day):
    made = meter_table(day)
    assert len(made) > 300
    assert typed(made) == typed(reference_table(day))


def test_the_portable_path_makes_the_same_lines(opened, monkeypatch):
    """PostgreSQL and an SQLite without math functions make the lines in Python."""
    in_sql = meter_lines(DAY)
    monkeypatch.setattr(meter_rows, "supports_fast_path", lambda: False)
    assert meter_lines(DAY) == in_sql


def test_contacts_without_a_sort_key_are_ordered_by_their_name_folded(network, tmp_path):
    copy = tmp_path / "blank.db"
    with sqlite3.connect(network) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("UPDATE contact SET sort_name = '' WHERE id % 3 = 0")
    source.close()
    target.close()
    open_database(copy, readonly=True)
    try:
        assert typed(meter_table(DAY)) == typed(reference_table(DAY))
    finally:
        close_database()


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "table"])
def test_netui_meter_prints_what_it_printed_before(opened, capsys, as_json):
    with clock.pinned(NOW):
        expected = reference_table(DAY)
        close_database()
        capsys.readouterr()
        code = main(["--db", str(opened), "meter", *(["--json"] if as_json else [])])
    out = capsys.readouterr().out
    assert code == 0
    if as_json:
        assert out == reference_json(expected)
    else:
        assert out == reference_table_text(expected)


NUMBERS = [
    0.0,
    -0.0,
    0.125,
    0.375,
    0.625,
    0.875,
    2.5,
    0.005,
    0.015,
    0.285,
    1.005,
    2.675,
    -0.001,
    -0.004999,
    99.995,
    100.0,
    -100.0,
    1e-7,
    5e-324,
    12.3456789,
    33.33333333333333,
    3.5e12 + 0.125,
    9.99e12,
    2e13,
    1e16,
    123456789012345.67,
]


def test_json_numbers_are_written_as_json_writes_them():
    """``%.2f`` less one trailing 0 is ``repr(round(x, 2))``: ties to even, the float's
    exact value, ``-0.0``; a number too big for that is written by json itself."""
    lines = []
    for n, number in enumerate(NUMBERS):
        given, received = abs(number), abs(number) / 3
        lines.append(
            (
                n,
                f"P{n}",
                "",
                given,
                received,
                number,
                max(-100.0, min(100.0, number)),
                None,
                None,
                30,
                n % 2,
                0,
                0.0,
            )
        )
    out = io.StringIO()
    command.write_json(lines, out.write, batch=4)
    assert out.getvalue() == json_text([command.as_json(line) for line in lines])
    assert all(math.isfinite(item["given"]) for item in json.loads(out.getvalue()))


def test_json_goes_out_a_batch_at_a_time_as_the_lines_are_made():
    """Streamed: never the whole text in one string; the first batch is written before
    the later lines are even looked at."""
    made: list[int] = []
    writes: list[tuple[int, str]] = []

    def lines():
        for n in range(10):
            made.append(n)
            yield (n, f"P{n}", "", 1.0, 0.0, 1.0, 100.0, None, None, 30, 0, 0, 1.0)

    command.write_json(lines(), lambda text: writes.append((len(made), text)), batch=4)
    assert [seen for seen, _ in writes] == [4, 8, 10]
    assert json.loads("".join(text for _, text in writes))[9]["id"] == 9
