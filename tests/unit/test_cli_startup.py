"""The command line imports only what the chosen subcommand needs.

A shape test, not a timing one: a fresh interpreter runs ``netui.cli.main`` as the
console script does and then lists ``sys.modules``; ``--version``, ``--help`` or a
typo must not pull in the storage layer, the importers or the UI. The parser is built
from :data:`netui.commands.COMMANDS`; the table is checked against the modules.
"""

from __future__ import annotations

import argparse
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import netui.commands
from netui.cli import build_parser, full_parser, main
from netui.commands import COMMANDS, load_command

HEAVY = ("peewee", "playhouse", "vobject", "textual", "rich", "netui.db.models")

# python -c RUN ARGV...: what `netui ARGV` does, then every module loaded, on stderr.
RUN = """
import sys
from netui.cli import main
code = main(sys.argv[1:])
print("MODULES", *sorted(sys.modules), file=sys.stderr)
sys.exit(code)
"""


def imported_modules(tmp_path: Path, *argv: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run ``netui ARGV`` in a fresh interpreter; its result and every module it loaded."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "NETUI_DB": str(tmp_path / "env.db"),
    }
    result = subprocess.run(
        [sys.executable, "-c", RUN, *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES "))
    return result, set(line.split()[1:])


def heavy(modules: set[str], names: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(f"{n}.") for n in names))


def test_the_module_list_is_understood(tmp_path: Path) -> None:
    # The check itself: a command that needs the database shows Peewee being imported.
    result, modules = imported_modules(tmp_path, "add", "Dana Levi")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {"netui.cli", "netui.commands.add", "peewee"} <= modules
    assert heavy(modules, ("textual", "rich", "vobject")) == []
    # A command on an SQLite file never loads the PostgreSQL driver (nor the schema
    # migrator, which imports it): 0.2 s of imports each command would otherwise pay.
    assert heavy(modules, ("psycopg", "psycopg_binary", "playhouse.migrate")) == []


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["frob"], ["--db"]],
    ids=["version", "help", "typo", "usage-error"],
)
def test_version_help_and_usage_errors_import_nothing_heavy(
    tmp_path: Path, argv: list[str]
) -> None:
    result, modules = imported_modules(tmp_path, *argv)
    assert result.returncode in (0, 2), result.stderr[-2000:]
    assert "netui.cli" in modules
    assert heavy(modules) == []
    assert not any(m.startswith("netui.commands.") for m in modules)
    assert not (tmp_path / "env.db").exists()


def test_version_does_not_even_look_for_the_data_folder(tmp_path: Path) -> None:
    _, modules = imported_modules(tmp_path, "--version")
    assert "platformdirs" not in modules
    # Nor SQLite's module, the sentences of its failures, or importlib.abc (9 ms).
    assert {"sqlite3", "netui.db.failures", "importlib.abc"}.isdisjoint(modules)


def subcommands() -> list[tuple[str, ...]]:
    """Every subcommand the parser has (a command's own subcommands too) that has a
    ``--help``, as typed: read from the parser itself, so a new one is covered."""
    found: list[tuple[str, ...]] = []

    def walk(parser: argparse.ArgumentParser, typed: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    if sub is not None and (*typed, name) not in found:
                        if sub.add_help:
                            found.append((*typed, name))
                        walk(sub, (*typed, name))

    walk(full_parser(), ())
    return found


#: What ``netui --help`` itself loads of the storage layer: the package and the
#: exceptions the command line names (no Peewee, no SQLite).
LIGHT_STORAGE = {"netui.db", "netui.db.errors"}


@pytest.mark.parametrize("typed", subcommands(), ids=" ".join)
def test_a_subcommands_help_does_not_open_the_storage_layer(
    tmp_path: Path, typed: tuple[str, ...]
) -> None:
    result, modules = imported_modules(tmp_path, *typed, "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith(f"usage: netui {' '.join(typed)}")
    assert heavy(modules) == [] and "sqlite3" not in modules
    assert {m for m in modules if m.startswith("netui.db")} <= LIGHT_STORAGE
    assert not (tmp_path / "env.db").exists()


def test_the_subcommands_cover_every_command() -> None:
    assert {typed[0] for typed in subcommands()} >= {
        command.name for command in COMMANDS if command.help is not None
    }


def test_the_words_a_help_shows_are_the_storage_layers() -> None:
    """The values copied for ``--help`` (netui.commands._vocabulary) are the ones the
    storage layer uses."""
    from netui.commands import _vocabulary as words
    from netui.db import importing, models, names, settings, sync, ties, today

    assert words.PICK == names.PICK
    assert words.CURRENCIES == models.CURRENCIES
    assert words.DEFAULT_STRENGTH == ties.DEFAULT_STRENGTH
    assert (words.OVERDUE_LIMIT, words.FOLLOW_UP_LIMIT, words.GIVE_BACK_LIMIT) == (
        today.OVERDUE_LIMIT, today.FOLLOW_UP_LIMIT, today.GIVE_BACK_LIMIT,
    )  # fmt: skip
    assert words.CONTACT_KINDS == importing.KINDS
    assert words.PREFER == sync.PREFER
    assert tuple((s.name, s.help) for s in settings.USER_SETTINGS) == words.USER_SETTINGS


def test_a_subcommand_imports_only_its_own_module(tmp_path: Path) -> None:
    made, _ = imported_modules(tmp_path, "add", "Dana Levi")  # a reading command needs a file
    assert made.returncode == 0, made.stderr[-2000:]
    result, modules = imported_modules(tmp_path, "meter", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert [m for m in modules if m.startswith("netui.commands.")] == ["netui.commands.meter"]
    assert heavy(modules, ("textual", "rich", "vobject")) == []


def test_every_command_module_has_one_row_in_the_table() -> None:
    modules = sorted(
        info.name for info in pkgutil.iter_modules(netui.commands.__path__)
        if not info.name.startswith("_")
    )  # fmt: skip
    assert sorted(command.module for command in COMMANDS) == modules
    assert len({command.name for command in COMMANDS}) == len(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
def test_the_table_and_the_module_agree(command: netui.commands.Command) -> None:
    module = load_command(command)
    assert command.help == module.HELP
    parser, subcommands = build_parser()
    real = subcommands.load(command.name)
    assert real is not None and real.prog == f"netui {command.name}"
    # Registering replaced the placeholder: one help line per command, in table order;
    # a hidden command (help None, for the shell's completion) has none.
    listed = [action.dest for action in subcommands._get_subactions()]
    assert listed == [c.name for c in COMMANDS if c.help is not None]
    assert (command.name in parser.format_help()) == (command.help is not None)


def test_help_lists_every_command_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        if command.help is None:
            assert command.name not in out  # hidden
            continue
        assert re.search(rf"^    {re.escape(command.name)} +{re.escape(command.help)}$", out, re.M)


def test_a_chosen_command_gets_its_own_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brokers", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: netui brokers ")
    assert "--json" in out
