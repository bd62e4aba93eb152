"""`?` opens the help of the screen it was pressed on; every binding has an id and a tooltip."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.widgets import DataTable

from netui.app import make_app
from netui.paths import config_path
from netui.screens.help import IDEAS, HelpScreen, all_bindings
from tests.ui.helpers import build_contacts_db, palette_titles, settle

#: Bindings known to lack a tooltip, in files this suite's owner may not edit.
#: Remove an entry when it is fixed (the last test fails until you do).
KNOWN_WITHOUT_TOOLTIP: set[str] = set()


@pytest.fixture
def app(tmp_path):
    return make_app(build_contacts_db(tmp_path / "netui.db"))


def table_rows(screen, table_id: str) -> list[tuple[str, str, str]]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [
        tuple(str(cell) for cell in table.get_row_at(index)) for index in range(table.row_count)
    ]


def texts(screen) -> str:
    return "\n".join(str(static.render()) for static in screen.query("Static"))


async def open_help(pilot, *before: str) -> HelpScreen:
    await settle(pilot)
    for key in before:
        await pilot.press(key)
        await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return screen


async def test_help_lists_the_contacts_screen_bindings(app):
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_help(pilot)
        rows = table_rows(screen, "help-here")
        assert ("n", "New", "Add a contact") in rows
        assert ("/", "Search", "Search name, organisation, role, email, tags and notes") in rows
        assert any(row[0] == "f5 ^r" and row[1] == "Refresh" for row in rows)
        everywhere = table_rows(screen, "help-everywhere")
        assert ("2", "Prep", "Meeting worksheets to read before a coffee chat") in everywhere
        assert any(row[1] == "Help" for row in everywhere)
        assert "Keys of Contacts" in texts(screen)
        for title, _ in IDEAS:
            assert title in texts(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize(
    ("mode_key", "title", "expected"),
    [("2", "Prep", "prep."), ("3", "Reciprocity", "reciprocity."), ("4", "Bank", "bank.")],
)
async def test_help_follows_the_screen_it_was_opened_from(app, mode_key, title, expected):
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_help(pilot, mode_key)
        assert f"Keys of {title}" in texts(screen)
        ids = {row.binding_id for row in screen.here}
        assert any(binding_id.startswith(expected) for binding_id in ids)
        assert not any(binding_id.startswith("contacts.") for binding_id in ids)


async def test_help_shows_a_remapped_key(tmp_path):
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"contacts.new" = "a"\n"app.help" = ["question_mark", "h"]\n')
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_help(pilot)
        rows = table_rows(screen, "help-here")
        assert ("a", "New", "Add a contact") in rows
        assert not any(row[0] == "n" for row in rows)
        assert any(row[0] == "? h" for row in table_rows(screen, "help-everywhere"))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_question_mark_closes_the_help_too(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await open_help(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_help_is_in_the_command_palette(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        titles = await palette_titles(app)
        assert "Help: keys and ideas  (?)" in titles
        assert "Theme" in titles  # Textual's own commands are kept


def test_every_binding_has_an_id_and_a_tooltip():
    """Every Screen, ModalScreen and Widget class under netui, walked from the code."""
    found = all_bindings()
    assert "" not in found, [f"{cls.__name__}: {b.key}" for cls, b in found.get("", [])]
    missing_tooltip = {
        binding_id
        for binding_id, places in found.items()
        for _cls, binding in places
        if isinstance(binding, Binding) and not binding.tooltip
    }
    assert missing_tooltip - KNOWN_WITHOUT_TOOLTIP == set()
    assert KNOWN_WITHOUT_TOOLTIP - missing_tooltip == set(), "fixed: drop them from the list"


def test_the_walk_sees_every_kind_of_class():
    classes = {cls.__name__ for places in all_bindings().values() for cls, _ in places}
    assert {"NetuiApp", "ContactsScreen", "PrepScreen", "HelpScreen", "ContactList"} <= classes
    assert any(name.endswith("Form") for name in classes)


async def test_help_shows_the_config_file_path(tmp_path, monkeypatch):
    # A path with brackets is shown literally, not taken for markup.
    chosen = tmp_path / "my [b]netui[/b]" / "config.toml"
    monkeypatch.setenv("NETUI_CONFIG", str(chosen))
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_help(pilot)
        line = str(screen.query_one("#help-config").render())
        assert str(chosen) in line
        assert "not created yet" in line
        await pilot.press("escape")
    chosen.parent.mkdir(parents=True)
    chosen.write_text('theme = "nord"\n')
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_help(pilot)
        line = str(screen.query_one("#help-config").render())
        assert line == f"Config file: {chosen}"
        assert app.theme == "nord"


def test_a_config_path_under_home_is_shown_with_a_tilde(tmp_path, monkeypatch):
    from netui.screens.help import config_line

    monkeypatch.setenv("HOME", str(tmp_path))
    assert config_line(tmp_path / ".config" / "netui" / "config.toml") == (
        "Config file: ~/.config/netui/config.toml (not created yet: the defaults)"
    )
    assert config_line(None) == "No config file is read."


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_top_of_the_help_is_in_sight_and_the_first_key_goes_back_to_it(app, size):
    """Focusing the key table scrolled the config file's line and the heading out of
    sight, and the table's keys (Home, Up) could not bring them back."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        body = app.screen.query_one("#help-body")
        assert isinstance(app.focused, DataTable)
        assert body.scroll_y == 0
        await pilot.press("down", "down", "down", "end")  # the ideas at the end
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("home")
        await settle(pilot)
        assert body.scroll_y == 0
        assert app.focused is app.screen.query_one("#help-here")
        assert app.focused.cursor_row == 0
        assert app.screen.query_one("#help-config").region.y >= 0
