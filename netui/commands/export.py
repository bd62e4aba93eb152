"""``netui export vcard|json|ics FILE|DIR/|- [--force]``"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from netui.commands import CommandError
from netui.core.text import safe_line

FORMATS = ("vcard", "json", "ics")
HELP = "export your network (vCard, JSON) or meetings (calendar)"
DESCRIPTION = """\
Take your network out. FORMAT is one of:

  vcard   vCard 4.0 of every contact that is not archived (ties as RELATED, tags
          as CATEGORIES, expertise and interests as EXPERTISE and INTEREST, and
          netui's own data - tie strength and context, closeness, cadence, second
          degree - as X-NETUI-* properties that netui reads back)
  json    every record of every kind, with its id and UID: netui import json
          restores it into an empty database
  ics     the upcoming meetings as a calendar (iCalendar) for any calendar app:
          when (in UTC), where, the title, and a link-free summary of the
          worksheet; nobody is invited

FILE - writes to standard output. For vcard, a FILE that ends with a slash or is
a folder (DIR/) gets one UID.vcf per contact: the vdir that khard and vdirsyncer
read (the folder is made if its parent exists).

Each file is written whole or not at all (a full disk leaves the old file as it
was), readable by you only (mode 0600). An existing file is not replaced unless
--force; a symbolic link, a FIFO or a device is never written to, nor the database,
its -wal/-shm/-journal or its backups. The database is only read, and checked with
SQLite's integrity_check first."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("format", metavar="FORMAT", choices=FORMATS, help=" | ".join(FORMATS))
    parser.add_argument(
        "file", metavar="FILE", help="the file to write, DIR/ for a vdir (vcard), or - for stdout"
    )
    parser.add_argument("--force", action="store_true", help="replace files that exist")
    parser.set_defaults(handler=run)


def export_calendar() -> str:
    from netui import clock
    from netui.core.calendar_export import to_ics
    from netui.db.calendar import meetings_to_export

    return to_ics(meetings_to_export(), clock.now())


def run(args: argparse.Namespace) -> int:
    from netui.core.database_guard import guard_database
    from netui.core.files import check_target, write_file
    from netui.core.vdir import names_a_folder
    from netui.db.connection import reading
    from netui.db.exporters import json_chunks, vcard_chunks

    if args.file != "-" and names_a_folder(args.file):
        if args.format != "vcard":
            raise CommandError(
                f"{args.file} is a folder; only vcard exports to a folder (one UID.vcf per "
                "contact). Give a file name for json or ics."
            )
        return export_folder(args, Path(args.file).expanduser())
    to_stdout = args.file == "-"
    path = Path(args.file).expanduser()
    if not to_stdout:  # refuse a wrong target before any work
        guard_database(args.db_path)
        check_target(path, force=args.force)
    with reading(args.db_path, check="full"):
        if args.format == "ics":
            chunks: Iterator[str] = iter((export_calendar(),))
        else:
            chunks = vcard_chunks() if args.format == "vcard" else json_chunks()
        if to_stdout:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return 0
        written = write_file(path, lambda temp: _write_chunks(temp, chunks), force=args.force)
    print(f"Wrote {safe_line(str(written))}.", file=sys.stderr)
    return 0


def _write_chunks(temp: Path, chunks: Iterator[str]) -> None:
    """Write the export a piece at a time (it is never whole in memory)."""
    with temp.open("w", encoding="utf-8", newline="") as out:
        for chunk in chunks:
            out.write(chunk)


def export_folder(args: argparse.Namespace, folder: Path) -> int:
    """One ``UID.vcf`` per contact in ``folder``, made if its parent exists."""
    from netui.core.database_guard import guard_database
    from netui.core.files import write_files
    from netui.core.uids import file_name
    from netui.core.vcards import card_text
    from netui.db.connection import reading
    from netui.db.exporters import contact_cards

    guard_database(args.db_path)
    if not folder.exists():
        if not folder.parent.is_dir():
            raise CommandError(f"The folder {folder.parent} does not exist.")
        try:
            folder.mkdir(mode=0o700)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            raise CommandError(f"Cannot make the folder {folder}: {reason}.") from None
    elif not folder.is_dir() or folder.is_symlink():
        raise CommandError(f"{folder} is not a folder.")
    with reading(args.db_path, check="full"):
        cards = contact_cards()
    contents = {file_name(card.uid): card_text(card) for card in cards}
    write_files(folder, contents, force=args.force)
    count = len(contents)
    print(
        f"Wrote {count:,} card{'s' if count != 1 else ''} to {safe_line(str(folder))}.",
        file=sys.stderr,
    )
    return 0
