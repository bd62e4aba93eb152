"""Row-level changes, recorded so that they can be taken back field by field.

A user's action runs inside :func:`netui.db.history.undoable`, which makes a
:class:`Recorder` current for the thread. The write helpers here (:func:`update`,
:func:`insert`, :func:`delete`, :func:`put_setting`) do the write and, while a
recorder is current, note how to revert it, as plain JSON-able operations on
stored values (never code):

``{"op": "set", "table": T, "key": K, "fields": {column: [before, after]}}``
    an update; undone column by column, only where the row still holds ``after``
    (another writer's later change is left alone, and named);
``{"op": "created", "table": T, "key": K, "row": {column: value}}``
    an insert; undone by removing the row, only if it still holds ``row`` and
    nothing refers to it;
``{"op": "restore", "trash": [ids], "relink": [[T, column, K, value]]}``
    a delete: the rows it took out (cascaded children included) wait in the
    ``trash`` table, and the links that ``ON DELETE SET NULL`` cleared are noted;
    undone by putting the rows back (under new ids where the old ones were taken),
    and the links where they are still empty.

Keys ``K`` are ``{column: value}`` of the primary key. Values are as SQLite stores
them (text dates, 0/1 booleans). No Textual here.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import CompositeKey, Expression, ForeignKeyField, IntegrityError, Model, Query

from netui import clock
from netui.db.models import MODELS, Setting, Trash, UndoStep, database
from netui.db.rows import tuples

Row = dict[str, Any]
Key = dict[str, Any]

#: Columns never compared nor reverted: when a row last changed, and what is
#: derived from the rest (recomputed after a revert).
IGNORED = frozenset({"updated_at", "sort_name", "search_text"})

TABLES: dict[str, type[Model]] = {model._meta.table_name: model for model in MODELS}


# --- the recorder ---------------------------------------------------------------------


@dataclass
class Recorder:
    """The revert operations of one user action, and the undo step they go in."""

    description: str
    screen: str
    origin: str
    ops: list[dict[str, Any]] = field(default_factory=list)
    step_id: int | None = None

    def add(self, op: dict[str, Any]) -> None:
        self.ops.append(op)

    def ensure_step(self) -> int:
        """The undo step's id, writing its row now (trash rows refer to it)."""
        if self.step_id is None:
            self.step_id = UndoStep.insert(
                created_at=clock.now(),
                description=self.description,
                screen=self.screen,
                origin=self.origin,
                revert="[]",
            ).execute()
        return self.step_id


_current: contextvars.ContextVar[Recorder | None] = contextvars.ContextVar(
    "netui_recorder", default=None
)


def current() -> Recorder | None:
    """The recorder of the action running in this thread, if any."""
    return _current.get()


def describe(description: str) -> None:
    """Name the current undo step (when the name is known only inside the action)."""
    recorder = current()
    if recorder is not None:
        recorder.description = description
        if recorder.step_id is not None:
            UndoStep.update(description=description).where(
                UndoStep.id == recorder.step_id
            ).execute()


# --- reading stored values ------------------------------------------------------------


def _model(table: str) -> type[Model]:
    model = TABLES.get(table)
    if model is None:
        raise LookupError(f"netui keeps no table called {table!r}.")
    return model


def table_of(model: type[Model]) -> str:
    name: str = model._meta.table_name
    return name


def key_columns(model: type[Model]) -> list[str]:
    return [f.column_name for f in model._meta.get_primary_keys()]


def column_of(model: type[Model], name: str) -> str:
    """The column behind a field name (``introducer`` -> ``introducer_id``) or a column."""
    fields = model._meta.fields
    if name in fields:
        column: str = fields[name].column_name
        return column
    if name in model._meta.columns:
        return name
    raise LookupError(f"{table_of(model)} has no field {name!r}.")


def stored_columns(model: type[Model]) -> frozenset[str]:
    """The columns this file's table has (a row in the trash may have more or fewer)."""
    cursor = database.execute_sql(f'SELECT * FROM "{table_of(model)}" LIMIT 0')
    return frozenset(column[0] for column in cursor.description)


