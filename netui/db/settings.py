"""My own settings, kept in the Setting table as text.

:data:`USER_SETTINGS` are the ones a user sets (``netui set``, the app's Settings
form), each by the name typed on the command line (``my-email``) and stored under
its key (``my_email``); :func:`check_setting` turns what was typed into the stored
text or one sentence saying what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from netui.core.validation import MAX_CADENCE_DAYS, check_email
from netui.db import journal
from netui.db.edits import EditOutcome, plan
from netui.db.models import Setting, database

DEFAULTS: dict[str, str] = {
    "my_name": "",
    "my_email": "",
    "my_organisation": "",
    "default_cadence": "90",
    "half_life_days": "365",
}

#: The longest half-life accepted, in days (a century).
MAX_HALF_LIFE_DAYS = 36_500


class SettingError(ValueError):
    """A setting name or value that cannot be used: one sentence; nothing was saved."""


@dataclass(frozen=True)
class UserSetting:
    """One setting as the user sees it."""

    name: str  # as typed: ``my-email``
    key: str  # as stored: ``my_email``
    label: str  # in the app's form
    help: str
    number: bool = False  # a whole number of days


USER_SETTINGS: tuple[UserSetting, ...] = (
    UserSetting("my-name", "my_name", "My name", "signs the intro requests you send"),
    UserSetting(
        "my-email",
        "my_email",
        "My emails",
        "your addresses, comma-separated: calendar imports leave you out of the attendees",
    ),
    UserSetting(
        "my-organisation",
        "my_organisation",
        "My organisation",
        "splits the network into inside and outside it (Reciprocity)",
    ),
    UserSetting(
        "half-life",
        "half_life_days",
        "Half-life",
        "days after which an exchange counts half as much (default 365)",
        number=True,
    ),
    UserSetting(
        "cadence",
        "default_cadence",
        "Cadence",
        "days between contacts before someone is overdue, unless they have their own (default 90)",
        number=True,
    ),
)
BY_NAME: dict[str, UserSetting] = {setting.name: setting for setting in USER_SETTINGS}


def get_setting(key: str) -> str:
    # The SQL of Setting.get_or_none(Setting.key == key), written out: Peewee made it
    # again at each call (0.5 ms), and a search reads the half-life at every key.
    row = database.execute_sql(
        f'SELECT "value" FROM "setting" WHERE "key" = {database.param} LIMIT 1', (key,)
    ).fetchone()
    return str(row[0]) if row is not None else DEFAULTS.get(key, "")


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


def user_setting(name: str) -> UserSetting:
    """The setting typed as ``name`` (``my-email``; ``my_email`` is accepted too)."""
    found = BY_NAME.get(name.strip().casefold().replace("_", "-"))
    if found is None:
        for setting in USER_SETTINGS:
            if setting.key == name.strip():
                return setting
        names = ", ".join(setting.name for setting in USER_SETTINGS)
        raise SettingError(f"{name!r} is not a setting; the settings are {names}.")
    return found


def check_setting(setting: UserSetting, value: str) -> str:
    """The text to store for ``value``, or :class:`SettingError`. Empty means the default."""
    value = " ".join(value.split())
    if not value:
        return ""
    if setting.number:
        limit = MAX_HALF_LIFE_DAYS if setting.key == "half_life_days" else MAX_CADENCE_DAYS
        try:
            days = int(value)
        except ValueError:
            raise SettingError(
                f"{setting.name} is a whole number of days, not {value!r}."
            ) from None
        if not 1 <= days <= limit:
            raise SettingError(f"{setting.name} is between 1 and {limit:,} days.")
        return str(days)
    if setting.key == "my_email":
        addresses = split_emails(value)
        for address in addresses:
            problem = check_email(address)
            if problem:
                raise SettingError(problem)
        return ", ".join(addresses)
    return value


def split_emails(value: str) -> list[str]:
    """The addresses of a comma- (or semicolon-) separated list, in order, once each."""
    seen: dict[str, str] = {}
    for part in value.replace(";", ",").split(","):
        address = part.strip().removeprefix("mailto:").strip()
        if address and address.casefold() not in seen:
            seen[address.casefold()] = address
    return list(seen.values())


def save_user_setting(name: str, value: str) -> tuple[UserSetting, str]:
    """Check and store one setting (empty: back to the default); ``(setting, stored)``."""
    setting = user_setting(name)
    stored = check_setting(setting, value)
    with database.atomic():
        if stored:
            set_setting(setting.key, stored)
        else:
            Setting.delete().where(Setting.key == setting.key).execute()
    return setting, stored


def save_user_settings(values: dict[str, str]) -> None:
    """Check every value first, then store them all in one transaction (the app's form)."""
    checked = [(user_setting(name), value) for name, value in values.items()]
    stored = [(setting, check_setting(setting, value)) for setting, value in checked]
    with database.atomic():
        for setting, text in stored:
            if text:
                set_setting(setting.key, text)
            else:
                Setting.delete().where(Setting.key == setting.key).execute()


def user_settings() -> list[tuple[UserSetting, str, bool]]:
    """Every user setting with its value and whether that value is the default."""
    stored = {row.key: row.value for row in Setting.select()}
    return [
        (setting, stored.get(setting.key) or DEFAULTS[setting.key], setting.key not in stored)
        for setting in USER_SETTINGS
    ]


def my_emails() -> set[str]:
    """My addresses, casefolded (the ``my-email`` setting)."""
    return {address.casefold() for address in split_emails(get_setting("my_email"))}


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
