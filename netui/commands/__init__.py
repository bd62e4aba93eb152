"""The subcommands of ``netui``, one module each.

Every module in this package has ``register(subparsers)``, which adds its parser and
sets its ``run`` as the handler, and ``run(args) -> int``, which returns the exit
code. Modules are discovered, so a new subcommand is just a new module here: neither
``netui/cli.py`` nor this file changes (add its name to :data:`ORDER` to place it in
``netui --help``; unlisted ones come last, alphabetically).

Problems with the user's data are raised as :class:`CommandError` (or
``StorageError``, ``ContactNotFoundError``, ``AmbiguousNameError``); the command
line turns them into one sentence on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from netui.db.connection import close_database, open_database

#: The order ``netui --help`` lists the subcommand modules in (a trailing ``_``, as in
#: ``import_``, is ignored).
ORDER: tuple[str, ...] = (
    "add", "tie", "log", "meter", "brokers", "prep", "importing", "export", "backup", "demo",
)  # fmt: skip


class CommandError(Exception):
    """A problem with the user's request or data: one sentence, exit code 1."""


def command_names() -> list[str]:
    """The subcommand modules of this package, in :data:`ORDER`."""
    names = [info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")]
    rank = {name: index for index, name in enumerate(ORDER)}
    return sorted(names, key=lambda name: (rank.get(name.rstrip("_"), len(ORDER)), name))


def load_commands() -> list[ModuleType]:
    """Import the subcommand modules (cheap: none of them may import Textual)."""
    return [importlib.import_module(f"{__name__}.{name}") for name in command_names()]


def database_path(args: argparse.Namespace) -> Path:
    """The user's database for this run: ``--db``, else ``$NETUI_DB``, else the default."""
    return args.db_path


@contextmanager
def user_database(args: argparse.Namespace) -> Iterator[Path]:
    """Open the user's database for the duration of a command, then close it."""
    path = database_path(args)
    open_database(path)
    try:
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
    open_database(path)
    close_database()
    require_terminal()
    from netui.app import make_app

    app = make_app(path, start_meeting=start_meeting)
    app.run()
    return app.return_code or 0


def require_terminal() -> None:
    """Refuse to start the full-screen app where there is no terminal to draw on."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError(
            "netui opens a full-screen app and needs a terminal; from a script, use a "
            "subcommand such as 'netui meter --json'."
        )