def _where_key(key: Mapping[str, Any]) -> tuple[str, list[Any]]:
    param = database.param
    return " AND ".join(f'"{c}" = {param}' for c in key), list(key.values())


def read_row(
    table: str, key: Mapping[str, Any], columns: Sequence[str] | None = None
) -> Row | None:
    """One row as stored (``columns`` of it, or every column), or ``None``."""
    where, values = _where_key(key)
    wanted = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    cursor = database.execute_sql(f'SELECT {wanted} FROM "{table}" WHERE {where}', values)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def _rows(model: type[Model], query: Query) -> list[Row]:
    """Every row of a Peewee query, as stored (no conversion to Python types)."""
    cursor = database.execute(query)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _key_of(model: type[Model], row: Mapping[str, Any]) -> Key:
    return {c: row[c] for c in key_columns(model)}


# --- writes ---------------------------------------------------------------------------


def update(model: type[Model], where: Expression, **changes: Any) -> int:
    """``model.update(**changes).where(where)``, noting what changed in each row."""
    recorder = current()
    if recorder is None or not changes:
        return int(model.update(**changes).where(where).execute()) if changes else 0
    keys = key_columns(model)
    columns = [column_of(model, name) for name in changes]
    compared = [c for c in columns if c not in IGNORED]
    fields = [model._meta.columns[c] for c in (*keys, *compared)]
    before = _rows(model, model.select(*fields).where(where))
    count = int(model.update(**changes).where(where).execute())
    table = table_of(model)
    for old in before:
        key = {c: old[c] for c in keys}
        new = read_row(table, key, compared) if compared else {}
        if new is None:
            continue
        diff = {c: [old[c], new[c]] for c in compared if old[c] != new[c]}
        if diff:
            recorder.add({"op": "set", "table": table, "key": key, "fields": diff})
    return count


def insert(model: type[Model], **values: Any) -> Any:
    """``model.insert(**values)``; notes the new row. Returns its id (or key)."""
    new_id = model.insert(**values).execute()
    recorder = current()
    if recorder is not None:
        keys = key_columns(model)
        if keys == ["id"]:
            key: Key = {"id": new_id}
        else:
            key = {column_of(model, name): _raw(model, name, value)
                   for name, value in values.items() if column_of(model, name) in keys}  # fmt: skip
        row = read_row(table_of(model), key)
        if row is not None:
            image = {c: v for c, v in row.items() if c not in IGNORED}
            recorder.add({"op": "created", "table": table_of(model), "key": key, "row": image})
    return new_id


def _raw(model: type[Model], name: str, value: Any) -> Any:
    """A foreign key given as a model instance is stored as its id."""
    if isinstance(value, Model):
        return value.get_id()
    return value


def delete(model: type[Model], where: Expression) -> int:
    """Delete the rows ``where`` selects, keeping them (and whatever the delete
    cascades to) in the trash for the undo step. Outside any undo step a delete is
    a step of its own, so nothing the app deletes is ever gone at once."""
    recorder = current()
    if recorder is None:
        from netui.db.history import undoable

        with undoable(f"delete from {table_of(model)}", screen="command line"):
            return delete(model, where)
    rows = _rows(model, model.select().where(where))
    if not rows:
        return 0
    captured: list[tuple[str, Row]] = []
    relinks: list[list[Any]] = []
    _capture(model, rows, captured, relinks)
    step_id = recorder.ensure_step()
    stamp = clock.now()
    trash_ids = [
        Trash.insert(
            step=step_id, table_name=table, data=json.dumps(row), deleted_at=stamp
        ).execute()
        for table, row in captured
    ]
    count = int(model.delete().where(where).execute())
    recorder.add({"op": "restore", "trash": trash_ids, "relink": relinks})
    return count


def _capture(
    model: type[Model], rows: list[Row], captured: list[tuple[str, Row]], relinks: list[list[Any]]
) -> None:
    """``rows`` of ``model``, then every row a delete of them cascades to (parents
    before children), and the links it would set to NULL."""
    table = table_of(model)
    captured.extend((table, row) for row in rows)
    if model._meta.primary_key is None or len(key_columns(model)) != 1:
        return
    pk = key_columns(model)[0]
    ids = [row[pk] for row in rows]
    for fk, child in model._meta.backrefs.items():
        assert isinstance(fk, ForeignKeyField)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            children = _rows(child, child.select().where(fk.in_(chunk)))
            if not children:
                continue
            if fk.on_delete == "CASCADE":
                _capture(child, children, captured, relinks)
            elif fk.on_delete == "SET NULL":
                for row in children:
                    relinks.append(
                        [table_of(child), fk.column_name, _key_of(child, row), row[fk.column_name]]
                    )


