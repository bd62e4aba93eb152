"""The Prep screen's actions on the open worksheet: start one, pick what to give first
and who introduces me, copy the introduction request, export it as Markdown, mark the
meeting done or reopen it (mixed into the screen)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from netui.core.files import TargetExistsError, write_file
from netui.core.text import safe_line
from netui.core.worksheet import export_filename, intro_request, to_markdown
from netui.db.meetings import (
    create_worksheet,
    get_worksheet,
    reopen,
    update_worksheet,
    worksheet_view,
)
from netui.modals.confirm import Confirm
from netui.modals.contact_picker import NOBODY, ContactPicker
from netui.modals.give_first_picker import GiveFirstPicker
from netui.modals.intro_request import IntroRequestDialog
from netui.screens.marking_done import ClosedMeeting, mark_meeting_done

if TYPE_CHECKING:
    from collections.abc import Callable

    from netui.key_gate import KeyHold
    from netui.screens.base import NetuiScreen
    from netui.widgets.meeting_list import MeetingList
    from netui.widgets.worksheet_editor import WorksheetEditor

if TYPE_CHECKING:  # the screen it is mixed into, for the type checker only
    _Screen = NetuiScreen
else:
    _Screen = object


def export_folder(db_path: Path | str) -> Path:
    """The current folder when I can write there, else the database's folder."""
    beside = Path(db_path).parent if isinstance(db_path, Path) else Path.home()  # a server
    try:
        here = Path.cwd()
    except OSError:
        return beside
    return here if os.access(here, os.W_OK) else beside


def export_worksheet(meeting_id: int, folder: Path, overwrite: bool = False) -> Path | None:
    """Write the worksheet as Markdown (whole or not at all, 0600, never through a
    symlink); the path, or ``None`` when a file of that name exists and ``overwrite``
    was not given."""
    view = worksheet_view(meeting_id)
    path = folder / export_filename(view.worksheet)
    text = to_markdown(
        view.worksheet, my_name=view.my_name, meter=view.meter, previous=view.previous
    )
    try:
        return write_file(path, text, force=overwrite)
    except TargetExistsError:
        return None


def set_introducer(meeting_id: int, introducer_id: int | None):
    update_worksheet(meeting_id, {"introducer_id": introducer_id})
    return get_worksheet(meeting_id)


