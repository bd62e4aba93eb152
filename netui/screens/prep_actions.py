"""The Prep screen's actions on the open worksheet: start one, pick what to give first
and who introduces me, copy the introduction request, export it as Markdown, mark the
meeting done or reopen it (mixed into the screen)."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from netui.core.files import TargetExistsError, write_file
from netui.core.text import safe_line
from netui.core.worksheet import Worksheet, export_filename, intro_request, to_markdown
from netui.db.meetings import (
    create_worksheet,
    get_worksheet,
    reopen,
    update_worksheet,
    worksheet_view,
)
from netui.key_gate import KeyHold
from netui.modals.confirm import Confirm
from netui.modals.contact_picker import NOBODY, ContactPicker
from netui.modals.give_first_picker import GiveFirstPicker
from netui.modals.intro_request import IntroRequestDialog
from netui.modals.text_prompt import TextPrompt
from netui.screens.marking_done import ClosedMeeting, mark_meeting_done
from netui.workers import db_work, hold_among_arguments

if TYPE_CHECKING:
    from collections.abc import Callable

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


def export_worksheet(meeting_id: int, path: Path, overwrite: bool = False) -> bool:
    """Write the worksheet as Markdown to ``path`` (whole or not at all, 0600, never
    through a symlink); ``False`` when a file is there and ``overwrite`` was not given."""
    view = worksheet_view(meeting_id)
    text = to_markdown(
        view.worksheet, my_name=view.my_name, meter=view.meter, previous=view.previous
    )
    try:
        write_file(path, text, force=overwrite)
    except TargetExistsError:
        return False
    return True


class WorksheetCreated(Message):
    """A worksheet was started; ``hold`` keeps the keys for its first empty field."""

    def __init__(self, meeting_id: int, hold: KeyHold) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.hold = hold


class IntroducerSet(Message):
    """Who introduces me was stored: the worksheet as it is now."""

    def __init__(self, worksheet: Worksheet) -> None:
        super().__init__()
        self.worksheet = worksheet


class WorksheetExported(Message):
    """The Markdown file was written to ``path`` (``written`` false: one was there)."""

    def __init__(self, meeting_id: int, path: Path, written: bool) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.path = path
        self.written = written


class Reopened(Message):
    """A meeting was marked not done."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id


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
        self.flush(then=self._reload_all)

    def _reload_all(self) -> None:
        self.reload_list(keep=self.editor.meeting_id, reload_sheet=True)

    def action_new_worksheet(self) -> None:
        self.app.push_screen(ContactPicker("Start a worksheet with…"), self._picked_for_new)

    def _picked_for_new(self, contact_id: int | None) -> None:
        if contact_id is None:
            return
        hold = self.app.hold_keys("the new worksheet was opening")
        self.flush(then=partial(self._create, contact_id, hold))

    @db_work(group="prep-create", carries=hold_among_arguments)
    def _create(self, contact_id: int, hold: KeyHold) -> Message:
        return WorksheetCreated(create_worksheet(contact_id), hold)

    def on_worksheet_created(self, message: WorksheetCreated) -> None:
        self.app.say("Started a new worksheet.")
        self.focus_when_shown(message.meeting_id, message.hold)
        self.reload_list(keep=message.meeting_id)

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
        self.app.push_screen(
            ContactPicker(
                f"Who introduces you to {name}? (best brokers first)",
                allow_nobody=True,
                rank_for=sheet.contact_id if sheet else None,
            ),
            partial(self._introducer_picked, meeting_id, name),
        )

    def _introducer_picked(self, meeting_id: int, name: str, contact_id: int | None) -> None:
        if contact_id is not None:
            introducer = None if contact_id == NOBODY else contact_id
            self.flush(then=partial(self._set_introducer, meeting_id, introducer, name))

    @db_work(group="prep-introducer")
    def _set_introducer(self, meeting_id: int, introducer: int | None, name: str) -> Message:
        with self.undo_step(f"set who introduces you to {name}"):
            update_worksheet(meeting_id, {"introducer_id": introducer})
        return IntroducerSet(get_worksheet(meeting_id))

    def on_introducer_set(self, message: IntroducerSet) -> None:
        self.editor.set_worksheet(message.worksheet)

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
        """Ask where to write the worksheet as Markdown (a file name suggested in the
        current folder): no file is written that the user did not name."""
        meeting_id = self._current()
        sheet = self.editor.worksheet
        if meeting_id is None or sheet is None:
            return
        suggested = export_folder(self.app.db_path) / export_filename(sheet)
        self.app.push_screen(
            TextPrompt(
                "Export the worksheet as Markdown to",
                str(suggested),
                placeholder="a file path",
                hint="Readable by you only (0600); an existing file is asked about first. "
                "Enter writes; escape cancels.",
                check=lambda typed: None if typed else "Type the path of the file to write.",
            ),
            partial(self._export_to, meeting_id),
        )

    def _export_to(self, meeting_id: int, typed: str | None) -> None:
        if typed:
            path = Path(typed).expanduser()
            self.flush(then=partial(self._export, meeting_id, path, overwrite=False))

    @db_work(group="prep-export", description="export the worksheet")
    def _export(self, meeting_id: int, path: Path, *, overwrite: bool) -> Message:
        """Write the Markdown file (unless one is there, to ask about)."""
        return WorksheetExported(meeting_id, path, export_worksheet(meeting_id, path, overwrite))

    def on_worksheet_exported(self, message: WorksheetExported) -> None:
        if message.written:
            self.app.say(f"Wrote the worksheet to {message.path}.", timeout=10)
            return
        self.app.push_screen(
            Confirm(
                "Replace the file?",
                f"{message.path} already exists. Replace it with the worksheet as it is now?",
                yes="Replace",
            ),
            partial(self._replace_answered, message.meeting_id, message.path),
        )

    def _replace_answered(self, meeting_id: int, path: Path, yes: bool | None) -> None:
        if yes:
            self._export(meeting_id, path, overwrite=True)

    def action_mark_done(self) -> None:
        meeting_id = self._current()
        sheet = self.editor.worksheet
        if meeting_id is None or sheet is None:
            return

        # Saved first: the preview of what the worksheet teaches reads the stored text.
        self.flush(
            then=partial(
                mark_meeting_done,
                self.app,
                meeting_id,
                sheet.contact_name,
                outcome=sheet.outcome,
                follow_up=sheet.follow_up,
                done=self._recorded,
            )
        )

    def _recorded(self, closed: ClosedMeeting) -> None:
        self.reload_list(keep=closed.meeting_id, reload_sheet=True)
        self.action_focus_list()  # so that ctrl+z reaches the app, not a text field

    def action_reopen(self) -> None:
        meeting_id = self._current()
        if meeting_id is None:
            return
        self._reopen(meeting_id)

    @db_work(group="prep-reopen")
    def _reopen(self, meeting_id: int) -> Message:
        with self.undo_step("reopen a meeting"):
            reopen(meeting_id)
        return Reopened(meeting_id)

    def on_reopened(self, message: Reopened) -> None:
        self.reload_list(keep=message.meeting_id, reload_sheet=True)
