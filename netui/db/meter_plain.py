"""``netui meter --json`` on an SQLite file, read through plain ``sqlite3``: no Peewee,
no models, no migrations imported (they were a third of the command's 0.4 s at
30,000 contacts).

:func:`plain_json_rows` gives what :func:`netui.db.meter_json.json_rows` gives, read
with the same SQL text (:mod:`netui.db.meter_sql`), or ``None`` whenever this file
is anything but the plain case: a server URL, a file that is missing, not a netui
database, of another schema, locked, damaged in a way SQLite's reading notices,
a member named (``--member``, ``$NETUI_MEMBER``, the config file) or several
members, a contact without a sort key, a day SQLite cannot read, an SQLite without
its math or JSON functions. The command then reads through Peewee as before
(:func:`netui.db.checking.checked_alongside`), which opens, checks and refuses the
file exactly as it did, in the same sentences. A file another program keeps locked
past the busy timeout is said here, in the same sentence (reading it again through
Peewee would wait as long again). Nothing is written before either has read
everything.

The file's ``quick_check`` runs beside, as :func:`~netui.db.checking.checked_alongside`
runs it (:mod:`netui.db.background_check`, remembered by :mod:`netui.db.check_memo`):
a damaged file is named in the same sentence, and nothing is printed from it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import stat
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from netui import clock
from netui.core.text import with_json_escapes
from netui.db.background_check import BackgroundCheck
from netui.db.errors import StorageError
from netui.db.failures import sentence_for, sqlite_code
from netui.db.member_name import chosen_name
from netui.db.meter_sql import (
    BLANK_SORT_KEY,
    JSON_ROWS,
    LINE_ROWS_AMONG,
    TOUCHED,
    after_touch,
    made_in_python,
    make_line,
    parameters,
    touched_parameters,
)
from netui.db.private_files import make_private
from netui.locations import is_server_url

#: The schema this reading knows (:data:`netui.db.migrations.LATEST`, a test says so):
#: a file of any other is read through Peewee, which upgrades or refuses it.
SCHEMA = 11

#: The settings read, and their defaults (:data:`netui.db.settings.DEFAULTS`, a test
#: says so).
DEFAULTS = {"default_cadence": "90", "half_life_days": "365"}

#: The connection's settings that matter to a read (:data:`netui.db.connection.PRAGMAS`:
#: a 16 MB page cache; the busy timeout is the connection's ``timeout``).
_CACHE_SIZE = "PRAGMA cache_size = -16000"
#: Pages read from the file's mapping in memory, not copied into the page cache: the
#: 17 MB a reading at 30,000 contacts touches, 12 ms of CPU less (the kernel's copies
#: and the cache's own pages). Safe for this reading: the connection only reads, in
#: SQLite's own transactions (SQLite maps no more than the file holds, and maps again
#: when it changes). 32 MB at the most: the mapped pages read count in the process's
#: resident memory (the system's file cache, shared), and a bigger map made the peak
#: at 300,000 contacts 392 MiB where 240 MiB without it, for 0.2 s.
_MAPPED = "PRAGMA mmap_size = 33554432"
_TIMEOUT = 10.0


class _Elsewhere(Exception):
    """Not the plain case: the command reads through Peewee."""


def plain_json_rows(
    path: Path | str, largest: float, today: dt.date | None = None, *, utf8: bool = False
) -> tuple[list[Any], dict[int, tuple[Any, ...]]] | None:
    """``netui meter --json``'s rows of the SQLite file at ``path`` and the lines of
    those whose name is ``None``, as :func:`~netui.db.meter_json.json_rows` reads them;
    ``None`` when the command is to read through Peewee (see the module's docstring).
    Raises :class:`~netui.db.errors.CorruptDatabaseError` for a file that fails its
    check.

    With ``utf8``, the rows' strings are their UTF-8 bytes, as SQLite holds them (no
    text made of them: 30,000 rows' strings decoded, formatted and encoded again cost
    the command 25 ms), once every name and organisation is known to be UTF-8 and to
    hold nothing :func:`~netui.core.text.with_json_escapes` escapes (else the rows
    come as text, as without ``utf8``; a contact's days, when SQLite counts them, are
    ASCII)."""
    if is_server_url(path):
        return None
    file = Path(path).expanduser()
    try:
        if not stat.S_ISREG(file.stat().st_mode):
            return None
    except (OSError, ValueError):
        return None
    make_private(file)  # as opening it for reading does
    try:
        connection = sqlite3.connect(
            f"file:{quote(str(file))}?mode=ro",
            uri=True,
            timeout=_TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error:
        return None
    check: BackgroundCheck | None = None
    try:
        connection.execute(_CACHE_SIZE)
        connection.execute(_MAPPED)
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version != SCHEMA:
            return None
        member = _member(connection)  # before the check: a named member reads elsewhere
        check = BackgroundCheck(file, fallback=lambda: connection)
        found = _read(connection, member, largest, today or clock.today(), utf8)
        check.raise_if_damaged()  # before anything is printed
        return found
    except (_Elsewhere, sqlite3.Error, ValueError, TypeError) as error:
        if check is not None:
            check.raise_if_damaged()  # a damaged file is named, as through Peewee
        if isinstance(error, sqlite3.Error) and _locked(error):
            # Said now, as through Peewee: reading again would wait as long again.
            raise StorageError(sentence_for(error, file) or str(error)) from None
        return None
    finally:
        connection.close()


def _locked(error: sqlite3.Error) -> bool:
    """Whether another program's lock kept SQLite from reading, after the busy
    timeout (the case of :func:`~netui.db.failures.sentence_for` it names so)."""
    return sqlite_code(error).startswith("SQLITE_BUSY") or "database is locked" in str(error)


def _member(connection: sqlite3.Connection) -> int:
    """The file's only member, when no member is named for this run."""
    if chosen_name() is not None:  # (the config file's warnings said here, as before)
        raise _Elsewhere  # a member named: Peewee's path looks them up
    members = connection.execute("SELECT id FROM member ORDER BY id LIMIT 2").fetchall()
    if len(members) != 1:
        raise _Elsewhere  # none yet, or a team's
    member: int = members[0][0]
    return member


