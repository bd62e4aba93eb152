"""The rows of a peewee query as plain tuples, typed.

Peewee's stubs type ``query.tuples()`` as the query itself, whose rows would be model
instances; the rows are tuples of the selected columns. These say so, and change
nothing else: :func:`tuples` is the same query, iterable again (peewee caches its
rows), :func:`streamed_tuples` reads them without the cache, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from peewee import BaseQuery, SelectBase


def tuples(query: BaseQuery) -> Iterable[tuple[Any, ...]]:
    """``query.tuples()``: its rows as tuples of the selected columns, in order."""
    return cast("Iterable[tuple[Any, ...]]", query.tuples())


def streamed_tuples(query: BaseQuery) -> Iterator[tuple[Any, ...]]:
    """``query.tuples().iterator()``: the rows one at a time, not kept in memory."""
    return cast("Iterator[tuple[Any, ...]]", query.tuples().iterator())


def first_tuple(query: SelectBase) -> tuple[Any, ...] | None:
    """``query.tuples().first()``: the first row as a tuple, or ``None``."""
    return cast("tuple[Any, ...] | None", query.tuples().first())


def dicts(query: BaseQuery) -> Iterable[dict[str, Any]]:
    """``query.dicts()``: its rows as dictionaries of the selected columns."""
    return cast("Iterable[dict[str, Any]]", query.dicts())


def chunks(ids: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    """``ids`` a slice at a time, each short enough for one ``IN (...)`` list."""
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
