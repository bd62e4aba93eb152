"""The Prep screen: meetings (upcoming first, then past) beside the selected worksheet.

Edits are saved as you go (:mod:`.prep_autosave`): written a moment after the last
keystroke, on ctrl+s, before another meeting is shown, whenever the screen is left
(another screen, a dialog over it), and at once when the app closes.

The actions on the open worksheet are in :mod:`.prep_actions`, sharing it with the
team in :mod:`.prep_sharing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static

from netui.db.meetings import MeetingRow, WorksheetView, list_meetings, worksheet_view
from netui.key_gate import KeyHold
from netui.screens.base import NetuiScreen
from netui.screens.prep_actions import WorksheetActions
from netui.screens.prep_autosave import WorksheetAutosave
from netui.screens.prep_sharing import SHARE_TOOLTIP, WorksheetSharing
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.meeting_list import MeetingList
from netui.widgets.worksheet_editor import WorksheetEditor
from netui.workers import db_work


class MeetingsListed(Message):
    """The meeting list was read; ``keep`` and ``reload_sheet`` as the reload asked."""

    def __init__(self, rows: list[MeetingRow], keep: int | None, reload_sheet: bool) -> None:
        super().__init__()
        self.rows = rows
        self.keep = keep
        self.reload_sheet = reload_sheet


class SheetRead(Message):
    """A worksheet was read: to show it, or (``underneath``) to take what changed
    elsewhere into the one on show."""

    def __init__(self, view: WorksheetView, *, underneath: bool = False) -> None:
        super().__init__()
        self.view = view
        self.underneath = underneath


class PrepScreen(WorksheetSharing, WorksheetActions, WorksheetAutosave, NetuiScreen):
    """Worksheets to read and fill before a coffee chat."""

    TITLE = "Prep"
    CSS_PATH = "prep.tcss"
    #: Below 100 columns the meeting list narrows, to leave the worksheet room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            show=False,
            id="prep.save",
            tooltip="Save the worksheet now (it is also saved as you type)",
        ),
        Binding("f4", "toggle_shared", "Share", id="prep.share", tooltip=SHARE_TOOLTIP),
        Binding(
            "ctrl+n",
            "new_worksheet",
            "New",
            id="prep.new",
            tooltip="Start a worksheet with a contact",
        ),
        Binding(
            "ctrl+g",
            "give_first",
            "Give",
            id="prep.give_first",
            tooltip="Pick what you give first from the bank of goods, or type it",
        ),
        Binding(
            "f2",
            "pick_introducer",
            "Introducer",
            id="prep.introducer",
            tooltip="Who introduces you (or nobody)",
        ),
        Binding(
            # Not ctrl+b: that is tmux's prefix key and never reached netui under tmux.
            "f3",
            "copy_intro",
            "Copy intro",
            id="prep.copy_intro",
            tooltip="The intro request for the introducer: copied, editable, or saved to a file",
        ),
        Binding(
            "ctrl+o",
            "export",
            "Export",
            id="prep.export",
            tooltip="Write the worksheet as a Markdown file where you say (readable by you only)",
        ),
        Binding(
            "ctrl+t",
            "mark_done",
            "Done",
            id="prep.done",
            tooltip="After the meeting: outcome, follow-up, what was given and received",
        ),
        Binding(
            "escape",
            "focus_list",
            "Meetings",
            show=False,
            id="prep.list",
            tooltip="Go to the meeting list",
        ),
        Binding(
            "f5,ctrl+r",
            "refresh",
            "Refresh",
            show=False,
            id="prep.refresh",
            tooltip="Read the database again (changes from another window)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._start_autosave()
        #: The meeting asked for by show_meeting(), applied once the list is loaded.
        self._wanted: int | None = None
        #: The meeting a list read on its way should highlight (a refresh keeps it).
        self._keep: int | None = None
        self._loading: int | None = None
        #: A meeting whose first empty field gets the focus once it is shown, and the
        #: keys that wait for it.
        self._focus_wanted: tuple[int, KeyHold | None] | None = None
        #: Show this meeting's intro request once its worksheet is loaded.
        self._intro_after_load: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="prep-main"):
            with Vertical(id="meetings-pane"):
                yield Static("Meetings", id="meetings-title")
                yield MeetingList(id="meeting-list")
            yield WorksheetEditor(id="worksheet")
        yield KeysFooter()

    @property
    def meeting_list(self) -> MeetingList:
        return self.query_one("#meeting-list", MeetingList)

    @property
    def editor(self) -> WorksheetEditor:
        return self.query_one("#worksheet", WorksheetEditor)

    def on_mount(self) -> None:
        self.meeting_list.focus()
        self.reload_list(keep=self._wanted)
        self.app.save_on_exit(self)

    def on_screen_resume(self) -> None:
        if self.meeting_list.loaded:
            self.reload_list(keep=self.editor.meeting_id)

    def on_screen_suspend(self) -> None:
        # Another screen, or a dialog over this one: write what was typed now.
        self._take_unsent()
        self.flush()

    def on_unmount(self) -> None:
        # The app is closing: write what is left (the app's exit() saved before the
        # fields were taken down; this catches what came after).
        self.save_now()

    # --- opening a meeting -----------------------------------------------------------

    def show_meeting(
        self,
        meeting_id: int,
        *,
        focus_hold: KeyHold | None = None,
        intro_request: bool = False,
    ) -> None:
        """Show one meeting's worksheet; works before the screen's data has loaded.

        With ``focus_hold`` (keys held by the caller), the worksheet's first empty
        field gets the focus once it is shown, and the keys go on there. With
        ``intro_request``, its intro request follows (asking a broker).
        """
        self._wanted = meeting_id
        self._intro_after_load = meeting_id if intro_request else None
        if focus_hold is not None:
            self.focus_when_shown(meeting_id, focus_hold)
        if self.is_mounted:
            # Asking a broker changed the introducer of a worksheet that may be on show.
            self.reload_list(keep=meeting_id, reload_sheet=intro_request)

    def focus_when_shown(self, meeting_id: int, hold: KeyHold | None) -> None:
        """Put the focus in ``meeting_id``'s first empty field once it is shown."""
        self._release_focus_hold()
        self._focus_wanted = (meeting_id, hold)
        if self.is_mounted and self.editor.meeting_id == meeting_id and self._loading is None:
            self._focus_if_wanted()

    def _focus_if_wanted(self) -> None:
        """The worksheet on show is the one asked for: into its first empty field."""
        wanted = self._focus_wanted
        if wanted is None or wanted[0] != self.editor.meeting_id:
            return
        self.editor.focus_first_empty()
        self._release_focus_hold()

    def _release_focus_hold(self) -> None:
        if self._focus_wanted is not None:
            _, hold = self._focus_wanted
            self._focus_wanted = None
            self.app.release_keys(hold)

    def reload_list(self, keep: int | None = None, *, reload_sheet: bool = False) -> None:
        self._keep = keep
        self._read_list(keep, reload_sheet)

    def _hold(self, *_args: object) -> KeyHold | None:
        """The keys waiting for a field to be focused (released if a read fails)."""
        return self._focus_wanted[1] if self._focus_wanted is not None else None

    @db_work(group="prep-list", exclusive=True, carries=_hold, description="read the meetings")
    def _read_list(self, keep: int | None, reload_sheet: bool) -> Message:
        return MeetingsListed(list_meetings(), keep, reload_sheet)

    def on_meetings_listed(self, message: MeetingsListed) -> None:
        # A meeting asked for by show_meeting() wins until its worksheet is shown: a
        # reload started on resuming the screen may land after the one it made. So
        # does one whose field waits for the keys typed meanwhile: a reload that keeps
        # another meeting (a change noticed as it was created) must not send those
        # keys to the list.
        rows = message.rows
        ids = {row.id for row in rows}
        focus = self._focus_wanted[0] if self._focus_wanted is not None else None
        wanted = next((m for m in (self._wanted, focus) if m is not None), message.keep)
        if wanted is not None and wanted not in ids:
            self._wanted = None
        self._keep = None
        self.meeting_list.show(rows, keep=wanted)
        target = self.meeting_list.meeting_id
        if focus is not None and focus != target:
            self._release_focus_hold()  # that meeting is gone (or another was asked for)
        if target is None:
            self.editor.load(None)
        elif (
            message.reload_sheet
            or target != self.editor.meeting_id
            or self._intro_after_load == target
        ):
            # Also when a reload asked by show_meeting() was superseded by one that did
            # not ask (resuming the screen, a change noticed): the intro request waits
            # for a fresh read of its worksheet (the introducer just changed).
            self.load_meeting(target)  # its load clears _wanted once shown
        else:
            if self._wanted == target and self._loading is None:
                self._wanted = None  # already on show
            self._focus_if_wanted()

    def load_meeting(self, meeting_id: int) -> None:
        """Save what is pending, then show ``meeting_id``."""
        self._loading = meeting_id
        self.flush(then=partial(self._read_sheet, meeting_id))

    @db_work(group="prep-load", exclusive=True, carries=_hold, description="read the worksheet")
    def _read_sheet(self, meeting_id: int) -> Message:
        return SheetRead(worksheet_view(meeting_id))

    def on_sheet_read(self, message: SheetRead) -> None:
        view = message.view
        if message.underneath:
            self._underneath(view)
            return
        self._loading = None
        if self._wanted == view.worksheet.id:
            self._wanted = None
        self.editor.load(view)
        self._focus_if_wanted()
        if self._intro_after_load == view.worksheet.id:
            self._intro_after_load = None
            self.action_copy_intro()

    @on(OptionList.OptionHighlighted, "#meeting-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # The highlight as it is now: a message from a list rebuilt since is stale (a
        # reload on resuming the screen, then one from show_meeting, on Python 3.13).
        meeting_id = self.meeting_list.meeting_id
        if meeting_id is None or meeting_id in (self.editor.meeting_id, self._loading):
            return
        if meeting_id != self.meeting_list.meeting_id:
            return  # the cursor has moved on since (the list was refilled): not this one
        self.load_meeting(meeting_id)

    @on(OptionList.OptionSelected, "#meeting-list")
    def _selected(self) -> None:
        fields = self.editor.query("Input, TextArea")
        if fields:
            self.set_focus(fields.first())  # from the list into the worksheet's first field

    # --- changes made elsewhere -------------------------------------------------------

    def data_changed(self) -> None:
        """Something was committed elsewhere (or by our own save): read the list again
        and let the open worksheet take what changed underneath it."""
        if not self.meeting_list.loaded:
            return
        keep = next(
            (
                meeting
                for meeting in (self._keep, self._loading, self.meeting_list.meeting_id)
                if meeting is not None
            ),
            self.editor.meeting_id,
        )
        self.reload_list(keep=keep)
        meeting_id = self.editor.meeting_id
        if meeting_id is not None:
            self._read_underneath(meeting_id)

    @db_work(group="prep-underneath", exclusive=True, description="read the worksheet again")
    def _read_underneath(self, meeting_id: int) -> Message:
        return SheetRead(worksheet_view(meeting_id), underneath=True)

    def _underneath(self, view: WorksheetView) -> None:
        taken = self.editor.underneath(view)
        if taken:
            self.app.say(f"Changed elsewhere, now shown: {', '.join(taken)}.")

    # --- actions ---------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from self.sharing_commands()
        yield SystemCommand(
            "Reopen this meeting",
            "Mark the selected meeting as not done (its exchanges stay logged)",
            self.action_reopen,
        )
