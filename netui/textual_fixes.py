"""Workarounds for bugs in the Textual release netui pins, each with its reproduction.

Each fix names the Textual version it was seen in and the test that reproduces the
bug without the fix (``tests/ui/test_textual_fixes.py``): when that reproduction
starts passing on a new Textual, the fix can go.
"""

from __future__ import annotations

import contextlib

from textual.app import App, ScreenStackError
from textual.screen import Screen
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


def _tick(screen: Screen) -> None:
    if screen.is_current and not screen.app._batch_count:
        with heap.paused():  # the repaint's garbage is collected once it is written
            screen._on_timer_update()
