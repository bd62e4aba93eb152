"""Adding, editing and removing goods and goals on the Bank & goals screen (mixed
into it): each change is one undo step, written in a thread worker whose message
says what happened (:mod:`netui.workers`)."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message

from netui.db.edits import EditOutcome
from netui.db.goals import FIELD_LABELS as GOAL_LABELS
from netui.db.goals import GoalFields, create_goal, delete_goal, edit_goal, get_goal
from netui.db.goods import FIELD_LABELS as GOOD_LABELS
from netui.db.goods import GoodFields, create_good, delete_good, edit_good, get_good
from netui.modals.goal_form import GoalForm
from netui.modals.good_form import GoodForm
from netui.screens.bank_goals import GOAL, GOOD
from netui.screens.saving import save_edit
from netui.workers import db_work

if TYPE_CHECKING:
    from textual.widgets import OptionList

    from netui.db.goals import GoalRecord
    from netui.db.goods import GoodRecord
    from netui.screens.base import NetuiScreen

if TYPE_CHECKING:  # the screen it is mixed into, for the type checker only
    _Screen = NetuiScreen
else:
    _Screen = object

#: A good or a goal on the screen: (kind, id).
Selection = tuple[str, int]


def stored_good(good_id: int) -> GoodFields:
    """The good as stored now (the form watches it while it is open)."""
    return get_good(good_id).fields


def stored_goal(goal_id: int) -> GoalFields:
    """The goal as stored now (the form watches it while it is open)."""
    return get_goal(goal_id).fields


def write_good_edit(good_id: int, loaded: dict[str, Any], wanted: dict[str, Any]) -> EditOutcome:
    """Save the good form's changes field by field (:func:`~.saving.save_edit`)."""
    return edit_good(good_id, GoodFields(**loaded), GoodFields(**wanted))


def write_goal_edit(goal_id: int, loaded: dict[str, Any], wanted: dict[str, Any]) -> EditOutcome:
    """Save the goal form's changes field by field (:func:`~.saving.save_edit`)."""
    return edit_goal(goal_id, GoalFields(**loaded), GoalFields(**wanted))


class RecordSaved(Message):
    """A good or a goal was added or edited: say ``text``, read again, select it."""

    def __init__(self, selection: Selection, text: str) -> None:
        super().__init__()
        self.selection = selection
        self.text = text


class RecordRemoved(Message):
    """A good or a goal was removed: say ``text``, read again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class BankEditing(_Screen):
    """New good (n), new goal (N), edit and remove the selected one."""

    if TYPE_CHECKING:  # BankScreen's
        goods: dict[int, GoodRecord]
        goals: dict[int, GoalRecord]
        selection: Selection | None

        @property
        def goods_list(self) -> OptionList: ...

        @property
        def goals_list(self) -> OptionList: ...

        def reload(self, select: Selection | None = None, *, keep_focus: bool = False) -> None: ...

    def action_new_good(self) -> None:
        self.app.push_screen(GoodForm(), self._good_given)

    def _good_given(self, values: GoodFields | None) -> None:
        if values is not None:
            self._add_good(values)

    @db_work(group="bank-change")
    def _add_good(self, values: GoodFields) -> Message:
        with self.undo_step(f"add the good {values.title}"):
            good_id = create_good(values)
        return RecordSaved((GOOD, good_id), f"Added {values.title}.")

    def action_new_goal(self) -> None:
        self.app.push_screen(GoalForm(), self._goal_given)

    def _goal_given(self, values: GoalFields | None) -> None:
        if values is not None:
            self._add_goal(values)

    @db_work(group="bank-change")
    def _add_goal(self, values: GoalFields) -> Message:
        with self.undo_step(f"add the goal {values.title}"):
            goal_id = create_goal(values)
        return RecordSaved((GOAL, goal_id), f"Added {values.title}.")

    def on_record_saved(self, message: RecordSaved) -> None:
        # Methods by their names: the mixin is no MessagePump, so @on would not register.
        self._saved(message.selection, message.text)

    def _saved(self, selection: Selection, message: str) -> None:
        self.app.say(message)
        self.reload(select=selection)

    def action_edit(self) -> None:
        selection = self.selection
        if selection is None:
            self.app.say("There is nothing to edit: add a good (n) or a goal (N).", "warning")
            return
        kind, record_id = selection
        if kind == GOOD and record_id in self.goods:
            good = self.goods[record_id].fields
            good_form = GoodForm(good).watch_record(
                partial(stored_good, record_id), good, GOOD_LABELS
            )
            self.app.push_screen(good_form, partial(self._good_edited, record_id, good))
        elif kind == GOAL and record_id in self.goals:
            goal = self.goals[record_id].fields
            goal_form = GoalForm(goal).watch_record(
                partial(stored_goal, record_id), goal, GOAL_LABELS
            )
            self.app.push_screen(goal_form, partial(self._goal_edited, record_id, goal))

    def _good_edited(self, good_id: int, before: GoodFields, values: GoodFields | None) -> None:
        if values is not None and values != before:
            save_edit(
                self.app,
                partial(write_good_edit, good_id),
                asdict(before),
                asdict(values),
                undo=f"edit the good {values.title}",
                what=values.title,
                done=partial(self._edit_saved, (GOOD, good_id), values.title),
            )

    def _goal_edited(self, goal_id: int, before: GoalFields, values: GoalFields | None) -> None:
        if values is not None and values != before:
            save_edit(
                self.app,
                partial(write_goal_edit, goal_id),
                asdict(before),
                asdict(values),
                undo=f"edit the goal {values.title}",
                what=values.title,
                done=partial(self._edit_saved, (GOAL, goal_id), values.title),
            )

    def _edit_saved(self, selection: Selection, title: str, _outcome: EditOutcome) -> None:
        self._saved(selection, f"Saved {title}.")

    def action_remove(self) -> None:
        if self.focused not in (self.goods_list, self.goals_list):
            # Removing acts only from the list of what it removes.
            self.app.say("Go to the goods or the goals (tab) to remove one.", "warning")
            return
        selection = self.selection
        if selection is None:
            self.app.say("There is nothing to remove.", "warning")
            return
        kind, record_id = selection
        if kind == GOOD:
            title = self.goods[record_id].title if record_id in self.goods else "a good"
            self._remove_good(record_id, title)
        else:
            title = self.goals[record_id].title if record_id in self.goals else "a goal"
            self._remove_goal(record_id, title)

    @db_work(group="bank-change")
    def _remove_good(self, good_id: int, title: str) -> Message:
        with self.undo_step(f"remove the good {title}"):
            record = delete_good(good_id)
        return RecordRemoved(f"Removed the good {record.title}. u brings it back.")

    @db_work(group="bank-change")
    def _remove_goal(self, goal_id: int, title: str) -> Message:
        with self.undo_step(f"remove the goal {title}"):
            record = delete_goal(goal_id)
        return RecordRemoved(f"Removed the goal {record.title}. u brings it back.")

    def on_record_removed(self, message: RecordRemoved) -> None:
        self.app.say(message.text)
        self.selection = None
        self.reload()
