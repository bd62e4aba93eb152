"""Workarounds for bugs in the Textual release netui pins, each with its reproduction.

Each fix names the Textual version it was seen in and the test that reproduces the
bug without the fix (``tests/ui/test_textual_fixes.py``): when that reproduction
starts passing on a new Textual, the fix can go.
"""

from __future__ import annotations

import contextlib

from textual.app import App, ScreenStackError


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
