"""The config file in the app: theme at start and remembered, keys remapped by id."""

from __future__ import annotations

import stat

import pytest

from netui.app import make_app
from netui.config import load_config
from netui.modals.contact_form import ContactForm
from netui.paths import config_path
from tests.ui.helpers import build_contacts_db, settle


@pytest.fixture
def db_file(tmp_path):
    return build_contacts_db(tmp_path / "netui.db")


def write_config(text: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_no_config_file_is_quiet_and_writes_nothing(db_file):
    app = make_app(db_file)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert messages(app) == []
        assert app.theme == "textual-dark"
    assert not config_path().exists()


async def test_a_changed_theme_is_remembered_by_the_next_start(db_file):
    app = make_app(db_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert load_config().theme == "nord"
    assert stat.S_IMODE(config_path().stat().st_mode) == 0o600

    again = make_app(db_file)
    async with again.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert messages(again) == []


async def test_the_theme_picked_in_the_palette_is_remembered(db_file):
    app = make_app(db_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.action_change_theme()
        await settle(pilot)
        await pilot.press(*"dracula")
        await settle(pilot)  # the palette's search is a worker
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "dracula"
    assert load_config().theme == "dracula"


async def test_a_remapped_binding_works_by_its_new_key(db_file):
    write_config('[keys]\n"contacts.new" = "a"\n"mode.reciprocity" = ["3", "r"]\n')
    app = make_app(db_file)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert messages(app) == []
        await pilot.press("n")  # the old key does nothing now
        await settle(pilot)
        assert not isinstance(app.screen, ContactForm)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.current_mode == "reciprocity"


async def test_a_bad_toml_file_is_one_notification_and_the_defaults(db_file):
    write_config('theme = "nord"\n[keys]\n"contacts.new" = "a\n')
    app = make_app(db_file)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert len(messages(app)) == 1
        assert "not valid TOML" in messages(app)[0]
        assert str(config_path()) in messages(app)[0]
        assert app.theme == "textual-dark"
        await pilot.press("n")  # the default key still works
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)


async def test_a_broken_file_is_not_overwritten_by_a_theme_change(db_file):
    write_config("theme = = =\n")
    app = make_app(db_file)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
        assert any("not remembered" in message for message in messages(app))
    assert config_path().read_text() == "theme = = =\n"


async def test_unknown_binding_ids_and_themes_are_named_in_one_notification(db_file):
    write_config('theme = "no-such-theme"\n[keys]\n"contacts.nwe" = "a"\n"contacts.edit" = "E"\n')
    app = make_app(db_file)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert len(messages(app)) == 1
        message = messages(app)[0]
        assert "'no-such-theme'" in message
        assert "'contacts.nwe'" in message
        assert app.theme == "textual-dark"
        await pilot.press("E")  # the known id is still remapped
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
