"""The stylesheet parses each source once per theme (netui.parsed_css): a reparse with
the same theme reuses the rules, a new theme parses them again and restyles."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.color import Color
from textual.screen import Screen
from textual.widgets import Static

from netui.parsed_css import ParsedOnce

CSS = "Static { background: $primary; }"


def test_a_reparse_with_the_same_variables_parses_nothing_again() -> None:
    first = ParsedOnce(variables={"primary": "#112233"})
    first.add_source(CSS, read_from=("test", "first"))
    rules = first.rules
    first.reparse()
    assert first.rules[0] is rules[0]  # the very rules parsed before, not new ones
    assert first.rules[0].styles.background == Color.parse("#112233")


def test_other_variables_are_parsed_with_their_own_values() -> None:
    stylesheet = ParsedOnce(variables={"primary": "#112233"})
    stylesheet.add_source(CSS, read_from=("test", "other"))
    assert stylesheet.rules[0].styles.background == Color.parse("#112233")
    stylesheet.set_variables({"primary": "#445566"})
    stylesheet.reparse()
    assert stylesheet.rules[0].styles.background == Color.parse("#445566")
    # The first theme's parse was not overwritten by the second's.
    again = ParsedOnce(variables={"primary": "#112233"})
    again.add_source(CSS, read_from=("test", "other"))
    assert again.rules[0].styles.background == Color.parse("#112233")


class _Shown(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("shown", id="shown")


class _ThemedApp(App[None]):
    CSS = "#shown { background: $primary; }"
    MODES = {"only": _Shown}
    DEFAULT_MODE = "only"

    def __init__(self) -> None:
        super().__init__()
        self.stylesheet = ParsedOnce(variables=self.get_css_variables())


async def test_a_new_theme_still_restyles_the_screen() -> None:
    app = _ThemedApp()
    async with app.run_test() as pilot:
        app.theme = "textual-dark"
        await pilot.pause()
        dark = app.screen.query_one("#shown").styles.background
        app.theme = "textual-light"
        await pilot.pause()
        light = app.screen.query_one("#shown").styles.background
        assert dark != light
        assert light == Color.parse(app.get_theme("textual-light").primary)
