"""The ``netui`` command line: global options, subcommands and exit codes.

Only what the chosen subcommand needs is imported: the parser is built from the
table :data:`netui.commands.COMMANDS`, and a subcommand's module (with Peewee,
vobject and the rest) is imported when argparse reaches its name.

Exit codes: 0 success, 1 a problem with the data (storage, unknown or ambiguous
names, validation), 2 a usage error, 130 interrupted. Every error is one sentence on
stderr prefixed ``netui: ``; never a traceback (set ``NETUI_DEBUG=1`` to see one
for an unexpected error).
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
from pathlib import Path

from netui import __version__
from netui.commands import COMMANDS, Command, CommandError, load_command, open_app
from netui.db.errors import StorageError
from netui.locations import database_location

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing alone is a tenth of netui --version
    from collections.abc import Sequence
    from typing import Any, NoReturn

#: Where the environment variable naming the database is documented (``netui.paths``
#: has the same name; importing it here would load platformdirs for ``--version``).
DB_ENV = "NETUI_DB"
MEMBER_ENV = "NETUI_MEMBER"
CONFIG_ENV = "NETUI_CONFIG"

PROG = "netui"

DESCRIPTION = """\
Grow your professional network by trading in connections: keep track of who you
know, who they know, what you gave and received, and prepare for the next coffee
chat. Without a command, netui opens the app on your database."""

EPILOG = """\
Your database is {default} unless --db or ${env} names another
file, and your config file {config} unless --config or
${config_env} names another. Both go before the command: netui --db FILE add NAME.
Run 'netui COMMAND --help' for the options of a command."""

_INVALID_COMMAND = r"argument COMMAND: invalid choice: '([^']*)' \(choose from (.*)\)"


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
    match = re.fullmatch(_INVALID_COMMAND, message)
    if match:
        listed = match.group(2).replace("'", "").split(", ")
        choices = ", ".join(name for name in listed if not name.startswith("__"))
        message = f"'{match.group(1)}' is not a netui command (choose from {choices})"
    if "unrecognized arguments" in message:
        for option in ("--db", "--config"):
            if option in message.split(":", 1)[1]:
                message += f" ({option} goes before the command: netui {option} FILE COMMAND ...)"
                break
    message = message.rstrip(".")
    return f"{message}. Try '{error.prog} --help'."


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil (and its codecs)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__  # None without a standard output
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's, measuring the terminal itself: argparse makes one per option added."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class TopLevelParser(NetuiArgumentParser):
    """``netui`` itself: the epilog names the data folder, found only when help is shown."""

    def format_help(self) -> str:
        from netui import paths

        self.epilog = EPILOG.format(
            default=paths.data_dir() / "netui.db",
            env=DB_ENV,
            config=paths.config_dir() / "config.toml",
            config_env=CONFIG_ENV,
        )
        return super().format_help()


class LazySubcommands(argparse._SubParsersAction):
    """Subparsers known by name and help alone until one is chosen.

    :meth:`add_lazy` lists a command (``netui --help`` shows its one line, a typo is
    told the choices) without importing its module; when argparse reaches the name,
    the module is imported and its ``register`` adds the real parser in place.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: dict[str, Command] = {}

    def add_lazy(self, command: Command) -> None:
        self._pending[command.name] = command
        self._name_parser_map[command.name] = None  # a choice, parser to come
        if command.help is not None:  # a hidden command (for the shell) has no help line
            self._choices_actions.append(
                self._ChoicesPseudoAction(command.name, (), command.help)
            )

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name in self._pending and self._name_parser_map.get(name) is None:
            # The module registering the parser of a listed command: its help line
            # is already there; replace the placeholder.
            del self._name_parser_map[name]
            kwargs.pop("help", None)
        return super().add_parser(name, **kwargs)

    def load(self, name: str) -> argparse.ArgumentParser | None:
        """The parser of ``name``, importing its module the first time."""
        command = self._pending.get(name)
        if command is not None and self._name_parser_map.get(name) is None:
            load_command(command).register(self)
        return self._name_parser_map.get(name)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if isinstance(values, list) and values:  # the command's name, then its arguments
            self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> tuple[NetuiArgumentParser, LazySubcommands]:
    """The top-level parser and its subcommands (no subcommand module imported yet)."""
    parser = TopLevelParser(
        prog=PROG,
        description=DESCRIPTION,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"the database file to use (default: ${DB_ENV}, else your data folder)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help=f"the config file to use (default: ${CONFIG_ENV}, else your config folder)",
    )
    parser.add_argument(
        "--member",
        metavar="NAME",
        help=f"who you are in a team database (default: ${MEMBER_ENV}, else the config "
        "file's member, else the database's only member)",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(handler=None, command=None)
    parser.register("action", "lazy_parsers", LazySubcommands)
    subparsers = parser.add_subparsers(
        title="commands",
        metavar="COMMAND",
        dest="command",
        parser_class=NetuiArgumentParser,
        action="lazy_parsers",
    )
    assert isinstance(subparsers, LazySubcommands)  # action="lazy_parsers" made it
    for command in COMMANDS:
        subparsers.add_lazy(command)
    return parser, subparsers


def full_parser() -> NetuiArgumentParser:
    """The parser with every command's own parser loaded: for the completion scripts
    and the man page, which describe them all (this imports every command's module)."""
    parser, subcommands = build_parser()
    for command in COMMANDS:
        subcommands.load(command.name)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``; raise :class:`UsageError` when it is wrong."""
    parser, subcommands = build_parser()
    args, extras = parser.parse_known_args(list(argv))
    if extras:
        # Report leftovers against the subcommand they were typed after.
        owner = subcommands.load(args.command) if args.command else None
        (owner or parser).error(f"unrecognized arguments: {' '.join(extras)}")
    if args.db is not None and not args.db.strip():
        parser.error("--db needs a file path")
    if args.config is not None:
        if not args.config.strip():
            parser.error("--config needs a file path")
        # Exported, as git exports GIT_DIR: every way this run opens the app (the app
        # itself, demo, prep, the processes serve starts) reads the same file.
        os.environ[CONFIG_ENV] = str(Path(args.config).expanduser())
    if args.member is not None:
        if not args.member.strip():
            parser.error("--member needs a member's name")
        # Exported like --config: the app and the processes it starts agree on who.
        os.environ[MEMBER_ENV] = args.member.strip()
    if args.db:
        args.db_path = database_location(args.db)  # a file, or a postgresql:// URL
    else:
        from netui import paths

        args.db_path = paths.default_db_path()
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
                from netui.db.failures import not_utf8_sentence

                raise CommandError(not_utf8_sentence(item))


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen subcommand, or open the app when there is none."""
    if args.handler is None:
        return open_app(args.db_path)
    if not args.command.startswith("__"):  # the hidden ones stay light (no peewee)
        from netui.db.member_name import read_config_with

        # Who I am in a team (read when a command needs it; netui.db.members, and with
        # it Peewee, is imported only by the commands that use it).
        read_config_with(functools.cache(_member_from_config))
        members = sys.modules.get("netui.db.members")
        if members is not None:  # already imported (a test, the app): resolve again
            members.forget()
    return args.handler(args)


def _member_from_config() -> str | None:
    """The config file's ``member``, read when a command needs to know who I am; what
    is wrong with the file is said on stderr first (a broken file falls back to the
    defaults, and "say who you are with --member" alone would not say why)."""
    from netui.paths import config_path

    try:
        os.stat(config_path())
    except FileNotFoundError:
        return None  # no config file: nothing to say (load_config reads it so too)
    from netui.config import load_config
    from netui.core.text import safe_line

    config = load_config()
    for problem in config.problems:
        print(f"{PROG}: warning: {safe_line(problem)}", file=sys.stderr)
    return config.member


def fail(message: str, code: int) -> int:
    """Print one sentence on stderr and return ``code``.

    The sentence may quote the user's input or a file's content: control characters
    are made visible, so an escape sequence in a name never reaches the terminal.
    """
    from netui.core.text import safe_line

    print(f"{PROG}: {safe_line(message)}", file=sys.stderr)
    return code


def sentence(error: BaseException) -> str:
    """The error's message as one line ending with a full stop."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if text.endswith((".", "!", "?")) else f"{text}."


def database_failure(error: BaseException) -> str:
    """One sentence for an SQLite error: the cause (disk full, locked, read-only folder,
    damaged file) when it is known, else SQLite's own words."""
    from netui.db.failures import sentence_for
    from netui.db.models import current_path

    known = sentence_for(error, current_path())
    return known or f"The database could not be used: {sentence(error)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``netui`` console script; returns the exit code."""
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
        refuse_undecodable(args)
        from netui.fresh_database import take_back, what_a_command_may_create

        made = what_a_command_may_create(args)
        try:
            code = dispatch(args)
        except BaseException:
            take_back(made)  # a failed command leaves no new database behind
            raise
        if code != 0:
            take_back(made)
        return code
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else 0
    except UsageError as error:
        return fail(usage_sentence(error), 2)
    except (CommandError, StorageError) as error:
        return fail(sentence(error), 1)
    except UnicodeEncodeError as error:
        if "surrogates" not in str(error):
            raise
        from netui.db.failures import not_utf8_sentence

        return fail(not_utf8_sentence(error.object), 1)
    except KeyboardInterrupt:
        return fail("Interrupted.", 130)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as error:
        # sqlite3 is not imported for --version and --help: its errors, when it is.
        if isinstance(error, loaded("sqlite3", "Error")):
            return fail(database_failure(error), 1)
        lookups = loaded("netui.db.contacts", "ContactNotFoundError", "AmbiguousNameError")
        lookups += loaded("netui.db.members", "MemberError")
        if isinstance(error, lookups):
            return fail(sentence(error), 1)
        if isinstance(error, loaded("peewee", "DatabaseError")):
            return fail(database_failure(error), 1)
        if os.environ.get("NETUI_DEBUG"):
            raise
        detail = sentence(error).rstrip(".")
        return fail(
            f"Something went wrong ({type(error).__name__}: {detail}); "
            f"{logged_sentence(error)}",
            1,
        )


def logged_sentence(error: BaseException) -> str:
    """Write a bug's traceback to netui's log and say where it is (or, when the log
    cannot be written, how to see the traceback)."""
    from netui.logs import log_failure

    log_file = log_failure("A command stopped on an unexpected error", error)
    if log_file is None:
        return "run again with NETUI_DEBUG=1 to see the details."
    return f"the details are in {log_file}."


def loaded(module: str, *names: str) -> tuple[type[BaseException], ...]:
    """The exception classes ``names`` of ``module`` if it was imported, else none.

    An error can only be an instance of a class whose module is loaded, so the
    command line recognises Peewee's and the contact lookups' errors without
    importing them for every command.
    """
    found = sys.modules.get(module)
    return tuple(getattr(found, name) for name in names) if found is not None else ()


def _silence_stdout() -> None:
    """After a closed pipe (``netui meter | head``), keep Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
