"""The subcommands of ``netui``, one module each, imported only when chosen.

:data:`COMMANDS` lists them in the order ``netui --help`` shows them: the name typed,
the module in this package and the one-line help. The command line builds its
parser from this table alone, so ``netui --version``, ``netui --help`` and a typo
import none of the modules (nor Peewee, vobject or Textual); the chosen one is
imported when argparse reaches it. A new subcommand is a new module here plus one
row in the table (a test checks that every module has its row and the same help).

Every module has ``register(subparsers)``, which adds its parser and sets its
``run`` as the handler, and ``run(args) -> int``, which returns the exit code.
Problems with the user's data are raised as :class:`CommandError` (or
``StorageError``, ``ContactNotFoundError``, ``AmbiguousNameError``); the command
line turns them into one sentence on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections import namedtuple
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType


class Command(namedtuple("Command", "name module help")):  # typing's NamedTuple costs 2 ms
    """One subcommand: ``name`` as typed, its ``module`` in this package, its one-line ``help``
    (``None`` for a hidden command, one the shell's completion calls: ``__names``)."""

    __slots__ = ()


#: Every subcommand, in the order ``netui --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("add", "add", "add a contact"),
    Command("tie", "tie", "record that one contact knows another"),
    Command("log", "log", "log an exchange: something you gave or received"),
    Command("meter", "meter", "the reciprocity meter for every contact"),
    Command("list", "listing", "list the contacts (matching QUERY), as a table or JSON"),
    Command("show", "show", "everything about one person: ties, meter, exchanges, goods"),
    Command("query", "query", "email addresses matching STRING, for mutt or aerc"),
    Command("brokers", "brokers", "who can introduce me to NAME, best first"),
    Command("prep", "prep", "open (or print) the worksheet for a meeting with NAME"),
    Command("today", "today", "what today asks: meetings, overdue people, follow-ups"),
    Command("import", "importing", "import from LinkedIn, Google, Outlook, vCard, calendars, JSON"),
    Command("export", "export", "export your network (vCard, JSON) or meetings (calendar)"),
    Command("sync", "sync", "two-way sync with a vdir folder (khard, vdirsyncer)"),
    Command(
        "team",
        "team",
        "the members of a team database, my network in it, push",
    ),
    Command("backup", "backup", "copy the live database to a file (SQLite's online backup)"),
    Command("demo", "demo", "open a ready-made demo network (never touches your data)"),
    Command("set", "set", "show or change settings (my-name, my-email, cadence, ...)"),
    Command("serve", "serve", "the app in a browser (pip install 'netui[web]'), on 127.0.0.1"),
    Command("completion", "completion", "shell completion for bash, zsh, fish (names too)"),
    Command("manpage", "manpage", "print the manual page, netui(1), in roff (man netui)"),
    Command("__names", "names", None),  # hidden: contact names for the completion scripts
)


class CommandError(Exception):
    """A problem with the user's request or data: one sentence, exit code 1."""


def load_command(command: Command) -> ModuleType:
    """Import the module of ``command`` (none of them may import Textual)."""
    return importlib.import_module(f"{__name__}.{command.module}")


def database_path(args: argparse.Namespace) -> Path:
    """The user's database for this run: ``--db``, else ``$NETUI_DB``, else the default."""
    return args.db_path


@contextmanager
def user_database(args: argparse.Namespace, *, resolve_member: bool = True) -> Iterator[Path]:
    """Open the user's database for the duration of a command, then close it. The
    member at the keyboard is looked up first (:mod:`netui.db.members`): an unknown
    one is one sentence before anything is read or written."""
    from netui.db.connection import close_database, open_database

    path = database_path(args)
    open_database(path)
    try:
        if resolve_member:
            from netui.db.members import MemberError, current_member_id

            try:
                current_member_id()
            except MemberError as error:
                raise CommandError(str(error)) from None
        yield path
    finally:
        close_database()


def open_app(path: Path) -> int:
    """Run the Textual app on the database at ``path`` and return its exit code.

    The file is opened (and migrated) first without Textual, so that a bad file
    is reported as one sentence quickly. ``netui.app`` is imported only here, so
    subcommands such as ``netui add`` never load Textual.
    """
    return run_app(path)


def run_app(path: Path, *, start_meeting: int | None = None) -> int:
    """Run the app (straight onto a meeting's worksheet if given); return its exit code."""
    from netui import heap

    heap.take_charge()  # this process is netui's: its garbage collector too
    heap.hold_off()  # no collection until the first paint (the app resumes it)
    try:
        from netui.db.connection import close_database, open_database

        open_database(path)
        close_database()
        require_terminal()
        from netui.app import make_app

        app = make_app(path, start_meeting=start_meeting, open_today=start_meeting is None)
        app.run()
    finally:
        heap.let_go()  # the command line's tests run the app in pytest's process
    stopped = app.exit_sentence()
    if stopped is not None:  # after Textual's traceback: where the log keeps it
        from netui.core.text import safe_line

        print(f"netui: {safe_line(stopped)}", file=sys.stderr)
    return app.return_code or 0


def require_terminal() -> None:
    """Refuse to start the full-screen app where there is no terminal to draw on."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError(
            "netui opens a full-screen app and needs a terminal; from a script, use a "
            "subcommand such as 'netui meter --json'."
        )