def _read(
    connection: sqlite3.Connection, member: int, largest: float, today: dt.date, utf8: bool
) -> tuple[list[Any], dict[int, tuple[Any, ...]]]:
    if connection.execute(BLANK_SORT_KEY).fetchone()[0]:
        raise _Elsewhere  # Python orders those contacts
    stored = dict(
        connection.execute(
            "SELECT key, value FROM setting WHERE key IN ('default_cadence', 'half_life_days')"
        ).fetchall()
    )
    default = _positive_int(stored, "default_cadence")
    half_life = float(_positive_int(stored, "half_life_days"))
    touched: dict[int, dt.date] = {}
    for cid, text in connection.execute(TOUCHED, touched_parameters(today, member)):
        day = dt.date.fromisoformat(text)
        if cid not in touched or day > touched[cid]:
            touched[cid] = day
    params = parameters(
        today, half_life, default, member, largest=largest, touched=json.dumps(list(touched))
    )
    if utf8:
        connection.text_factory = bytes
        try:
            rows = connection.execute(JSON_ROWS, params).fetchall()
        finally:
            connection.text_factory = str
    else:
        rows = connection.execute(JSON_ROWS, params).fetchall()
    again = made_in_python(rows)
    if utf8:
        rows = _as_bytes(rows)
    lines: dict[int, tuple[Any, ...]] = {}
    if again:
        params = parameters(today, half_life, default, member, ids=json.dumps(again))
        for row in connection.execute(LINE_ROWS_AMONG, params):
            line = _made_again(row, touched, default, today)
            lines[line[0]] = line
    return rows, lines


def _as_bytes(rows: list[Any]) -> list[Any]:
    """``rows`` read as bytes, when their names and organisations are UTF-8 holding
    nothing to escape; else as text. Raises :class:`UnicodeDecodeError` (the Peewee
    path then says what is wrong with the file) for a string that is not UTF-8."""
    strings = b"".join([row[1] for row in rows if row[1] is not None])
    strings += b"".join(map(itemgetter(2), rows))
    text = strings.decode("utf-8")
    # Bytes of the characters to escape: DEL, and the lead bytes of C1 (U+0080-U+009F)
    # and of U+2028-U+202E and U+2066-U+2069; only then is the text looked at.
    leads = any(lead in strings for lead in (b"\x7f", b"\xc2", b"\xe2"))
    if leads and with_json_escapes(text) != text:
        return [_as_text(row) for row in rows]
    return rows


def _as_text(row: tuple[Any, ...]) -> tuple[Any, ...]:
    cid, name, organisation, g, r, b, m, last, contact, cadence, late = row
    return (
        cid, None if name is None else name.decode(), organisation.decode(), g, r, b, m,
        last.decode(), contact.decode(), cadence, None if late is None else late.decode(),
    )  # fmt: skip


def _made_again(
    row: tuple[Any, ...], touched: dict[int, dt.date], default: int, today: dt.date
) -> tuple[Any, ...]:
    """One line as :func:`netui.db.meter_rows.lines_of` makes it again: the last
    contact the day the contact was touched if that is later than their last exchange."""
    cid, name, organisation, given, received, _, _, last, contact, _, _, since, _ = row[:13]
    own_cadence, second = row[13:15]
    contact, since = after_touch(last, contact, since, touched.get(cid), today)
    if since is None:
        raise _Elsewhere  # a day SQLite cannot read: Python says what is wrong with it
    return make_line(
        cid, name, organisation, own_cadence, second, given, received, last, contact, since,
        default,
    )  # fmt: skip


def _positive_int(stored: dict[str, Any], key: str) -> int:
    """A setting as :mod:`netui.db.settings` reads it: a whole number above 0, else
    the default."""
    try:
        value = int(str(stored.get(key, DEFAULTS[key])))
    except ValueError:
        value = 0
    return value if value > 0 else int(DEFAULTS[key])