def put_setting(key: str, value: str) -> None:
    """Set one setting (insert or update), noting the change."""
    exists = Setting.select().where(Setting.key == key).exists()
    if exists:
        update(Setting, Setting.key == key, value=value)
    else:
        insert(Setting, key=key, value=value)


# --- reverting ------------------------------------------------------------------------


@dataclass
class Reverted:
    """What reverting a step did: rows touched, and sentences about what was left."""

    left: list[str] = field(default_factory=list)
    contacts: set[int] = field(default_factory=set)  # whose search text to recompute
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
        from netui.db.contacts import refresh_search_text

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
    where, key_values = _where_key(key)
    assignments = ", ".join(f'"{c}" = {param}' for c in values)
    database.execute_sql(
        f'UPDATE "{table}" SET {assignments} WHERE {where}', [*values.values(), *key_values]
    )


def _revert_set(op: Mapping[str, Any], done: Reverted) -> None:
    table, key, fields = op["table"], op["key"], op["fields"]
    model = _model(table)
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
    model = _model(table)
    now = read_row(table, key)
    if now is None:
        return  # already gone
    image = op.get("row")
    if image is not None:
        differs = [c for c, v in image.items() if c not in IGNORED and c in now and now[c] != v]
        if differs:
            done.left.append(f"{what(table, key, now)} (changed since)")
            return
    if _refers(model, now):
        done.left.append(f"{what(table, key, now)} (other records refer to it)")
        return
    where, values = _where_key(key)
    database.execute_sql(f'DELETE FROM "{table}" WHERE {where}', values)
    done.changed += 1
    if table == "contact_tag":
        done.contacts.add(now["contact_id"])


def _revert_created_range(op: Mapping[str, Any], done: Reverted) -> None:
    """Contacts an import added (ids ``first``..``last``, all written at ``stamp``):
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
    kept = (last - first + 1) - len(ids)
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
            Trash.select(Trash.id, Trash.table_name, Trash.data)
            .where(Trash.id.in_(chunk))
        ):
            stored[trash_id] = (table, json.loads(data))
    moved: dict[tuple[str, Any], Any] = {}  # (table, old id) -> new id
    columns: dict[str, frozenset[str]] = {}
    for trash_id in ids:
        if trash_id not in stored:
            continue
        table, row = stored[trash_id]
        if table not in columns:
            columns[table] = stored_columns(_model(table))
        _restore_row(table, {c: v for c, v in row.items() if c in columns[table]}, moved, done)
    Trash.delete().where(Trash.id.in_(list(stored))).execute()
    for table, column, key, value in op.get("relink", []):
        model = _model(table)
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


def _restore_row(
    table: str, row: Row, moved: dict[tuple[str, Any], Any], done: Reverted
) -> None:
    model = _model(table)
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
                    f"{what(table, _key_of(model, row), row)} "
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
    try:
        with database.atomic():
            cursor = database.execute_sql(sql, [row[c] for c in names])
    except Exception:  # a unique row there again (the same tie, the same link)
        done.left.append(f"{what(table, {}, row)} (there again)")
        return
    if old_id is not None:
        moved[(table, old_id)] = row.get("id", cursor.lastrowid)
    done.changed += 1
    if table == "contact_tag":
        done.contacts.add(row["contact_id"])


# --- words for what was left ---------------------------------------------------------

LABELS = {
    "linkedin_url": "LinkedIn URL",
    "how_we_met": "how we met",
    "cadence_days": "keep-in-touch cadence",
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
    if table == "setting":
        return f"the setting {str(key.get('key', '')).replace('_', ' ')}"
    if table == "tag":
        return f"the tag {row.get('name', '')}".rstrip()
    return f"a {table.replace('_', ' ')}"
