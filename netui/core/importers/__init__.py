"""Reading other programs' files into plain records. No database, no Textual here.

Each importer turns the bytes of one file into a :class:`ParsedFile`: the
:class:`ContactRecord` of every person it describes, and where (``line 12``,
``card 3 (line 40)``) each record and each skipped entry came from. Nothing is
written anywhere; :mod:`netui.db.importing` applies the records to the database in
one transaction, with dedupe.

A file that cannot be read raises :class:`ImportFileError` with one sentence that
names the line or record; the database is never touched in that case.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from netui.core.text import safe_line

#: Longest text shown back from a file inside an error message.
SHOWN = 60
#: The largest file netui imports (stated in the README): a LinkedIn export of
#: 100,000 connections is about 10 MB; a phone's vCards with photos can be tens of MB.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: The longest value of a single field netui imports (a vCard property, a CSV cell).
MAX_FIELD_CHARS = 100_000
#: Records between two polls of ``cancelled`` while a file is read.
POLL_RECORDS = 256


class ImportFileError(Exception):
    """A file that cannot be imported: one sentence naming the line or record."""


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""

    def __init__(self, message: str = "The import was cancelled; nothing was changed.") -> None:
        super().__init__(message)


def too_large(path: object, size: int) -> str:
    """The sentence for a file over :data:`MAX_FILE_BYTES`."""
    return (
        f"{path} is too large to import ({size / 1024 / 1024:,.0f} MB; netui imports "
        f"files up to {MAX_FILE_BYTES // 1024 // 1024} MB)."
    )


def field_too_long(where: str, name: str, length: int) -> str:
    """The sentence for a field over :data:`MAX_FIELD_CHARS`."""
    return (
        f"{where} has a {name} of {length:,} characters; netui imports fields of up to "
        f"{MAX_FIELD_CHARS:,} characters."
    )


@dataclass(frozen=True)
class Related:
    """ "This person knows ...": someone named in a vCard's RELATED property.

    ``value`` is what the file says: a ``urn:uuid:`` (another card's UID), a
    ``mailto:`` address, a web address (LinkedIn), or a plain name.
    ``kind`` is the relation type (``colleague``, ``friend`` ...), maybe empty.
    """

    value: str
    kind: str = ""
    strength: int | None = None  # X-NETUI-STRENGTH: the tie's strength, 1-5
    context: str | None = None  # X-NETUI-CONTEXT: the tie's context, as typed


@dataclass(slots=True)
class ContactRecord:
    """One person read from a file, in netui's terms; strings are trimmed. Never
    changed once made (``dataclasses.replace`` makes another), but not a frozen
    dataclass, whose ``__init__`` is three times slower: a LinkedIn file at its cap
    makes 300,000 of them."""

    where: str  # "line 12" / "card 3 (line 40)": for messages
    name: str
    organisation: str = ""
    role: str = ""
    emails: tuple[str, ...] = ()  # the first is the one kept on the contact
    phone: str = ""
    linkedin_url: str = ""
    location: str = ""
    how_we_met: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    uid: str = ""
    related: tuple[Related, ...] = ()
    # netui's own data, from the X-NETUI-* properties of its vCards; None: not given.
    career_path: str = ""
    closeness: int | None = None
    cadence_days: int | None = None
    second_degree: bool | None = None
    #: The earliest day the file knows of (LinkedIn's "Connected On", a vCard's REV or
    #: dates): someone never contacted counts from it, not from the import.
    first_contact: dt.date | None = None

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""


@dataclass(frozen=True)
class ParsedFile:
    """Everything read from one file."""

    records: tuple[ContactRecord, ...]
    skipped: tuple[str, ...] = field(default=())  # where each entry without a name was


class RecordStream:
    """The records of a file read as they are asked for, a slice at a time, so an
    import never holds every record of a large file.

    ``skipped`` fills as the reading goes (where each entry without a name was);
    ``position()`` is how far the reading is, in the unit of ``total`` (records of
    a parsed file, bytes of a file read as it goes), for a progress bar. A problem
    found further down the file raises :class:`ImportFileError` when the reading
    gets there: the import's one transaction is rolled back then, so nothing is
    written either way."""

    def __init__(
        self,
        records: Iterable[ContactRecord],
        total: int,
        position: Callable[[], int],
        skipped: list[str] | None = None,
    ) -> None:
        self.records: Iterator[ContactRecord] = iter(records)
        self.total = total
        self.position = position
        self.skipped: list[str] = [] if skipped is None else skipped

    @classmethod
    def of(cls, parsed: ParsedFile) -> RecordStream:
        """The records of a file parsed whole, counted as they are taken."""
        taken = 0

        def counted() -> Iterator[ContactRecord]:
            nonlocal taken
            for record in parsed.records:
                taken += 1
                yield record

        return cls(counted(), len(parsed.records), lambda: taken, list(parsed.skipped))

    def parsed(self) -> ParsedFile:
        """Every record, read to the end (for callers that want the whole file)."""
        records = tuple(self.records)
        return ParsedFile(records=records, skipped=tuple(self.skipped))


def check_utf8(data: bytes, what: str) -> None:
    """Raise :class:`ImportFileError` naming the line when ``data`` is not UTF-8 text,
    without holding the whole text (a megabyte at a time)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    try:
        for start in range(0, len(data), step):
            decoder.decode(data[start : start + step], final=start + step >= len(data))
    except UnicodeDecodeError:
        decode_text(data, what)  # the whole text, for the line of the first bad byte
        raise


def shown(value: str) -> str:
    """File text quoted for an error message: one line, controls visible, shortened."""
    text = safe_line(value)
    if len(text) > SHOWN:
        text = text[: SHOWN - 1] + "…"
    return repr(text)


def decode_text(data: bytes, what: str) -> str:
    """UTF-8 text with or without a byte-order mark; else an error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFileError(
            f"Line {line} of the {what} is not UTF-8 text; save the file as UTF-8 and try again."
        ) from None


def one_line(value: str) -> str:
    """Collapse runs of whitespace (newlines included) into single spaces."""
    return " ".join(value.split())
