"""The Bank & goals screen's actions on a goal: link a suggestion or any contact,
unlink one, mark the goal active or not (mixed into the screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from netui.db import journal
from netui.db.contacts import get_contact
from netui.db.goals import link_contact, set_active, unlink_contact
from netui.modals.contact_picker import ContactPicker
from netui.workers import db_work

if TYPE_CHECKING:
    from textual.widgets import OptionList

    from netui.db.goals import GoalRecord
    from netui.db.goods import ContactMatch
    from netui.screens.base import NetuiScreen

if TYPE_CHECKING:  # the screen it is mixed into, for the type checker only
    _Screen = NetuiScreen
else:
    _Screen = object

#: The kinds of a selection on the screen: (kind, id).
GOOD = "good"
GOAL = "goal"


class GoalChanged(Message):
    """A goal's links or state changed: say ``text`` (if any), read again and select
    ``select`` (posted by the workers of :class:`GoalActions`)."""

    def __init__(self, text: str | None, select: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.text = text
        self.select = select


class GoalActions(_Screen):
    """Link, unlink and (de)activate on the highlighted goal."""

    if TYPE_CHECKING:  # BankScreen's
        goals: dict[int, GoalRecord]
        selection: tuple[str, int] | None

        def reload(
            self, select: tuple[str, int] | None = None, *, keep_focus: bool = False
        ) -> None: ...

        def _selected_person(self) -> tuple[str, ContactMatch] | None: ...

        @property
        def people_list(self) -> OptionList: ...

    def _goal_id(self) -> int | None:
        if self.selection is None or self.selection[0] != GOAL:
            self.app.say("Highlight a goal first (tab to the goals list).", "warning")
            return None
        return self.selection[1]

    def action_link_suggestion(self) -> None:
        goal_id = self._goal_id()
        if goal_id is None:
            return
        person = self._selected_person()
        if person is None or person[0] != "suggestion":
            self.app.say(
                "Highlight a suggestion in the list on the right (tab), or press c to pick "
                "any contact.",
                "warning",
            )
            return
        self._link(goal_id, person[1].contact_id, person[1].name)

    def action_link_contact(self) -> None:
        goal_id = self._goal_id()
        if goal_id is None:
            return

        def picked(contact_id: int | None) -> None:
            if contact_id:
                self._link(goal_id, contact_id, "")

        self.app.push_screen(ContactPicker("Link a contact to the goal"), picked)

    @db_work(group="goal-change")
    def _link(self, goal_id: int, contact_id: int, name: str) -> Message:
        who = name or "The contact"
        with self.undo_step(f"link {who}"):
            if not name:
                journal.describe(f"link {get_contact(contact_id).fields.name}")
            created = link_contact(goal_id, contact_id)
        if created:
            return GoalChanged(f"Linked {who} to the goal.")
        return GoalChanged(f"{who} was already linked to the goal.")

    def action_unlink(self) -> None:
        goal_id = self._goal_id()
        if goal_id is None:
            return
        person = self._selected_person()
        if self.focused is not self.people_list or person is None or person[0] != "linked":
            self.app.say("Highlight a linked contact (✓) on the right first.", "warning")
            return
        self._unlink(goal_id, person[1].contact_id, person[1].name)

    @db_work(group="goal-change")
    def _unlink(self, goal_id: int, contact_id: int, name: str) -> Message:
        with self.undo_step(f"unlink {name}"):
            link = unlink_contact(goal_id, contact_id)
        return GoalChanged(f"Unlinked {name}. u links them again." if link is not None else None)

    def action_toggle_active(self) -> None:
        goal_id = self._goal_id()
        if goal_id is None or goal_id not in self.goals:
            return
        goal = self.goals[goal_id]
        self._set_active(goal_id, goal.title, not goal.active)

    @db_work(group="goal-change")
    def _set_active(self, goal_id: int, title: str, active: bool) -> Message:
        state = "active" if active else "inactive"
        with self.undo_step(f"mark {title} {state}"):
            set_active(goal_id, active)
        return GoalChanged(f"{title} is {state}.", select=(GOAL, goal_id))

    def on_goal_changed(self, message: GoalChanged) -> None:
        # A method by its name: the mixin is no MessagePump, so @on would not register.
        if message.text is not None:
            self.app.say(message.text)
        self.reload(select=message.select)
