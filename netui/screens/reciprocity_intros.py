"""The introductions I broker, on the Reciprocity screen: recording, editing and
marking them asked, made or declined (a lopsided one asks before it is made)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message

from netui.core.text import safe_line
from netui.db.edits import EditOutcome
from netui.db.introductions import FIELD_LABELS as INTRO_LABELS
from netui.db.introductions import (
    IntroductionRecord,
    edit_introduction,
    introductions,
    record_introduction,
    set_status,
)
from netui.modals.confirm import Confirm
from netui.modals.introduction_form import IntroductionFields, IntroductionForm
from netui.screens.reciprocity_texts import INTROS
from netui.screens.saving import save_edit
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.screens.base import NetuiScreen
    from netui.widgets.introduction_table import IntroductionTable

if TYPE_CHECKING:  # the screen it is mixed into, for the type checker only
    _Screen = NetuiScreen
else:
    _Screen = object


def write_introduction(fields: IntroductionFields) -> int:
    """Record a new introduction; the status "made" is left to :func:`set_status`
    (so marking it made goes through the balance check). Returns its id."""
    status = "idea" if fields.status == "made" else fields.status
    return record_introduction(
        fields.a_id, fields.b_id, fields.a_gains, fields.a_value,
        fields.b_gains, fields.b_value, status=status,
    )  # fmt: skip


def intro_fields(fields: IntroductionFields | IntroductionRecord) -> dict[str, object]:
    """What the introduction form edits (but the status), as :func:`edit_introduction`
    compares it."""
    return {name: getattr(fields, name) for name in INTRO_LABELS}


def current_introduction(intro_id: int) -> dict[str, object]:
    """One introduction as the form edits it, read again (in a worker)."""
    for record in introductions():
        if record.id == intro_id:
            return intro_fields(record)
    raise LookupError("The introduction is gone.")


class IntroductionRecorded(Message):
    """A new introduction was recorded (as an idea when it is to be made)."""

    def __init__(self, fields: IntroductionFields, intro_id: int) -> None:
        super().__init__()
        self.fields = fields
        self.intro_id = intro_id


class StatusSet(Message):
    """An introduction's status was set; or, with a ``warning``, it was not, being
    lopsided (the user is asked before it is marked made)."""

    def __init__(self, intro_id: int, old: str, status: str, warning: str | None) -> None:
        super().__init__()
        self.intro_id = intro_id
        self.old = old
        self.status = status
        self.warning = warning


class IntroductionActions(_Screen):
    """The Reciprocity screen's introduction actions (mixed into the screen)."""

    if TYPE_CHECKING:  # ReciprocityScreen's
        contact_id: int | None

        @property
        def active_key(self) -> str: ...

        @property
        def intro_table(self) -> IntroductionTable: ...

        def show_list(self, key: str) -> None: ...

        def _contact_name(self) -> str | None: ...

        def _changed(
            self, message: str, *, keep_entry: int | None = None, keep_intro: int | None = None
        ) -> None: ...

    def action_new_introduction(self) -> None:
        first = None
        name = self._contact_name()
        if self.active_key != INTROS and self.contact_id is not None and name is not None:
            first = (self.contact_id, name)

        def done(fields: IntroductionFields | None) -> None:
            if fields is not None:
                self._save_introduction(fields, None)

        self.app.push_screen(IntroductionForm(first=first), done)

    def edit_introduction(self) -> None:
        record = self.intro_table.highlighted
        if record is None:
            self.app.say("No introduction to edit: press i to record one.", "warning")
            return

        def done(fields: IntroductionFields | None) -> None:
            if fields is not None:
                self._save_introduction(fields, record)

        form = IntroductionForm(record).watch_record(
            lambda: current_introduction(record.id), intro_fields(record), INTRO_LABELS
        )
        self.app.push_screen(form, done)

    def _save_introduction(
        self, fields: IntroductionFields, record: IntroductionRecord | None
    ) -> None:
        people = f"{fields.a_name} and {fields.b_name}"
        if record is None:
            self._record_introduction(fields)
        elif intro_fields(fields) == intro_fields(record):
            self._introduction_saved(fields, record, record.id)  # only the status, if anything
        else:
            save_edit(
                self.app,
                partial(edit_introduction, record.id),
                intro_fields(record),
                intro_fields(fields),
                undo=f"edit the introduction of {people}",
                what=f"the introduction of {people}",
                done=partial(self._introduction_edited, fields, record),
            )

    @db_work(group="intro-change")
    def _record_introduction(self, fields: IntroductionFields) -> Message:
        with self.undo_step(f"record the introduction of {fields.a_name} and {fields.b_name}"):
            intro_id = write_introduction(fields)
        return IntroductionRecorded(fields, intro_id)

    def on_introduction_recorded(self, message: IntroductionRecorded) -> None:
        # Methods by their names: the mixin is no MessagePump, so @on would not register.
        self._introduction_saved(message.fields, None, message.intro_id)

    def _introduction_edited(
        self, fields: IntroductionFields, record: IntroductionRecord, _outcome: EditOutcome
    ) -> None:
        self._introduction_saved(fields, record, record.id)

    def _introduction_saved(
        self, fields: IntroductionFields, record: IntroductionRecord | None, intro_id: int
    ) -> None:
        self.show_list(INTROS)
        if record is not None:
            old_status = record.status
        else:  # recorded as an idea when it should be made: made goes through the check
            old_status = "idea" if fields.status == "made" else fields.status
        what = "Saved" if record else "Recorded"
        people = f"{safe_line(fields.a_name)} and {safe_line(fields.b_name)}"
        self._changed(f"{what} the introduction of {people}.", keep_intro=intro_id)
        if fields.status != old_status:
            self.change_status(intro_id, old_status, fields.status)

    def action_set_intro_status(self, status: str) -> None:
        if self.active_key != INTROS:
            self.show_list(INTROS)
            self.app.say(
                f"Choose an introduction, then press the key again to mark it {status}."
            )
            return
        if self.focused is not self.intro_table:
            self.app.say(
                f"Go to the introductions (h) to mark one {status}.", "warning"
            )
            return
        record = self.intro_table.highlighted
        if record is None:
            self.app.say("No introduction yet: press i to record one.", "warning")
            return
        if record.status == status:
            self.app.say(f"It is already {status}.")
            return
        self.change_status(record.id, record.status, status)

    def change_status(self, intro_id: int, old: str, status: str, *, force: bool = False) -> None:
        """Set the status; a lopsided introduction asks before it is marked made."""
        self._set_status(intro_id, old, status, force)

    @db_work(group="intro-change")
    def _set_status(self, intro_id: int, old: str, status: str, force: bool) -> Message:
        with self.undo_step(f"mark an introduction {status}"):
            warning = set_status(intro_id, status, force=force, expected=old)
        return StatusSet(intro_id, old, status, warning)

    def on_status_set(self, message: StatusSet) -> None:
        intro_id, old, status = message.intro_id, message.old, message.status
        if message.warning is None:
            extra = " Both sides got it in the ledger." if status == "made" else ""
            self._changed(f"Marked {status}.{extra} Press u to undo.", keep_intro=intro_id)
            return
        self.app.push_screen(
            Confirm(
                "Mark a lopsided introduction made?",
                message.warning + "\n\nMark it made anyway? Both sides get it in the ledger.",
                yes="Mark made",
                no="Not yet",
            ),
            partial(self._lopsided_answered, intro_id, old, status),
        )

    def _lopsided_answered(self, intro_id: int, old: str, status: str, yes: bool | None) -> None:
        if yes:
            self.change_status(intro_id, old, status, force=True)
        else:
            self.app.say(f"Not marked made; it stays {old}.")
