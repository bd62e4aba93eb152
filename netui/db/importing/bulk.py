"""Raw batched writes: ``executemany`` in batches, portable SQL with the driver's
placeholder, for the tens of thousands of rows an import or a restore writes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from peewee import Model

from netui.db.backends import catch_up_sequence
from netui.db.models import database, on_server
from netui.db.search_snapshots import contacts_changed

BATCH = 1_000


def column_names(model: type[Model], names: Iterable[str]) -> list[str]:
    fields = model._meta.fields
    return [fields[name].column_name for name in names]


T = TypeVar("T")


def batches(rows: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """``rows`` a list of at most ``size`` at a time (a generator is made as it goes)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(
    model: type[Model],
    names: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    same: Sequence[tuple[str, object]] = (),
) -> None:
    """``INSERT`` with ``executemany`` in batches (portable SQL, the driver's placeholder);
    ``rows`` may be a generator, made a batch at a time. ``same`` is (name, value) of
    columns every row has the same value of, written in the SQL (:func:`sql_literal`:
    SQLite only) rather than bound to each row."""
    insert_columns(
        model,
        column_names(model, [*names, *(name for name, _ in same)]),
        rows,
        [sql_literal(value) for _, value in same],
    )


def sql_literal(value: object) -> str:
    """SQLite's literal of ``value`` (None, an int or a str), stored as it would be bound."""
    if value is None:
        return "NULL"
    if type(value) is bool or type(value) is int:
        return str(int(value))
    if type(value) is str and "\x00" not in value:
        return "'{}'".format(value.replace("'", "''"))
    raise TypeError(f"no SQL literal for {value!r}")


def insert_columns(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    literals: Sequence[str] = (),
) -> None:
    """``columns`` bound from ``rows``, and then as many more as ``literals`` (SQL)."""
    param = database.param
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        model._meta.table_name,
        ", ".join(f'"{c}"' for c in columns),
        ", ".join([*[param] * (len(columns) - len(literals)), *literals]),
    )
    cursor = database.cursor()
    written = False
    for batch in batches(rows):
        cursor.executemany(sql, batch)
        written = True
    if written and "id" in columns:
        catch_up_sequence(database.obj, model._meta.table_name)


def rows_among(
    query: Any, column: Any, ids: Sequence[Any], made: dict[str, Any], size: int = 500
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` whose ``column`` is among ``ids``, ``size`` ids a query.
    Peewee makes the SQL once, kept in ``made`` (the caller's, for as long as the
    query stays the same; a value of an ``IN`` list took Peewee 2 µs each time): the
    last chunk is made as long as the others by repeating its last id, and the ids
    are then bound plain."""
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        chunk += chunk[-1:] * (size - len(chunk))
        if "sql" not in made:
            sql, params = query.where(column.in_(chunk)).sql()
            if list(params[len(params) - size :]) != chunk:  # not bound last: as made
                yield from database.execute_sql(sql, params)
                continue
            made["sql"], made["head"] = sql, list(params[: len(params) - size])
        yield from database.execute_sql(made["sql"], [*made["head"], *chunk])


def update_rows(model: type[Model], names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """``UPDATE … WHERE id = ?`` with ``executemany``; each row ends with the id."""
    if not rows:
        return
    columns = column_names(model, names)
    param = database.param
    sql = 'UPDATE "{}" SET {} WHERE "id" = {}'.format(
        model._meta.table_name,
        ", ".join(f'"{c}" = {param}' for c in columns),
        param,
    )
    cursor = database.cursor()
    for start in range(0, len(rows), BATCH):
        cursor.executemany(sql, rows[start : start + BATCH])


class IndexesAside:
    """The indexes and triggers of some tables dropped while a big import writes, and
    made again before it commits (SQLite only, inside the import's transaction: a
    failure or a kill rolls the drop back with the rest). Building an index once over
    the rows is cheaper than keeping it up to date row by row, when the rows written
    outnumber the rows there were. The contact table's triggers raise the search
    index's counter (:mod:`netui.db.search_snapshots`): it is raised once instead."""

    def __init__(self, *tables: str) -> None:
        self.tables = tables
        self.dropped: list[tuple[str, str, str]] = []  # (type, name, CREATE …)

    def drop(self) -> None:
        if self.dropped or on_server():
            return
        marks = ", ".join([database.param] * len(self.tables))
        self.dropped = database.execute_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
            f" AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY type, name",
            list(self.tables),
        ).fetchall()
        for kind, name, _ in self.dropped:
            database.execute_sql(f'DROP {kind.upper()} "{name}"')

    def restore(self) -> None:
        for _, _, sql in self.dropped:
            database.execute_sql(sql)
        if "contact" in self.tables and any(kind == "trigger" for kind, _, _ in self.dropped):
            contacts_changed(database.execute_sql)
        self.dropped = []
