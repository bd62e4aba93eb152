"""Workarounds for bugs in the Textual release netui pins, each with its reproduction.

Each fix names the Textual version it was seen in and the test that reproduces the
bug without the fix (``tests/ui/test_textual_fixes.py``): when that reproduction
starts passing on a new Textual, the fix can go.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import cast

from textual._compositor import Compositor
from textual.app import App, ScreenStackError
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from netui import heap


class SelectionBeforeScreenFix(App):
    """``App.clear_selection`` before any screen is on the stack (Textual 8.2.8).

    On Python 3.12 and newer Textual runs new tasks eagerly
    (``asyncio.eager_task_factory``), so an ``Input`` composed inside a screen listed
    in ``MODES`` runs its selection watcher before that screen is pushed.
    ``App.clear_selection`` catches ``NoScreen`` but not ``ScreenStackError``, and
    the app dies at start with "No screens on stack". Nothing is selected yet at
    that moment, so there is nothing to clear.
    """

    def clear_selection(self) -> None:
        with contextlib.suppress(ScreenStackError):
            super().clear_selection()


def paint_now(screen: Screen, *widgets: Widget) -> None:
    """Paint what ``widgets`` asked to refresh now, not at the screen's next update tick.

    Textual (8.2.8) paints a screen on a timer, 60 times a second, paused while
    nothing changes. The first change after a pause is painted at once, but the
    timer's next tick comes one to two periods after that one (``Timer._run``
    catches up with ``count = int(elapsed / interval + 1)``, a whole period past
    the grid). So a search result handled a few milliseconds after its key's echo
    was painted waited 17 to 33 ms for its tick, more than the search itself took.

    Each widget's refresh goes to the screen now (its Update message, queued), and a
    tick of the screen's update is queued behind those messages: the screen paints as
    soon as it has handled them. Nothing is painted on a screen that is not current
    (the timer paints it when it is), nor inside a batch update.
    """
    for widget in widgets:
        widget._check_refresh()
    screen.call_later(_tick, screen)


#: Seconds a result's repaint leaves the collector off: its bytes are written first.
WRITE_FIRST = 0.005


def _tick(screen: Screen) -> None:
    if screen.is_current and not screen.app._batch_count:
        # The repaint's garbage is collected once its bytes are written (heap.paused_for).
        heap.paused_for(WRITE_FIRST)
        screen._on_timer_update()


class CroppedCompositor(Compositor):
    """Paints only the widgets, and the lines of them, that a partial update shows
    (Textual 8.2.8).

    For a partial update (a key's echo in a search box, a search's new rows) Textual's
    compositor asks every widget whose *clip* touches the updated area to render all
    its lines (``Compositor._get_renders``), and then keeps, front to back, the first
    widget's cells in each of the update's lines. The clip of a widget inside a
    container is the container's whole area, so every key rendered the whole screen:
    the detail pane beside the list, its scroll bar, the footer, and each container
    (screen, panes) 40 lines high, to change 3 lines of the search box.

    Here, front to back as before, a widget renders only the lines of the update that
    show it, and not at all if it shows nowhere in them, or if the widgets in front of
    it cover every cell it would give there (a container behind its children). Each
    cell painted comes from the same widget as before (a test compares screens).
    """

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        top, bottom = crop.y, crop.bottom
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not crop.overlaps(shown):
                continue
            x, y, width, height = shown
            end = x + width
            span = range(max(y, top), min(y + height, bottom))
            lines = [line for line in span if is_rendered_line(line)]
            if not lines:
                continue
            # The cells this widget would give, in the update, not yet painted.
            left, right = max(x, crop.x), min(end, crop.right)
            wanted = [
                [
                    cut
                    for cut, after in pairwise(cuts[line])
                    if x <= cut < right and after > left and chops[line][cut] is None
                ]
                for line in lines
            ]
            if not any(wanted):
                continue  # covered by the widgets in front of it
            first, last = lines[0], lines[-1] + 1
            crop_lines = Region(x - region.x, first - region.y, width, last - first)
            strips = widget.render_lines(crop_lines)
            for line, empty in zip(lines, wanted, strict=True):
                if not empty:
                    continue
                line_cuts = [cut for cut in cuts[line] if x <= cut <= end]
                pieces = strips[line - first].divide([cut - x for cut in line_cuts[1:]])
                chops_line = chops[line]
                # One piece fewer than cuts: the last cut is where the widget ends.
                for cut, piece in zip(line_cuts, pieces, strict=False):
                    if chops_line[cut] is None:
                        chops_line[cut] = piece
        return cast("Sequence[Mapping[int, Strip]]", chops)


class CroppedPaint(Screen):
    """A screen whose partial updates paint only what they show (:class:`CroppedCompositor`)."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name, id, classes)
        self._compositor = CroppedCompositor()
