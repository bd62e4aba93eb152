"""The app's side of marking a meeting done (:mod:`netui.screens.marking_done`): what
the worksheet would teach the contact, read in a worker before the done form shows.
Mixed into :class:`~netui.app.NetuiApp`; apart from the flow it serves, which is
imported when a meeting is first marked done (the meetings' and edits' code with it),
not before the app's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from netui.workers import db_work

if TYPE_CHECKING:
    from netui.database_work import DatabaseWork
    from netui.db.continuity import WriteBack
    from netui.screens.marking_done import MarkingDone

    _App = DatabaseWork
else:
    _App = object


class PreviewRead(Message):
    """What a meeting's worksheet would teach its contact was read, for the form."""

    def __init__(self, flow: MarkingDone, preview: WriteBack) -> None:
        super().__init__()
        self.flow = flow
        self.preview = preview


class PreviewWork(_App):
    """The app's side of :func:`~netui.screens.marking_done.mark_meeting_done`: the
    preview, read in a worker."""

    @db_work(group="done-preview", description="read what the worksheet teaches")
    def read_preview(self, flow: MarkingDone) -> Message:
        from netui.db.continuity import write_back_preview

        return PreviewRead(flow, write_back_preview(flow.meeting_id))

    def on_preview_read(self, message: PreviewRead) -> None:
        message.flow.ask(message.preview)
