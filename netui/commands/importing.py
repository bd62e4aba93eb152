"""``netui import linkedin|vcard|json|ics FILE`` (the module is not named ``import``: a keyword)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netui.commands import CommandError, user_database
from netui.core.importers import ImportFileError
from netui.core.text import safe_line

KINDS = ("linkedin", "vcard", "json", "ics")
HELP = "import from LinkedIn, vCard, a calendar or a netui export"
DESCRIPTION = """\
Bring your network in. KIND is one of:

  linkedin   LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of
             your data > Connections); "Connected On" is the first-contact day
  vcard      a .vcf file from your phone, Google or Apple Contacts (vCard 2.1,
             3.0 or 4.0)
  json       a netui JSON export (netui export json), restored into an empty
             database only: netui --db NEW.db import json FILE
  ics        a calendar: a .ics file, a folder of them (a vdir), or - for standard
             input. Events from 365 days ago to 60 days ahead whose organiser or
             attendees are contacts (by email; your own addresses, netui set
             my-email, left out): the ones ahead become meetings with their
             worksheets, the past ones count as contact. Importing again changes
             only what changed in the calendar; cancelled events cancel their
             meetings. Addresses nobody has are listed (--add-unknown adds them).

The same person imported again (same LinkedIn URL, or same email, or same name and
organisation) updates the existing contact instead of adding a second one. An
import is all or nothing: a file with a problem anywhere changes nothing, and the
error names the line or record."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", metavar="KIND", choices=KINDS, help=" | ".join(KINDS))
    parser.add_argument(
        "file", metavar="FILE", help="the file to import (ics: also a folder, or - for stdin)"
    )
    parser.add_argument(
        "--add-unknown",
        action="store_true",
        help="ics: add the attendees nobody has as contacts (name and email)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.add_unknown and args.kind != "ics":
        raise CommandError("--add-unknown is for calendars only: netui import ics FILE.")
    if args.kind == "ics":
        return run_calendar(args)
    from netui.db.importing import import_file

    with user_database(args):
        try:
            report = import_file(args.kind, Path(args.file))
        except ImportFileError as error:
            raise CommandError(str(error)) from None
    print(report.summary())
    return 0


def run_calendar(args: argparse.Namespace) -> int:
    from netui.db.calendar import import_calendar

    stdin = sys.stdin.buffer.read() if args.file == "-" else None
    with user_database(args):
        try:
            report = import_calendar(args.file, add_unknown=args.add_unknown, stdin=stdin)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
    print(report.summary())
    if report.unknown and not report.contacts_added:
        print("Unknown attendees (--add-unknown adds them as contacts):")
        for email in report.unknown:
            print(f"  {safe_line(email)}")
    return 0
