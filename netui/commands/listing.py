"""``netui list [QUERY] [--json] [--archived | --my-network]``: the contacts, for a
look or a script.

The table lists the matching contacts in name order: id (``#12``, what to type to name
them), name, organisation, role and email, columns counted in terminal cells, names
shown literally (control characters made visible). QUERY is the app's search: every
word, case and accents ignored, somewhere in the name, organisation, role, email,
tags or notes. Without QUERY, everyone; ``--my-network``, only my network (the
Contacts filter's: on a team database the contacts I have a relationship, ledger
entry or meeting with, on my own file the first degree).

``--json`` prints a list (``[]`` when nobody matches); each item has exactly these
keys::

    {
      "id": 3,
      "name": "Dana Levi",
      "organisation": "Globex",
      "role": "CTO",
      "email": "dana@globex.example",      # "" when unknown, as every text field
      "phone": "",
      "linkedin_url": "",
      "location": "Tel Aviv",
      "second_degree": false,
      "archived": false,
      "tags": ["fintech"],
      "last_contact": "2026-03-01",        # the latest exchange or past meeting, or null
      "meter": 42.5                        # -100 … +100 rounded to 2 decimals, or null
    }
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from netui.core.text import cell_width, json_text, pad, safe_line

if TYPE_CHECKING:
    from netui.db.listing import ListedContact

HELP = "list the contacts (matching QUERY), as a table or JSON"
DESCRIPTION = """\
List your contacts in name order, or those matching QUERY: every word of it, case
and accents ignored, somewhere in the name, organisation, role, email, tags or
notes (the app's search). --json prints every field a script needs (see the
README's command-line section for the shape)."""

HEADERS = ("ID", "NAME", "ORGANISATION", "ROLE", "EMAIL")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "list",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", metavar="QUERY", nargs="*", help="words to search for")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--archived", action="store_true", help="list the archived contacts instead"
    )
    which.add_argument(
        "--my-network",
        action="store_true",
        help="only my network: on a team database the contacts I have a relationship, "
        "ledger entry or meeting with; on my own file the first degree",
    )
    parser.set_defaults(handler=run)


def as_json(contact: ListedContact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "name": contact.name,
        "organisation": contact.organisation,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "linkedin_url": contact.linkedin_url,
        "location": contact.location,
        "second_degree": contact.second_degree,
        "archived": contact.archived,
        "tags": list(contact.tags),
        "last_contact": contact.last_contact.isoformat() if contact.last_contact else None,
        "meter": round(contact.meter, 2) if contact.meter is not None else None,
    }


def table_lines(contacts: list[ListedContact]) -> list[str]:
    rows = [HEADERS] + [
        (
            f"#{c.id}",
            safe_line(c.name),
            safe_line(c.organisation),
            safe_line(c.role),
            safe_line(c.email),
        )
        for c in contacts
    ]
    widths = [max(cell_width(row[i]) for row in rows) for i in range(len(HEADERS))]
    return [
        "  ".join(pad(cell, widths[i], i == 0) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]


def run(args: argparse.Namespace) -> int:
    # The database's modules (and Peewee) when the command runs: not for --help.
    from netui.db.checking import checked_alongside
    from netui.db.listing import listed_contacts

    query = " ".join(args.query)
    with checked_alongside(args.db_path):  # the file's check beside (netui.db.checking)
        contacts = listed_contacts(query, archived=args.archived, my_network=args.my_network)
    if args.json:
        print(json_text([as_json(contact) for contact in contacts]))
        return 0
    if not contacts:
        if query:
            print(f'No contact matches "{safe_line(query)}".')
        elif args.archived:
            print("No archived contacts.")
        elif args.my_network:
            print(
                "Nobody in my network yet: set a closeness or cadence, log an exchange or "
                "plan a meeting with someone (netui list shows everyone)."
            )
        else:
            print("No contacts yet; add one with: netui add NAME")
        return 0
    print("\n".join(table_lines(contacts)))
    return 0
