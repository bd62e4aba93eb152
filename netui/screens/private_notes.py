"""Writing my private notes about the highlighted contact (mixed into the Contacts
screen), on a team's database only: on one person's file the contact's Notes are
already theirs alone, so the key stays out of sight there. One undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netui.db.private_notes import private_notes_of, write_private_notes
from netui.modals.private_notes_form import PrivateNotesForm

if TYPE_CHECKING:
    from netui.screens.base import NetuiScreen

    _Screen = NetuiScreen
else:
    _Screen = object

ACTION = "private_notes"


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

        def edit(notes: str) -> None:
            def chosen(text: str | None) -> None:
                if text is None or text == notes:
                    return

                def saved(_: bool) -> None:
                    self.app.say(f"Saved your private notes about {name}.")
                    self.data_changed()

                self.app.run_db(
                    write_private_notes, contact_id, text, done=saved,
                    undo=f"private notes about {name}",
                )  # fmt: skip

            self.app.push_screen(PrivateNotesForm(name, notes), chosen)

        self.app.run_db(private_notes_of, contact_id, done=edit)
