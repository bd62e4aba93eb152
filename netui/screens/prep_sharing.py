"""Sharing the selected meeting's worksheet with the team (mixed into the Prep
screen; :mod:`.sharing` does the rest). f4, as letters type into the worksheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netui.screens.sharing import SharingActions

if TYPE_CHECKING:
    from netui.widgets.meeting_list import MeetingList
    from netui.widgets.worksheet_editor import WorksheetEditor

SHARE_TOOLTIP = "Share the selected meeting's worksheet with the team, or make it yours alone"


class WorksheetSharing(SharingActions):
    """The worksheet on screen is what f4 shares."""

    if TYPE_CHECKING:  # PrepScreen's

        @property
        def editor(self) -> WorksheetEditor: ...

        @property
        def meeting_list(self) -> MeetingList: ...

        def reload_list(self, keep: int | None = None, *, reload_sheet: bool = False) -> None: ...

    def shared_target(self) -> tuple[str, int, bool, str] | None:
        meeting_id = self.editor.meeting_id
        row = self.meeting_list.rows.get(meeting_id) if meeting_id is not None else None
        if row is None:
            return None
        return "meeting", row.id, row.shared, f"the worksheet for {row.contact_name}"

    def after_sharing(self, kind: str, row_id: int) -> None:
        self.reload_list(keep=row_id)
