"""``netui prep NAME [--markdown] [-o FILE [--force]]``: the worksheet for a coming meeting."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netui import commands
from netui.commands import CommandError, user_database
from netui.commands._vocabulary import PICK
from netui.core.text import safe_line

HELP = "open (or print) the worksheet for a meeting with NAME"
DESCRIPTION = """\
Open the app straight onto NAME's newest open worksheet, starting one pre-filled from
what is known about NAME if there is none. With --markdown, print the worksheet as
Markdown instead, without changing anything: the newest open worksheet, else the
newest done one, else (with a note on stderr) how a new one would start. -o FILE
writes it to FILE instead (readable by you only; an existing FILE needs --force);
-o - prints it."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "prep",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "name", metavar="NAME", help=f"the contact: full name or a unique part ({PICK})"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the worksheet as Markdown, do not open"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the Markdown to FILE (mode 0600; - prints it); implies --markdown",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(handler=run)


def find_contact(name: str) -> tuple[int, str]:
    """Resolve NAME; when nothing matches, name the contacts it might have meant."""
    from netui.db.contacts import ContactNotFoundError
    from netui.db.names import resolve_name
    from netui.db.pickers import similar_names

    try:
        return resolve_name(name)
    except ContactNotFoundError as error:
        similar = similar_names(name)
        if similar:
            shown = ", ".join(safe_line(n) for n in similar)
            raise ContactNotFoundError(
                f"{str(error).rstrip('.')}; did you mean one of: {shown}?"
            ) from None
        raise


def launch(path: Path, meeting_id: int) -> int:
    """Run the app on ``path``, opened on the meeting's worksheet; its exit code."""
    return commands.run_app(path, start_meeting=meeting_id)


def run(args: argparse.Namespace) -> int:
    if args.output is not None and not args.output.strip():
        raise CommandError("-o needs a file path.")
    if args.markdown or args.output is not None:
        return print_markdown(args)
    commands.require_terminal()  # before a worksheet is created for nothing
    from netui.db.meetings import open_worksheet

    with user_database(args) as path:
        contact_id, name = find_contact(args.name)
        meeting_id, created = open_worksheet(contact_id)
        if created:
            print(f"Started a worksheet for {safe_line(name)}.", file=sys.stderr)
    return launch(path, meeting_id)


def print_markdown(args: argparse.Namespace) -> int:
    """``--markdown``: read the database only; print or write the newest worksheet."""
    from netui.core.database_guard import guard_database
    from netui.core.files import check_target, write_file
    from netui.core.worksheet import to_markdown
    from netui.db.connection import reading
    from netui.db.meetings import draft_worksheet_view, newest_worksheet, worksheet_view

    target = None
    if args.output is not None and args.output != "-":  # refuse a wrong target first
        guard_database(args.db_path)
        target = check_target(Path(args.output).expanduser(), force=args.force)
    with reading(args.db_path):
        contact_id, name = find_contact(args.name)
        meeting_id = newest_worksheet(contact_id)
        view = worksheet_view(meeting_id) if meeting_id else draft_worksheet_view(contact_id)
        text = to_markdown(
            view.worksheet, my_name=view.my_name, meter=view.meter, previous=view.previous
        )
    if meeting_id is None:
        print(
            f"No worksheet for {safe_line(name)} yet; this is how one would start "
            f"(netui prep {safe_line(args.name)!r} starts it).",
            file=sys.stderr,
        )
    if target is None:
        sys.stdout.write(text)
        return 0
    written = write_file(target, text, force=args.force)
    print(f"Wrote the worksheet for {safe_line(name)} to {safe_line(str(written))}.")
    return 0
