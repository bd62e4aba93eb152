"""The PostgreSQL backend: a team's database on a server, opened from a URL.

``--db postgresql://user@host:port/dbname`` (or ``$NETUI_DB``) opens the database
through Peewee's URL support (``playhouse.db_url``) and psycopg 3. What SQLite does
with a file, PostgreSQL does on the server:

- the schema version lives in a one-row table, ``netui_schema`` (SQLite's is
  ``PRAGMA user_version``): :mod:`netui.db.migrations` reads and writes both;
- "someone else committed" (the app's watch, the search index) is the server's
  snapshot, :func:`server_change_mark`, where SQLite has ``PRAGMA data_version``;
- a read-only open is a session whose transactions are read only;
- there is no file: no permissions to fix, no WAL, no ``quick_check``, no online
  backup (``netui backup`` says to use ``pg_dump``).

A bad URL, a server that is down, a wrong password, a database that does not exist:
one sentence (:class:`~netui.db.errors.StorageError`). No Textual here.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import peewee
from peewee import PostgresqlDatabase

from netui.db.errors import StorageError
from netui.locations import ServerURL

#: What ``pip`` needs for a server URL (pyproject's ``postgres`` extra).
DRIVER_HINT = "pip install 'netui[postgres]'"
#: Seconds to wait for a server that does not answer.
CONNECT_TIMEOUT = 10


def psycopg_module() -> Any:
    """psycopg 3, or a sentence saying how to install it; handed to peewee, which
    was imported without it (see :mod:`netui`: importing it costs every command)."""
    try:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb
    except ImportError:
        raise StorageError(
            f"netui needs psycopg to use a PostgreSQL database: {DRIVER_HINT}"
        ) from None
    orm: Any = peewee  # its module globals, which its stubs leave out
    if orm.psycopg is None:  # what peewee's own import would have set
        orm.psycopg = psycopg
        orm.TransactionStatus = TransactionStatus
        orm.Json_pg3, orm.Jsonb_pg3 = Json, Jsonb
        adapter = orm.Psycopg3Adapter
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN
    return psycopg


class NetuiPostgres(PostgresqlDatabase):
    """Peewee's PostgreSQL database, knowing the URL it was opened from."""

    def __init__(self, url: ServerURL, *, readonly: bool = False, **kw: Any) -> None:
        self.path = url  # where the database is, as SQLite's NetuiDatabase says it
        self.url = url
        self.readonly = readonly
        super().__init__(**kw)


def connect_arguments(url: ServerURL, *, readonly: bool = False) -> dict[str, Any]:
    """Peewee's keyword arguments for ``url`` (``playhouse.db_url.parse``); a URL that
    cannot be read is one sentence."""
    # Imported here: playhouse.db_url imports psycopg (through playhouse.cockroachdb),
    # 0.2 s that a command on an SQLite file has no use for.
    from playhouse.db_url import parse

    try:
        arguments: dict[str, Any] = parse(url.raw, unquote_password=True, unquote_user=True)
    except ValueError as error:  # a port that is not a number
        raise StorageError(f"{url.shown} is not a valid PostgreSQL URL ({error}).") from None
    if not arguments.get("database"):
        raise StorageError(
            f"{url.shown} names no database; add it after the host, as in "
            "postgresql://user@host:5432/dbname"
        )
    arguments.setdefault("connect_timeout", CONNECT_TIMEOUT)
    if readonly:
        arguments["options"] = "-c default_transaction_read_only=on"
    return arguments


def new_database(url: ServerURL, *, readonly: bool = False) -> NetuiPostgres:
    """An unopened :class:`NetuiPostgres` for ``url`` (psycopg 3 as the driver)."""
    psycopg_module()
    arguments = connect_arguments(url, readonly=readonly)
    database = arguments.pop("database")
    return NetuiPostgres(url, readonly=readonly, database=database, prefer_psycopg3=True,
                         **arguments)  # fmt: skip


#: Why a connection failed, as libpq says it, short enough for one sentence.
_REASONS = (
    "connection refused",
    "timeout expired",
    "could not translate host name",
    "no such file or directory",
    "server closed the connection unexpectedly",
    "network is unreachable",
)


#: The server's words for a role or a database that is not there (its name quoted).
_NO_ROLE = re.compile(r'\brole "((?:[^"]|"")*)" does not exist')
_NO_DATABASE = re.compile(r'\bdatabase "((?:[^"]|"")*)" does not exist')


