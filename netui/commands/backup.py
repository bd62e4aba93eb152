"""``netui backup [FILE] [--force]``"""

from __future__ import annotations

import argparse
from pathlib import Path

from netui.core.text import safe_line

HELP = "copy the live database to a file (SQLite's online backup)"
DESCRIPTION = """\
Make a consistent copy of your database, even while the app is open. Without FILE
the copy goes beside the database as <name>-backup-YYYYmmdd-HHMMSS.db. The copy is
written whole or not at all, checked with SQLite's integrity_check before it
replaces anything, and readable by you only (mode 0600). An existing file is not
replaced unless --force; a symbolic link is never written through, and the
database and its -wal/-shm/-journal are never written over. The database is only
read."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", nargs="?", type=Path, help="where to write it")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from netui.core.files import check_target
    from netui.db.backup import backup_to, default_backup_path, refuse_server
    from netui.db.connection import reading

    # Any schema can be copied: a backup is what to take before an upgrade. The
    # copy itself is checked in full, so the quick check on open is not needed.
    with reading(args.db_path, check=None, allow_older=True) as db_path:
        refuse_server()
        target = args.file.expanduser() if args.file else default_backup_path(db_path)
        check_target(target, force=args.force, database=True)
        written = backup_to(target, overwrite=args.force)
    print(f"Backed up to {safe_line(str(written))}.")
    return 0
