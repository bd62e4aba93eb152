"""``netui sync vdir DIR [--prefer netui|vdir] [--prune] [--dry-run]``"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netui.commands import CommandError
from netui.commands._vocabulary import PREFER
from netui.core.text import safe_line

HELP = "two-way sync with a vdir folder (khard, vdirsyncer)"
DESCRIPTION = """\
Keep netui and a vdir - a folder with one vCard per file, as khard and vdirsyncer
(and through it a CardDAV server: Nextcloud, Fastmail, iCloud) keep them - in step,
card by card, by UID.

Cards new to netui come in (the same person already known, by UID, LinkedIn URL,
email or name and organisation, is updated rather than added), cards changed in
the folder update their contacts field by field, and contacts added or changed in
netui are written out as UID.vcf. A field changed on both sides since the last
sync is a conflict: it is reported and left alone on both sides (exit code 1)
unless --prefer says which side wins. Lines netui does not manage (a PHOTO, a
birthday) stay on the cards it rewrites; other emails, phones and web addresses of
a card move into the note on its first sync.

Nothing is removed on either side without --prune: then a card removed from the
folder archives its contact, a contact archived in netui removes its card, and a
tie a card no longer lists is removed. --dry-run says what would happen and
changes nothing. Run twice, the second run changes nothing."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", metavar="KIND", choices=("vdir",), help="vdir")
    parser.add_argument("folder", metavar="DIR", type=Path, help="the vdir folder")
    parser.add_argument(
        "--prefer", choices=PREFER, help="which side wins a conflict (else: left alone)"
    )
    parser.add_argument(
        "--prune", action="store_true", help="apply removals: archive contacts, remove cards"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change; change nothing"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from netui.core.database_guard import guard_database
    from netui.core.importers import ImportFileError
    from netui.db.connection import writing
    from netui.db.sync import sync_vdir

    folder = args.folder.expanduser()
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise CommandError(f"The folder {folder} {what}.")
    guard_database(args.db_path)
    with writing(args.db_path, check="quick"):
        try:
            report = sync_vdir(folder, prefer=args.prefer, prune=args.prune, dry_run=args.dry_run)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
    print(report.summary())
    for conflict in report.conflicts:
        print(
            f"conflict: {safe_line(conflict.name)}: {conflict.field.replace('_', ' ')} "
            "changed on both sides",
            file=sys.stderr,
        )
    if report.conflicts and args.prefer is None:
        count = len(report.conflicts)
        raise CommandError(
            f"{count:,} field{'s' if count != 1 else ''} changed both in netui and in the "
            "folder since the last sync and were left alone; run again with --prefer netui "
            "or --prefer vdir to settle them."
        )
    return 0
