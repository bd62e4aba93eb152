"""``netui meter [--json]``: the reciprocity meter for every contact.

The table lists every contact (archived ones left out), the most imbalanced first:
id (``#12``, what to type to name them on the command line), name, given,
received, balance, meter (a number and a small bar centred on 0), last exchange and
whether they are overdue (nothing exchanged or met for longer than their
keep-in-touch cadence). Names are shown literally, control characters made visible;
columns are counted in terminal cells as Rich counts them, so they line up whatever
the names hold (CJK, Hangul, emoji sequences, zero-width characters).

``--json`` prints a JSON list in the same order; each object has exactly these keys:

``id``             integer, the contact's id (``"#12"`` names them on the command line)
``name``           string, the contact's name as stored
``organisation``   string, may be empty
``given``          number, faded sum of what I gave, rounded to 2 decimals
``received``       number, faded sum of what I received, rounded to 2 decimals
``balance``        number, given - received, rounded to 2 decimals
``meter``          number from -100 to 100, 100 * balance / (given + received),
                   0 when nothing was exchanged, rounded to 2 decimals
``last_exchange``  string ``YYYY-MM-DD`` or null
``last_contact``   string ``YYYY-MM-DD`` or null: the latest exchange or past meeting
``cadence_days``   integer, the contact's keep-in-touch cadence (or the default)
``overdue``        boolean, true when the last contact (or, never contacted, the day
                   they were added) is more than ``cadence_days`` days ago; a
                   second-degree contact without a cadence of their own is never
                   overdue

Each exchange counts ``value * 0.5^(age in days / half-life)``; the half-life is a
setting (365 days by default).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from netui.core.reciprocity import meter_bar
from netui.core.text import cell_width, json_string, pad, safe_line, write_json_list
from netui.db.checking import checked_alongside
from netui.db.ledger import MeterRow, meter_table

HELP = "the reciprocity meter for every contact"
DESCRIPTION = """\
Show what you gave and received with every contact, faded by age (half-life
setting, 365 days by default), the most imbalanced first. A positive meter means
you gave more; a negative one that you should give back first."""

BAR_WIDTH = 9
HEADERS = ("ID", "NAME", "GIVEN", "RECEIVED", "BALANCE", "METER", "", "LAST EXCHANGE", "OVERDUE")
RIGHT = {0, 2, 3, 4, 5}  # the numeric columns


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "meter",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list (see the README for its shape)"
    )
    parser.set_defaults(handler=run)


def as_json(row: MeterRow) -> dict[str, Any]:
    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": row.contact_id,
        "name": row.name,
        "organisation": row.organisation,
        "given": round(row.given, 2),
        "received": round(row.received, 2),
        "balance": round(row.balance, 2),
        "meter": round(row.meter, 2),
        "last_exchange": day(row.last_exchange),
        "last_contact": day(row.last_contact),
        "cadence_days": row.cadence_days,
        "overdue": row.overdue,
    }


_JSON_ROW = (
    '  {\n    "id": %d,\n    "name": %s,\n    "organisation": %s,\n    "given": %r,\n'
    '    "received": %r,\n    "balance": %r,\n    "meter": %r,\n    "last_exchange": %s,\n'
    '    "last_contact": %s,\n    "cadence_days": %d,\n    "overdue": %s\n  }'
)


def json_row(row: MeterRow) -> str:
    """:func:`as_json` of ``row`` as an element of the printed list, exactly as
    :func:`~netui.core.text.json_item` writes it, with far fewer calls per row (the
    numbers are finite: ``repr`` is what ``json`` writes for them)."""
    organisation: str | None = row.organisation  # None from a NULL a hand-edited file holds
    return _JSON_ROW % (
        row.contact_id, json_string(row.name),
        "null" if organisation is None else json_string(organisation),
        round(row.given, 2), round(row.received, 2), round(row.balance, 2),
        round(row.meter, 2),
        "null" if row.last_exchange is None else f'"{row.last_exchange.isoformat()}"',
        "null" if row.last_contact is None else f'"{row.last_contact.isoformat()}"',
        row.cadence_days, "true" if row.overdue else "false",
    )  # fmt: skip


def signed(number: float, digits: int) -> str:
    """``+2.73``, ``-100``, and a plain ``0.00`` (never ``-0.00``) when it rounds to zero."""
    text = f"{number:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def table_lines(rows: Sequence[MeterRow]) -> list[str]:
    cells = [
        (
            f"#{row.contact_id}",
            safe_line(row.name),
            f"{row.given:.2f}",
            f"{row.received:.2f}",
            signed(row.balance, 2),
            signed(row.meter, 0),
            meter_bar(row.meter, BAR_WIDTH),
            row.last_exchange.isoformat() if row.last_exchange else "never",
            "overdue" if row.overdue else "",
        )
        for row in rows
    ]
    widths = [
        max([cell_width(h), *(cell_width(c[i]) for c in cells)]) for i, h in enumerate(HEADERS)
    ]
    lines = []
    for line in [HEADERS, *cells]:
        text = "  ".join(pad(c, widths[i], i in RIGHT) for i, c in enumerate(line))
        lines.append(text.rstrip())
    return lines


def run(args: argparse.Namespace) -> int:
    # The file's quick_check runs beside the reading; nothing is printed from a
    # damaged file.
    with checked_alongside(args.db_path):
        rows = meter_table()
    if args.json:
        # A batch of rows at a time, never the whole text at once.
        write_json_list(map(json_row, rows), sys.stdout.write)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("No contacts yet; add one with: netui add NAME")
        return 0
    print("\n".join(table_lines(rows)))
    return 0
