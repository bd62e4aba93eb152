"""``netui tie NAME NAME [--strength 1-5] [--context TEXT]``: X knows Y.

A tie is undirected and stored once. Repeating the command for the same two people
updates the tie; an option left out keeps its current value (a new tie gets
strength 3 and no context). A contact cannot be tied to itself; unknown or ambiguous
names are errors; in every error case nothing is written.

Prints ``Dana Levi knows Avi Cohen (strength 4).`` for a new tie and
``Updated: Dana Levi knows Avi Cohen (strength 4, was 2).`` for an existing one.
"""

from __future__ import annotations

import argparse

from netui.commands import CommandError, user_database
from netui.commands._vocabulary import DEFAULT_STRENGTH, PICK
from netui.core.text import safe_line

HELP = "record that one contact knows another"
DESCRIPTION = """\
Record that two of your contacts know each other (X knows Y; the order does not
matter). Run it again for the same two people to change the strength or context;
an option you leave out keeps its current value."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tie",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("first", metavar="NAME", help=f"one contact ({PICK})")
    parser.add_argument("second", metavar="NAME", help="the contact they know")
    parser.add_argument(
        "--strength",
        metavar="1-5",
        default=None,
        help=f"how well they know each other (default: {DEFAULT_STRENGTH}, or unchanged)",
    )
    parser.add_argument(
        "--context",
        metavar="TEXT",
        default=None,
        help="how they know each other, e.g. 'worked together at Helix' (default: unchanged)",
    )
    parser.set_defaults(handler=run)


def parse_strength(value: str | None) -> int | None:
    """The strength as an int, ``None`` when not given, or :class:`CommandError`."""
    from netui.db.ties import MAX_STRENGTH, MIN_STRENGTH

    if value is None:
        return None
    try:
        strength = int(value.strip())
    except ValueError:
        raise CommandError(
            f"{value!r} is not a tie strength (a whole number from 1 to 5)."
        ) from None
    if not MIN_STRENGTH <= strength <= MAX_STRENGTH:
        raise CommandError(f"A tie strength is between {MIN_STRENGTH} and {MAX_STRENGTH}.")
    return strength


def run(args: argparse.Namespace) -> int:
    from netui.db.models import database
    from netui.db.names import resolve_name
    from netui.db.ties import TieError, get_tie, set_tie

    strength = parse_strength(args.strength)  # validate before touching the database
    context = " ".join(args.context.split()) if args.context is not None else None
    with user_database(args), database.atomic():
        first_id, first_name = resolve_name(args.first)
        second_id, second_name = resolve_name(args.second)
        if first_id == second_id:
            raise CommandError(
                f"A contact cannot be tied to itself (both names are {safe_line(first_name)})."
            )
        existing = get_tie(first_id, second_id)
        new_strength = strength or (existing.strength if existing else DEFAULT_STRENGTH)
        new_context = context if context is not None else (existing.context if existing else "")
        try:
            _, created = set_tie(first_id, second_id, new_strength, new_context)
        except TieError as error:
            raise CommandError(str(error)) from None
    sentence = f"{safe_line(first_name)} knows {safe_line(second_name)}"
    detail = f"strength {new_strength}"
    if existing is not None and existing.strength != new_strength:
        detail += f", was {existing.strength}"
    if new_context:
        detail += f"; {safe_line(new_context)}"
    prefix = "" if created else "Updated: "
    print(f"{prefix}{sentence} ({detail}).")
    return 0
