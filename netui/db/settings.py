"""My own settings, kept in the Setting table as text."""

from __future__ import annotations

from netui.db.models import Setting

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
    Setting.replace(key=key, value=value).execute()


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
