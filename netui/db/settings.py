"""My own settings, kept in the Setting table as text."""

from __future__ import annotations

from collections.abc import Mapping

from netui.db import journal
from netui.db.edits import EditOutcome, plan
from netui.db.models import Setting, database

DEFAULTS: dict[str, str] = {
    "my_name": "",
    "my_organisation": "",
    "default_cadence": "90",
    "half_life_days": "365",
}


def get_setting(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def set_setting(key: str, value: str) -> None:
    journal.put_setting(key, value)


#: How each setting is named (for a conflict).
LABELS = {
    "my_name": "My name",
    "my_organisation": "My organisation",
    "default_cadence": "Default cadence (days)",
    "half_life_days": "Half-life of an exchange (days)",
}


def edit_settings(loaded: Mapping[str, str], wanted: Mapping[str, str]) -> EditOutcome:
    """Save settings a form showed as ``loaded``: only those the user changed, each
    only if nobody changed it since (:mod:`netui.db.edits`)."""
    with database.atomic():
        current = {key: get_setting(key) for key in wanted}
        writes, conflicts = plan(loaded, wanted, current, labels=LABELS)
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        for key, value in writes.items():
            set_setting(key, str(value))
    return EditOutcome(written=tuple(writes))


def _positive_int(key: str) -> int:
    try:
        value = int(get_setting(key))
    except ValueError:
        value = 0
    return value if value > 0 else int(DEFAULTS[key])


def default_cadence() -> int:
    """Days between contacts before someone counts as dormant, unless they have their own."""
    return _positive_int("default_cadence")


def half_life_days() -> int:
    """Days after which an exchange counts half as much."""
    return _positive_int("half_life_days")
