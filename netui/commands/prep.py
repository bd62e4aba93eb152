"""``netui prep NAME [--markdown] [-o FILE]``: the worksheet for a coming meeting."""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from netui import commands
from netui.commands import CommandError, user_database
from netui.core.text import safe_line
from netui.core.worksheet import to_markdown, write_private
from netui.db.contacts import ContactNotFoundError
from netui.db.meetings import open_worksheet, similar_names, worksheet_view
from netui.db.names import PICK, resolve_name

HELP = "open (or print) the worksheet for a meeting with NAME"
DESCRIPTION = """\
Open the app straight onto NAME's newest open worksheet, starting one pre-filled from
what is known about NAME if there is none. With --markdown, print the worksheet as
Markdown instead (or write it to FILE with -o, readable by you only)."""


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
        help="write the Markdown to FILE (mode 0600) instead of printing it; implies --markdown",
    )
    parser.set_defaults(handler=run)


def find_contact(name: str) -> tuple[int, str]:
    """Resolve NAME; when nothing matches, name the contacts it might have meant."""
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


def write_markdown(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (0600, never through a symlink); the absolute path."""
    try:
        write_private(path, text)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise CommandError(
                f"{path} is a symbolic link; netui does not write through links."
            ) from None
        raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
    return path.resolve()


def launch(path: Path, meeting_id: int) -> int:
    """Run the app on ``path``, opened on the meeting's worksheet; its exit code."""
    return commands.run_app(path, start_meeting=meeting_id)


def run(args: argparse.Namespace) -> int:
    markdown = args.markdown or args.output is not None
    if args.output is not None and not args.output.strip():
        raise CommandError("-o needs a file path.")
    if not markdown:
        commands.require_terminal()  # before a worksheet is created for nothing
    with user_database(args) as path:
        contact_id, name = find_contact(args.name)
        meeting_id, created = open_worksheet(contact_id)
        if created:
            print(f"Started a worksheet for {safe_line(name)}.", file=sys.stderr)
        if markdown:
            view = worksheet_view(meeting_id)
            text = to_markdown(
                view.worksheet, my_name=view.my_name, meter=view.meter, previous=view.previous
            )
    if not markdown:
        return launch(path, meeting_id)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    where = write_markdown(Path(args.output).expanduser(), text)
    print(f"Wrote the worksheet for {safe_line(name)} to {safe_line(str(where))}.")
    return 0
