"""Taking back a recorded step (:mod:`netui.db.journal`), operation by operation,
only where the database still holds what the step wrote; and the words that name
what was left alone. The contacts whose tags or fields came back get their search
text recomputed."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import CompositeKey, ForeignKeyField, IntegrityError, Model

from netui import clock
from netui.db.backends import catch_up_sequence
from netui.db.contacts import refresh_search_text
from netui.db.journal import (
    IGNORED,
    Key,
    Row,
    key_columns,
    key_of,
    model_of,
    read_row,
    stored_columns,
    table_of,
    where_key,
)
from netui.db.keepers import keepers_sentence, kept_by_others
from netui.db.models import Trash, database, on_server
from netui.db.rows import tuples


@dataclass
class Reverted:
    """What reverting a step did: rows touched, and sentences about what was left."""

    left: list[str] = field(default_factory=list)
    #: Contacts put back or changed back (their search text is recomputed).
    contacts: set[int] = field(default_factory=set)
    #: Contacts whose other rows (a touch, an exchange) the undo took back.
    about: set[int] = field(default_factory=set)
    #: Contacts back in the list: put back (deleted by the step) or unarchived (a
    #: merge's archived duplicate, say).
    restored: set[int] = field(default_factory=set)
    changed: int = 0


def revert(ops: Sequence[Mapping[str, Any]], step_id: int | None) -> Reverted:
    """Take back ``ops`` (newest first), each only where it still holds."""
    done = Reverted()
    for op in reversed(ops):
        kind = op["op"]
        if kind == "set":
            _revert_set(op, done)
        elif kind == "created":
            _revert_created(op, done)
        elif kind == "restore":
            _revert_delete(op, done)
        elif kind == "created_range":
            _revert_created_range(op, done)
        else:
            raise ValueError(f"An undo step holds an operation netui does not know: {kind!r}.")
    if done.contacts:
        refresh_search_text(sorted(done.contacts))
    return done


def _has_unique(model: type[Model]) -> bool:
    """Whether an update may break a unique constraint (then it runs in a savepoint:
    a failed statement must not spoil the transaction on every database)."""
    return (
        isinstance(model._meta.primary_key, CompositeKey)
        or any(unique for _, unique in model._meta.indexes)
        or any(field.unique for field in model._meta.sorted_fields)
    )


def _touched(model: type[Model], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` and, for a table that keeps it, when the row last changed (now)."""
    if "updated_at" in model._meta.columns:
        updated_at = model._meta.columns["updated_at"]
        return {**values, "updated_at": updated_at.db_value(clock.now())}
    return values


def _set_columns(table: str, key: Key, values: Mapping[str, Any]) -> None:
    param = database.param
    where, key_values = where_key(key)
    assignments = ", ".join(f'"{c}" = {param}' for c in values)
    database.execute_sql(
        f'UPDATE "{table}" SET {assignments} WHERE {where}', [*values.values(), *key_values]
    )


def _revert_set(op: Mapping[str, Any], done: Reverted) -> None:
    table, key, fields = op["table"], op["key"], op["fields"]
    model = model_of(table)
    now = read_row(table, key)
    if now is None:
        done.left.append(f"{what(table, key, None)} (gone)")
        return
    reverts: dict[str, Any] = {}
    changed_since: list[str] = []
    for column, (before, after) in fields.items():
        if column not in now:
            continue
        if now[column] == after:
            reverts[column] = before
        elif now[column] != before:
            changed_since.append(column)
    if reverts:
        try:
            if _has_unique(model):  # a unique pair may be taken again: a savepoint
                with database.atomic():
                    _set_columns(table, key, _touched(model, reverts))
            else:
                _set_columns(table, key, _touched(model, reverts))
        except IntegrityError:  # a unique pair taken again, a check: say so, keep the rest
            changed_since.extend(reverts)
        else:
            done.changed += 1
            if table == "contact":
                done.contacts.add(key["id"])
                if "archived" in reverts and not reverts["archived"]:
                    done.restored.add(key["id"])  # unarchived: back in the list
            elif table == "contact_tag":
                done.contacts.add(now["contact_id"])
    if changed_since:
        labels = ", ".join(column_label(table, c) for c in changed_since)
        done.left.append(f"{what(table, key, now)}: {labels} (changed since)")


def _refers(model: type[Model], row: Row) -> bool:
    """Whether any row refers to this one through a foreign key."""
    keys = key_columns(model)
    if len(keys) != 1:
        return False
    value = row[keys[0]]
    for fk, child in model._meta.backrefs.items():
        if child.select().where(fk == value).exists():
            return True
    return False


