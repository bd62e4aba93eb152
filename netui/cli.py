"""The ``netui`` command line: global options, subcommands and exit codes.

Exit codes: 0 success, 1 a problem with the data (storage, unknown or ambiguous
names, validation), 2 a usage error, 130 interrupted. Every error is one sentence on
stderr prefixed ``netui: ``; never a traceback (set ``NETUI_DEBUG=1`` to see one
for an unexpected error).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from peewee import DatabaseError as PeeweeDatabaseError

from netui import __version__, paths
from netui.commands import CommandError, load_commands, open_app
from netui.core.text import safe_line
from netui.db.contacts import AmbiguousNameError, ContactNotFoundError
from netui.db.errors import StorageError
from netui.db.failures import not_utf8_sentence, sentence_for

PROG = "netui"

DESCRIPTION = """\
Grow your professional network by trading in connections: keep track of who you
know, who they know, what you gave and received, and prepare for the next coffee
chat. Without a command, netui opens the app on your database."""

EPILOG = """\
Your database is {default} unless --db or ${env} names another
file. --db goes before the command: netui --db FILE add NAME.
Run 'netui COMMAND --help' for the options of a command."""

_INVALID_COMMAND = re.compile(r"argument COMMAND: invalid choice: '([^']*)' \(choose from (.*)\)")


class UsageError(Exception):
    """The command line itself is wrong (exit code 2)."""

    def __init__(self, message: str, prog: str) -> None:
        super().__init__(message)
        self.prog = prog


class NetuiArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that raises :class:`UsageError` instead of printing usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def usage_sentence(error: UsageError) -> str:
    """One line: what is wrong, then where to look."""
    message = str(error)
    match = _INVALID_COMMAND.fullmatch(message)
    if match:
        choices = match.group(2).replace("'", "")
        message = f"'{match.group(1)}' is not a netui command (choose from {choices})"
    if "unrecognized arguments" in message and "--db" in message.split(":", 1)[1]:
        message += " (--db goes before the command: netui --db FILE COMMAND ...)"
    message = message.rstrip(".")
    return f"{message}. Try '{error.prog} --help'."


def build_parser() -> tuple[NetuiArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser and the parser of each subcommand by name."""
    parser = NetuiArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG.format(default=paths.data_dir() / "netui.db", env=paths.DB_ENV),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"the database file to use (default: ${paths.DB_ENV}, else your data folder)",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(handler=None, command=None)
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command", parser_class=NetuiArgumentParser
    )
    for module in load_commands():
        module.register(subparsers)
    return parser, dict(subparsers.choices)


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``; raise :class:`UsageError` when it is wrong."""
    parser, commands = build_parser()
    args, extras = parser.parse_known_args(list(argv))
    if extras:
        # Report leftovers against the subcommand they were typed after.
        owner = commands.get(args.command, parser)
        owner.error(f"unrecognized arguments: {' '.join(extras)}")
    if args.db is not None and not args.db.strip():
        parser.error("--db needs a file path")
    args.db_path = Path(args.db).expanduser() if args.db else paths.default_db_path()
    return args


#: Arguments that name files: their bytes go to the operating system as they came.
_PATH_ARGUMENTS = frozenset({"db", "db_path", "file", "output"})
_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_undecodable(args: argparse.Namespace) -> None:
    """Text arguments (a name, a note) whose bytes are not UTF-8 reach Python as lone
    surrogates and could never be stored: refuse them first, showing the bytes."""
    for key, value in vars(args).items():
        if key in _PATH_ARGUMENTS:
            continue
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, str) and _SURROGATE.search(item):
                raise CommandError(not_utf8_sentence(item))


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen subcommand, or open the app when there is none."""
    if args.handler is None:
        return open_app(args.db_path)
    return args.handler(args)


def fail(message: str, code: int) -> int:
    """Print one sentence on stderr and return ``code``.

    The sentence may quote the user's input or a file's content: control characters
    are made visible, so an escape sequence in a name never reaches the terminal.
    """
    print(f"{PROG}: {safe_line(message)}", file=sys.stderr)
    return code


def sentence(error: BaseException) -> str:
    """The error's message as one line ending with a full stop."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if text.endswith((".", "!", "?")) else f"{text}."


def database_failure(error: BaseException) -> str:
    """One sentence for an SQLite error: the cause (disk full, locked, read-only folder,
    damaged file) when it is known, else SQLite's own words."""
    from netui.db.connection import current_path

    known = sentence_for(error, current_path())
    return known or f"The database could not be used: {sentence(error)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``netui`` console script; returns the exit code."""
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
        refuse_undecodable(args)
        return dispatch(args)
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else 0
    except UsageError as error:
        return fail(usage_sentence(error), 2)
    except (CommandError, StorageError, ContactNotFoundError, AmbiguousNameError) as error:
        return fail(sentence(error), 1)
    except (PeeweeDatabaseError, sqlite3.Error) as error:
        return fail(database_failure(error), 1)
    except UnicodeEncodeError as error:
        if "surrogates" not in str(error):
            raise
        text = error.object if isinstance(error.object, str) else ""
        return fail(not_utf8_sentence(text), 1)
    except KeyboardInterrupt:
        return fail("Interrupted.", 130)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as error:
        if os.environ.get("NETUI_DEBUG"):
            raise
        detail = sentence(error).rstrip(".")
        return fail(
            f"Something went wrong ({type(error).__name__}: {detail}); "
            "run again with NETUI_DEBUG=1 to see the details.",
            1,
        )


def _silence_stdout() -> None:
    """After a closed pipe (``netui meter | head``), keep Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
