"""Restoring a netui JSON export (:mod:`netui.db.exporters`) into an empty
database, ids and all: every record checked (fields, choices, keys, references)
before one transaction writes them in batches."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from peewee import ForeignKeyField, IntegrityError

from netui.core.folding import normalise_tag
from netui.core.importers import (
    POLL_RECORDS,
    ImportCancelled,
    ImportFileError,
    decode_text,
    shown,
)
from netui.core.text import plural
from netui.db.contacts import ContactFields, search_text_for, sort_key_for
from netui.db.exporters import (
    JSON_FORMAT,
    JSON_VERSION,
    from_json_value,
    json_columns,
    table_name,
)
from netui.db.importing.bulk import BATCH, insert_columns
from netui.db.importing.report import ImportReport, Progress
from netui.db.members import forget as forget_member
from netui.db.migrations import LATEST
from netui.db.models import (
    CURRENCIES,
    DEFAULT_CLOSENESS,
    DIRECTIONS,
    GOOD_KINDS,
    INTRO_STATUSES,
    MODELS,
    TAG_KINDS,
    Member,
    UndoStep,
    database,
    now,
)
from netui.db.tags import TAG_FIELDS

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
    ("relationship", "dropped"): 9,  # nobody had taken anyone out of their network
}


#: Tables whose rows are one member's own since schema 7 (True: with ``shared``).
_OWN_TABLES = {"meeting": True, "touch": False, "snooze": False, "exchange": True, "goal": True}


def _before_members(document: dict[str, Any]) -> dict[str, Any]:
    """A document from before schema 7 as schema 7 has it: one member (named after its
    ``my_name`` setting, else "me") whose relationships hold each contact's closeness
    and cadence, and who owns every ledger entry, meeting, goal, touch and snooze."""
    document = dict(document)
    settings = document.get("setting")
    name = "me"
    if isinstance(settings, list):
        for record in settings:
            if isinstance(record, dict) and record.get("key") == "my_name":
                value = record.get("value")
                if isinstance(value, str) and value.strip():
                    name = value.strip()
    stamp = document.get("exported_at")
    if not isinstance(stamp, str):
        stamp = now().isoformat(timespec="seconds")
    document["member"] = [{"id": 1, "name": name, "db_role": "", "created_at": stamp}]
    contacts = document.get("contact")
    relationships: list[dict[str, Any]] = []
    if isinstance(contacts, list):
        moved = []
        for record in contacts:
            if isinstance(record, dict):
                record = dict(record)
                closeness = record.pop("closeness", DEFAULT_CLOSENESS)
                cadence = record.pop("cadence_days", None)
                relationships.append(
                    {"id": len(relationships) + 1, "member_id": 1, "contact_id": record.get("id"),
                     "closeness": closeness, "cadence_days": cadence, "shared": False}
                )  # fmt: skip
            moved.append(record)
        document["contact"] = moved
    document["relationship"] = relationships
    for table, shareable in _OWN_TABLES.items():
        records = document.get(table)
        if isinstance(records, list):
            document[table] = [
                {**record, "member_id": 1, **({"shared": False} if shareable else {})}
                if isinstance(record, dict)
                else record
                for record in records
            ]
    return document


def _before_private_notes(document: dict[str, Any]) -> dict[str, Any]:
    """A document from before schema 8 as schema 8 has it: each relationship's
    ``private_notes`` become its member's ``private_note`` about the contact."""
    document = dict(document)
    relationships = document.get("relationship")
    notes: list[dict[str, Any]] = []
    if isinstance(relationships, list):
        moved = []
        for record in relationships:
            if isinstance(record, dict) and "private_notes" in record:
                record = dict(record)
                text = record.pop("private_notes")
                if isinstance(text, str) and text:
                    notes.append({"id": len(notes) + 1, "member_id": record.get("member_id"),
                                  "contact_id": record.get("contact_id"),
                                  "text": text})  # fmt: skip
            moved.append(record)
        document["relationship"] = moved
    document.setdefault("private_note", notes)
    return document


def _json_rows(
    document: dict[str, Any], cancelled: Callable[[], bool] = lambda: False
) -> dict[str, list[dict[str, object]]]:
    """Every record checked and converted to Python values, by table."""
    schema = document.get("schema", LATEST)
    if schema < 7:
        document = _before_members(document)
    if schema < 8:
        document = _before_private_notes(document)
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
        tag_values: dict[str, Any] = {a: tuple(mine[a]) for a in TAG_FIELDS}
        values = ContactFields(
            name=str(row["name"]),
            organisation=str(row["organisation"]),
            role=str(row["role"]),
            email=str(row["email"]),
            notes=str(row["notes"]),
            **tag_values,
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
        stored = {table_name(m): m.select().count() for m in MODELS if m is not Member}
        if any(stored.values()):
            contacts = stored.get("contact", 0)
            raise ImportFileError(
                "A JSON export is restored only into an empty database, and this one holds "
                f"{plural(contacts, 'contact')}; use a new file: "
                "netui --db NEW.db import json FILE."
            )
        # The empty file's own member gives way to the document's members.
        Member.delete().execute()
        forget_member()
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
                    insert_columns(model, names, values)
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
