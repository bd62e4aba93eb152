"""A command that fails leaves no new database behind.

``netui set half-life banana`` on a machine without a database used to create the
default one (and its folders) before refusing the value: a file the user never
asked for, after which ``netui list`` said "No contacts yet" instead of "There is
no netui database". The command line notes what opening the database would create
and takes it back when the command does not succeed. Nothing here imports Peewee.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from netui.locations import is_server_url


def what_a_command_may_create(args: argparse.Namespace) -> list[Path]:
    """The database file and folders a subcommand's first write would create, deepest
    first; none for the app, a server, or a file that is already there."""
    path = getattr(args, "db_path", None)
    if path is None or getattr(args, "handler", None) is None or is_server_url(path):
        return []
    path = Path(path).expanduser()
    if path.exists():
        return []
    made = [path]
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        made.append(folder)
        folder = folder.parent
    return made


def take_back(made: list[Path]) -> None:
    """Remove the database (with SQLite's side files) and the empty folders that
    :func:`what_a_command_may_create` listed, if the command made them."""
    if not made:
        return
    database = made[0]
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        except OSError:
            return
    for folder in made[1:]:
        try:
            folder.rmdir()  # only an empty one
        except OSError:
            return
