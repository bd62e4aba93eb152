"""The Textual bugs netui works around: each reproduced bare, and with netui's fix.

The bare reproductions are expected to fail on the Textual release netui pins. When
one of them passes (XPASS in the summary), Textual has fixed the bug and the fix in
``netui/textual_fixes.py`` can go.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual._compositor import ChopsUpdate, Compositor
from textual.app import App, ComposeResult, ScreenStackError
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from netui.textual_fixes import CroppedCompositor, CroppedPaint, SelectionBeforeScreenFix


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


# --- CroppedCompositor: a partial update renders only what it shows ---------------------


class _PanesScreen(Screen):
    """A search box above a list, a tall pane beside them (as Contacts is laid out)."""

    DEFAULT_CSS = """
    #left { width: 2fr; }
    #right { width: 1fr; border-left: vkey $secondary; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="left"):
                yield Input(id="box")
                yield Static("\n".join(f"row {n}" for n in range(30)), id="rows")
            yield Static("\n".join(f"detail {n}" for n in range(30)), id="right")


class _CroppedPanesScreen(CroppedPaint, _PanesScreen):
    pass


async def _renders_beside_a_key(screen: Screen) -> list[str]:
    """The widgets rendered to paint one key typed into the box (not the box)."""
    app: App[None] = App()
    rendered: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(screen)
        await pilot.pause()
        screen.query_one("#box", Input).focus()
        await pilot.pause()
        for widget in screen.query("*"):
            render_lines = widget.render_lines

            def counting(crop: Region, widget: Widget = widget, render=render_lines) -> list[Strip]:
                rendered.append(widget.id or type(widget).__name__)
                return render(crop)

            widget.render_lines = counting  # type: ignore[method-assign]
        await pilot.press("a")
        await pilot.pause()
        assert screen.query_one("#box", Input).value == "a"
    return [name for name in rendered if name != "box"]


@pytest.mark.xfail(
    strict=True,
    reason="Textual 8.2.8 renders every widget whose clip touches a partial update (the "
    "whole screen); when this passes, drop CroppedCompositor",
)
async def test_bare_textual_paints_a_key_without_the_pane_beside_it() -> None:
    assert "right" not in await _renders_beside_a_key(_PanesScreen())


async def test_the_fix_paints_a_key_without_the_pane_beside_it_or_the_containers() -> None:
    assert await _renders_beside_a_key(_CroppedPanesScreen()) == []


def _painted(
    chops: Sequence[Mapping[int, Strip | None]],
    spans: list[tuple[int, int, int]],
    ends: list[list[int]],
) -> dict[tuple[int, int], tuple[str, Style | None]]:
    """The cells an update writes, as ``ChopsUpdate.render_segments`` writes them: each
    chop that meets a span, from its start to the span's end."""
    cells: dict[tuple[int, int], tuple[str, Style | None]] = {}
    for y, x1, x2 in spans:
        for end, (x, strip) in zip(ends[y], chops[y].items(), strict=True):
            if strip is None or x > x2 or end <= x1:
                continue
            column, stop = x, min(end, x2)
            for segment in strip:
                for character in segment.text:
                    if column < stop:
                        cells[(column, y)] = (character, segment.style)
                    column += cell_len(character)
    return cells


async def test_the_fix_paints_the_same_cells_as_textual(tmp_path: Path) -> None:
    """Every partial update of Contacts while typing, moving the cursor and reading the
    detail pane writes the same cells, in the same styles, as Textual's compositor."""
    from netui.app import make_app
    from tests.ui.helpers import settle
    from tests.ui.test_contact_list_rendering import many

    compared: list[bool] = []
    partial_update = CroppedCompositor.render_partial_update

    def comparing(self: CroppedCompositor) -> ChopsUpdate | None:
        regions = self._dirty_regions
        if regions:
            crop = Region.from_union(list(regions)).intersection(self.size.region)
            spans = list(self._regions_to_spans(regions))
            rendered = {y for y, _, _ in spans}.__contains__
            ends = [cut_set[1:] for cut_set in self.cuts]
            ours = self._render_chops(crop, rendered)
            textuals = Compositor._render_chops(self, crop, rendered)
            compared.append(_painted(ours, spans, ends) == _painted(textuals, spans, ends))
        return partial_update(self)

    app = make_app(many(tmp_path / "netui.db", 300))
    CroppedCompositor.render_partial_update = comparing  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"person 01", "tab", "down", "down", "end", "home")
            await settle(pilot)
            await pilot.press("ctrl+u")
            await settle(pilot)
    finally:
        CroppedCompositor.render_partial_update = partial_update  # type: ignore[method-assign]
    assert len(compared) > 10
    assert all(compared)
