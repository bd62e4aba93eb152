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

import datetime as dt
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


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One person read from a file, in netui's terms; strings are trimmed. (Slots:
    an import holds every record of its file, 300,000 of them at LinkedIn's cap.)"""

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