def _revert_created(op: Mapping[str, Any], done: Reverted) -> None:
    table, key = op["table"], op["key"]
    model = model_of(table)
    now = read_row(table, key)
    if now is None:
        return  # already gone
    image = op.get("row")
    if image is not None:
        differs = [c for c, v in image.items() if c not in IGNORED and c in now and now[c] != v]
        if differs:
            done.left.append(f"{what(table, key, now)} (changed since)")
            return
    if table == "contact":  # a team's: not while another member keeps it
        keepers = kept_by_others([now["id"]]).get(now["id"])
        if keepers:
            done.left.append(keepers_sentence(what(table, key, now), keepers))
            return
    if _refers(model, now):
        done.left.append(f"{what(table, key, now)} (other records refer to it)")
        return
    where, values = where_key(key)
    database.execute_sql(f'DELETE FROM "{table}" WHERE {where}', values)
    done.changed += 1
    if table == "contact_tag":
        done.contacts.add(now["contact_id"])
    elif isinstance(now.get("contact_id"), int):
        done.about.add(now["contact_id"])  # a touch, an exchange: whose it was


def _revert_created_range(op: Mapping[str, Any], done: Reverted) -> None:
    """Contacts an import added (ids ``first``..``last``, all written at ``stamp``; on
    PostgreSQL exactly ``ids`` of that range, which another member's import may share):
    removed, but for those changed since or referred to by anything else."""
    first, last, stamp = op["first"], op["last"], op["stamp"]
    param = database.param
    between = f"BETWEEN {param} AND {param}"
    ids = [
        row[0]
        for row in database.execute_sql(
            f'SELECT "id" FROM "contact" WHERE "id" {between} AND "updated_at" = {param}',
            [first, last, stamp],
        ).fetchall()
    ]
    added = last - first + 1
    if "ids" in op:
        own = set(op["ids"])
        ids = [cid for cid in ids if cid in own]
        added = len(own)
    kept = added - len(ids)
    referred: set[int] = set()
    for table, column in (("exchange", "contact_id"), ("meeting", "contact_id"),
                          ("meeting", "introducer_id"), ("introduction", "a_id"),
                          ("introduction", "b_id"), ("goal_contact", "contact_id"),
                          ("tie", "a_id"), ("tie", "b_id")):  # fmt: skip
        referred.update(
            row[0]
            for row in database.execute_sql(
                f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" {between}',
                [first, last],
            ).fetchall()
        )
    removable = [cid for cid in ids if cid not in referred]
    kept += len(ids) - len(removable)
    others = kept_by_others(removable)  # a team's: not while another member keeps them
    if others:
        removable = [cid for cid in removable if cid not in others]
        keepers = sorted({name for names in others.values() for name in names})
        people = "contact" if len(others) == 1 else "contacts"
        done.left.append(keepers_sentence(f"{len(others):,} added {people}", keepers))
    for start in range(0, len(removable), 500):
        chunk = removable[start : start + 500]
        marks = ", ".join([param] * len(chunk))
        database.execute_sql(f'DELETE FROM "contact" WHERE "id" IN ({marks})', chunk)
    done.changed += len(removable)
    if kept:
        people = "contact" if kept == 1 else "contacts"
        done.left.append(f"{kept:,} added {people} (changed since, or with records of their own)")


