"""Adding, editing, archiving and restoring contacts on the Contacts screen (mixed
into it): each change is one undo step, written in a thread worker whose message
says what happened (:mod:`netui.workers`)."""

from __future__ import annotations

from dataclasses import asdict, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message

from netui.db import journal
from netui.db.contacts import (
    FIELD_LABELS,
    ContactDetail,
    ContactFields,
    Scope,
    create_contact,
    edit_contact,
    get_contact,
    set_archived,
)
from netui.db.edits import EditOutcome
from netui.screens.saving import save_edit
from netui.widgets.contact_list import ContactList
from netui.workers import db_work

# The contact form (its fields, a TextArea for the notes) is imported when first
# opened, not before the first paint of the list.
if TYPE_CHECKING:
    from netui.screens.base import NetuiScreen

if TYPE_CHECKING:  # the screen it is mixed into, for the type checker only
    _Screen = NetuiScreen
else:
    _Screen = object


class ContactSaved(Message):
    """A contact was added, or something about them was recorded (an exchange, a
    tie, a merge: :mod:`.contacts_network`): say ``text``, read the list again with
    the cursor on them."""

    def __init__(self, contact_id: int, text: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.text = text


class ReadForEdit(Message):
    """The contact to edit was read: the form opens on it."""

    def __init__(self, detail: ContactDetail) -> None:
        super().__init__()
        self.detail = detail


class ArchiveToggled(Message):
    """A contact was archived or restored; the cursor goes to ``neighbour``."""

    def __init__(self, name: str, restored: bool, neighbour: int | None) -> None:
        super().__init__()
        self.name = name
        self.restored = restored
        self.neighbour = neighbour


class ContactEditing(_Screen):
    """New, edit and archive (or restore) on the highlighted contact."""

    if TYPE_CHECKING:  # ContactsScreen's
        scope: Scope

        @property
        def contact_list(self) -> ContactList: ...

        def reload(self, keep: int | None = None) -> None: ...

        def _highlighted(self, event: ContactList.Highlighted) -> None: ...

    def action_new_contact(self) -> None:
        from netui.modals.contact_form import ContactForm

        self.app.push_screen(ContactForm(), self._create)

    def _create(self, values: ContactFields | None) -> None:
        if values is not None:
            self._add(values)

    @db_work(group="contact-add")
    def _add(self, values: ContactFields) -> Message:
        with self.undo_step(f"add {values.name}"):
            contact_id = create_contact(values)
        return ContactSaved(contact_id, f"Added {values.name}.")

    def action_edit_contact(self) -> None:
        contact_id = self.contact_list.highlighted_id
        if contact_id is None:
            self.app.say("There is no contact to edit.", "warning")
            return
        self._read_for_edit(contact_id)

    @db_work(group="contact-edit", hold_keys=True)
    def _read_for_edit(self, contact_id: int) -> Message:
        return ReadForEdit(get_contact(contact_id))

    def on_read_for_edit(self, message: ReadForEdit) -> None:
        # Methods by their names: the mixin is no MessagePump, so @on would not register.
        contact_id, before = message.detail.id, message.detail.fields
        from netui.modals.contact_form import ContactForm

        form = ContactForm(before).watch_record(
            partial(stored_fields, contact_id), before, FIELD_LABELS
        )
        self.app.push_screen(form, partial(self._edited, contact_id, before))

    def _edited(self, contact_id: int, before: ContactFields, values: ContactFields | None) -> None:
        if values is None or values == before:
            return
        save_edit(
            self.app,
            partial(write_edit, contact_id),
            asdict(before),
            asdict(values),
            undo=f"edit {values.name}",
            what=values.name,
            done=partial(self._edit_saved, contact_id, values.name),
        )

    def _edit_saved(self, contact_id: int, name: str, outcome: EditOutcome) -> None:
        if outcome.notice:
            saved = "Saved" if outcome.written else "Nothing to save for"
            self.app.say(f"{saved} {name}, but {outcome.notice}.", "warning", timeout=12)
            self._saved(contact_id, None)
        elif not outcome.written:
            self._saved(contact_id, f"{name}: nothing to save.")
        else:
            self._saved(contact_id, f"Saved {name}. Press u to undo.")

    def on_contact_saved(self, message: ContactSaved) -> None:
        self._saved(message.contact_id, message.text)

    def _saved(self, contact_id: int, message: str | None) -> None:
        if message is not None:
            self.app.say(message)
        self.contact_list.forget_rows()
        self.reload(keep=contact_id)
        self._highlighted(ContactList.Highlighted(contact_id))

    def _list_has_focus(self, doing: str) -> bool:
        """One-key changes act only from the list they are about, never from elsewhere."""
        if self.focused is self.contact_list:
            return True
        self.app.say(f"Go to the contact list (escape) to {doing}.", "warning")
        return False

    def action_archive_contact(self) -> None:
        if not self._list_has_focus("archive or restore a contact"):
            return
        contact_list = self.contact_list
        contact_id = contact_list.highlighted_id
        if contact_id is None:
            self.app.say("There is no contact to archive.", "warning")
            return
        index = contact_list.cursor
        ids = contact_list.contact_ids
        # Keep the cursor where it was: on the next contact, or the previous at the end.
        neighbour = ids[index + 1] if index + 1 < len(ids) else (ids[index - 1] if index else None)

        # In the archived scope the same key restores: archiving is never a dead end.
        restoring = self.scope is Scope.ARCHIVED

        self._toggle_archived(contact_id, restoring, neighbour)

    @db_work(group="contact-archive")
    def _toggle_archived(self, contact_id: int, restoring: bool, neighbour: int | None) -> Message:
        verb = "restore" if restoring else "archive"
        with self.undo_step(verb):
            name = get_contact(contact_id).fields.name
            journal.describe(f"{verb} {name}")
            set_archived(contact_id, not restoring)
        return ArchiveToggled(name, restoring, neighbour)

    def on_archive_toggled(self, message: ArchiveToggled) -> None:
        verb = "Restored" if message.restored else "Archived"
        self.app.say(f"{verb} {message.name}. Press u to undo.", timeout=8)
        self.reload(keep=message.neighbour)


def stored_fields(contact_id: int) -> ContactFields:
    """The contact's fields as stored now (the form watches them while it is open)."""
    return get_contact(contact_id).fields


def write_edit(contact_id: int, loaded: dict[str, Any], wanted: dict[str, Any]) -> EditOutcome:
    """Save the contact form's changes field by field (:func:`~.saving.save_edit`);
    a contact archived elsewhere while the form was open is said to be."""
    outcome = edit_contact(contact_id, ContactFields(**loaded), ContactFields(**wanted))
    if outcome.saved and get_contact(contact_id).archived:
        notice = "they were archived in another window (f shows the archived; d restores)"
        return replace(outcome, notice=notice)
    return outcome
