"""Taking everything out: vCard 4.0 and netui's JSON document. No Textual here.

JSON (``netui export json FILE``)
=================================

One object. ``format`` is always ``"netui"``; ``version`` is the version of this
document shape (:data:`JSON_VERSION`, now 1); ``schema`` is the database schema
version it came from; ``exported_at`` is local time, ISO 8601. Then one list per
model, named by its table, holding every record (archived contacts included)
ordered by primary key::

    {
      "format": "netui",
      "version": 1,
      "schema": 2,
      "exported_at": "2025-05-01T09:30:00",
      "contact": [{"id": 1, "name": "Dana Whitfield", "organisation": "Northwind",
                   "role": "", "email": "", "phone": "", "linkedin_url": "",
                   "location": "", "how_we_met": "", "career_path": "", "notes": "",
                   "closeness": 3, "cadence_days": null, "second_degree": false,
                   "archived": false, "created_at": "2025-04-01T10:00:00",
                   "updated_at": "2025-04-01T10:00:00"}],
      "tag": [{"id": 1, "name": "fintech"}],
      "contact_tag": [{"id": 1, "contact_id": 1, "tag_id": 1, "kind": "tag"}],
      "tie": [{"id": 1, "a_id": 1, "b_id": 2, "strength": 3, "context": "",
               "created_at": "..."}],
      "introduction": [...], "meeting": [...], "exchange": [...],
      "good": [...], "good_tag": [{"good_id": 1, "tag_id": 1}],
      "goal": [...], "goal_tag": [...], "goal_contact": [...],
      "setting": [{"key": "my_name", "value": "Sam"}]
    }

Each record has every column of its table under the column's name (a foreign
key ends in ``_id`` and holds the other record's ``id``). Dates are
``YYYY-MM-DD``, date-times ``YYYY-MM-DDTHH:MM:SS``, booleans ``true``/``false``,
missing values ``null``. ``good_tag``, ``goal_tag`` and ``goal_contact`` have no
``id``: the pair of ids is their key; ``setting`` is keyed by ``key``. A
contact's ``sort_name`` and ``search_text`` and a tag's ``key`` are left out: they
are derived from the rest and rebuilt on import. ``netui import json FILE`` restores such a file
into an empty database, so that exporting again gives equal lists.

vCard (``netui export vcard FILE``)
===================================

vCard 4.0 (RFC 6350), one card per contact that is not archived, CRLF line ends,
lines folded at 75 octets: ``UID`` (``urn:uuid:``, stable for a contact id),
``FN``, ``N`` (the name's parts, :mod:`netui.core.personal_names`), ``ORG``, ``TITLE``,
``EMAIL``, ``TEL``,
``X-SOCIALPROFILE;TYPE=linkedin``, ``ADR`` (the location as the city), ``NOTE``,
``X-NETUI-HOW-WE-MET``, ``X-NETUI-FIRST-CONTACT`` (the first-contact day, read back
by the vCard import), tags as ``CATEGORIES``, expertise and interests as
``EXPERTISE`` and ``INTEREST`` (RFC 6715), and each tie as ``RELATED;TYPE=contact``
holding the other card's UID.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from peewee import BooleanField, DateField, DateTimeField, ForeignKeyField, Model

from netui import clock
from netui.core.personal_names import name_parts
from netui.core.text import json_text, visible_controls
from netui.db.migrations import LATEST
from netui.db.models import MODELS, Contact, Tie
from netui.db.tags import TAG_FIELDS, contact_tags

JSON_FORMAT = "netui"
JSON_VERSION = 1
#: Columns left out of the JSON document: derived, rebuilt on import.
DERIVED = {"contact": ("sort_name", "search_text"), "tag": ("key",)}
UID_NAMESPACE = uuid.UUID("6f1c3f0e-9b8a-4b44-9c0f-6e6574756900")


# --- JSON ---------------------------------------------------------------------------


def table_name(model: type[Model]) -> str:
    return model._meta.table_name


def json_columns(model: type[Model]) -> list[tuple[str, Any]]:
    """``(key in the document, field)`` for every exported column of ``model``."""
    skip = DERIVED.get(table_name(model), ())
    return [
        (field.column_name, field)
        for field in model._meta.sorted_fields
        if field.column_name not in skip
    ]


def to_json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds") if not value.microsecond else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


#: SQLite stores whole numbers in 64 bits.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def from_json_value(field: Any, value: object) -> object:
    """The Python value for ``field`` from a JSON value; raises ValueError or TypeError.

    A message starting with "is" finishes the sentence "<field> ...": numbers beyond
    64 bits and text with a lone surrogate (``"\\ud800"``) are named that way.
    """
    if value is None:
        if not field.null:
            raise ValueError("is missing (null)")
        return None
    if isinstance(field, DateTimeField):
        if not isinstance(value, str):
            raise TypeError("is not a date and time")
        return dt.datetime.fromisoformat(value)
    if isinstance(field, DateField):
        if not isinstance(value, str):
            raise TypeError("is not a date")
        return dt.date.fromisoformat(value)
    if isinstance(field, BooleanField):
        if not isinstance(value, bool):
            raise TypeError("is not true or false")
        return value
    if isinstance(field, ForeignKeyField) or field.field_type in ("INT", "AUTO"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("is not a whole number")
        if not INT_MIN <= value <= INT_MAX:
            raise ValueError("is too large a number (SQLite keeps whole numbers in 64 bits)")
        return value
    if not isinstance(value, str):
        raise TypeError("is not text")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            code = ord(value[error.start])
            raise ValueError(
                f"holds \\u{code:04x}, half of a character (a lone surrogate), which is not text"
            ) from None
    return value


def export_document() -> dict[str, object]:
    """Every record of every model, as the JSON document above (a dict)."""
    document: dict[str, object] = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "schema": LATEST,
        "exported_at": clock.now().isoformat(timespec="seconds"),
    }
    for model in MODELS:
        columns = json_columns(model)
        fields = [field for _, field in columns]
        keys = [key for key, _ in columns]
        primary = model._meta.get_primary_keys()
        query = model.select(*fields).order_by(*primary).tuples()
        document[table_name(model)] = [
            {key: to_json_value(value) for key, value in zip(keys, row, strict=True)}
            for row in query
        ]
    return document


def export_json() -> str:
    """The JSON document as text (UTF-8 safe, indented, ending with a newline)."""
    return json_text(export_document(), indent=1) + "\n"


# --- vCard --------------------------------------------------------------------------


def contact_uid(contact_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, str(contact_id))}"


def escape(value: str) -> str:
    """A vCard text value: backslash, comma, semicolon and newlines escaped.

    vCard has no way to carry other control characters (RFC 6350 allows none), and
    the file may be printed (``netui export vcard -``): they are made visible the way
    the terminal shows them (ESC as ``␛``). ``netui export json`` keeps them exactly.
    """
    return (
        visible_controls(value.replace("\r\n", "\n").replace("\r", "\n"))
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    if len(line.encode("utf-8")) <= 75:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def vcard_for(contact: Contact, tags: dict[str, list[str]], related: Iterable[int]) -> str:
    """One contact as a vCard 4.0 (CRLF line ends, folded)."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:{contact_uid(contact.id)}",
        f"FN:{escape(contact.name)}",
        "N:" + ";".join(escape(part) for part in name_parts(contact.name)),
    ]
    simple = (
        ("ORG", contact.organisation),
        ("TITLE", contact.role),
        ("EMAIL", contact.email),
        ("TEL;VALUE=text", contact.phone),
        ("X-SOCIALPROFILE;TYPE=linkedin", contact.linkedin_url),
    )
    lines.extend(f"{name}:{escape(value)}" for name, value in simple if value)
    if contact.location:
        lines.append(f"ADR:;;;{escape(contact.location)};;;")
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    if contact.how_we_met:
        lines.append(f"X-NETUI-HOW-WE-MET:{escape(contact.how_we_met)}")
    if contact.first_contact:
        first = contact.first_contact
        day = first.isoformat() if hasattr(first, "isoformat") else str(first)[:10]
        lines.append(f"X-NETUI-FIRST-CONTACT:{day}")
    if tags["tags"]:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in tags["tags"]))
    lines.extend(f"EXPERTISE:{escape(tag)}" for tag in tags["expertise"])
    lines.extend(f"INTEREST:{escape(tag)}" for tag in tags["interests"])
    lines.extend(f"RELATED;TYPE=contact:{contact_uid(other)}" for other in related)
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def export_vcard(*, include_archived: bool = False) -> str:
    """Every contact (not archived, unless asked) as vCard 4.0 text."""
    query = Contact.select().order_by(Contact.sort_name, Contact.id)
    if not include_archived:
        query = query.where(~Contact.archived)
    contacts = list(query)
    ids = {contact.id for contact in contacts}
    related: dict[int, list[int]] = {}
    for a, b in Tie.select(Tie.a, Tie.b).order_by(Tie.id).tuples():
        if a in ids and b in ids:
            related.setdefault(a, []).append(b)
            related.setdefault(b, []).append(a)
    tags = contact_tags([contact.id for contact in contacts])
    return "".join(
        vcard_for(contact, tags[contact.id], related.get(contact.id, ())) for contact in contacts
    )


__all__ = [
    "JSON_FORMAT",
    "JSON_VERSION",
    "TAG_FIELDS",
    "export_document",
    "export_json",
    "export_vcard",
    "from_json_value",
    "json_columns",
]
