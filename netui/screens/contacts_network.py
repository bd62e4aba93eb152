"""The Contacts screen's actions on the highlighted contact's place in the network:
log an exchange, add or remove a tie, find brokers, open a meeting worksheet, merge
a duplicate in (mixed into the screen)."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from netui.core.text import safe_line
from netui.db.contacts import ContactDetail, get_contact
from netui.db.edits import EditOutcome
from netui.db.ledger import log_exchange
from netui.db.members import has_team
from netui.db.names import labels_for
from netui.db.ties import FIELD_LABELS as TIE_LABELS
from netui.db.ties import TieRecord, edit_tie, get_tie, remove_tie, ties_of
from netui.screens.contacts_editing import ContactSaved
from netui.screens.saving import save_edit
from netui.workers import db_work

# The forms, pickers and dialogs (netui.modals.form, a TextArea), the brokers' ranking,
# the worksheets' and merging's code are imported when first used, not before the
# first paint of the list.
if TYPE_CHECKING:
    from netui.core.brokers import BrokerPath, TeamPath
    from netui.modals.exchange_form import ExchangeFields
    from netui.modals.tie_form import TieFields
    from netui.screens.base import NetuiScreen
    from netui.widgets.contact_list import ContactList

if TYPE_CHECKING:  # the screen it is mixed into, for the type checker only
    _Screen = NetuiScreen
else:
    _Screen = object


def brokers_and_labels(
    contact_id: int,
) -> tuple[list[BrokerPath], dict[int, str], list[TeamPath] | None]:
    """The brokers ranking, how to show each person in it (and the target) so that
    same-named people are told apart, and on a team database (more than one member)
    the whole team's routes (runs in a thread worker)."""
    from netui.db.brokers import brokers_for, team_brokers_for

    paths = brokers_for(contact_id)
    team = team_brokers_for(contact_id) if has_team() else None
    return paths, labels_for([contact_id, *(i for path in paths for i in path.ids)]), team


def ties_and_labels(contact_id: int) -> tuple[list[TieRecord], dict[int, str]]:
    """Everyone ``contact_id`` knows, and how to show each (runs in a thread worker)."""
    ties = ties_of(contact_id)
    return ties, labels_for([tie.other_id for tie in ties])


def tie_fields(x_id: int, y_id: int) -> TieFields:
    """The tie between two contacts as the tie form shows it (read in a worker)."""
    from netui.modals.tie_form import TieFields

    tie = get_tie(x_id, y_id)
    if tie is None:
        raise LookupError("The tie was removed.")
    return TieFields(tie.strength, tie.context)


def write_tie(
    x_id: int, y_id: int, loaded: dict[str, object], wanted: dict[str, object]
) -> EditOutcome:
    """Save the tie form (:func:`~.saving.save_edit`): a new tie when none was loaded."""
    return edit_tie(x_id, y_id, loaded or None, wanted)[0]


def logged_message(fields: ExchangeFields, name: str) -> str:
    if fields.direction == "gave":
        return f"Logged: gave {name} {fields.currency} ({fields.value})."
    return f"Logged: received {fields.currency} ({fields.value}) from {name}."


# --- what the workers of NetworkActions report (netui.workers) -----------------------


class TieRead(Message):
    """The other contact of a tie to add or edit was read, with the tie if one exists."""

    def __init__(
        self, contact_id: int, name: str, other_id: int, other: str, existing: TieRecord | None
    ) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.name = name
        self.other_id = other_id
        self.other = other
        self.existing = existing


class TiesRead(Message):
    """Everyone a contact knows was read (to choose the tie to remove)."""

    def __init__(
        self, contact_id: int, name: str, ties: list[TieRecord], labels: dict[int, str]
    ) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.name = name
        self.ties = ties
        self.labels = labels


class BrokersRead(Message):
    """The brokers ranking for a contact was read."""

    def __init__(
        self,
        contact_id: int,
        name: str,
        found: tuple[list[BrokerPath], dict[int, str], list[TeamPath] | None],
    ) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.name = name
        self.paths, self.labels, self.team = found


class WorksheetReady(Message):
    """A worksheet is there to open (``created``: just started); with
    ``intro_request``, it asks a broker for an introduction."""

    def __init__(
        self, meeting_id: int, *, created: bool = False, name: str = "", intro_request: bool
    ) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.created = created
        self.name = name
        self.intro_request = intro_request


class MergeAsked(Message):
    """The contact to merge in was read: the user confirms the merge."""

    def __init__(self, keep_id: int, name: str, drop: ContactDetail) -> None:
        super().__init__()
        self.keep_id = keep_id
        self.name = name
        self.drop = drop


