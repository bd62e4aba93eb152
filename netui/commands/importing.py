"""``netui import linkedin|google|outlook|csv|vcard|json|ics FILE`` (the module is not
named ``import``: a keyword)."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netui.commands import CommandError
from netui.commands._vocabulary import CONTACT_KINDS
from netui.core.text import safe_line

KINDS = (*CONTACT_KINDS, "ics")
HELP = "import from LinkedIn, Google, Outlook, vCard, calendars, JSON"
DESCRIPTION = """\
Bring your network in. KIND is one of:

  linkedin   LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of
             your data > Connections); "Connected On" is the first-contact day
  google     a Google Contacts CSV (contacts.google.com > Export > Google CSV)
  outlook    an Outlook CSV (Outlook.com or Outlook for Windows: export contacts)
  csv        any of those three: the format is told by the file's header, and a
             header that is none of them is refused
  vcard      a .vcf file from your phone, Google or Apple Contacts (vCard 2.1,
             3.0 or 4.0), or a folder of them (a vdir, as khard and vdirsyncer
             keep: every *.vcf in it)
  json       a netui JSON export (netui export json), restored into an empty
             database only: netui --db NEW.db import json FILE
  ics        a calendar: a .ics file, a folder of them (a vdir), or - for standard
             input. Events from 365 days ago to 60 days ahead whose organiser or
             attendees are contacts (by email; your own addresses, netui set
             my-email, left out): the ones ahead become meetings with their
             worksheets, the past ones count as contact. Importing again changes
             only what changed in the calendar; cancelled events cancel their
             meetings. Addresses nobody has are listed (--add-unknown adds them).

A CSV file whose header shows another format than the KIND named is refused, with
the command that reads it: nothing is ever imported under the wrong columns.
The same person imported again (same UID, or same LinkedIn URL, or same email,
or same name and organisation) updates the existing contact instead of adding a
second one; before an import updates anyone, the database is copied beside
itself and the report names the copy. An import is all or nothing: a file with a
problem anywhere changes nothing, and the error names the line or record. Files
of up to 100 MB are imported, fields of up to 100,000 characters. FILE - reads
standard input.

A card with a UID netui already knows (its own export, or a card imported before)
updates that contact first of all; a new contact keeps its card's UID."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", metavar="KIND", choices=KINDS, help=" | ".join(KINDS))
    parser.add_argument(
        "file", metavar="FILE", help="the file to import (vcard, ics: or a folder; - stdin)"
    )
    parser.add_argument(
        "--add-unknown",
        action="store_true",
        help="ics: add the attendees nobody has as contacts (name and email)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from netui.core.importers import ImportFileError
    from netui.db.connection import writing

    if args.add_unknown and args.kind != "ics":
        raise CommandError("--add-unknown is for calendars only: netui import ics FILE.")
    if args.kind == "ics":
        return run_calendar(args)
    from netui import heap
    from netui.db.importing import import_file

    # SQLite's quick_check first: an import is a big write, not to be made on a
    # damaged file (0.2 s at 30,000 contacts, see benchmarks/bench_open.py).
    with heap.in_charge(), writing(args.db_path, check="quick"):
        try:
            with collector_off():
                report = import_file(args.kind, Path(args.file))
        except ImportFileError as error:
            raise CommandError(str(error)) from None
    print(report.summary())
    return 0


@contextmanager
def collector_off() -> Iterator[None]:
    """Python's cyclic garbage collector off while the command imports, on again
    after. An import's objects live for a slice or to its end and make no cycles
    (freed as their last reference goes: the peak memory of a 300,000-row import
    is the same with the collector off), and the young generations' collections
    still walked every record, Person and row tuple: 0.6-0.8 s of 9 s of CPU. The
    command's own process only: the app's import, in a worker beside the screens,
    leaves the collector alone (tests/ui/test_gc_left_alone.py)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def run_calendar(args: argparse.Namespace) -> int:
    from netui.core.importers import ImportFileError
    from netui.db.calendar import import_calendar
    from netui.db.connection import writing
    from netui.db.importing import read_file

    with writing(args.db_path, check="quick"):
        try:
            stdin = read_file("-") if args.file == "-" else None
            report = import_calendar(args.file, add_unknown=args.add_unknown, stdin=stdin)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
    print(report.summary())
    if report.unknown and not report.contacts_added:
        print("Unknown attendees (--add-unknown adds them as contacts):")
        for email in report.unknown:
            print(f"  {safe_line(email)}")
    return 0
