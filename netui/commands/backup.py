"""``netui backup [FILE] [--force]``"""

from __future__ import annotations

import argparse
from pathlib import Path

from netui.commands import user_database
from netui.core.text import safe_line
from netui.db.backup import backup_to, default_backup_path

HELP = "copy the live database to a file (SQLite's online backup)"
DESCRIPTION = """\
Make a consistent copy of your database, even while the app is open. Without FILE
the copy goes beside the database as <name>-backup-YYYYmmdd-HHMMSS.db. The copy is
readable by you only (mode 0600); an existing file is not replaced unless --force,
and a symbolic link is never written through."""


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
    with user_database(args) as db_path:
        target = args.file.expanduser() if args.file else default_backup_path(db_path)
        written = backup_to(target, overwrite=args.force)
    print(f"Backed up to {safe_line(str(written))}.")
    return 0
