"""Writing my private notes about the highlighted contact (mixed into the Contacts
screen), on a team's database only: on one person's file the contact's Notes are
already theirs alone, so the key stays out of sight there. One undo step."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message

from netui.db.private_notes import private_notes_of, write_private_notes
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.screens.base import NetuiScreen

    _Screen = NetuiScreen
else:
    _Screen = object

ACTION = "private_notes"


class PrivateNotesRead(Message):
    """My private notes about a contact were read: the form opens on them."""

    def __init__(self, contact_id: int, name: str, notes: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.name = name
        self.notes = notes


class PrivateNotesSaved(Message):
    """My private notes about ``name`` were written."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class PrivateNotesActions(_Screen):
    """``action_private_notes`` on the highlighted contact."""

    if TYPE_CHECKING:  # ContactsScreen's (NetworkActions)

        def _highlighted_name(self, verb: str) -> tuple[int, str] | None: ...

    def _team(self) -> bool:
        return bool(getattr(self.app, "team", False))

    def hidden_in_help(self) -> set[str]:
        return set() if self._team() else {ACTION}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == ACTION:
            return self._team()
        return super().check_action(action, parameters)

    def action_private_notes(self) -> None:
        if not self._team():
            return
        target = self._highlighted_name("write private notes about")
        if target is None:
            return
        contact_id, name = target
        self._read_private_notes(contact_id, name)

    @db_work(group="private-notes")
    def _read_private_notes(self, contact_id: int, name: str) -> Message:
        return PrivateNotesRead(contact_id, name, private_notes_of(contact_id))

    def on_private_notes_read(self, message: PrivateNotesRead) -> None:
        # Methods by their names: the mixin is no MessagePump, so @on would not register.
        # Imported when first opened (a TextArea): not before the list's first paint.
        from netui.modals.private_notes_form import PrivateNotesForm

        form = PrivateNotesForm(message.name, message.notes)
        self.app.push_screen(
            form, partial(self._notes_written, message.contact_id, message.name, message.notes)
        )

    def _notes_written(self, contact_id: int, name: str, notes: str, text: str | None) -> None:
        if text is not None and text != notes:
            self._write_private_notes(contact_id, name, text)

    @db_work(group="private-notes")
    def _write_private_notes(self, contact_id: int, name: str, text: str) -> Message:
        with self.undo_step(f"private notes about {name}"):
            write_private_notes(contact_id, text)
        return PrivateNotesSaved(name)

    def on_private_notes_saved(self, message: PrivateNotesSaved) -> None:
        self.app.say(f"Saved your private notes about {message.name}.")
        self.data_changed()
