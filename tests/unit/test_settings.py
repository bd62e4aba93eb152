"""``netui set``: my name, emails, organisation, half-life and cadence, checked and stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.cli import main
from netui.db.connection import close_database, open_database
from netui.db.settings import (
    SettingError,
    default_cadence,
    get_setting,
    half_life_days,
    my_emails,
    save_user_setting,
    save_user_settings,
)

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    close_database()
    code = main(list(argv))
    close_database()
    out = capsys.readouterr()
    return code, out.out, out.err


def test_set_lists_every_setting_with_defaults(tmp_path: Path, capsys):
    db = str(tmp_path / "netui.db")
    code, out, _ = run(capsys, "--db", db, "set")
    assert code == 0
    assert out.splitlines() == [
        "my-name          (not set)",
        "my-email         (not set)",
        "my-organisation  (not set)",
        "half-life        365  (default)",
        "cadence          90  (default)",
    ]


def test_set_stores_shows_and_resets(tmp_path: Path, capsys):
    db = str(tmp_path / "netui.db")
    assert run(capsys, "--db", db, "set", "my-name", "  Zoë  [b]Hartmann[/] ")[1] == (
        "my-name is now Zoë [b]Hartmann[/].\n"
    )
    assert run(capsys, "--db", db, "set", "my-email", "Me@Example.com; mailto:me@work.example,"
               " me@example.com")[0] == 0  # fmt: skip
    assert run(capsys, "--db", db, "set", "my-email")[1] == "Me@Example.com, me@work.example\n"
    assert run(capsys, "--db", db, "set", "cadence", "30")[0] == 0
    assert run(capsys, "--db", db, "set", "half-life", "180")[0] == 0
    open_database(tmp_path / "netui.db")
    try:
        assert get_setting("my_name") == "Zoë [b]Hartmann[/]"
        assert my_emails() == {"me@example.com", "me@work.example"}
        assert (default_cadence(), half_life_days()) == (30, 180)
    finally:
        close_database()
    assert run(capsys, "--db", db, "set", "cadence", "")[1] == "cadence is now the default.\n"
    assert run(capsys, "--db", db, "set", "cadence")[1] == "90\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("set", "colour", "blue"), "'colour' is not a setting; the settings are my-name"),
        (("set", "cadence", "soon"), "cadence is a whole number of days, not 'soon'."),
        (("set", "cadence", "0"), "cadence is between 1 and 3,650 days."),
        (("set", "half-life", "-5"), "half-life is between 1 and 36,500 days."),
        (("set", "my-email", "me@example.com, a[/]b"), "'a[/]b' is not an email address"),
    ],
)
def test_bad_settings_are_one_sentence_and_change_nothing(tmp_path: Path, capsys, argv, message):
    db = str(tmp_path / "netui.db")
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 1 and out == ""
    assert err.startswith(f"netui: {message}") and err.count("\n") == 1
    assert run(capsys, "--db", db, "set")[1].count("(not set)") == 3


def test_the_form_saves_all_or_nothing(db):
    with pytest.raises(SettingError):
        save_user_settings({"my-name": "Sam", "cadence": "never"})
    assert get_setting("my_name") == ""
    save_user_settings({"my-name": "Sam", "cadence": "45", "my-email": ""})
    assert (get_setting("my_name"), default_cadence()) == ("Sam", 45)
    save_user_setting("my_name", "Sam Park")  # the stored key works too
    assert get_setting("my_name") == "Sam Park"
