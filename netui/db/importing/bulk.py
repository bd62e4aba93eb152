"""Raw batched writes: ``executemany`` in batches, portable SQL with the driver's
placeholder, for the tens of thousands of rows an import or a restore writes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from peewee import Model

from netui.db.backends import catch_up_sequence
from netui.db.models import database

BATCH = 1_000


def column_names(model: type[Model], names: Iterable[str]) -> list[str]:
    fields = model._meta.fields
    return [fields[name].column_name for name in names]


def batches(rows: Iterable[tuple[Any, ...]], size: int = BATCH) -> Iterator[list[tuple[Any, ...]]]:
    """``rows`` a list of at most ``size`` at a time (a generator is made as it goes)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(model: type[Model], names: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """``INSERT`` with ``executemany`` in batches (portable SQL, the driver's placeholder);
    ``rows`` may be a generator, made a batch at a time."""
    insert_columns(model, column_names(model, names), rows)


def insert_columns(
    model: type[Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    param = database.param
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        model._meta.table_name,
        ", ".join(f'"{c}"' for c in columns),
        ", ".join([param] * len(columns)),
    )
    cursor = database.cursor()
    written = False
    for batch in batches(rows):
        cursor.executemany(sql, batch)
        written = True
    if written and "id" in columns:
        catch_up_sequence(database.obj, model._meta.table_name)


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
