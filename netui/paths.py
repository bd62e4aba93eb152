"""Where netui keeps its files. Nothing here touches the disk at import time.

``platformdirs`` is imported by the functions that need it, so that ``netui
--version`` and ``netui --help`` do not pay for it.
"""

from __future__ import annotations

import os
from pathlib import Path

from netui.locations import database_location

APP_NAME = "netui"
DB_ENV = "NETUI_DB"
CONFIG_ENV = "NETUI_CONFIG"
LOG_ENV = "NETUI_LOG_DIR"


def data_dir() -> Path:
    """The per-user data folder (not created here)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The user's own database: ``$NETUI_DB`` if set, else ``<data dir>/netui.db``.

    ``$NETUI_DB`` may be a PostgreSQL URL: it comes back as a
    :class:`~netui.locations.ServerURL` (a ``str``), not a path."""
    env = os.environ.get(DB_ENV)
    if env:
        return database_location(env)  # type: ignore[return-value]
    return data_dir() / "netui.db"


def demo_db_path() -> Path:
    """The demo network lives in a file of its own, never the user's database."""
    return data_dir() / "demo.db"


def config_dir() -> Path:
    """The per-user config folder (not created here)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    """The config file: ``$NETUI_CONFIG`` if set (``netui --config PATH`` sets it),
    else ``<config dir>/config.toml``."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return config_dir() / "config.toml"


def log_dir() -> Path:
    """The folder of netui's log: ``$NETUI_LOG_DIR`` if set, else the platform's
    per-user log folder (not created here)."""
    env = os.environ.get(LOG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    """netui's log file (rotated beside itself: ``netui.log.1``, …)."""
    return log_dir() / "netui.log"
