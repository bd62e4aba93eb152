"""Sharing my ledger entry, worksheet or goal with the team, and taking it back
(mixed into the Reciprocity, Prep and Bank & goals screens).

Only on a team database (more than one member, :attr:`NetuiApp.team`): on one
person's file there is nobody to share with, so the key, the palette's command and
the ◆ marker of shared rows stay out of sight. The change is one undo step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.message import Message

from netui.db.sharing import SHAREABLE, set_shared
from netui.widgets.shared_mark import SHARED_MARK
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.screens.base import NetuiScreen

    _Screen = NetuiScreen
else:
    _Screen = object

#: The action's name, for check_action and the bindings.
TOGGLE = "toggle_shared"


class SharingChanged(Message):
    """A row was shared or made private (or was already so): say it, show it."""

    def __init__(self, kind: str, row_id: int, text: str) -> None:
        super().__init__()
        self.kind = kind
        self.row_id = row_id
        self.text = text


class SharingActions(_Screen):
    """``action_toggle_shared`` on what :meth:`shared_target` names."""

    def shared_target(self) -> tuple[str, int, bool, str] | None:
        """(kind, id, shared now, how to name it) of the highlighted row; ``None``
        when nothing shareable is highlighted. The screen says."""
        return None

    def after_sharing(self, kind: str, row_id: int) -> None:
        """Show the change (the screen reads its data again)."""
        self.data_changed()

    def sharing_allowed(self) -> bool:
        return bool(getattr(self.app, "team", False))

    def hidden_in_help(self) -> set[str]:
        """The help screen leaves the key out on one person's file."""
        return set() if self.sharing_allowed() else {TOGGLE}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == TOGGLE:
            return self.sharing_allowed()  # hidden, key and all, on one person's file
        return super().check_action(action, parameters)

    def action_toggle_shared(self) -> None:
        if not self.sharing_allowed():
            return
        target = self.shared_target()
        if target is None:
            word = " or ".join(word for _, word in SHAREABLE.values())
            self.app.say(f"Highlight a {word} of yours first.", "warning")
            return
        kind, row_id, shared, label = target
        self._set_shared(kind, row_id, not shared, label)

    @db_work(group="sharing")
    def _set_shared(self, kind: str, row_id: int, wanted: bool, label: str) -> Message:
        with self.undo_step(f"share {label}" if wanted else f"make {label} private"):
            changed = set_shared(kind, row_id, wanted)
        if not changed:
            text = f"Nothing changed: {label}."
        elif wanted:
            text = f"Shared with the team ({SHARED_MARK}): {label}. u takes it back."
        else:
            text = f"Private again, yours alone: {label}."
        return SharingChanged(kind, row_id, text)

    def on_sharing_changed(self, message: SharingChanged) -> None:
        # A method by its name: the mixin is no MessagePump, so @on would not register.
        self.app.say(message.text)
        self.after_sharing(message.kind, message.row_id)

    def sharing_commands(self) -> Iterable[SystemCommand]:
        """The palette's command, on a team database."""
        if self.sharing_allowed():
            yield SystemCommand(
                "Share with the team / make private",
                "Mark the highlighted ledger entry, worksheet or goal shared with the "
                "team, or yours alone again",
                self.action_toggle_shared,
            )
