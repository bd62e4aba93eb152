"""``netui export vcard|json|ics FILE [--force]``"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netui.commands import user_database
from netui.core.exporters import export_json, export_vcard
from netui.core.text import safe_line
from netui.db.backup import write_private_text

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

The file is created readable by you only (mode 0600). An existing file is not
replaced unless --force; a symbolic link is never written through. FILE - writes
to standard output."""


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
    with user_database(args):
        if args.format == "ics":
            text = export_calendar()
        else:
            text = export_vcard() if args.format == "vcard" else export_json()
    if args.file == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.file).expanduser()
    write_private_text(path, text, overwrite=args.force)
    print(f"Wrote {safe_line(str(path))}.", file=sys.stderr)
    return 0
