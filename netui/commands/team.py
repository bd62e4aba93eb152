"""``netui team add-member NAME`` / ``netui team members [--json]``: who is in the team.

A database has members (:mod:`netui.db.members`): an SQLite file exactly one, made
with it; a team database one per person. Contacts, ties and goods are the team's;
each member's closeness and cadence with a contact, ledger, meetings, goals and
private notes are their own. ``--member NAME`` (before the command), ``NETUI_MEMBER``
or ``member`` in the config file says who is at the keyboard.

``members --json`` prints a list of ``{"name", "db_role", "contacts"}`` (contacts:
the size of their network, those they have a relationship, ledger entry or meeting
with, as far as I can read), in the order they joined.

``remove-from-network NAME`` / ``add-to-network NAME`` take a contact out of the
network of the member at the keyboard, or put them back (:mod:`netui.db.my_network`).
"""

from __future__ import annotations

import argparse

from netui.commands import CommandError, user_database
from netui.core.text import json_text, safe_line

HELP = "the members of a team database, my network in it, push"
NETWORK_DESCRIPTION = """\
On a team database, take a contact out of my network, or put them back. The
contact stays the team's (archiving takes them away from everyone); my ledger and
meetings with them stay, but they no longer count as mine: not in my network's list,
Today, brokers or goals. Setting my closeness or cadence with them puts them back
too. On one person's file every contact you know is yours: archive instead."""
DESCRIPTION = """\
A team database has members: contacts, ties and goods are shared; each member's
closeness, cadence, ledger, meetings, goals and private notes are their own. Say
who you are with netui --member NAME (or NETUI_MEMBER, or member in the config
file); a file with one member needs nothing."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "team",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(
        title="actions", metavar="ACTION", dest="action", parser_class=type(parser)
    )
    actions.required = True
    add = actions.add_parser("add-member", help="add a member to the team database")
    add.add_argument("name", metavar="NAME", help="the member's name, as they spell it")
    add.set_defaults(handler=run_add)
    listed = actions.add_parser("members", help="list the members of the database")
    listed.add_argument("--json", action="store_true", help="print a JSON list instead")
    listed.set_defaults(handler=run_members)
    for action, helped, handler in (
        ("remove-from-network", "take NAME out of my network (the team keeps them)", run_remove),
        ("add-to-network", "put NAME (back) in my network", run_readd),
    ):
        network = actions.add_parser(action, help=helped, description=NETWORK_DESCRIPTION)
        network.add_argument("contact", metavar="NAME", help="the contact (a name or #id)")
        network.set_defaults(handler=handler)
    push = actions.add_parser(
        "push",
        help="copy this personal network into a team database as one member",
        description="Copy the personal network (--db, else your database) into the team "
        "database at URL as member NAME: contacts deduplicated against the team's (UID, "
        "email, LinkedIn URL, then name and organisation), ties, goods, and NAME's own "
        "ledger, meetings, goals and relationships. All or nothing; running it again "
        "changes nothing.",
    )
    push.add_argument("url", metavar="URL", help="the team database (a file or a database URL)")
    push.add_argument(
        "--member",
        dest="push_member",
        metavar="NAME",
        help="the member to push as (they are added to the team database if new)",
    )
    push.add_argument("--json", action="store_true", help="print the report as JSON")
    push.set_defaults(handler=run_push)


def run_add(args: argparse.Namespace) -> int:
    from netui.db.members import MemberError, add_member
    from netui.db.models import database
    from netui.db.roles import create_member_role

    name = " ".join(args.name.split())
    with user_database(args, resolve_member=False), database.atomic():
        try:
            member_id = add_member(args.name)
        except MemberError as error:
            raise CommandError(str(error)) from None
        # On PostgreSQL: the member's own login role, held by row-level security
        # (netui.db.roles); on SQLite nothing. Refused: the member is not added either.
        role = create_member_role(database.obj, member_id, name)
    print(safe_line(f"Added member {name}" + (f" (PostgreSQL role {role})." if role else ".")))
    return 0


def run_members(args: argparse.Namespace) -> int:
    from netui.db.members import list_members

    with user_database(args, resolve_member=False):
        rows = list_members()
    if args.json:
        print(
            json_text(
                [{"name": r.name, "db_role": r.db_role, "contacts": r.contacts} for r in rows]
            )
        )
        return 0
    for row in rows:
        role = f" (role {row.db_role})" if row.db_role else ""
        people = "contact" if row.contacts == 1 else "contacts"
        print(safe_line(f"{row.name}{role}: {row.contacts:,} {people}"))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    return _set_mine(args, wanted=False)


def run_readd(args: argparse.Namespace) -> int:
    return _set_mine(args, wanted=True)


def _set_mine(args: argparse.Namespace, *, wanted: bool) -> int:
    from netui.db.members import MemberError
    from netui.db.models import database
    from netui.db.my_network import set_in_my_network
    from netui.db.names import resolve_name

    with user_database(args), database.atomic():
        contact_id, name = resolve_name(args.contact)
        try:
            changed = set_in_my_network(contact_id, wanted)
        except MemberError as error:
            raise CommandError(str(error)) from None
    where = "in" if wanted else "out of"
    done = "is now" if changed else "was already"
    print(f"{safe_line(name)} {done} {where} my network.")
    return 0


def run_push(args: argparse.Namespace) -> int:
    from netui.db.members import MemberError
    from netui.db.team_push import PushError, push_network

    name = args.push_member or args.member
    if not name or not name.strip():
        raise CommandError("Say which member to push as: netui team push URL --member NAME.")
    try:
        report = push_network(args.db_path, args.url, name.strip())
    except (PushError, MemberError) as error:
        raise CommandError(str(error)) from None
    if args.json:
        print(json_text(report.as_dict()))
    else:
        print(safe_line(report.sentence()))
    return 0
