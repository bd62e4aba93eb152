"""``netui __names [--shell SHELL] [WORD]``: contact names for shell completion (hidden).

The completion scripts (``netui completion bash|zsh|fish``) call this for every NAME
argument. It prints the names of live contacts that WORD starts, or whose last name,
or any other word of the name, WORD starts, one per line, folded (``zoe`` offers Zoë
Müller, ``mul`` too), in name order. Names the shell would split or expand are
escaped for bash (``Dana\\ Levi``); zsh and fish escape what they insert themselves.

It must answer within a keystroke, so it reads the file with ``sqlite3`` alone, read
only (``mode=ro``: a missing database is not created, nothing is migrated), and
imports neither Peewee nor Textual. A file it cannot read, or an older or newer
schema without the columns it reads, gives no names and exit code 0: completion never
prints an error into the command line being typed.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from netui.commands import database_path
from netui.core.folding import fold

HELP = None  # hidden: not listed by netui --help

#: The most names offered at once (a shell would ask before showing more anyway).
LIMIT = 200
_BASH_SPECIAL = re.compile(r"""([\s'"\\$`&|;<>()*?\[\]{}!#~^=])""")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("__names", add_help=False)
    parser.add_argument("--shell", choices=("bash", "zsh", "fish", "plain"), default="plain")
    parser.add_argument("word", nargs="?", default="")
    parser.set_defaults(handler=run)


def stored_names(path: Path) -> list[tuple[str, str]]:
    """Every live contact's name and organisation in name order; none when the file
    cannot be read."""
    if not path.is_file():
        return []
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return []
    try:
        rows = connection.execute(
            "SELECT name, organisation FROM contact WHERE archived = 0 ORDER BY sort_name, id"
        ).fetchall()
    except sqlite3.Error:
        return []
    finally:
        connection.close()
    return [
        (name, organisation if isinstance(organisation, str) else "")
        for name, organisation in rows
        if isinstance(name, str) and not _CONTROL.search(name)  # none can be typed
    ]


def matching(people: list[tuple[str, str]], word: str) -> Iterator[tuple[str, str]]:
    """The people whose name starts with ``word``, or has a later word that does
    (folded: case and accents ignored), those starting with it first."""
    key = " ".join(fold(word.strip().lstrip("\"'").replace("\\", "")).split())
    later = []
    for person in people:
        folded = " ".join(fold(person[0]).split())
        if folded.startswith(key):
            yield person
        elif any(part.startswith(key) for part in folded.split()[1:]):
            later.append(person)
    yield from later


def shown(name: str, organisation: str, shell: str) -> str:
    """One line for the shell: whitespace made single spaces, bash's specials escaped;
    fish shows the organisation after a tab as the name's description."""
    name = " ".join(name.split())
    if shell == "bash":
        return _BASH_SPECIAL.sub(r"\\\1", name)
    organisation = " ".join(organisation.split())
    if shell == "fish" and organisation and not _CONTROL.search(organisation):
        return f"{name}\t{organisation}"
    return name


def run(args: argparse.Namespace) -> int:
    found = []
    for name, organisation in matching(stored_names(database_path(args)), args.word):
        found.append(shown(name, organisation, args.shell))
        if len(found) >= LIMIT:
            break
    if found:
        print("\n".join(dict.fromkeys(found)))
    return 0
