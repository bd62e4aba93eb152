"""``netui add NAME [--org O] [--role R] [--email E] [--phone P] [--tag T ...] ...``"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from netui.commands import CommandError, user_database
from netui.core.text import safe_line
from netui.core.validation import (
    check_closeness,
    check_email,
    check_name,
    check_phone,
    parse_cadence,
    split_tags,
)

if TYPE_CHECKING:
    from netui.db.contacts import ContactFields

HELP = "add a contact"
DESCRIPTION = """\
Add a contact to your network. Only the name is required. If someone already has
exactly that name, the new contact is still added and a note says so."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "add",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="the full name")
    parser.add_argument("--org", metavar="O", default="", help="organisation")
    parser.add_argument("--role", metavar="R", default="", help="role or job title")
    parser.add_argument("--email", metavar="E", default="", help="email address")
    parser.add_argument("--phone", metavar="P", default="", help="phone number")
    parser.add_argument(
        "--tag",
        metavar="T",
        action="append",
        default=[],
        help="a tag; repeat it or separate tags with commas",
    )
    parser.add_argument(
        "--closeness", metavar="1-5", default="3", help="how close you are (default: 3)"
    )
    parser.add_argument(
        "--cadence",
        metavar="DAYS",
        default="",
        help="keep in touch every DAYS days (default: the default cadence setting)",
    )
    parser.add_argument(
        "--second-degree",
        action="store_true",
        help="someone you know only through someone else",
    )
    parser.set_defaults(handler=run)


def parse_closeness(value: str) -> int:
    """The closeness as an int, or :class:`CommandError`."""
    try:
        closeness = int(value.strip())
    except ValueError:
        raise CommandError(f"{value!r} is not a closeness (a whole number from 1 to 5).") from None
    problem = check_closeness(closeness)
    if problem:
        raise CommandError(problem)
    return closeness


def collect_tags(values: Iterable[str]) -> tuple[str, ...]:
    """Every ``--tag``, each possibly ``a, b, c``, flattened in order."""
    return tuple(tag for value in values for tag in split_tags(value))


def fields_from(args: argparse.Namespace) -> ContactFields:
    """Validate the options into :class:`ContactFields`; the first problem is raised."""
    # The storage layer (and Peewee) when the command runs, not for --help.
    from netui.db.contacts import ContactFields

    name = " ".join(args.name.split())
    for problem in (check_name(name), check_email(args.email), check_phone(args.phone)):
        if problem:
            raise CommandError(problem)
    closeness = parse_closeness(args.closeness)
    cadence, problem = parse_cadence(args.cadence)
    if problem:
        raise CommandError(problem)
    return ContactFields(
        name=name,
        organisation=args.org.strip(),
        role=args.role.strip(),
        email=args.email.strip(),
        phone=args.phone.strip(),
        closeness=closeness,
        cadence_days=cadence,
        second_degree=args.second_degree,
        tags=collect_tags(args.tag),
    )


def namesakes(name: str) -> list[tuple[int, str, str]]:
    """``(id, name, organisation)`` of the contacts (archived or not) who already have
    this name, ignoring case and accents."""
    from netui.db.contacts import sort_key_for
    from netui.db.models import Contact
    from netui.db.rows import tuples

    query = Contact.select(Contact.id, Contact.name, Contact.organisation)
    return list(tuples(query.where(Contact.sort_name == sort_key_for(name)).order_by(Contact.id)))


def run(args: argparse.Namespace) -> int:
    from netui.db.contacts import candidate_label, create_contact

    fields = fields_from(args)  # validate before touching the database
    with user_database(args):
        same = namesakes(fields.name)
        contact_id = create_contact(fields)
    if same:
        shown = ", ".join(safe_line(candidate_label(*c)) for c in same)
        print(
            f"netui: note: {shown} already had this name; added another one "
            f'(#{contact_id}). Name one of them as NAME@ORG or "#ID".',
            file=sys.stderr,
        )
    where = f" ({safe_line(fields.organisation)})" if fields.organisation else ""
    print(f"Added {safe_line(fields.name)}{where}.")
    return 0
