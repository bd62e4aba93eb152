"""Who is at the keyboard, as named for this run (before any database says who that
is): :func:`netui.db.members.choose_member`, else ``$NETUI_MEMBER`` (``--member``
sets it), else ``member`` in the config file, else nobody. No Peewee here: the
command line plugs its config reader in before any command, and ``netui meter
--json`` on a file reads this without the storage layer (:mod:`netui.db.meter_plain`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

#: The environment variable naming the member (``--member`` sets it for the run).
MEMBER_ENV = "NETUI_MEMBER"


#: The member named in the config file. The database layer reads no config file: the
#: command line and the app plug their reading of it in (:func:`read_config_with`).
def _no_config() -> str | None:
    return None


configured: Callable[[], str | None] = _no_config
chosen: tuple[str | None] | None = None  # set by choose_member(); else env, config


def read_config_with(source: Callable[[], str | None]) -> None:
    """Where the member named in the config file comes from (the UI layer's reader);
    :func:`netui.db.members.read_config_with` also forgets the member resolved."""
    global configured
    configured = source


def choose(name: str | None) -> None:
    """Record the name of :func:`netui.db.members.choose_member`."""
    global chosen
    chosen = (name.strip() if name and name.strip() else None,)


def chosen_name() -> str | None:
    """The member named for this run: :func:`netui.db.members.choose_member`, else
    ``$NETUI_MEMBER`` (``--member`` sets it), else ``member`` in the config file, else
    none."""
    if chosen is not None:
        return chosen[0]
    named = os.environ.get(MEMBER_ENV, "").strip()
    if named:
        return named
    return configured()
