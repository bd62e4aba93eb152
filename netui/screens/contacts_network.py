"""The Contacts screen's actions on the highlighted contact's place in the network:
log an exchange, add or remove a tie, find brokers, open a meeting worksheet, merge
a duplicate in (mixed into the screen)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from rich.text import Text

from netui.core.brokers import BrokerPath, TeamPath
from netui.core.text import safe_line
from netui.db.brokers import brokers_for, team_brokers_for
from netui.db.contacts import ContactDetail, get_contact
from netui.db.edits import EditOutcome
from netui.db.ledger import log_exchange
from netui.db.meetings import open_worksheet, worksheet_with_introducer
from netui.db.members import has_team
from netui.db.merge import MergeResult, merge_contacts
from netui.db.names import labels_for
from netui.db.ties import FIELD_LABELS as TIE_LABELS
from netui.db.ties import TieRecord, edit_tie, get_tie, remove_tie, ties_of
from netui.modals.brokers_view import BrokersView
from netui.modals.choose import Choose
from netui.modals.confirm import Confirm
from netui.modals.contact_picker import ContactPicker
from netui.modals.exchange_form import ExchangeFields, ExchangeForm
from netui.modals.tie_form import TieFields, TieForm
from netui.screens.saving import save_edit

if TYPE_CHECKING:
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
    paths = brokers_for(contact_id)
    team = team_brokers_for(contact_id) if has_team() else None
    return paths, labels_for([contact_id, *(i for path in paths for i in path.ids)]), team


def ties_and_labels(contact_id: int) -> tuple[list[TieRecord], dict[int, str]]:
    """Everyone ``contact_id`` knows, and how to show each (runs in a thread worker)."""
    ties = ties_of(contact_id)
    return ties, labels_for([tie.other_id for tie in ties])


def tie_fields(x_id: int, y_id: int) -> TieFields:
    """The tie between two contacts as the tie form shows it (read in a worker)."""
    tie = get_tie(x_id, y_id)
    if tie is None:
        raise LookupError("The tie was removed.")
    return TieFields(tie.strength, tie.context)


def logged_message(fields: ExchangeFields, name: str) -> str:
    if fields.direction == "gave":
        return f"Logged: gave {name} {fields.currency} ({fields.value})."
    return f"Logged: received {fields.currency} ({fields.value}) from {name}."


class NetworkActions(_Screen):
    """Log, tie, untie, brokers, worksheet and merge on the highlighted contact."""

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

    def action_log_exchange(self) -> None:
        target = self._highlighted_name("log an exchange with")
        if target is None:
            return
        contact_id, name = target

        def logged(fields: ExchangeFields | None) -> None:
            if fields is None:
                return
            self.app.run_db(
                lambda: log_exchange(
                    contact_id,
                    fields.direction,
                    fields.currency,
                    fields.value,
                    note=fields.note,
                    on=fields.on,
                ),
                done=lambda _: self._saved(contact_id, logged_message(fields, name)),
                undo=f"log an exchange with {name}",
            )

        self.app.push_screen(ExchangeForm(name), logged)

    def action_add_tie(self) -> None:
        target = self._highlighted_name("tie")
        if target is None:
            return
        contact_id, name = target

        def picked(other_id: int | None) -> None:
            if not other_id:
                return
            if other_id == contact_id:
                self.app.say("A contact cannot be tied to themselves.", "warning")
                return
            self.app.run_db(
                lambda: (get_contact(other_id).fields.name, get_tie(contact_id, other_id)),
                done=lambda found: ask_strength(other_id, *found),
                hold_keys=True,
            )

        def ask_strength(other_id: int, other: str, existing: TieRecord | None) -> None:
            initial = TieFields(existing.strength, existing.context) if existing else None
            loaded = asdict(initial) if initial else None

            def chosen(fields: TieFields | None) -> None:
                if fields is None or fields == initial:
                    return

                def save(before: dict, wanted: dict) -> EditOutcome:
                    return edit_tie(contact_id, other_id, before or None, wanted)[0]

                save_edit(
                    self.app,
                    save,
                    loaded or {},
                    asdict(fields),
                    undo=f"tie {name} and {other}",
                    what=f"the tie between {name} and {other}",
                    done=lambda _: self._saved(contact_id, f"{name} knows {other}."),
                )

            form = TieForm(name, other, initial)
            if initial is not None:
                form.watch_record(lambda: tie_fields(contact_id, other_id), initial, TIE_LABELS)
            self.app.push_screen(form, chosen)

        self.app.push_screen(ContactPicker(f"Whom does {name} know?"), picked)

    def action_remove_tie(self) -> None:
        target = self._highlighted_name("untie")
        if target is None:
            return
        contact_id, name = target

        def choose(found: tuple[list[TieRecord], dict[int, str]]) -> None:
            ties, labels = found
            if not ties:
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
                for t in ties
            ]
            title = Text.assemble("Remove which tie of ", (safe_line(name), "bold"), "?")
            self.app.push_screen(Choose(title, items), remove)

        def remove(tie: TieRecord | None) -> None:
            if tie is None:
                return

            def removed(record: TieRecord | None) -> None:
                if record is None:
                    return
                self._saved(
                    contact_id, f"Removed the tie between {name} and {tie.name}. Press u to undo."
                )

            self.app.run_db(
                remove_tie,
                contact_id,
                tie.other_id,
                done=removed,
                undo=f"untie {name} and {tie.name}",
            )

        self.app.run_db(ties_and_labels, contact_id, done=choose, hold_keys=True)

    def action_brokers(self) -> None:
        target = self._highlighted_name("find brokers for")
        if target is None:
            return
        contact_id, name = target

        def asked(meeting_id: int) -> None:
            self.app.open_meeting(meeting_id, intro_request=True)

        def picked(path: BrokerPath | None) -> None:
            if path is not None:
                self.app.run_db(worksheet_with_introducer, contact_id, path.ids[0], done=asked)

        def show(found: tuple[list[BrokerPath], dict[int, str], list[TeamPath] | None]) -> None:
            paths, labels, team = found
            self.app.push_screen(
                BrokersView(labels.get(contact_id, name), paths, labels, team), picked
            )

        self.app.run_db(
            brokers_and_labels,
            contact_id,
            done=show,
            group="brokers",
            exclusive=True,
            hold_keys=True,
        )

    def action_worksheet(self) -> None:
        target = self._highlighted_name("prepare a meeting with")
        if target is None:
            return
        contact_id, name = target

        def opened(result: tuple[int, bool]) -> None:
            meeting_id, created = result
            if created:
                self.app.say(f"Started a worksheet for {name}, pre-filled from what is known.")
            # Into its first empty field; keys typed meanwhile wait for it.
            self.app.open_meeting(meeting_id, focus=True)

        self.app.run_db(open_worksheet, contact_id, done=opened, hold_keys=True)

    def action_merge(self) -> None:
        if not self._list_has_focus("merge a contact into the highlighted one"):
            return
        target = self._highlighted_name("merge into")
        if target is None:
            return
        keep_id, name = target

        def picked(drop_id: int | None) -> None:
            if not drop_id:
                return
            if drop_id == keep_id:
                self.app.say("Pick another contact to merge into this one.", "warning")
                return
            self.app.run_db(
                get_contact, drop_id, done=lambda drop: confirm(drop_id, drop), hold_keys=True
            )

        def confirm(drop_id: int, drop: ContactDetail) -> None:
            message = (
                f"{drop.fields.name}'s ties, exchanges, meetings and tags move to {name}; "
                f"{drop.fields.name} is archived. You can undo this with u."
            )
            self.app.push_screen(
                Confirm(f"Merge into {name}?", message, yes="Merge"),
                lambda yes: merge(drop_id, drop.fields.name) if yes else None,
            )

        def merge(drop_id: int, drop_name: str) -> None:
            def merged(_: MergeResult) -> None:
                self._saved(keep_id, f"Merged {drop_name} into {name}. Press u to undo.")

            self.app.run_db(
                merge_contacts,
                keep_id,
                drop_id,
                done=merged,
                undo=f"merge {drop_name} into {name}",
            )

        self.app.push_screen(ContactPicker(f"Merge whom into {name}?"), picked)