def server_sentence(error: BaseException, url: ServerURL) -> str | None:
    """One sentence for a PostgreSQL error met opening or using ``url``, or ``None``
    when it is not one this module knows."""
    try:
        import psycopg
    except ImportError:
        return None
    original: BaseException | None = error
    while original is not None and not isinstance(original, psycopg.Error):
        original = original.__cause__ or original.__context__
    if original is None:
        return None
    message = " ".join(str(original).split())
    from playhouse.db_url import parse  # see connect_arguments

    arguments: dict[str, Any] = {}
    with contextlib.suppress(ValueError):
        arguments = parse(url.raw)
    user = arguments.get("user", "")
    host = arguments.get("host") or "localhost"
    where = f"{host}:{arguments['port']}" if arguments.get("port") else host
    lowered = message.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f"The PostgreSQL server at {where} refused the password of user {user or '?'}."
    # Only the server's own words for a missing role or database: a failing statement
    # that names a column "db_role" or a relation that "does not exist" (a migration
    # on a database another program changed) is not a missing user.
    missing_role = _NO_ROLE.search(message)
    if missing_role:
        role = missing_role.group(1).replace('""', '"')
        if role == user or not user:  # the URL's user (or the one it defaults to)
            return f"The PostgreSQL server at {where} has no user {role}."
        return f"The PostgreSQL server at {where} has no role {role}: {message}"
    missing_database = _NO_DATABASE.search(message)
    if missing_database:
        missing = missing_database.group(1).replace('""', '"')
        return (
            f"The PostgreSQL server at {where} has no database {missing}; create it first "
            f"(createdb {missing})."
        )
    if "permission denied" in lowered or "insufficient privilege" in lowered:
        return f"The PostgreSQL server at {where} refused it: {message}"
    if "read-only transaction" in lowered:
        return f"{url.shown} is open read only; nothing was changed."
    if isinstance(original, psycopg.OperationalError):
        reason = next((r for r in _REASONS if r in lowered), "")
        why = f" ({reason})" if reason else f" ({message})"
        return f"Cannot reach the PostgreSQL server at {where}{why}: is it running?"
    return None


# --- noticing other connections' commits --------------------------------------------

#: The server's snapshot: the next transaction id and those still running. It changes
#: when any transaction that writes starts or ends, on this database or another of the
#: same server (a change elsewhere costs one needless re-read, never a missed one).
CHANGE_MARK_SQL = "SELECT pg_current_snapshot()::text"


def server_change_mark(connection: Any) -> str:
    """The server's change mark on a psycopg connection in autocommit mode."""
    (mark,) = connection.execute(CHANGE_MARK_SQL).fetchone()
    return str(mark)


def side_connection(url: ServerURL) -> Any:
    """A psycopg connection of its own (autocommit, read only) for watching."""
    psycopg = psycopg_module()
    arguments = connect_arguments(url, readonly=True)
    database = arguments.pop("database")
    return psycopg.connect(dbname=database, autocommit=True, **arguments)


# --- portable SQL helpers -------------------------------------------------------------


def catch_up_sequence(database: Any, table: str) -> None:
    """After rows were inserted with ids of their own (an import, an undo), the next
    id PostgreSQL hands out must come after them, as SQLite's does by itself. Does
    nothing on SQLite. Never moves the sequence back: a member's role sees only the
    rows row-level security shows it, and others' may have higher ids."""
    if not isinstance(database, PostgresqlDatabase):
        return
    sequence = f"pg_get_serial_sequence('\"{table}\"', 'id')"
    database.execute_sql(
        f"SELECT setval({sequence}, greatest(nextval({sequence}),"
        f' (SELECT coalesce(max("id"), 0) + 1 FROM "{table}")), false)'
    )


def lock_row(model: Any, row_id: Any) -> None:
    """Inside a transaction about to read a row and write some of its fields: on
    PostgreSQL, hold the row until commit (``SELECT … FOR UPDATE``), so that another
    member's save of the same row waits, then reads what this one wrote, and
    :func:`netui.db.edits.plan` sees their change as a change (no field is lost).
    SQLite needs nothing: its write transactions (``BEGIN IMMEDIATE``) already run
    one at a time."""
    if not isinstance(model._meta.database.obj, PostgresqlDatabase):
        return
    key = model._meta.primary_key
    list(model.select(key).where(key == row_id).for_update())
