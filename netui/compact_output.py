"""Fewer bytes to the terminal: a style is not set again right after its own reset.

Textual (8.2.8) writes each segment of a line as a run of its own: the style's SGR
escape, the text, a reset (``ESC[0m``). Neighbouring segments in the same style (the
cells of a contact's row, a widget's padding) each repeat the whole style, two
true colours of about 35 bytes. A search key's repaint of the contact list at 120
columns wrote 12.5 kB, where 6 to 7 kB say the same: a terminal shows the same
cells for ``ESC[Xm a ESC[0m ESC[Xm b`` as for ``ESC[Xm a b``. Every byte is read and
parsed by the terminal (and tmux, and ssh) before the key's result is on screen.

:func:`compact` drops each ``ESC[0m ESC[Xm`` that follows a run in that same ``X``
with only text between (no other escape: a cursor move, a hyperlink or another
style ends the run). :func:`compacting` makes a driver class whose ``write`` does
that, for :meth:`netui.app.NetuiApp.get_driver_class`: in 0.1 ms for a whole
repaint of the list.
"""

from __future__ import annotations

import re
from functools import cache
from typing import cast

from textual.driver import Driver

__all__ = ["compact", "compacting"]

#: A run in one style (``ESC[Xm``, text), then the same style reset and set again,
#: with more text, once or more.
_SET_AGAIN = re.compile(r"\x1b\[([0-9;]*)m[^\x1b]*(?:\x1b\[0m\x1b\[\1m[^\x1b]*)+")


def _merged(match: re.Match[str]) -> str:
    return match.group(0).replace(f"\x1b[0m\x1b[{match.group(1)}m", "")


def compact(data: str) -> str:
    """``data`` with every style that is set again right after its own reset left
    set instead (the same cells on any terminal)."""
    if "\x1b[0m\x1b[" not in data:
        return data
    return _SET_AGAIN.sub(_merged, data)


@cache
def compacting(driver: type[Driver]) -> type[Driver]:
    """A subclass of ``driver`` that writes what it is given :func:`compact`."""

    def write(self: Driver, data: str) -> None:
        driver.write(self, compact(data))

    name = f"Compacting{driver.__name__}"
    namespace = {"write": write, "__doc__": f"{driver.__name__}, writing fewer bytes."}
    return cast("type[Driver]", type(name, (driver,), namespace))
