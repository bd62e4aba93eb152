"""``netui export vcard|json|ics FILE [--force]``"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netui.core.exporters import export_json, export_vcard
from netui.core.files import check_target, guard_database, write_file
from netui.core.text import safe_line
from netui.db.connection import reading

FORMATS = ("vcard", "json", "ics")
HELP = "export your network (vCard, JSON) or meetings (calendar)"
DESCRIPTION = """\
Take your network out. FORMAT is one of:

  vcard   vCard 4.0 of every contact that is not archived (ties as RELATED, tags
          as CATEGORIES, expertise and interests as EXPERTISE and INTEREST)
  json    every record of every kind, with its id: netui import json restores it
          into an empty database
  ics     the upcoming meetings as a calendar (iCalendar) for any calendar app:
          when (in UTC), where, the title, and a link-free summary of the
          worksheet; nobody is invited

The file is written whole or not at all (a full disk leaves the old file as it
was), readable by you only (mode 0600). An existing file is not replaced unless
--force; a symbolic link, a FIFO or a device is never written to, nor the database,
its -wal/-shm/-journal or its backups. FILE - writes to standard output. The
database is only read, and checked with SQLite's integrity_check first."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("format", metavar="FORMAT", choices=FORMATS, help=" | ".join(FORMATS))
    parser.add_argument("file", metavar="FILE", help="the file to write, or - for stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(handler=run)


def export_calendar() -> str:
    from netui import clock
    from netui.core.calendar_export import to_ics
    from netui.db.calendar import meetings_to_export

    return to_ics(meetings_to_export(), clock.now())


def run(args: argparse.Namespace) -> int:
    to_stdout = args.file == "-"
    path = Path(args.file).expanduser()
    if not to_stdout:  # refuse a wrong target before any work
        guard_database(args.db_path)
        check_target(path, force=args.force)
    with reading(args.db_path, check="full"):
        if args.format == "ics":
            text = export_calendar()
        else:
            text = export_vcard() if args.format == "vcard" else export_json()
    if to_stdout:
        sys.stdout.write(text)
        return 0
    written = write_file(path, text, force=args.force)
    print(f"Wrote {safe_line(str(written))}.", file=sys.stderr)
    return 0
