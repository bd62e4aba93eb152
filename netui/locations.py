"""Where a netui database is: an SQLite file (a path) or a PostgreSQL server (a URL).

``--db`` and ``$NETUI_DB`` take either. A value starting with ``postgresql://`` or
``postgres://`` is a :class:`ServerURL`; anything else is a file path. No I/O here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(value: object) -> bool:
    """Whether ``value`` names a database server rather than a file."""
    return isinstance(value, str) and value.strip().lower().startswith(SERVER_SCHEMES)


class ServerURL(str):
    """A PostgreSQL URL, kept as typed (libpq and Peewee read it), shown without its
    password."""

    def __new__(cls, value: object = "") -> ServerURL:
        # str(a ServerURL) is the shown URL: one made from another keeps the raw one.
        return super().__new__(cls, value.raw if isinstance(value, ServerURL) else value)

    @property
    def shown(self) -> str:
        """The URL for messages: a password in it becomes ``***``."""
        try:
            raw = self.raw
            parts = urlsplit(raw)
            if parts.password is None:
                return raw
            user = parts.username or ""
            host = parts.netloc.rpartition("@")[2]
            return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
        except ValueError:
            return "the PostgreSQL URL given"

    @property
    def raw(self) -> str:
        """The URL as typed, password included: for the driver, never for a message."""
        return self[:]

    def __str__(self) -> str:
        return self.shown


Location = Path | ServerURL


def database_location(text: str) -> Location:
    """``--db``'s or ``$NETUI_DB``'s value as a server URL or a file path."""
    if is_server_url(text):
        return ServerURL(text.strip())
    return Path(text).expanduser()
