"""``netui demo [--reset]``: open a ready-made demo network in a file of its own."""

from __future__ import annotations

import argparse

from netui import paths
from netui.commands import CommandError, open_app

HELP = "open a ready-made demo network (never touches your data)"
DESCRIPTION = """\
Open the app on a demo network of about forty people, built the first time in a
file of its own in your data folder. Your own database is never touched, and --db
and $NETUI_DB do not apply here."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--reset", action="store_true", help="rebuild the demo network from scratch first"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from netui.db.demo import build_demo
    from netui.db.errors import StorageError

    path = paths.demo_db_path()
    if args.reset or not path.exists():
        build_demo(path)
        print(f"Built the demo network in {path}.")
    try:
        return open_app(path)
    except StorageError as error:
        message = str(error).rstrip(".")
        raise CommandError(f"{message}; 'netui demo --reset' rebuilds the demo.") from None
