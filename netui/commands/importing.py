"""``netui import linkedin|google|outlook|csv|vcard|json FILE`` (the module is not named
``import``: a keyword)."""

from __future__ import annotations

import argparse
from pathlib import Path

from netui.commands import CommandError
from netui.core.importers import ImportFileError
from netui.db.connection import writing
from netui.db.importing import KINDS, import_file

HELP = "import contacts from LinkedIn, Google, Outlook, vCard or JSON"
DESCRIPTION = """\
Bring your network in. KIND is one of:

  linkedin   LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of
             your data > Connections)
  google     a Google Contacts CSV (contacts.google.com > Export > Google CSV)
  outlook    an Outlook CSV (Outlook.com or Outlook for Windows: export contacts)
  csv        any of those three: the format is told by the file's header, and a
             header that is none of them is refused
  vcard      a .vcf file from your phone, Google or Apple Contacts (vCard 2.1,
             3.0 or 4.0), or a folder of them (a vdir, as khard and vdirsyncer
             keep: every *.vcf in it)
  json       a netui JSON export (netui export json), restored into an empty
             database only: netui --db NEW.db import json FILE

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
        "file", metavar="FILE", type=Path, help="the file to import (vcard: or a folder; - stdin)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # SQLite's quick_check first: an import is a big write, not to be made on a
    # damaged file (0.2 s at 30,000 contacts, see benchmarks/bench_open.py).
    with writing(args.db_path, check="quick"):
        try:
            report = import_file(args.kind, args.file)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
    print(report.summary())
    return 0
