"""Applying imported files to the database: all or nothing, with dedupe.

The one entry point for the command line and the app::

    report = import_file("linkedin", path, on_progress=None, cancelled=lambda: False)
    print(report.summary())          # "120 added, 3 updated, 2 skipped."

``kind`` is ``"linkedin"`` (``Connections.csv``), ``"google"`` (Google Contacts'
CSV), ``"outlook"`` (Outlook's CSV), ``"csv"`` (whichever of those three the header
shows; a header that is none of them, or a file named as one format whose header
shows another, is refused: :mod:`netui.core.importers.csv_formats`), ``"vcard"``
(``.vcf``) or ``"json"`` (a netui JSON export, see :mod:`netui.db.exporters`). The file is
read whole (bytes, up to 100 MB), then parsed, matched and written a slice of
records at a time (:data:`~.records.SLICE`), all in ONE transaction: what an import
keeps of the rows already written is their dedupe keys, so its memory does not
grow with the file's records. A bad file raises
:class:`~netui.core.importers.ImportFileError` (one sentence naming the line or
record) and changes nothing, however far down the problem is (the transaction is
rolled back); so does cancelling.

``on_progress(done, total)`` is called from the calling thread every few hundred
records and once at the end (``done == total``), in the unit of the reading (bytes
of a file read as it goes, records of a folder of cards); ``cancelled()`` is polled at the
same moments, and when it returns true the transaction is rolled back and
:class:`ImportCancelled` is raised. The app runs this in a thread worker inside
``database.connection_context()``, calling back with ``call_from_thread``.

The package, by concern: :mod:`.reading` (bounded reads, the parser of each kind),
:mod:`.dedupe` (which contact a record is, and how it merges), :mod:`.records`
(the one-pass write of new contacts, updates, tags and RELATED ties, for undo),
:mod:`.json_restore` (a netui JSON export into an empty database), :mod:`.bulk`
(batched ``executemany``) and :mod:`.report` (what the import did).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from netui.core.importers import ImportCancelled, ImportFileError, ParsedFile, RecordStream
from netui.core.vdir import parse_folder
from netui.db import journal
from netui.db.backup import default_backup_path, write_database_copy
from netui.db.importing.dedupe import url_key
from netui.db.importing.json_restore import restore_json
from netui.db.importing.reading import (
    CSV_KINDS,
    KINDS,
    STDIN,
    csv_kind,
    parse_file,
    read_file,
    stream_file,
)
from netui.db.importing.records import Importer
from netui.db.importing.report import ImportReport, Progress
from netui.db.models import current_path

__all__ = [
    "CSV_KINDS",
    "KINDS",
    "STDIN",
    "ImportCancelled",
    "ImportFileError",
    "ImportReport",
    "Progress",
    "import_file",
    "import_records",
    "parse_file",
    "read_file",
    "restore_json",
    "url_key",
]


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
            stream_file(found, data, cancelled),
            on_progress=on_progress,
            cancelled=cancelled,
            backup_before_update=True,
            source=Path(path).name,
        )
        return replace(report, told_by_header=kind == "csv")
    return import_records(
        kind,
        stream_file(kind, data, cancelled),
        on_progress=on_progress,
        cancelled=cancelled,
        backup_before_update=True,
        source=Path(path).name,
    )


def backup_before_import() -> Path | None:
    """A checked copy of the bound database beside it, taken inside the import's
    transaction before anything is written, so it is the database as it was.

    The import holds the write lock (``BEGIN IMMEDIATE``) and may have written the new
    contacts of its first slices; the copy is read through a second, read-only
    connection (WAL readers are never blocked, and see only what was committed:
    none of this import), since SQLite's backup cannot read through a connection in
    a write transaction."""
    from urllib.parse import quote


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
    parsed: ParsedFile | RecordStream,
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
    stream = RecordStream.of(parsed) if isinstance(parsed, ParsedFile) else parsed
    total = stream.total
    what = f"import of {source}" if source else f"{kind} import"
    importer = Importer(kind, stream, on_progress, cancelled)
    importer.ids = ids
    if backup_before_update:
        importer.before_update = backup_before_import
    try:
        # rolled back on any exception, cancelling and a bad row further down included
        with journal.undoable(what):
            report = importer.run()
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

