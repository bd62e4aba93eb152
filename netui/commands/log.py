"""``netui log NAME (--gave | --received) --currency C --value 1-5 [--note T] [--date YYYY-MM-DD]``

Logs one exchange in the reciprocity ledger and prints the contact's meter after it.
Anything wrong (an unknown currency, a value outside 1-5, a date in the future, an
unknown or ambiguous NAME) is one sentence on stderr, exit code 1, and nothing is
written. A missing option is a usage error (exit code 2).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netui.commands import CommandError, user_database
from netui.commands._vocabulary import CURRENCIES, PICK
from netui.core.text import safe_line

if TYPE_CHECKING:
    import datetime as dt

HELP = "log an exchange: something you gave or received"
DESCRIPTION = f"""\
Log what you gave a contact or received from them, in one currency
({", ".join(CURRENCIES)}), worth 1 (a small thing) to 5 (a big one).
NAME is matched like everywhere: an exact name wins, else a unique part of one."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "log",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "name", metavar="NAME", help=f"the contact: full name or a unique part ({PICK})"
    )
    direction = parser.add_mutually_exclusive_group(required=True)
    direction.add_argument(
        "--gave", dest="direction", action="store_const", const="gave", help="you gave it"
    )
    direction.add_argument(
        "--received",
        dest="direction",
        action="store_const",
        const="received",
        help="you received it",
    )
    parser.add_argument(
        "--currency", metavar="C", required=True, help=f"one of {', '.join(CURRENCIES)}"
    )
    parser.add_argument("--value", metavar="1-5", required=True, help="how much it was worth")
    parser.add_argument("--note", metavar="T", default="", help="what it was")
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD", default="", help="when it happened (default: today)"
    )
    parser.set_defaults(handler=run)


def parse_value(text: str) -> int:
    from netui.db.ledger import check_value

    try:
        value = int(text.strip())
    except ValueError:
        raise CommandError(f"{text!r} is not a value (a whole number from 1 to 5).") from None
    return check_value(value)


def parse_date(text: str) -> dt.date | None:
    from datetime import date

    from netui.db.ledger import check_day

    text = text.strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD).") from None
    if len(text) != 10:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD).")
    return check_day(day)


def run(args: argparse.Namespace) -> int:
    from netui import clock
    from netui.core.reciprocity import meter_bar
    from netui.db.ledger import LedgerError, check_currency, log_exchange
    from netui.db.meter_sums import meters as ledger_meters
    from netui.db.names import resolve_name

    try:
        # Validate everything before touching the database.
        currency = check_currency(args.currency)
        value = parse_value(args.value)
        day = parse_date(args.date)
        with user_database(args):
            contact_id, name = resolve_name(args.name)
            log_exchange(contact_id, args.direction, currency, value, note=args.note, on=day)
            balance = ledger_meters([contact_id])[contact_id]
    except LedgerError as error:
        raise CommandError(str(error)) from None
    what = "Gave" if args.direction == "gave" else "Received"
    preposition = "to" if args.direction == "gave" else "from"
    when = (day or clock.today()).isoformat()
    print(f"{what} {currency} ({value}) {preposition} {safe_line(name)} on {when}.")
    print(f"Meter now {balance.meter:+.0f} {meter_bar(balance.meter)}")
    return 0