class NetworkActions(_Screen):
    """Log, tie, untie, brokers, worksheet and merge on the highlighted contact.

    Each dialog's answer goes to a method; each piece of database work is a
    :func:`~netui.workers.db_work` method whose message the ``on_…`` method below it
    handles (by name: the mixin is no MessagePump, so ``@on`` would not register).
    A change ends in :class:`~.contacts_editing.ContactSaved`."""

    if TYPE_CHECKING:  # ContactsScreen's
        @property
        def contact_list(self) -> ContactList: ...

        def _saved(self, contact_id: int, message: str) -> None: ...

        def _list_has_focus(self, doing: str) -> bool: ...

    def _highlighted_name(self, verb: str) -> tuple[int, str] | None:
        contact_id = self.contact_list.highlighted_id
        if contact_id is None:
            self.app.say(f"There is no contact to {verb}.", "warning")
            return None
        row = self.contact_list.row_of(contact_id)
        return contact_id, row.name if row else ""

    def _written(self, contact_id: int, text: str, _outcome: EditOutcome) -> None:
        self._saved(contact_id, text)

    # --- log an exchange -------------------------------------------------------------

    def action_log_exchange(self) -> None:
        target = self._highlighted_name("log an exchange with")
        if target is None:
            return
        contact_id, name = target
        from netui.modals.exchange_form import ExchangeForm

        self.app.push_screen(ExchangeForm(name), partial(self._exchange_given, contact_id, name))

    def _exchange_given(self, contact_id: int, name: str, fields: ExchangeFields | None) -> None:
        if fields is not None:
            self._log_exchange(contact_id, name, fields)

    @db_work(group="contact-change")
    def _log_exchange(self, contact_id: int, name: str, fields: ExchangeFields) -> Message:
        with self.undo_step(f"log an exchange with {name}"):
            log_exchange(
                contact_id, fields.direction, fields.currency, fields.value,
                note=fields.note, on=fields.on,
            )  # fmt: skip
        return ContactSaved(contact_id, logged_message(fields, name))

    # --- add or edit a tie -----------------------------------------------------------

    def action_add_tie(self) -> None:
        target = self._highlighted_name("tie")
        if target is None:
            return
        contact_id, name = target
        from netui.modals.contact_picker import ContactPicker

        picker = ContactPicker(f"Whom does {name} know?", leave_out=contact_id)
        self.app.push_screen(picker, partial(self._tie_picked, contact_id, name))

    def _tie_picked(self, contact_id: int, name: str, other_id: int | None) -> None:
        if not other_id:
            return
        if other_id == contact_id:
            self.app.say("A contact cannot be tied to themselves.", "warning")
            return
        self._read_tie(contact_id, name, other_id)

    @db_work(group="contact-tie", hold_keys=True)
    def _read_tie(self, contact_id: int, name: str, other_id: int) -> Message:
        other = get_contact(other_id).fields.name
        return TieRead(contact_id, name, other_id, other, get_tie(contact_id, other_id))

    def on_tie_read(self, message: TieRead) -> None:
        from netui.modals.tie_form import TieFields, TieForm

        existing = message.existing
        initial = TieFields(existing.strength, existing.context) if existing else None
        form = TieForm(message.name, message.other, initial)
        if initial is not None:
            form.watch_record(
                partial(tie_fields, message.contact_id, message.other_id), initial, TIE_LABELS
            )
        self.app.push_screen(form, partial(self._tie_given, message, initial))

    def _tie_given(
        self, read: TieRead, initial: TieFields | None, fields: TieFields | None
    ) -> None:
        if fields is None or fields == initial:
            return
        name, other = read.name, read.other
        save_edit(
            self.app,
            partial(write_tie, read.contact_id, read.other_id),
            asdict(initial) if initial else {},
            asdict(fields),
            undo=f"tie {name} and {other}",
            what=f"the tie between {name} and {other}",
            done=partial(self._written, read.contact_id, f"{name} knows {other}."),
        )

    # --- remove a tie ----------------------------------------------------------------

    def action_remove_tie(self) -> None:
        target = self._highlighted_name("untie")
        if target is None:
            return
        self._read_ties(*target)

    @db_work(group="contact-tie", hold_keys=True)
    def _read_ties(self, contact_id: int, name: str) -> Message:
        return TiesRead(contact_id, name, *ties_and_labels(contact_id))

    def on_ties_read(self, message: TiesRead) -> None:
        name, labels = message.name, message.labels
        if not message.ties:
            self.app.say(f"{name} has no ties to remove.", "warning")
            return
        items = [
            (
                Text.assemble(
                    "●" * t.strength + "○" * (5 - t.strength) + " ",
                    safe_line(labels.get(t.other_id, t.name)),
                ),
                t,
            )
            for t in message.ties
        ]
        from netui.modals.choose import Choose

        title = Text.assemble("Remove which tie of ", (safe_line(name), "bold"), "?")
        self.app.push_screen(
            Choose(title, items), partial(self._untie_chosen, message.contact_id, name)
        )

    def _untie_chosen(self, contact_id: int, name: str, tie: TieRecord | None) -> None:
        if tie is not None:
            self._remove_tie(contact_id, name, tie)

    @db_work(group="contact-change")
    def _remove_tie(self, contact_id: int, name: str, tie: TieRecord) -> Message | None:
        with self.undo_step(f"untie {name} and {tie.name}"):
            record = remove_tie(contact_id, tie.other_id)
        if record is None:
            return None
        return ContactSaved(
            contact_id, f"Removed the tie between {name} and {tie.name}. Press u to undo."
        )

    # --- brokers and worksheets ------------------------------------------------------

    def action_brokers(self) -> None:
        target = self._highlighted_name("find brokers for")
        if target is None:
            return
        self._read_brokers(*target)

    @db_work(group="brokers", exclusive=True, hold_keys=True)
    def _read_brokers(self, contact_id: int, name: str) -> Message:
        return BrokersRead(contact_id, name, brokers_and_labels(contact_id))

    def on_brokers_read(self, message: BrokersRead) -> None:
        contact_id, labels = message.contact_id, message.labels
        target = labels.get(contact_id, message.name)
        from netui.modals.brokers_view import BrokersView

        view = BrokersView(target, message.paths, labels, message.team)
        self.app.push_screen(view, partial(self._broker_picked, contact_id, target))

    def _broker_picked(self, contact_id: int, target: str, path: BrokerPath | None) -> None:
        if path is not None:
            self._ask_broker(contact_id, path.ids[0], safe_line(path.name), safe_line(target))

    @db_work(group="worksheet")
    def _ask_broker(self, contact_id: int, introducer_id: int, broker: str, target: str) -> Message:
        # One undo step: the worksheet it may start, and the introducer it sets (an
        # open worksheet's introducer, chosen before, is replaced).
        from netui.db.meetings import worksheet_with_introducer

        with self.undo_step(f"ask {broker} to introduce {target}"):
            meeting_id = worksheet_with_introducer(contact_id, introducer_id)
        return WorksheetReady(meeting_id, intro_request=True)

    def action_worksheet(self) -> None:
        target = self._highlighted_name("prepare a meeting with")
        if target is None:
            return
        self._open_worksheet(*target)

    @db_work(group="worksheet", hold_keys=True)
    def _open_worksheet(self, contact_id: int, name: str) -> Message:
        from netui.db.meetings import open_worksheet

        meeting_id, created = open_worksheet(contact_id)
        return WorksheetReady(meeting_id, created=created, name=name, intro_request=False)

    def on_worksheet_ready(self, message: WorksheetReady) -> None:
        if message.intro_request:
            self.app.open_meeting(message.meeting_id, intro_request=True)
            return
        if message.created:
            self.app.say(f"Started a worksheet for {message.name}, pre-filled from what is known.")
        # Into its first empty field; keys typed meanwhile wait for it.
        self.app.open_meeting(message.meeting_id, focus=True)

    # --- merge a duplicate in --------------------------------------------------------

    def action_merge(self) -> None:
        if not self._list_has_focus("merge a contact into the highlighted one"):
            return
        target = self._highlighted_name("merge into")
        if target is None:
            return
        keep_id, name = target
        from netui.modals.contact_picker import ContactPicker

        picker = ContactPicker(f"Merge whom into {name}?", leave_out=keep_id)
        self.app.push_screen(picker, partial(self._merge_picked, keep_id, name))

    def _merge_picked(self, keep_id: int, name: str, drop_id: int | None) -> None:
        if not drop_id:
            return
        if drop_id == keep_id:
            self.app.say("Pick another contact to merge into this one.", "warning")
            return
        self._read_drop(keep_id, name, drop_id)

    @db_work(group="contact-merge", hold_keys=True)
    def _read_drop(self, keep_id: int, name: str, drop_id: int) -> Message:
        return MergeAsked(keep_id, name, get_contact(drop_id))

    def on_merge_asked(self, message: MergeAsked) -> None:
        name, drop = message.name, message.drop
        text = (
            f"{drop.fields.name}'s ties, exchanges, meetings and tags move to {name}; "
            f"{drop.fields.name} is archived. You can undo this with u."
        )
        from netui.modals.confirm import Confirm

        self.app.push_screen(
            Confirm(f"Merge into {name}?", text, yes="Merge"),
            partial(self._merge_answered, message.keep_id, name, drop.id, drop.fields.name),
        )

    def _merge_answered(
        self, keep_id: int, name: str, drop_id: int, drop_name: str, yes: bool | None
    ) -> None:
        if yes:
            self._merge(keep_id, name, drop_id, drop_name)

    @db_work(group="contact-merge")
    def _merge(self, keep_id: int, name: str, drop_id: int, drop_name: str) -> Message:
        from netui.db.merge import merge_contacts

        with self.undo_step(f"merge {drop_name} into {name}"):
            merge_contacts(keep_id, drop_id)
        return ContactSaved(keep_id, f"Merged {drop_name} into {name}. Press u to undo.")