def _revert_delete(op: Mapping[str, Any], done: Reverted) -> None:
    ids = op.get("trash", [])
    if not ids:
        return
    stored: dict[int, tuple[str, Row]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for trash_id, table, data in tuples(
            Trash.select(Trash.id, Trash.table_name, Trash.data).where(Trash.id.in_(chunk))
        ):
            stored[trash_id] = (table, json.loads(data))
    moved: dict[tuple[str, Any], Any] = {}  # (table, old id) -> new id
    columns: dict[str, frozenset[str]] = {}
    for trash_id in ids:
        if trash_id not in stored:
            continue
        table, row = stored[trash_id]
        if table not in columns:
            columns[table] = stored_columns(model_of(table))
        _restore_row(table, {c: v for c, v in row.items() if c in columns[table]}, moved, done)
    Trash.delete().where(Trash.id.in_(list(stored))).execute()
    for table, column, key, value in op.get("relink", []):
        model = model_of(table)
        parent = model._meta.columns[column]
        assert isinstance(parent, ForeignKeyField)
        value = moved.get((table_of(parent.rel_model), value), value)
        key = {c: moved.get((table, v), v) if c == "id" else v for c, v in key.items()}
        now = read_row(table, key, [column])
        if now is not None and now[column] is None and _exists(parent.rel_model, value):
            _set_columns(table, key, {column: value})


def _exists(model: type[Model], value: Any) -> bool:
    keys = key_columns(model)
    return read_row(table_of(model), {keys[0]: value}, keys) is not None


def _restore_row(table: str, row: Row, moved: dict[tuple[str, Any], Any], done: Reverted) -> None:
    model = model_of(table)
    for fk in model._meta.refs:
        column = fk.column_name
        value = row.get(column)
        if value is None:
            continue
        parent = table_of(fk.rel_model)
        value = moved.get((parent, value), value)
        row[column] = value
        if not _exists(fk.rel_model, value):
            if fk.null:
                row[column] = None
            else:
                done.left.append(
                    f"{what(table, key_of(model, row), row)} "
                    f"(its {column_label(table, column)} is gone)"
                )
                return
    old_id = row.get("id") if key_columns(model) == ["id"] else None
    if old_id is not None and _exists(model, old_id):
        row.pop("id")  # the id was taken since: a new one
    names = list(row)
    param = database.param
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        table, ", ".join(f'"{c}"' for c in names), ", ".join([param] * len(names))
    )
    returning = old_id is not None and on_server()
    if returning:
        sql += ' RETURNING "id"'  # PostgreSQL's cursors have no lastrowid
    try:
        with database.atomic():
            cursor = database.execute_sql(sql, [row[c] for c in names])
            new_id = cursor.fetchone()[0] if returning else None
            if old_id is not None and not returning:
                new_id = cursor.lastrowid
            if "id" in row:
                catch_up_sequence(database.obj, table)
    except Exception:  # a unique row there again (the same tie, the same link)
        done.left.append(f"{what(table, {}, row)} (there again)")
        return
    if old_id is not None:
        moved[(table, old_id)] = row.get("id", new_id)
    done.changed += 1
    if table == "contact_tag":
        done.contacts.add(row["contact_id"])
    elif table == "contact" and (contact_id := row.get("id", new_id)) is not None:
        done.contacts.add(contact_id)
        done.restored.add(contact_id)


# --- words for what was left ---------------------------------------------------------

LABELS = {
    "linkedin_url": "LinkedIn URL",
    "how_we_met": "how we met",
    "cadence_days": "keep-in-touch cadence",
    "member_id": "member",
    "private_notes": "private notes",
    "second_degree": "degree",
    "a_id": "first person",
    "b_id": "second person",
    "a_gains": "what the first person gains",
    "b_gains": "what the second person gains",
    "a_value": "the first person's value",
    "b_value": "the second person's value",
    "introducer_id": "introducer",
    "scheduled_at": "when",
    "follow_up": "follow-up date",
    "contact_id": "contact",
    "meeting_id": "meeting",
    "introduction_id": "introduction",
    "target_organisations": "target organisations",
    "target_roles": "target roles",
    "tag_id": "tag",
    "give_first": "what I give first",
    "helps_them": "what would help them",
    "who_they_are": "who they are",
    "key_connections": "key connections",
    "career_path": "career path",
}


def column_label(table: str, column: str) -> str:
    return LABELS.get(column, column.replace("_", " "))


def _name(contact_id: Any) -> str:
    row = read_row("contact", {"id": contact_id}, ["name"]) if contact_id is not None else None
    return str(row["name"]) if row else "someone"


def what(table: str, key: Mapping[str, Any], row: Mapping[str, Any] | None) -> str:
    """A few words naming a row, for a sentence about what undo left alone."""
    row = row or {}
    if table == "contact":
        return str(row.get("name") or _name(key.get("id")))
    if table == "tie":
        return f"the tie between {_name(row.get('a_id'))} and {_name(row.get('b_id'))}"
    if table == "introduction":
        return f"the introduction of {_name(row.get('a_id'))} and {_name(row.get('b_id'))}"
    if table == "exchange":
        return f"an exchange with {_name(row.get('contact_id'))}"
    if table == "meeting":
        return f"the worksheet for {_name(row.get('contact_id'))}"
    if table in ("good", "goal"):
        return f"the {table} {row.get('title', '')}".rstrip()
    if table == "goal_contact":
        return f"the link of {_name(row.get('contact_id', key.get('contact_id')))} to a goal"
    if table == "contact_tag":
        tag = read_row("tag", {"id": row.get("tag_id")}, ["name"]) if row.get("tag_id") else None
        label = f" {tag['name']}" if tag else ""
        return f"{_name(row.get('contact_id'))}'s tag{label}"
    if table == "relationship":  # schema 7: my closeness and cadence with them
        return f"{_name(row.get('contact_id'))}'s closeness and cadence"
    if table == "setting":
        return f"the setting {str(key.get('key', '')).replace('_', ' ')}"
    if table == "tag":
        return f"the tag {row.get('name', '')}".rstrip()
    return f"a {table.replace('_', ' ')}"
