"""Applying imported files to the database: all or nothing, with dedupe.

The one entry point for the command line and the app::

    report = import_file("linkedin", path, on_progress=None, cancelled=lambda: False)
    print(report.summary())          # "120 added, 3 updated, 2 skipped."

``kind`` is ``"linkedin"`` (``Connections.csv``), ``"google"`` (Google Contacts'
CSV), ``"outlook"`` (Outlook's CSV), ``"csv"`` (whichever of those three the header
shows; a header that is none of them, or a file named as one format whose header
shows another, is refused: :mod:`netui.core.importers.csv_formats`), ``"vcard"``
(``.vcf``) or ``"json"`` (a netui JSON export, see :mod:`netui.core.exporters`). The file is
read and parsed completely before the database is touched; then everything is
written in ONE transaction. A bad file raises
:class:`~netui.core.importers.ImportFileError` (one sentence naming the line or
record) and changes nothing; so does cancelling.

``on_progress(done, total)`` is called from the calling thread every few hundred
records and once at the end (``done == total``); ``cancelled()`` is polled at the
same moments, and when it returns true the transaction is rolled back and
:class:`ImportCancelled` is raised. The app runs this in a thread worker inside
``database.connection_context()``, calling back with ``call_from_thread``.

Dedupe (the CSV formats and vCard). A record is the same person as a contact already
in the database, or as an earlier record of the same file, when it has

0. the same UID (a vCard's, :func:`~netui.core.uids.normalise_uid`), or else
1. the same LinkedIn URL (compared without scheme, ``www.``, query or trailing
   slash, case-insensitively), or else
2. one of the same email addresses (case-insensitively), or else
3. the same name (folded: case, accents and spaces ignored) and organisation (by
   :func:`~netui.core.organisations.organisation_key`: ``Globex Inc.`` and
   ``Globex, Marketing`` are ``Globex``), unless both have LinkedIn URLs and they
   differ.

Active contacts win over archived ones, then the oldest. A matched contact is
updated, not added: non-empty organisation, role, email (unless the contact's
current email is among the record's), phone, LinkedIn URL and location from the
file replace the stored ones; the name is kept; "how we met" is filled only when
empty; the file's notes are appended unless the stored notes already contain
them; tags, expertise and interests are added to the stored ones. A contact that
ends up exactly as it was counts as "unchanged", not "updated". Every index
lookup is done in memory against one pass over the contact table; new contacts
go in with ``executemany`` in batches.

RELATED entries of vCards become ties (strength 3, the relation type as context)
when the other person is known: another card of the file by UID, or any contact
by email, LinkedIn URL, or a unique exact name. Others are counted, not stored.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from peewee import ForeignKeyField, IntegrityError

from netui.core.exporters import (
    JSON_FORMAT,
    JSON_VERSION,
    from_json_value,
    json_columns,
    table_name,
)
from netui.core.importers import (
    MAX_FILE_BYTES,
    POLL_RECORDS,
    ContactRecord,
    ImportCancelled,
    ImportFileError,
    ParsedFile,
    decode_text,
    shown,
    too_large,
)
from netui.core.importers.csv_formats import CSV_FORMATS, csv_format, unknown_format, wrong_format
from netui.core.importers.google import parse_google
from netui.core.importers.linkedin import parse_linkedin
from netui.core.importers.outlook import parse_outlook
from netui.core.importers.vcard import parse_vcard
from netui.core.matching import normalise_tag
from netui.core.organisations import organisation_key
from netui.core.text import plural
from netui.core.uids import new_uid, normalise_uid
from netui.core.vdir import parse_folder
from netui.db import history, journal
from netui.db.contacts import ContactFields, search_text_for, sort_key_for
from netui.db.migrations import LATEST
from netui.db.models import (
    CURRENCIES,
    DIRECTIONS,
    GOOD_KINDS,
    INTRO_STATUSES,
    MODELS,
    TAG_KINDS,
    Contact,
    ContactTag,
    Tie,
    UndoStep,
    database,
    now,
)
from netui.db.rows import tuples
from netui.db.tags import TAG_FIELDS, clean_tags, contact_tags, tag_ids

#: The FILE that means standard input.
STDIN = "-"
KINDS = ("linkedin", "google", "outlook", "csv", "vcard", "json")
#: The kinds read as CSV; ``csv`` is whichever of the others the header shows.
CSV_KINDS = ("linkedin", "google", "outlook", "csv")
#: The FILE that means standard input.
STDIN = "-"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
BATCH = 1_000
PROGRESS_EVERY = 500

Progress = Callable[[int, int], None]

#: The columns of Contact that an import reads and writes, in this order.
_COLUMNS = (
    "name",
    "organisation",
    "role",
    "email",
    "phone",
    "linkedin_url",
    "location",
    "how_we_met",
    "career_path",
    "notes",
    "first_contact",
    "closeness",
    "cadence_days",
    "second_degree",
)
#: Columns an imported record may overwrite when it has a value.
_REPLACED = ("organisation", "role", "phone", "linkedin_url", "location", "career_path")
#: netui's own columns, from its vCards' X-NETUI-* properties: replaced when given.
_NETUI_OWN = ("closeness", "cadence_days", "second_degree")


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    kind: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_where: tuple[str, ...] = ()  # "line 12", "card 3 (line 40)"
    repeated: int = 0  # records that were the same person as an earlier one in the file
    ties_added: int = 0
    related_unknown: int = 0  # RELATED entries naming nobody known
    restored: dict[str, int] = field(default_factory=dict)  # json: records per list
    told_by_header: bool = False  # csv: the format was found from the file's header
    backup: str = ""  # the copy of the database taken before contacts were updated

    def summary(self) -> str:
        """One sentence for the user: ``"N added, M updated, K skipped."`` and details."""
        if self.kind == "json":
            total = sum(self.restored.values())
            contacts = self.restored.get("contact", 0)
            return f"Restored {plural(total, 'record')} ({plural(contacts, 'contact')})."
        text = f"{self.added:,} added, {self.updated:,} updated, {self.skipped:,} skipped"
        extras = []
        if self.told_by_header:
            extras.append(f"read as {CSV_FORMATS[self.kind]}")
        if self.unchanged:
            extras.append(f"{self.unchanged:,} already up to date")
        if self.repeated:
            extras.append(f"{self.repeated:,} repeated someone earlier in the file")
        if self.ties_added:
            extras.append(f"{plural(self.ties_added, 'tie')} added")
        if self.related_unknown:
            extras.append(
                plural(self.related_unknown, "related person", "related people") + " not found"
            )
        if self.skipped_where:
            shown = ", ".join(self.skipped_where[:3])
            more = ", …" if len(self.skipped_where) > 3 else ""
            extras.append(f"skipped for having no name: {shown}{more}")
        text += (f" ({'; '.join(extras)})" if extras else "") + "."
        if self.backup:
            text += f" The database as it was before is in {self.backup}."
        return text


# --- entry points -------------------------------------------------------------------


def read_file(path: Path | str, cancelled: Callable[[], bool] = lambda: False) -> bytes:
    """The bytes of ``path`` (``-``: standard input), or :class:`ImportFileError`
    saying why not.

    Devices (``/dev/zero``) and sockets are refused before reading; a file (or a pipe)
    larger than :data:`~netui.core.importers.MAX_FILE_BYTES` is refused without
    being read into memory beyond that.
    """
    if str(path) == STDIN:
        return _read_stream(sys.stdin.buffer, "Standard input", cancelled)
    path = Path(path).expanduser()
    try:
        info = os.stat(path)
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            raise ImportFileError(f"{path} is a device, not a file.")
        if stat.S_ISSOCK(info.st_mode):
            raise ImportFileError(f"{path} is a socket, not a file.")
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
                raise ImportFileError(too_large(path, info.st_size))
            return _read_stream(handle, str(path), cancelled)
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file.") from None
    except PermissionError:
        raise ImportFileError(f"{path} cannot be read: permission denied.") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ImportFileError(f"{path} cannot be read: {reason}.") from None


def _read_stream(stream: BinaryIO, what: str, cancelled: Callable[[], bool]) -> bytes:
    """All of a pipe, up to :data:`~netui.core.importers.MAX_FILE_BYTES`."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(1 << 20):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise ImportFileError(too_large(what, size))
        if cancelled():
            raise ImportCancelled()
    return b"".join(chunks)


