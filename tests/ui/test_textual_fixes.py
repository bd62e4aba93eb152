"""The Textual bugs netui works around: each reproduced bare, and with netui's fix.

The bare reproductions are expected to fail on the Textual release netui pins. When
one of them passes (XPASS in the summary), Textual has fixed the bug and the fix in
``netui/textual_fixes.py`` can go.
"""

from __future__ import annotations

import sys

import pytest
from textual.app import App, ComposeResult, ScreenStackError
from textual.screen import Screen
from textual.widgets import Input

from netui.textual_fixes import SelectionBeforeScreenFix


class _ScreenWithInput(Screen):
    def compose(self) -> ComposeResult:
        yield Input(value="typed before the screen is on the stack")


class _BareApp(App[int]):
    """Twelve lines that die at start on Python 3.12+ with Textual 8.2.8."""

    MODES = {"only": _ScreenWithInput}
    DEFAULT_MODE = "only"


class _FixedApp(SelectionBeforeScreenFix, _BareApp):
    pass


async def _start_and_stop(app: App[int]) -> None:
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, _ScreenWithInput)
        assert app.screen.query_one(Input).value.startswith("typed")


@pytest.mark.xfail(
    sys.version_info >= (3, 12),
    raises=ScreenStackError,
    reason="Textual 8.2.8 on Python 3.12+: an Input in a MODES screen clears the selection "
    "before any screen is on the stack; when this passes, drop SelectionBeforeScreenFix",
)
async def test_bare_textual_starts_a_mode_screen_with_an_input() -> None:
    await _start_and_stop(_BareApp())


async def test_the_fix_starts_a_mode_screen_with_an_input_on_every_python() -> None:
    await _start_and_stop(_FixedApp())
