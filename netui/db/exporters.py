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
      "schema": 7,
      "exported_at": "2025-05-01T09:30:00",
      "contact": [{"id": 1, "name": "Dana Whitfield", "organisation": "Northwind",
                   "role": "", "email": "", "phone": "", "linkedin_url": "",
                   "location": "", "how_we_met": "", "career_path": "", "notes": "",
                   "second_degree": false,
                   "archived": false, "created_at": "2025-04-01T10:00:00",
                   "updated_at": "2025-04-01T10:00:00",
                   "uid": "0f8c2a4e-5b1d-4c2e-9a7f-3d6e1b2c4a5f"}],
      "tag": [{"id": 1, "name": "fintech"}],
      "contact_tag": [{"id": 1, "contact_id": 1, "tag_id": 1, "kind": "tag"}],
      "tie": [{"id": 1, "a_id": 1, "b_id": 2, "strength": 3, "context": "",
               "created_at": "..."}],
      "introduction": [...], "meeting": [...], "exchange": [...],
      "good": [...], "good_tag": [{"good_id": 1, "tag_id": 1}],
      "goal": [...], "goal_tag": [...], "goal_contact": [...],
      "setting": [{"key": "my_name", "value": "Sam"}],
      "member": [{"id": 1, "name": "Sam", "db_role": "", "created_at": "..."}],
      "relationship": [{"id": 1, "member_id": 1, "contact_id": 1, "closeness": 3,
                        "cadence_days": null, "shared": false}],
      "private_note": [{"id": 1, "member_id": 1, "contact_id": 1, "text": "..."}]
    }

Since schema 7 a contact's closeness and cadence are a member's ``relationship``
with them, and ledger entries, meetings, goals, touches and snoozes carry their
``member_id`` (entries, meetings and goals a ``shared`` flag too). A document from
before schema 7 is restored as schema 7 has it: one member (its ``my_name``, else
"me") holding every contact's closeness and cadence and owning every own record.

Each record has every column of its table under the column's name (a foreign
key ends in ``_id`` and holds the other record's ``id``). Dates are
``YYYY-MM-DD``, date-times ``YYYY-MM-DDTHH:MM:SS``, booleans ``true``/``false``,
missing values ``null``. ``good_tag``, ``goal_tag`` and ``goal_contact`` have no
``id``: the pair of ids is their key; ``setting`` is keyed by ``key``. A
contact's ``sort_name`` and ``search_text`` and a tag's ``key`` are left out: they
are derived from the rest and rebuilt on import. ``netui import json FILE`` restores such a file
into an empty database, UIDs included, so that exporting again gives equal lists; a
document from before schema 6 (no ``uid``) is restored with new UIDs. The ``vdir_card`` table
(``netui sync vdir``'s memory of a folder) belongs to the file and is not exported.

vCard (``netui export vcard FILE|DIR/``)
========================================

vCard 4.0 (RFC 6350), one card per contact that is not archived, CRLF line ends,
lines folded at 75 octets, in one file or one ``UID.vcf`` per contact in a folder
(a vdir, :mod:`netui.core.vdir`). What each card holds, standard properties for
other clients and ``X-NETUI-*`` ones for netui, is in :mod:`netui.core.vcards`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from peewee import BooleanField, DateField, DateTimeField, ForeignKeyField, Model

from netui import clock
from netui.core.text import json_text
from netui.core.vcards import CardData, CardTie, card_text, fold
from netui.db.contacts import contact_fields
from netui.db.members import with_mine
from netui.db.migrations import LATEST
from netui.db.models import MODELS, Contact, Relationship, Tie
from netui.db.rows import streamed_tuples, tuples
from netui.db.tags import TAG_FIELDS, contact_tags

JSON_FORMAT = "netui"
JSON_VERSION = 1
#: Columns left out of the JSON document: derived, rebuilt on import.
DERIVED = {"contact": ("sort_name", "search_text"), "tag": ("key",)}


# --- JSON ---------------------------------------------------------------------------


def table_name(model: type[Model]) -> str:
    name: str = model._meta.table_name
    return name


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


def _header() -> dict[str, object]:
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "schema": LATEST,
        "exported_at": clock.now().isoformat(timespec="seconds"),
    }


def _records(model: type[Model]) -> Iterator[dict[str, object]]:
    """Every record of ``model`` by primary key, read one at a time (peewee's
    ``iterator()`` keeps no rows behind)."""
    columns = json_columns(model)
    fields = [field for _, field in columns]
    keys = [key for key, _ in columns]
    primary = model._meta.get_primary_keys()
    for row in streamed_tuples(model.select(*fields).order_by(*primary)):
        yield {key: to_json_value(value) for key, value in zip(keys, row, strict=True)}


