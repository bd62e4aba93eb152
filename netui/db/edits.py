"""Saving a form without losing anyone's change: field by field, against what it loaded.

A form remembers the values it showed (``loaded``) and hands back what the user
made of them (``wanted``). Saving writes only the fields the user changed, and each
only if nobody else changed it since the form loaded it::

    writes, conflicts = plan(loaded, wanted, current)

- a field the user left as loaded is not written (another window's change to it
  stays);
- a field the user changed is written when the stored value is still the loaded
  one (or already what the user wants);
- a field both changed, to different values, is a :class:`Conflict`: nothing is
  written, and the user chooses (the form's value, or the one stored now) and
  saves again with :func:`resolved`;
- a list of tags is a set: the tags the user added are added and those removed
  are removed, to whatever the list holds now, so two windows adding different
  tags both keep theirs.

No Textual here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from netui.core.folding import normalise_tag


@dataclass(frozen=True)
class Conflict:
    """One field changed both here and elsewhere since the form loaded it."""

    field: str
    label: str
    loaded: object  # what the form showed
    mine: object  # what the user made of it
    theirs: object  # what is stored now


@dataclass(frozen=True)
class EditOutcome:
    """What a save did: the fields written, or the conflicts that stopped it."""

    written: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    #: What the user should know about the record once saved (it was archived
    #: elsewhere, say), as the end of a sentence; "" when nothing.
    notice: str = ""

    @property
    def saved(self) -> bool:
        return not self.conflicts


def merge_set(
    current: Sequence[str],
    loaded: Sequence[str],
    wanted: Sequence[str],
    key: Callable[[str], str] = normalise_tag,
) -> tuple[str, ...]:
    """``current`` with the user's edit of ``loaded`` into ``wanted`` applied: the
    tags removed go, those added come last, a tag respelled takes the new spelling."""
    before = {key(tag): tag for tag in loaded}
    after = {key(tag): tag for tag in wanted}
    removed = before.keys() - after.keys()
    respelled = {k: after[k] for k in before.keys() & after.keys() if before[k] != after[k]}
    result = [respelled.get(key(tag), tag) for tag in current if key(tag) not in removed]
    have = {key(tag) for tag in result}
    for tag in wanted:
        if key(tag) not in before and key(tag) not in have:
            result.append(tag)
            have.add(key(tag))
    return tuple(result)


def _tags(value: object) -> Sequence[str]:
    """The value of a set field (``sets``): its tags."""
    return cast("Sequence[str]", value)


def _same(a: object, b: object, is_set: bool) -> bool:
    if is_set:
        return list(cast("Iterable[object]", a)) == list(cast("Iterable[object]", b))
    return a == b


def plan(
    loaded: Mapping[str, object],
    wanted: Mapping[str, object],
    current: Mapping[str, object],
    *,
    sets: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
) -> tuple[dict[str, object], list[Conflict]]:
    """``(fields to write, conflicts)`` for a form that loaded ``loaded``, was saved
    as ``wanted``, while ``current`` is stored (see the module docstring)."""
    set_fields = set(sets)
    labels = labels or {}
    writes: dict[str, object] = {}
    conflicts: list[Conflict] = []
    for name, mine in wanted.items():
        before = loaded.get(name, mine)
        is_set = name in set_fields
        if _same(mine, before, is_set):
            continue
        theirs = current[name]
        if is_set:
            merged = merge_set(_tags(theirs), _tags(before), _tags(mine))
            if list(merged) != list(_tags(theirs)):
                writes[name] = merged
        elif theirs == before:
            writes[name] = mine
        elif theirs != mine:
            label = labels.get(name, name.replace("_", " ").capitalize())
            conflicts.append(Conflict(name, label, before, mine, theirs))
    return writes, conflicts


def resolved(
    loaded: Mapping[str, object],
    wanted: Mapping[str, object],
    conflicts: Sequence[Conflict],
    choices: Mapping[str, object],
) -> tuple[dict[str, object], dict[str, object]]:
    """``(loaded, wanted)`` to save again once the user chose, for each conflict, the
    value to keep: the form now counts as having loaded what is stored, so a choice
    of the stored value writes nothing and a choice of its own overwrites exactly
    the value the user saw (another change since is a conflict again)."""
    loaded = dict(loaded)
    wanted = dict(wanted)
    for conflict in conflicts:
        loaded[conflict.field] = conflict.theirs
        wanted[conflict.field] = choices.get(conflict.field, conflict.theirs)
    return loaded, wanted


def shown(value: object) -> str:
    """A field's value as words, for the conflict dialog."""
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
