"""Row-level changes, recorded so that they can be taken back field by field.

A user's action runs inside :func:`undoable`, which makes a
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
import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from peewee import Expression, ForeignKeyField, Model, Query

from netui import clock
from netui.db.models import MODELS, Setting, Trash, UndoStep, current_member, database

Row = dict[str, Any]
Key = dict[str, Any]

#: Columns never compared nor reverted: when a row last changed, and what is
#: derived from the rest (recomputed after a revert).
IGNORED = frozenset({"updated_at", "sort_name", "search_text"})

TABLES: dict[str, type[Model]] = {model._meta.table_name: model for model in MODELS}

#: This run of netui (an app window or one command); steps it writes carry it.
SESSION = uuid.uuid4().hex
#: How many steps are kept; older ones (and their trash) are forgotten.
KEEP = 200
#: The screen name of steps written outside the app.
COMMAND_LINE = "command line"


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


def model_of(table: str) -> type[Model]:
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


def where_key(key: Mapping[str, Any]) -> tuple[str, list[Any]]:
    param = database.param
    return " AND ".join(f'"{c}" = {param}' for c in key), list(key.values())


def read_row(
    table: str, key: Mapping[str, Any], columns: Sequence[str] | None = None
) -> Row | None:
    """One row as stored (``columns`` of it, or every column), or ``None``."""
    where, values = where_key(key)
    wanted = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    cursor = database.execute_sql(f'SELECT {wanted} FROM "{table}" WHERE {where}', values)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], map(as_stored, row), strict=True))


def _rows(model: type[Model], query: Query) -> list[Row]:
    """Every row of a Peewee query, as stored (no conversion to Python types)."""
    cursor = database.execute(query)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, map(as_stored, row), strict=True)) for row in cursor.fetchall()]


def as_stored(value: Any) -> Any:
    """A value as SQLite stores it: PostgreSQL's driver hands back dates and times as
    Python objects, which become the same text Peewee writes to SQLite (JSON-ready)."""
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def key_of(model: type[Model], row: Mapping[str, Any]) -> Key:
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
                        [table_of(child), fk.column_name, key_of(child, row), row[fk.column_name]]
                    )


def put_setting(key: str, value: str) -> None:
    """Set one setting (insert or update), noting the change."""
    exists = Setting.select().where(Setting.key == key).exists()
    if exists:
        update(Setting, Setting.key == key, value=value)
    else:
        insert(Setting, key=key, value=value)


# --- the step ----------------------------------------------------------------------------


@contextmanager
def undoable(
    description: str, screen: str = COMMAND_LINE, *, origin: str | None = None
) -> Iterator[Recorder]:
    """Run a block as one undo step, in one transaction with it. Nested blocks join
    the outer step. A block that changed nothing leaves no step."""
    outer = current()
    if outer is not None:
        yield outer
        return
    recorder = Recorder(description, screen, origin or SESSION)
    token = _current.set(recorder)
    try:
        with database.atomic():
            yield recorder
            _finish(recorder)
    finally:
        _current.reset(token)


def _finish(recorder: Recorder) -> None:
    if not recorder.ops:
        if recorder.step_id is not None:
            UndoStep.delete().where(UndoStep.id == recorder.step_id).execute()
        return
    step_id = recorder.ensure_step()
    revert = json.dumps(recorder.ops, default=as_stored)  # a server's dates
    UndoStep.update(revert=revert, description=recorder.description).where(
        UndoStep.id == step_id
    ).execute()
    forget_old()


def forget_old(keep: int = KEEP) -> None:
    """Keep the member's newest ``keep`` steps; their older ones go, with their trash."""
    mine = UndoStep.member == current_member()
    newest = (
        UndoStep.select(UndoStep.id)
        .where(mine)
        .order_by(UndoStep.id.desc())
        .offset(keep)
        .limit(1)
        .scalar()
    )
    if newest is not None:
        UndoStep.delete().where(mine & (UndoStep.id <= newest)).execute()