def export_document() -> dict[str, object]:
    """Every record of every model, as the JSON document above (a dict)."""
    document = _header()
    for model in MODELS:
        document[table_name(model)] = list(_records(model))
    return document


def json_chunks() -> Iterator[str]:
    """The JSON document as text, a record at a time: exactly what
    ``json_text(export_document(), indent=1)`` makes, without holding it (memory
    stays flat whatever the size of the network)."""
    yield "{"
    first = True
    for key, value in _header().items():
        yield ("\n " if first else ",\n ") + json_text({key: value}, indent=1)[3:-2]
        first = False
    for model in MODELS:
        yield f",\n {json_text(table_name(model))}: ["
        empty = True
        for record in _records(model):
            text = json_text(record, indent=1).replace("\n", "\n  ")
            yield ("\n  " if empty else ",\n  ") + text
            empty = False
        yield "]" if empty else "\n ]"
    yield "\n}\n"


def export_json() -> str:
    """The JSON document as text (UTF-8 safe, indented, ending with a newline)."""
    return "".join(json_chunks())


# --- vCard --------------------------------------------------------------------------


#: Contacts whose tags and ties are read at a time (well under SQLite's 999 variables).
_CARD_BATCH = 400


def iter_contact_cards(*, include_archived: bool = False) -> Iterator[CardData]:
    """Every contact (not archived, unless asked) as a :class:`CardData`, by name;
    ties to contacts left out are left out too. Contacts are read in batches, each
    with its tags and ties, so memory stays flat whatever the size of the network."""
    query = with_mine(
        Contact.select(Contact, Relationship.closeness, Relationship.cadence_days)
    ).order_by(Contact.sort_name, Contact.id)
    if not include_archived:
        query = query.where(~Contact.archived)
    query = query.objects()
    batch: list[Contact] = []
    for contact in query.iterator():
        batch.append(contact)
        if len(batch) == _CARD_BATCH:
            yield from _cards(batch, include_archived)
            batch = []
    if batch:
        yield from _cards(batch, include_archived)


def contact_cards(*, include_archived: bool = False) -> list[CardData]:
    """:func:`iter_contact_cards` as a list."""
    return list(iter_contact_cards(include_archived=include_archived))


def _cards(contacts: list[Contact], include_archived: bool) -> Iterator[CardData]:
    ids = [contact.id for contact in contacts]
    ties: dict[int, list[CardTie]] = {}
    for a, b, strength, context, a_uid, b_uid in _ties(ids, include_archived):
        ties.setdefault(a, []).append(CardTie(b_uid, strength, context))
        ties.setdefault(b, []).append(CardTie(a_uid, strength, context))
    tags = contact_tags(ids)
    for contact in contacts:
        # The fields as the contact form has them (db.contacts, my relationship's
        # columns riding on the row), and what only a card carries.
        fields = contact_fields(contact, tags[contact.id])
        yield CardData(
            uid=contact.uid,
            **vars(fields),
            first_contact=contact.first_contact,
            ties=tuple(sorted(ties.get(contact.id, ()), key=lambda tie: tie.uid)),
        )


def _ties(ids: list[int], include_archived: bool) -> list[tuple[Any, ...]]:
    """The ties of ``ids`` whose two ends are exported, in the order they were made:
    ``(a, b, strength, context, a's UID, b's UID)``."""
    one, other = Contact.alias(), Contact.alias()
    query = (
        Tie.select(Tie.a, Tie.b, Tie.strength, Tie.context, one.uid, other.uid)
        .join(one, on=(Tie.a == one.id))
        .switch(Tie)
        .join(other, on=(Tie.b == other.id))
        .where(Tie.a.in_(ids) | Tie.b.in_(ids))
        .order_by(Tie.id)
    )
    if not include_archived:
        query = query.where(~one.archived & ~other.archived)
    return list(tuples(query))


def vcard_chunks(*, include_archived: bool = False) -> Iterator[str]:
    """Every contact (not archived, unless asked) as vCard 4.0 text, a card at a time."""
    for card in iter_contact_cards(include_archived=include_archived):
        yield card_text(card)


def export_vcard(*, include_archived: bool = False) -> str:
    """Every contact (not archived, unless asked) as vCard 4.0 text."""
    return "".join(vcard_chunks(include_archived=include_archived))


__all__ = [
    "JSON_FORMAT",
    "JSON_VERSION",
    "TAG_FIELDS",
    "contact_cards",
    "export_document",
    "export_json",
    "export_vcard",
    "fold",
    "from_json_value",
    "iter_contact_cards",
    "json_chunks",
    "json_columns",
    "vcard_chunks",
]
