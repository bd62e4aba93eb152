"""The user's config file: the theme and remapped keys, in TOML.

    # ~/.config/netui/config.toml (see netui.paths.config_path for every OS)
    theme = "nord"
    member = "Dana"                      # who you are in a team database (netui team)

    [keys]
    "contacts.new" = "a"                 # one key
    "mode.contacts" = ["1", "f1"]        # or several
    "contacts.search" = "slash,ctrl+f"   # or several, Textual's comma form

Reading never raises: a missing file is the defaults, and a file that cannot be
read or parsed, or that holds a value of the wrong kind, is the defaults too plus a
list of problems, each one sentence for a notification. Writing the theme edits
only the ``theme`` line, so the user's comments and ``[keys]`` survive; the file is
written ``0600`` through a temporary file and a rename (:mod:`netui.core.files`).
A ``config.toml`` that is a symbolic link (a dotfiles repository) stays one: the
file it points to is what gets rewritten. No Textual here.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from netui.core.files import write_file
from netui.paths import config_path

KNOWN_TOP_LEVEL = ("theme", "keys", "member")


@dataclass
class Config:
    """What the config file says, already checked; ``problems`` are for the user."""

    theme: str | None = None
    member: str | None = None  # who is at the keyboard of a team database (netui.db.members)
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None


def load_config(path: Path | None = None) -> Config:
    """Read the config file; never raises. Problems are collected, defaults used."""
    path = path or config_path()
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as error:
        config.problems.append(f"Could not read the config file {path}: {error.strerror}.")
        return config
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        config.problems.append(f"The config file {path} is not UTF-8 text; using the defaults.")
        return config
    except tomllib.TOMLDecodeError as error:
        config.problems.append(
            f"The config file {path} is not valid TOML ({error}); using the defaults."
        )
        return config

    for name in data:
        if name not in KNOWN_TOP_LEVEL:
            config.problems.append(
                f"The config file has an unknown setting {name!r}; it is ignored."
            )

    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            config.theme = theme.strip()
        else:
            config.problems.append("The config file's theme must be a theme's name in quotes.")

    member = data.get("member")
    if member is not None:
        if isinstance(member, str) and member.strip():
            config.member = member.strip()
        else:
            config.problems.append("The config file's member must be a member's name in quotes.")

    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        config.problems.append("The config file's keys must be a [keys] table.")
        keys = {}
    for binding_id, value in keys.items():
        key_string = _key_string(value)
        if key_string is None:
            config.problems.append(
                f'The key for {binding_id!r} must be a key like "ctrl+f" or a list of keys.'
            )
        else:
            config.keys[binding_id] = key_string
    return config


def _key_string(value: object) -> str | None:
    """Textual's comma-separated key string from a string or a list of strings."""
    if isinstance(value, str):
        keys = [key.strip() for key in value.split(",")]
    elif isinstance(value, list) and all(isinstance(key, str) for key in value):
        keys = [key.strip() for key in value]
    else:
        return None
    if not keys or not all(keys) or any(" " in key for key in keys):
        return None
    return ",".join(keys)


def unknown_binding_ids(keys: Iterable[str], known: Iterable[str]) -> list[str]:
    """The ids in ``keys`` that no binding has, in the file's order."""
    known_ids = set(known)
    return [binding_id for binding_id in keys if binding_id not in known_ids]


_THEME_LINE = re.compile(r"^[ \t]*theme[ \t]*=.*$", re.MULTILINE)
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def toml_string(value: str) -> str:
    """A TOML basic string (the little writing netui needs)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def with_theme(text: str, theme: str) -> str:
    """``text`` (a config file) with its top-level ``theme`` set to ``theme``."""
    line = f"theme = {toml_string(theme)}"
    table = _TABLE_HEADER.search(text)
    top = text[: table.start()] if table else text
    rest = text[table.start() :] if table else ""
    if _THEME_LINE.search(top):
        top = _THEME_LINE.sub(lambda _: line, top, count=1)
    else:
        top = f"{line}\n{top}"
        if rest and not top.endswith("\n\n"):
            top = top.rstrip("\n") + "\n\n"
    return top + rest


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Remember ``theme`` in the config file, keeping everything else in it.

    Raises :class:`ValueError` when the existing file is not valid TOML (it is the
    user's to fix; netui does not overwrite it), :class:`OSError` when it cannot be
    read and :class:`~netui.db.errors.StorageError` when it cannot be written.
    """
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError as error:
        raise ValueError(f"the config file {path} is not UTF-8 text") from error
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"the config file {path} is not valid TOML ({error})") from error
    new_text = with_theme(text, theme)
    tomllib.loads(new_text)  # never write a file that does not read back
    write_private(path, new_text)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as 0600, atomically, through a symlink to its target;
    a missing folder is made 0700."""
    folder = Path(os.path.realpath(path)).parent
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_file(path, text, force=True, follow_symlink=True)
