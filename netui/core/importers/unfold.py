"""vCard line unfolding in linear time, and skipping what netui never reads.

``vobject.base.getLogicalLines`` reads the whole logical line so far back out of
its buffer after every physical line (``getvalue()``) and searches it for
``quoted-printable``: a value folded over N lines costs N² character copies. A 4 MB
folded PHOTO took 12 s and a 50 MB one did not finish in 20 minutes. This module
yields exactly the same ``(logical line, line number)`` pairs (the tests compare
the two on random input), keeping the pieces of a line in a list and the
``quoted-printable`` check to the newest piece.

Lines of the properties netui ignores (``PHOTO``, ``LOGO``, ``SOUND``, ``KEY``) are
never joined at all: :class:`Skipped` stands for them. A line longer than
:data:`MAX_LINE` characters of any other property is refused by the caller.
``cancelled()`` is polled every :data:`POLL_LINES` physical lines, so an import can
be stopped at once whatever the size of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: Physical lines between two polls of ``cancelled``.
POLL_LINES = 2_048
#: How much of a logical line is joined to find its property name.
HEAD = 256
_QP = "quoted-printable"


class UnfoldCancelled(Exception):
    """``cancelled()`` said so."""


@dataclass(frozen=True)
class Skipped:
    """A logical line of an ignored property: its name and length, not its value."""

    name: str
    length: int


def property_name(head: str) -> str:
    """``PHOTO`` from ``item1.PHOTO;ENCODING=b:...`` (upper case, group dropped)."""
    name = head
    for mark in (":", ";"):
        name = name.split(mark, 1)[0]
    return name.rsplit(".", 1)[-1].strip().upper()


def logical_lines(
    text: str,
    *,
    skip: frozenset[str] = frozenset(),
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[str | Skipped, int]]:
    """``(line, number)`` for every logical line of ``text``, as vobject's
    ``getLogicalLines(io.StringIO(text), allowQP=True)`` gives them, except that a line
    whose property is in ``skip`` comes as a :class:`Skipped`."""
    pieces: list[str] = []
    size = 0  # characters in pieces (vobject's buffer position)
    qp = False  # the line so far mentions quoted-printable
    tail = ""  # its last characters, for a mention split across two pieces
    quoted_printable = False  # the next physical line continues a QP soft break
    line_number = 0
    start_number = 0

    def finish() -> str | Skipped:
        head = ""
        for piece in pieces:
            head += piece
            if len(head) >= HEAD:
                break
        name = property_name(head)
        if name in skip:
            return Skipped(name, size)
        return "".join(pieces)

    position = 0
    end = len(text)
    while position < end:
        newline = text.find("\n", position)
        if newline == -1:
            raw = text[position:]
            position = end
        else:
            raw = text[position:newline]
            position = newline + 1
        line = raw.rstrip("\r\n")
        line_number += 1
        if line_number % POLL_LINES == 0 and cancelled():
            raise UnfoldCancelled
        if line.rstrip() == "":
            if size > 0:
                yield finish(), start_number
            start_number = line_number
            pieces, size, qp, tail = [], 0, False, ""
            quoted_printable = False
            continue
        if quoted_printable:
            piece = "\n" + line
            pieces.append(piece)
            quoted_printable = False
        elif line[0] in " \t":
            piece = line[1:]
            pieces.append(piece)
        elif size > 0:
            yield finish(), start_number
            start_number = line_number
            piece = line
            pieces, qp, tail = [piece], False, ""
            size = 0
        else:
            piece = line
            pieces, qp, tail = [piece], False, ""
            size = 0
        size += len(piece)
        if not qp:
            qp = _QP in (tail + piece).lower()
        tail = (tail + piece)[-(len(_QP) - 1) :]
        last = piece[-1:] if piece else ""
        if not last:  # an empty piece: the line still ends where it ended before
            last = next((p[-1] for p in reversed(pieces) if p), "")
        if last == "=" and qp:
            quoted_printable = True
    if size > 0:
        yield finish(), start_number
