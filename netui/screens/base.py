"""The base of netui's mode screens (Today, Contacts, Prep, Reciprocity, Bank).

What the app asks of them is declared here rather than looked up by name: they read
their data again when it changes (:class:`~netui.reads_data.ReadsData`), ``r`` and a
finished import or settings change refresh them (:meth:`NetuiScreen.action_refresh`),
and the command palette offers their own commands through :class:`ScreenCommands`, a
command ``Provider`` in ``COMMANDS`` beside the app's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import Worker

from netui.db import journal
from netui.modes import mode_of_screen
from netui.reads_data import ReadsData
from netui.textual_fixes import CroppedPaint

if TYPE_CHECKING:
    from netui.app import NetuiApp

#: Seconds between two looks at whether the app's start-up batch is over.
START_UP_POLL = 0.01


def call_after_paint(pump: MessagePump, callback: Callable[[], object]) -> None:
    """Call ``callback`` once what the app shows now has been painted: for work that
    would hold the interpreter from the paint (a read of the whole network in a
    thread worker).

    ``call_after_refresh`` does that, but not while the app starts: Textual batches
    the first updates until the app's mount is over, and the callbacks asked for
    meanwhile run at once, before anything is painted. So, in that batch, this waits
    for its end first.
    """
    if pump.app._batch_count:  # Textual 8's start-up batch (App.batch_update)
        pump.set_timer(START_UP_POLL, partial(call_after_paint, pump, callback))
    else:
        pump.call_after_refresh(callback)


class ScreenCommands(Provider):
    """The command palette's commands of the netui screen it was opened on
    (:meth:`NetuiScreen.palette_commands`); the app's own come from Textual's
    ``SystemCommandsProvider``."""

    def _commands(self) -> list[SystemCommand]:
        screen = self.screen
        if not isinstance(screen, NetuiScreen):
            return []
        return sorted(screen.palette_commands(), key=lambda command: command.title)

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self._commands():
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, _ in self._commands():
            if (match := matcher.match(title)) > 0:
                yield Hit(match, matcher.highlight(title), callback, help=help_text)


class NetuiScreen(ReadsData, CroppedPaint, Screen[None]):
    """A mode screen of netui: ``self.app`` typed, data read again on a change, its
    own commands in the palette."""

    if TYPE_CHECKING:
        app = getters.app(NetuiApp)

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenCommands}

    def call_after_paint(self, callback: Callable[[], object]) -> None:
        """``callback`` once the screen is painted (:func:`call_after_paint`)."""
        call_after_paint(self, callback)

    def undo_step(self, description: str) -> AbstractContextManager[journal.Recorder]:
        """A block of writes as one undo step of this screen (in a ``db_work`` method,
        :mod:`netui.workers`)."""
        return journal.undoable(description, screen=mode_of_screen(self) or "")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The screen's workers' key holds are the app's to release
        (:meth:`~netui.database_work.DatabaseWork.worker_state_changed`)."""
        self.app.worker_state_changed(event)

    def action_refresh(self) -> None:
        """Read the screen's data again (``r``, after an import or a settings change)."""
        self.data_changed()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The screen's commands beyond its key bindings (which the app lists)."""
        return ()

    def go_to_after_reload(self, contact_id: int) -> None:
        """An undo brought ``contact_id`` back: a screen that lists contacts puts
        its cursor on them when it reads its data again (the others do nothing)."""
