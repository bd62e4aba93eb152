"""The rows of a peewee query as plain tuples, typed.

Peewee's stubs type ``query.tuples()`` as the query itself, whose rows would be model
instances; the rows are tuples of the selected columns. :func:`tuples` says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peewee import BaseQuery


def tuples(query: BaseQuery) -> Iterator[tuple[Any, ...]]:
    """Iterate over ``query``'s rows as tuples of the selected columns, in order."""
    return iter(query.tuples())