def csv_kind(kind: str, data: bytes) -> str:
    """The CSV format to read ``data`` as: the one its header shows for ``csv``; for
    a named format, that one, unless the header shows another (never a wrong guess:
    :mod:`netui.core.importers.csv_formats`)."""
    found = csv_format(data)
    if kind == "csv":
        if found is None:
            raise unknown_format()
        return found
    if found is not None and found != kind:
        raise wrong_format(kind, found)
    return kind


def parse_file(
    kind: str, data: bytes, cancelled: Callable[[], bool] = lambda: False
) -> ParsedFile:
    if kind in CSV_KINDS:
        kind = csv_kind(kind, data)
    if kind == "linkedin":
        return parse_linkedin(data, cancelled)
    if kind == "google":
        return parse_google(data)
    if kind == "outlook":
        return parse_outlook(data)
    if kind == "vcard":
        return parse_vcard(data, cancelled)
    raise ValueError(f"unknown import kind {kind!r}")


def import_file(
    kind: str,
    path: Path | str,
    on_progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportReport:
    """Import ``path`` as ``kind`` (one of :data:`KINDS`) into the bound database.

    When the file updates contacts already stored, a copy of the database is taken
    first, beside it (``<name>-before-import-<time>.db``), and named in the report.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; choose from {', '.join(KINDS)}")
    if kind == "vcard" and str(path) != "-" and Path(path).expanduser().is_dir():
        return import_records(
            kind,
            parse_folder(Path(path).expanduser(), cancelled),
            on_progress=on_progress,
            cancelled=cancelled,
            backup_before_update=True,
        )
    data = read_file(path, cancelled)
    if kind == "json":
        return restore_json(data, on_progress=on_progress, cancelled=cancelled)
    if kind in CSV_KINDS:
        found = csv_kind(kind, data)
        report = import_records(
            found,
            parse_file(found, data, cancelled),
            on_progress=on_progress,
            cancelled=cancelled,
            backup_before_update=True,
            source=Path(path).name,
        )
        return replace(report, told_by_header=kind == "csv")
    return import_records(
        kind,
        parse_file(kind, data, cancelled),
        on_progress=on_progress,
        cancelled=cancelled,
        backup_before_update=True,
        source=Path(path).name,
    )


def backup_before_import() -> Path | None:
    """A checked copy of the bound database beside it, taken inside the import's
    transaction before anything is written, so it is the database as it was.

    The import holds the write lock (``BEGIN IMMEDIATE``) and has written nothing yet;
    the copy is read through a second, read-only connection (WAL readers are never
    blocked), since SQLite's backup cannot read through a connection in a write
    transaction."""
    from urllib.parse import quote

    from netui.db.backup import default_backup_path, write_database_copy
    from netui.db.connection import current_path

    path = current_path()
    if path is None:
        return None
    target = default_backup_path(path, label="before-import")
    source = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=ro", uri=True)
    try:
        return write_database_copy(source, target, thorough=False, source_path=path)
    finally:
        source.close()


def import_records(
    kind: str,
    parsed: ParsedFile,
    on_progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    backup_before_update: bool = False,
    ids: list[int] | None = None,
    source: str = "",
) -> ImportReport:
    """Apply parsed records in one transaction (see the module docstring). The import
    is one undo step (:mod:`netui.db.history`): undoing it removes the contacts it
    added and reverts the fields, tags and ties it changed, where nobody changed them
    since. ``source`` (the file's name) goes in the step's description. ``ids``, when
    given, receives the contact id of each record, in order."""
    total = len(parsed.records)
    what = f"import of {source}" if source else f"{kind} import"
    importer = _Importer(kind, parsed, on_progress, cancelled)
    if backup_before_update:
        importer.before_update = backup_before_import
    try:
        # rolled back on any exception, cancelling included
        with history.undoable(what):
            report = importer.run(total)
            if ids is not None:
                ids.extend(int(p.id) for p in importer.targets if p.id is not None)
            journal.describe(f"{what} ({_counts(report)})")
    except BaseException:
        if importer.backup is not None:  # nothing changed: the copy is not needed
            with contextlib.suppress(OSError):
                importer.backup.unlink()
        raise
    if on_progress is not None:
        on_progress(total, total)
    return report


def _counts(report: ImportReport) -> str:
    return f"{report.added:,} added, {report.updated:,} updated"


def _iso(day: object) -> str | None:
    """A first-contact day as stored (``YYYY-MM-DD``), so that stored and imported
    values compare as they are."""
    return day.isoformat()[:10] if day is not None and hasattr(day, "isoformat") else day  # type: ignore[return-value]


# --- matching keys --------------------------------------------------------------------


@functools.lru_cache(maxsize=65_536)
def url_key(url: str) -> str:
    """A LinkedIn URL reduced to what identifies the profile (host and path, casefolded)."""
    key = url.strip().casefold()
    if not key:
        return ""
    key = _SCHEME.sub("", key, count=1).removeprefix("www.")
    for mark in "?#":
        key = key.split(mark, 1)[0]
    return key.rstrip("/") or url.strip().casefold()


def email_key(email: str) -> str:
    return email.strip().casefold()


def name_org_key(name: str, organisation: str) -> tuple[str, str]:
    return (sort_key_for(name), organisation_key(organisation))


# --- the importer ---------------------------------------------------------------------


@dataclass
class _Person:
    """A contact being imported into: an existing row or a new one."""

    id: int | None
    values: dict[str, object]
    tags: dict[str, list[str]]  # "tags"/"expertise"/"interests" → names
    before: tuple[Any, ...] | None = None  # existing contacts: the column values before
    original: tuple[Any, ...] | None = None  # existing contacts: values and tags before
    uid: str = ""

    def snapshot(self) -> tuple[Any, ...]:
        return (
            tuple(self.values[c] for c in _COLUMNS),
            tuple(tuple(self.tags[a]) for a in TAG_FIELDS),
        )

    def fields(self) -> ContactFields:
        values = {k: v for k, v in self.values.items() if k != "first_contact"}
        return ContactFields(**values, **{a: tuple(self.tags[a]) for a in TAG_FIELDS})  # type: ignore[arg-type]


class _Importer:
    def __init__(
        self,
        kind: str,
        parsed: ParsedFile,
        on_progress: Progress | None,
        cancelled: Callable[[], bool],
    ) -> None:
        self.kind = kind
        self.parsed = parsed
        self.on_progress = on_progress
        self.cancelled = cancelled
        self.by_uid: dict[str, int | _Person] = {}
        self.by_url: dict[str, int | _Person] = {}
        self.by_email: dict[str, int | _Person] = {}
        self.by_name_org: dict[tuple[str, str], int | _Person] = {}
        self.url_of: dict[int, str] = {}
        self.rows: dict[int, tuple[Any, ...]] = {}
        self.touched: dict[int, _Person] = {}
        self.new: list[_Person] = []
        self.repeated = 0
        self.before_update: Callable[[], Path | None] | None = None
        self.backup: Path | None = None
        self.targets: list[_Person] = []

    # -- loading ---------------------------------------------------------------

    def load(self) -> None:
        """One pass over the contact table builds every dedupe index in memory."""
        fields = [getattr(Contact, column) for column in _COLUMNS]
        query = (
            Contact.select(Contact.id, *fields, Contact.uid, Contact.sort_name)
            # Later rows overwrite earlier ones: archived first, then newest to oldest.
            .order_by(Contact.archived.desc(), Contact.id.desc())
        )
        org_at = 1 + _COLUMNS.index("organisation")
        email_at = 1 + _COLUMNS.index("email")
        url_at = 1 + _COLUMNS.index("linkedin_url")
        # Straight from the cursor: no per-row model conversion for 30,000 rows.
        for row in database.execute(query).fetchall():
            cid = row[0]
            self.rows[cid] = row
            self.by_uid[row[-2]] = cid
            key = url_key(row[url_at])
            if key:
                self.by_url[key] = cid
                self.url_of[cid] = key
            email = email_key(row[email_at])
            if email:
                self.by_email[email] = cid
            self.by_name_org[(row[-1], organisation_key(row[org_at]))] = cid

    def person(self, target: int | _Person) -> _Person:
        if isinstance(target, _Person):
            return target
        found = self.touched.get(target)
        if found is None:
            row = self.rows[target]
            values = dict(zip(_COLUMNS, row[1 : 1 + len(_COLUMNS)], strict=True))
            values["second_degree"] = bool(values["second_degree"])
            found = _Person(
                id=target,
                values=values,
                tags={a: [] for a in TAG_FIELDS},
                before=tuple(values[c] for c in _COLUMNS),
                uid=row[-2],
            )
            self.touched[target] = found
        return found

    # -- matching --------------------------------------------------------------

    def match(self, record: ContactRecord) -> int | _Person | None:
        uid = normalise_uid(record.uid) if record.uid else ""
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        url = url_key(record.linkedin_url)
        if url and url in self.by_url:
            return self.by_url[url]
        for email in record.emails:
            found = self.by_email.get(email_key(email))
            if found is not None:
                return found
        found = self.by_name_org.get(name_org_key(record.name, record.organisation))
        if found is not None:
            other = self._url_of(found)
            if url and other and other != url:
                return None  # same name and organisation, but another LinkedIn profile
        return found

    def _url_of(self, target: int | _Person) -> str:
        if isinstance(target, _Person):
            return url_key(str(target.values["linkedin_url"]))
        person = self.touched.get(target)
        if person is not None:
            return url_key(str(person.values["linkedin_url"]))
        return self.url_of.get(target, "")

    def index(self, record: ContactRecord, target: int | _Person) -> None:
        if record.uid:
            self.by_uid.setdefault(normalise_uid(record.uid), target)
        url = url_key(record.linkedin_url)
        if url:
            self.by_url.setdefault(url, target)
        for email in record.emails:
            key = email_key(email)
            if key:
                self.by_email.setdefault(key, target)
        self.by_name_org.setdefault(name_org_key(record.name, record.organisation), target)

    # -- merging ---------------------------------------------------------------

    @staticmethod
    def new_person(record: ContactRecord) -> _Person:
        values: dict[str, object] = {
            "name": record.name,
            "organisation": record.organisation,
            "role": record.role,
            "email": record.email,
            "phone": record.phone,
            "linkedin_url": record.linkedin_url,
            "location": record.location,
            "how_we_met": record.how_we_met,
            "career_path": record.career_path,
            "notes": record.notes,
            "first_contact": _iso(record.first_contact),
            "closeness": 3 if record.closeness is None else record.closeness,
            "cadence_days": record.cadence_days,
            "second_degree": bool(record.second_degree),
        }
        tags = {a: list(clean_tags(getattr(record, a))) if getattr(record, a) else []
                for a in TAG_FIELDS}  # fmt: skip
        # The card's own UID, so that it is recognised when it comes back (match()
        # found no contact with it); a new one when it has none.
        uid = normalise_uid(record.uid) if record.uid else ""
        return _Person(id=None, values=values, tags=tags, uid=uid or new_uid())

    @staticmethod
    def merge(person: _Person, record: ContactRecord) -> None:
        values = person.values
        for column in _REPLACED:
            value = getattr(record, column)
            if value:
                values[column] = value
        current = email_key(str(values["email"]))
        if record.emails and current not in {email_key(e) for e in record.emails}:
            values["email"] = record.email
        if record.how_we_met and not values["how_we_met"]:
            values["how_we_met"] = record.how_we_met
        first = _iso(record.first_contact)
        if first and (not values["first_contact"] or first < str(values["first_contact"])):
            values["first_contact"] = first  # the earliest day any file knows of
        notes = str(values["notes"])
        if record.notes and record.notes not in notes:
            values["notes"] = f"{notes}\n\n{record.notes}" if notes else record.notes
        for attribute in TAG_FIELDS:
            if getattr(record, attribute):
                person.tags[attribute] = list(
                    clean_tags([*person.tags[attribute], *getattr(record, attribute)])
                )
        for column in _NETUI_OWN:
            value = getattr(record, column)
            if value is not None:
                values[column] = value

    # -- the run ---------------------------------------------------------------

    def tick(self, done: int, total: int) -> None:
        if self.cancelled():
            raise ImportCancelled()
        if self.on_progress is not None and done < total:
            self.on_progress(done, total)

    def run(self, total: int) -> ImportReport:
        self.tick(0, total)
        self.load()
        targets: list[_Person] = []
        self.targets = targets
        for done, record in enumerate(self.parsed.records):
            if done % PROGRESS_EVERY == 0 and done:
                self.tick(done, total)
            found = self.match(record)
            if found is None:
                person = self.new_person(record)
                self.new.append(person)
                self.index(record, person)
            else:
                if isinstance(found, _Person) and found.id is None:
                    self.repeated += 1
                person = self.person(found)
                self.merge(person, record)
                self.index(record, found)
            targets.append(person)

        self.load_stored_tags()
        if self.before_update is not None and any(
            p.snapshot() != p.original for p in self.touched.values()
        ):
            if self.cancelled():  # a last chance to cancel before the copy
                raise ImportCancelled()
            self.backup = self.before_update()
        updated, unchanged = self.write()
        ties_added, unknown = self.add_ties(targets)
        self.tick(total, total)
        return ImportReport(
            kind=self.kind,
            added=len(self.new),
            updated=updated,
            unchanged=unchanged,
            skipped=len(self.parsed.skipped),
            skipped_where=self.parsed.skipped,
            repeated=self.repeated,
            ties_added=ties_added,
            related_unknown=unknown,
            backup=str(self.backup) if self.backup is not None else "",
        )

    def load_stored_tags(self) -> None:
        """Put each matched contact's stored tags before the ones the file added."""
        people = list(self.touched.values())
        stored = contact_tags([p.id for p in people if p.id is not None])
        for person in people:
            assert person.id is not None and person.before is not None
            mine = stored[person.id]
            person.original = (person.before, tuple(tuple(mine[a]) for a in TAG_FIELDS))
            person.tags = {a: list(clean_tags([*mine[a], *person.tags[a]])) for a in TAG_FIELDS}

    # -- writing ---------------------------------------------------------------

    def write(self) -> tuple[int, int]:
        stamp = now()
        next_id = (Contact.select(Contact.id).order_by(Contact.id.desc()).scalar() or 0) + 1
        for offset, person in enumerate(self.new):
            person.id = next_id + offset

        insert_columns = ("id", *_COLUMNS, "archived", "created_at", "updated_at",
                          "sort_name", "search_text", "uid")  # fmt: skip
        created = Contact.created_at.db_value(stamp)
        rows = []
        for person in self.new:
            values = person.values
            rows.append(
                (
                    person.id,
                    *(values[c] for c in _COLUMNS[:-1]),
                    Contact.second_degree.db_value(values["second_degree"]),
                    Contact.archived.db_value(False),
                    created,
                    created,
                    sort_key_for(str(values["name"])),
                    search_text_for(person.fields()),
                    person.uid,
                )
            )
        _insert_rows(Contact, insert_columns, rows)
        recorder = journal.current()
        if recorder is not None and self.new:
            first, last = self.new[0].id, self.new[-1].id
            stored = database.execute_sql(
                f'SELECT "updated_at" FROM "contact" WHERE "id" = {database.param}', [first]
            ).fetchone()[0]
            recorder.add({"op": "created_range", "first": first, "last": last,
                          "stamp": stored})  # fmt: skip

        changed = [p for p in self.touched.values() if p.snapshot() != p.original]
        update_columns = (*_COLUMNS, "updated_at", "sort_name", "search_text")
        updates = [
            (
                *(p.values[c] for c in _COLUMNS[:-1]),
                Contact.second_degree.db_value(p.values["second_degree"]),
                created,
                sort_key_for(str(p.values["name"])),
                search_text_for(p.fields()),
                p.id,
            )
            for p in changed
        ]
        _update_rows(Contact, update_columns, updates)
        if recorder is not None:
            self.record_updates(recorder, changed)

        self.write_tags([*self.new, *changed])
        return len(changed), len(self.touched) - len(changed)

    def record_updates(self, recorder: journal.Recorder, changed: Sequence[_Person]) -> None:
        """The undo of the updates: each changed column, before and after, as stored."""
        for start in range(0, len(changed), 500):
            chunk = {p.id: p for p in changed[start : start + 500]}
            marks = ", ".join([database.param] * len(chunk))
            names = ", ".join(f'"{c}"' for c in _COLUMNS)
            cursor = database.execute_sql(
                f'SELECT "id", {names} FROM "contact" WHERE "id" IN ({marks})', list(chunk)
            )
            for row in cursor.fetchall():
                before = self.rows[row[0]][1 : 1 + len(_COLUMNS)]
                fields = {
                    column: [old, new]
                    for column, old, new in zip(_COLUMNS, before, row[1:], strict=True)
                    if old != new
                }
                if fields:
                    recorder.add(
                        {"op": "set", "table": "contact", "key": {"id": row[0]}, "fields": fields}
                    )

    def write_tags(self, people: Sequence[_Person]) -> None:
        wanted = {name for p in people for attribute in TAG_FIELDS for name in p.tags[attribute]}
        if not wanted:
            return
        ids: dict[str, int] = {}
        names = sorted(wanted)
        for start in range(0, len(names), 500):
            ids.update(tag_ids(names[start : start + 500]))
        existing: set[tuple[int | None, int, str]] = set()
        stored_ids = [p.id for p in people if p.original is not None]
        for start in range(0, len(stored_ids), 500):
            chunk = stored_ids[start : start + 500]
            existing.update(
                tuples(
                    ContactTag.select(ContactTag.contact, ContactTag.tag, ContactTag.kind).where(
                        ContactTag.contact.in_(chunk)
                    )
                )
            )
        rows = []
        recorder = journal.current()
        for p in people:
            for attribute, kind in TAG_FIELDS.items():
                for name in p.tags[attribute]:
                    row = (p.id, ids[name], kind)
                    if row not in existing:
                        existing.add(row)
                        rows.append(row)
                        if recorder is not None and p.original is not None:
                            key = {"contact_id": p.id, "tag_id": ids[name], "kind": kind}
                            recorder.add({"op": "created", "table": "contact_tag", "key": key})
        _insert_rows(ContactTag, ("contact", "tag", "kind"), rows)

    # -- ties from RELATED -----------------------------------------------------

    def add_ties(self, targets: Sequence[_Person]) -> tuple[int, int]:
        records = self.parsed.records
        if not any(record.related for record in records):
            return 0, 0
        by_uid = {uid: self._id(found) for uid, found in self.by_uid.items()}
        names: dict[str, set[int]] = {}
        for cid, row in self.rows.items():
            names.setdefault(row[-1], set()).add(cid)
        for p in targets:
            names.setdefault(sort_key_for(str(p.values["name"])), set()).add(p.id)  # type: ignore[arg-type]

        def resolve(value: str) -> int | None:
            text = value.strip()
            lowered = text.casefold()
            found = by_uid.get(normalise_uid(text))
            if found is not None:
                return found
            if lowered.startswith("mailto:") or ("@" in text and " " not in text):
                person = self.by_email.get(email_key(text.removeprefix("mailto:")))
                return self._id(person)
            if "linkedin.com/" in lowered:
                return self._id(self.by_url.get(url_key(text)))
            if ":" in text and " " not in text:
                return None  # some other URI
            matches = names.get(sort_key_for(text), set())
            return next(iter(matches)) if len(matches) == 1 else None

        pairs: dict[tuple[int, int], tuple[int, str]] = {}
        unknown = 0
        for record, person in zip(records, targets, strict=True):
            for related in record.related:
                other = resolve(related.value)
                if other is None or other == person.id:
                    unknown += other is None
                    continue
                assert person.id is not None
                pair = (min(person.id, other), max(person.id, other))
                strength = 3 if related.strength is None else related.strength
                context = related.kind if related.context is None else related.context
                pairs.setdefault(pair, (strength, context))
        if not pairs:
            return 0, unknown
        existing: set[tuple[Any, ...]] = set()
        ids = sorted({cid for pair in pairs for cid in pair})
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            existing.update(tuples(Tie.select(Tie.a, Tie.b).where(Tie.a.in_(chunk))))
        stamp = Tie.created_at.db_value(now())
        rows = [
            (a, b, strength, context, stamp)
            for (a, b), (strength, context) in pairs.items()
            if (a, b) not in existing
        ]
        _insert_rows(Tie, ("a", "b", "strength", "context", "created_at"), rows)
        recorder = journal.current()
        first_new = min((p.id for p in self.new if p.id is not None), default=None)
        if recorder is not None:
            for a, b, strength, context, _ in rows:
                if first_new is None or a < first_new:  # the new ones go with their contact
                    recorder.add({"op": "created", "table": "tie", "key": {"a_id": a, "b_id": b},
                                  "row": {"strength": strength, "context": context}})  # fmt: skip
        return len(rows), unknown

    def _id(self, found: int | _Person | None) -> int | None:
        if isinstance(found, _Person):
            return found.id
        return found


# --- raw batched writes -----------------------------------------------------------------


def _column_names(model: type, names: Iterable[str]) -> list[str]:
    fields = model._meta.fields  # type: ignore[attr-defined]
    return [fields[name].column_name for name in names]


def _insert_rows(model: type, names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """``INSERT`` with ``executemany`` in batches (portable SQL, the driver's placeholder)."""
    _insert_columns(model, _column_names(model, names), rows)


def _insert_columns(model: type, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    param = database.param
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        model._meta.table_name,  # type: ignore[attr-defined]
        ", ".join(f'"{c}"' for c in columns),
        ", ".join([param] * len(columns)),
    )
    cursor = database.cursor()
    for start in range(0, len(rows), BATCH):
        cursor.executemany(sql, rows[start : start + BATCH])


def _update_rows(model: type, names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """``UPDATE … WHERE id = ?`` with ``executemany``; each row ends with the id."""
    if not rows:
        return
    columns = _column_names(model, names)
    param = database.param
    sql = 'UPDATE "{}" SET {} WHERE "id" = {}'.format(
        model._meta.table_name,  # type: ignore[attr-defined]
        ", ".join(f'"{c}" = {param}' for c in columns),
        param,
    )
    cursor = database.cursor()
    for start in range(0, len(rows), BATCH):
        cursor.executemany(sql, rows[start : start + BATCH])


__all__ = [
    "KINDS",
    "ImportCancelled",
    "ImportFileError",
    "ImportReport",
    "import_file",
    "import_records",
    "parse_file",
    "read_file",
    "url_key",
]


# --- JSON restore ---------------------------------------------------------------------

#: Allowed values of text columns that hold one of a fixed set.
_CHOICES = {
    ("contact_tag", "kind"): TAG_KINDS,
    ("introduction", "status"): INTRO_STATUSES,
    ("exchange", "direction"): DIRECTIONS,
    ("exchange", "currency"): CURRENCIES,
    ("good", "kind"): GOOD_KINDS,
}
_META = ("format", "version", "schema", "exported_at")
JSON_WHAT = "JSON file"


def _load_document(data: bytes) -> dict[str, Any]:
    text = decode_text(data, JSON_WHAT)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"Line {error.lineno} of the {JSON_WHAT} is not valid JSON ({error.msg})."
        ) from None
    except RecursionError:
        raise ImportFileError(
            f"The {JSON_WHAT} is nested too deeply to be a netui export."
        ) from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ImportFileError(
            f'The {JSON_WHAT} is not a netui export (it has no "format": "netui").'
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFileError(f'The {JSON_WHAT} has no valid "version" (a whole number).')
    if version > JSON_VERSION:
        raise ImportFileError(
            f"The {JSON_WHAT} is version {version} of the export format; this netui reads "
            f"up to version {JSON_VERSION}. Upgrade netui to import it."
        )
    schema = document.get("schema", LATEST)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema > LATEST:
        raise ImportFileError(
            f"The {JSON_WHAT} comes from a newer database (schema {shown(str(schema))}); "
            "upgrade netui to import it."
        )
    tables = {table_name(model) for model in MODELS}
    for key in document:
        if key not in tables and key not in _META:
            raise ImportFileError(f"The {JSON_WHAT} has an unknown list {shown(str(key))}.")
    return document


#: Columns added by later schema versions: an export from before that version has no
#: such key, and the record takes the column's default.
_ADDED_IN: dict[tuple[str, str], int] = {
    ("contact", "first_contact"): 5,
    ("contact", "helps_them"): 5,
    ("meeting", "title"): 5,
    ("meeting", "calendar_uid"): 5,
    ("meeting", "calendar_key"): 5,
    ("meeting", "calendar_said"): 5,
    ("meeting", "cancelled"): 5,
    ("contact", "uid"): 6,  # a UID is made now for each contact of an older document
}


def _json_rows(
    document: dict[str, Any], cancelled: Callable[[], bool] = lambda: False
) -> dict[str, list[dict[str, object]]]:
    """Every record checked and converted to Python values, by table."""
    schema = document.get("schema", LATEST)
    result: dict[str, list[dict[str, object]]] = {}
    for model in MODELS:
        table = table_name(model)
        records = document.get(table, [])
        if not isinstance(records, list):
            raise ImportFileError(f'"{table}" in the {JSON_WHAT} is not a list.')
        columns = json_columns(model)
        known = {key for key, _ in columns}
        rows = []
        for number, record in enumerate(records, start=1):
            if number % POLL_RECORDS == 0 and cancelled():
                raise ImportCancelled()
            where = f'Record {number} of the "{table}" list in the {JSON_WHAT}'
            if not isinstance(record, dict):
                raise ImportFileError(f"{where} is not an object.")
            for key in record:
                if key not in known:
                    raise ImportFileError(f"{where} has an unknown field {shown(str(key))}.")
            row: dict[str, object] = {}
            for key, column in columns:
                if key not in record and schema < _ADDED_IN.get((table, key), 0):
                    row[key] = column.default() if callable(column.default) else column.default
                    continue
                if key not in record:
                    raise ImportFileError(f'{where} has no "{key}".')
                try:
                    row[key] = from_json_value(column, record[key])
                except (TypeError, ValueError) as error:
                    problem = str(error)
                    named = isinstance(error, TypeError) or problem.startswith(("is ", "holds "))
                    if not named:
                        problem = "is not valid"
                    raise ImportFileError(f'{where}: "{key}" {problem}.') from None
                allowed = _CHOICES.get((table, key))
                if allowed and row[key] not in allowed:
                    raise ImportFileError(
                        f'{where}: "{key}" is {shown(str(row[key]))}, not one of '
                        f"{', '.join(allowed)}."
                    )
            rows.append(row)
        result[table] = rows
    return result


def _check_references(rows: dict[str, list[dict[str, object]]]) -> None:
    """Unique keys and every foreign key pointing at a record of the file."""
    keys: dict[str, set[object]] = {}
    for model in MODELS:
        table = table_name(model)
        primary = [field.column_name for field in model._meta.get_primary_keys()]
        seen: set[object] = set()
        for number, row in enumerate(rows[table], start=1):
            key = tuple(row[name] for name in primary)
            if key in seen:
                shown_key = ", ".join(str(part) for part in key)
                raise ImportFileError(
                    f'Record {number} of the "{table}" list in the {JSON_WHAT} repeats the key '
                    f"{shown(shown_key)}."
                )
            seen.add(key)
            for name, column in json_columns(model):
                if isinstance(column, ForeignKeyField) and row[name] is not None:
                    target = table_name(column.rel_model)
                    if (row[name],) not in keys.get(target, set()):
                        raise ImportFileError(
                            f'Record {number} of the "{table}" list in the {JSON_WHAT}: '
                            f'"{name}" is {row[name]}, but the "{target}" list has no such id.'
                        )
        keys[table] = seen


def _tag_keys(rows: dict[str, list[dict[str, object]]]) -> None:
    """Add each tag's derived key. Tags of an older file whose names fold alike
    (``zoë``, ``zoe``) become one, the first: its uses point at it, once each."""
    first: dict[str, object] = {}
    same: dict[object, object] = {}
    kept = []
    for row in rows["tag"]:
        key = normalise_tag(str(row["name"]))
        if key in first:
            same[row["id"]] = first[key]
            continue
        first[key] = row["id"]
        row["key"] = key
        kept.append(row)
    if not same:
        return
    rows["tag"] = kept
    for table, owner in (("contact_tag", ("contact_id", "kind")), ("good_tag", ("good_id",)),
                         ("goal_tag", ("goal_id",))):  # fmt: skip
        seen: set[tuple[Any, ...]] = set()
        uses = []
        for row in rows[table]:
            row["tag_id"] = same.get(row["tag_id"], row["tag_id"])
            use = (*(row[name] for name in owner), row["tag_id"])
            if use not in seen:
                seen.add(use)
                uses.append(row)
        rows[table] = uses


def _search_columns(rows: dict[str, list[dict[str, object]]]) -> None:
    """Add each contact's derived sort_name and search_text from the file's tags."""
    names = {row["id"]: row["name"] for row in rows["tag"]}
    tags: dict[object, dict[str, list[str]]] = {}
    attribute_of = {kind: attribute for attribute, kind in TAG_FIELDS.items()}
    for row in rows["contact_tag"]:
        mine = tags.setdefault(row["contact_id"], {a: [] for a in TAG_FIELDS})
        mine[attribute_of.get(str(row["kind"]), "tags")].append(str(names[row["tag_id"]]))
    for row in rows["contact"]:
        mine = tags.get(row["id"], {a: [] for a in TAG_FIELDS})
        values = ContactFields(
            name=str(row["name"]),
            organisation=str(row["organisation"]),
            role=str(row["role"]),
            email=str(row["email"]),
            notes=str(row["notes"]),
            **{a: tuple(mine[a]) for a in TAG_FIELDS},  # type: ignore[arg-type]
        )
        row["sort_name"] = sort_key_for(values.name)
        row["search_text"] = search_text_for(values)


def restore_json(
    data: bytes,
    on_progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportReport:
    """Restore a netui JSON export into an empty database, ids and all."""
    rows = _json_rows(_load_document(data), cancelled)
    _check_references(rows)
    _tag_keys(rows)
    _search_columns(rows)
    total = sum(len(table_rows) for table_rows in rows.values())
    done = 0
    with database.atomic():
        stored = {table_name(m): m.select().count() for m in MODELS}
        if any(stored.values()):
            contacts = stored.get("contact", 0)
            raise ImportFileError(
                "A JSON export is restored only into an empty database, and this one holds "
                f"{plural(contacts, 'contact')}; use a new file: "
                "netui --db NEW.db import json FILE."
            )
        for model in MODELS:
            table = table_name(model)
            table_rows = rows[table]
            if not table_rows:
                continue
            names = list(table_rows[0])
            fields = model._meta.columns  # column name → field
            for start in range(0, len(table_rows), BATCH):
                if cancelled():
                    raise ImportCancelled()
                if on_progress is not None and done < total:
                    on_progress(done, total)
                batch = table_rows[start : start + BATCH]
                values = [
                    tuple(fields[name].db_value(row[name]) for name in names) for row in batch
                ]
                try:
                    _insert_columns(model, names, values)
                except (IntegrityError, sqlite3.IntegrityError) as error:
                    failed = model.select().count()  # the table was empty: rows before it
                    raise ImportFileError(
                        f'Record {failed + 1} of the "{table}" list in the {JSON_WHAT} cannot be '
                        f"stored: {str(error).rstrip('.')}."
                    ) from None
                done += len(batch)
        # The history of the emptied network refers to rows that are not these.
        UndoStep.delete().execute()
    if on_progress is not None:
        on_progress(total, total)
    return ImportReport(kind="json", restored={t: len(r) for t, r in rows.items()})