class WorksheetActions(_Screen):
    """New, give first, introducer, intro request, export, done and reopen."""

    if TYPE_CHECKING:  # PrepScreen's
        @property
        def meeting_list(self) -> MeetingList: ...

        @property
        def editor(self) -> WorksheetEditor: ...

        def flush(self, then: Callable[[], object] | None = None) -> None: ...

        def reload_list(self, keep: int | None = None, *, reload_sheet: bool = False) -> None: ...

        def focus_when_shown(self, meeting_id: int, hold: KeyHold | None) -> None: ...

    def _current(self) -> int | None:
        meeting_id = self.editor.meeting_id
        if meeting_id is None:
            self.app.say("There is no worksheet yet: press ctrl+n to start one.", "warning")
        return meeting_id

    def action_save(self) -> None:
        self.flush(then=lambda: self.app.say("Saved."))

    def action_focus_list(self) -> None:
        self.meeting_list.focus()

    def action_refresh(self) -> None:
        self.flush(then=lambda: self.reload_list(keep=self.editor.meeting_id, reload_sheet=True))

    def action_new_worksheet(self) -> None:
        def picked(contact_id: int | None) -> None:
            if contact_id is None:
                return

            hold = self.app.hold_keys("the new worksheet was opening")

            def created(meeting_id: int) -> None:
                self.app.say("Started a new worksheet.")
                self.focus_when_shown(meeting_id, hold)
                self.reload_list(keep=meeting_id)

            self.flush(
                then=lambda: self.app.run_db(
                    create_worksheet, contact_id, done=created, hold_keys=hold
                )
            )

        self.app.push_screen(ContactPicker("Start a worksheet with…"), picked)

    def action_give_first(self) -> None:
        sheet = self.editor.worksheet
        if self._current() is None or sheet is None:
            return

        def picked(line: str | None) -> None:
            if line:
                self.editor.append_to_section("give_first", f"- {line}")

        self.app.push_screen(GiveFirstPicker(sheet.contact_id), picked)

    def action_pick_introducer(self) -> None:
        meeting_id = self._current()
        if meeting_id is None:
            return
        sheet = self.editor.worksheet
        name = safe_line(sheet.contact_name) if sheet else "them"

        def picked(contact_id: int | None) -> None:
            if contact_id is None:
                return
            introducer = None if contact_id == NOBODY else contact_id
            self.flush(
                then=lambda: self.app.run_db(
                    set_introducer,
                    meeting_id,
                    introducer,
                    done=self.editor.set_worksheet,
                    undo=f"set who introduces you to {name}",
                )
            )

        self.app.push_screen(
            ContactPicker(
                f"Who introduces you to {name}? (best brokers first)",
                allow_nobody=True,
                rank_for=sheet.contact_id if sheet else None,
            ),
            picked,
        )

    def action_copy_intro(self) -> None:
        if self._current() is None:
            return
        sheet = self.editor.worksheet
        view = self.editor.view
        assert sheet is not None and view is not None
        text = intro_request(sheet, view.my_name)
        if not text:
            self.app.say(
                "This meeting has no introducer: press f2 to pick who introduces you.", "warning"
            )
            return
        self.app.push_screen(
            IntroRequestDialog(
                sheet.introducer_name,
                sheet.contact_name,
                text,
                signed=bool(view.my_name.strip()),
                folder=export_folder(self.app.db_path),
                thin=not (sheet.purpose.strip() and sheet.text("reasons").strip()),
            )
        )

    def action_export(self) -> None:
        meeting_id = self._current()
        if meeting_id is None:
            return
        folder = export_folder(self.app.db_path)
        self.flush(then=lambda: self._export(meeting_id, folder, overwrite=False))

    def _export(self, meeting_id: int, folder: Path, *, overwrite: bool) -> None:
        """Write the Markdown file; ask before replacing one written earlier."""
        def written(path: Path | None) -> None:
            if path is not None:
                self.app.say(f"Wrote the worksheet to {path}.", timeout=10)
                return
            sheet = self.editor.worksheet
            name = export_filename(sheet) if sheet is not None else "The file"

            def answered(yes: bool | None) -> None:
                if yes:
                    self._export(meeting_id, folder, overwrite=True)

            self.app.push_screen(
                Confirm(
                    "Replace the exported worksheet?",
                    f"{folder / name} already exists. Replace it with the worksheet as it "
                    "is now?",
                    yes="Replace",
                ),
                answered,
            )

        self.app.run_db(
            export_worksheet, meeting_id, folder, overwrite, done=written, group="prep-export"
        )

    def action_mark_done(self) -> None:
        meeting_id = self._current()
        sheet = self.editor.worksheet
        if meeting_id is None or sheet is None:
            return

        def recorded(_closed: ClosedMeeting) -> None:
            self.reload_list(keep=meeting_id, reload_sheet=True)
            self.action_focus_list()  # so that ctrl+z reaches the app, not a text field

        # Saved first: the preview of what the worksheet teaches reads the stored text.
        self.flush(
            then=lambda: mark_meeting_done(
                self.app,
                meeting_id,
                sheet.contact_name,
                outcome=sheet.outcome,
                follow_up=sheet.follow_up,
                done=recorded,
            )
        )

    def action_reopen(self) -> None:
        meeting_id = self._current()
        if meeting_id is None:
            return
        self.app.run_db(
            reopen,
            meeting_id,
            done=lambda _: self.reload_list(keep=meeting_id, reload_sheet=True),
            undo="reopen a meeting",
        )

