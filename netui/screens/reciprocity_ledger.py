"""The ledger on the Reciprocity screen: logging an exchange with the highlighted
contact, editing and deleting an entry of their history (mixed into the screen)."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message

from netui.core.text import safe_line
from netui.db.edits import EditOutcome
from netui.db.ledger import FIELD_LABELS as EXCHANGE_LABELS
from netui.db.ledger import (
    ExchangeRecord,
    delete_exchange,
    edit_exchange,
    get_exchange,
    log_exchange,
)
from netui.modals.exchange_form import ExchangeFields, ExchangeForm
from netui.screens.reciprocity_texts import INTROS
from netui.screens.saving import save_edit
from netui.workers import db_work

if TYPE_CHECKING:
    import datetime as dt

    from netui.screens.base import NetuiScreen
    from netui.widgets.contact_ledger import ContactLedgerPane
    from netui.widgets.ledger_history import LedgerHistory
    from netui.widgets.meter_table import MeterTable

if TYPE_CHECKING:  # the screen it is mixed into, for the type checker only
    _Screen = NetuiScreen
else:
    _Screen = object


def exchange_fields(record: ExchangeRecord) -> ExchangeFields:
    return ExchangeFields(record.direction, record.currency, record.value, record.date, record.note)


def stored_exchange(entry_id: int) -> ExchangeFields:
    """The exchange as stored now (the form watches it while it is open)."""
    return exchange_fields(get_exchange(entry_id))


def _describe(fields: ExchangeFields) -> str:
    verb = "gave" if fields.direction == "gave" else "received"
    return f"{verb} {fields.currency} ({fields.value})"


def _log(contact_id: int, fields: ExchangeFields) -> int:
    return log_exchange(
        contact_id, fields.direction, fields.currency, fields.value, note=fields.note, on=fields.on
    )


class LedgerChanged(Message):
    """An exchange was logged, edited or deleted: say so, read again (posted by the
    workers of :class:`LedgerActions`)."""

    def __init__(self, text: str, keep_entry: int | None = None) -> None:
        super().__init__()
        self.text = text
        self.keep_entry = keep_entry


class LedgerActions(_Screen):
    """Log, edit and delete exchanges of the highlighted contact."""

    if TYPE_CHECKING:  # ReciprocityScreen's
        contact_id: int | None

        @property
        def today(self) -> dt.date: ...

        @property
        def active_key(self) -> str: ...

        @property
        def active_table(self) -> MeterTable | None: ...

        @property
        def ledger_pane(self) -> ContactLedgerPane: ...

        @property
        def history(self) -> LedgerHistory: ...

        def reload(
            self, *, keep_entry: int | None = None, keep_intro: int | None = None
        ) -> None: ...

    def _contact_name(self) -> str | None:
        ledger = self.ledger_pane.ledger
        if ledger is not None and ledger.contact_id == self.contact_id:
            return ledger.name
        table = self.active_table
        row = table.highlighted_row if table else None
        return row.name if row and row.contact_id == self.contact_id else None

    def action_log_exchange(self) -> None:
        contact_id = self.contact_id
        name = self._contact_name()
        if contact_id is None or name is None:
            self.app.say("Move the cursor onto a contact first, then press l.", "warning")
            return
        form = ExchangeForm(name, today=self.today)
        self.app.push_screen(form, partial(self._exchange_given, contact_id, name))

    def _exchange_given(self, contact_id: int, name: str, fields: ExchangeFields | None) -> None:
        if fields is not None:
            self._log_exchange(contact_id, name, fields)

    @db_work(group="reciprocity-change")
    def _log_exchange(self, contact_id: int, name: str, fields: ExchangeFields) -> Message:
        with self.undo_step(f"log an exchange with {name}"):
            exchange_id = _log(contact_id, fields)
        text = f"Logged: {_describe(fields)} with {safe_line(name)}."
        return LedgerChanged(text, keep_entry=exchange_id)

    def edit_entry(self) -> None:
        record = self.history.highlighted
        name = self._contact_name()
        if record is None or name is None:
            self.app.say("No exchange to edit: press l to log one.", "warning")
            return
        before = exchange_fields(record)
        form = ExchangeForm(name, before, today=max(self.today, record.date))
        form.watch_record(partial(stored_exchange, record.id), before, EXCHANGE_LABELS)
        self.app.push_screen(form, partial(self._entry_edited, record.id, name, before))

    def _entry_edited(
        self, entry_id: int, name: str, before: ExchangeFields, fields: ExchangeFields | None
    ) -> None:
        if fields is None or fields == before:
            return
        save_edit(
            self.app,
            partial(edit_exchange, entry_id),
            asdict(before),
            asdict(fields),
            undo=f"edit an exchange with {name}",
            what=f"an exchange with {name}",
            done=partial(self._entry_saved, entry_id, name),
        )

    def _entry_saved(self, entry_id: int, name: str, _outcome: EditOutcome) -> None:
        self._changed(
            f"Saved the exchange with {safe_line(name)}. Press u to undo.", keep_entry=entry_id
        )

    def action_delete_entry(self) -> None:
        if self.active_key == INTROS and self.focused is not self.history:
            self.app.say(
                "Introductions are kept; mark one declined with x instead.", "warning"
            )
            return
        if self.focused is not self.history:
            # Deleting acts only from the history it deletes from, never from a list.
            self.app.say(
                "Press h to go to the contact's history, then d deletes the highlighted entry.",
                "warning",
            )
            return
        record = self.history.highlighted
        name = self._contact_name() or "this contact"
        if record is None:
            self.app.say("No exchange to delete.", "warning")
            return
        self._delete_entry(record.id, record.currency, name)

    @db_work(group="reciprocity-change")
    def _delete_entry(self, entry_id: int, currency: str, name: str) -> Message:
        with self.undo_step(f"delete the {currency} exchange with {name}"):
            gone = delete_exchange(entry_id)
        return LedgerChanged(
            f"Deleted the {gone.currency} exchange with {safe_line(name)}. Press u to undo."
        )

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        # A method by its name: the mixin is no MessagePump, so @on would not register.
        self._changed(message.text, keep_entry=message.keep_entry)

    def _changed(
        self, message: str, *, keep_entry: int | None = None, keep_intro: int | None = None
    ) -> None:
        self.app.say(message)
        self.reload(keep_entry=keep_entry, keep_intro=keep_intro)
