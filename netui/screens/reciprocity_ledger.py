"""The ledger on the Reciprocity screen: logging an exchange with the highlighted
contact, editing and deleting an entry of their history (mixed into the screen)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

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


def _describe(fields: ExchangeFields) -> str:
    verb = "gave" if fields.direction == "gave" else "received"
    return f"{verb} {fields.currency} ({fields.value})"


def _log(contact_id: int, fields: ExchangeFields) -> int:
    return log_exchange(
        contact_id, fields.direction, fields.currency, fields.value, note=fields.note, on=fields.on
    )


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

        def logged(fields: ExchangeFields | None) -> None:
            if fields is None:
                return
            self.app.run_db(
                _log,
                contact_id,
                fields,
                done=lambda exchange_id: self._changed(
                    f"Logged: {_describe(fields)} with {safe_line(name)}.", keep_entry=exchange_id
                ),
                undo=f"log an exchange with {name}",
            )

        self.app.push_screen(ExchangeForm(name, today=self.today), logged)

    def edit_entry(self) -> None:
        record = self.history.highlighted
        name = self._contact_name()
        if record is None or name is None:
            self.app.say("No exchange to edit: press l to log one.", "warning")
            return
        before = exchange_fields(record)

        def edited(fields: ExchangeFields | None) -> None:
            if fields is None or fields == before:
                return

            def saved(_: EditOutcome) -> None:
                self._changed(
                    f"Saved the exchange with {safe_line(name)}. Press u to undo.",
                    keep_entry=record.id,
                )

            save_edit(
                self.app,
                lambda loaded, wanted: edit_exchange(record.id, loaded, wanted),
                asdict(before),
                asdict(fields),
                undo=f"edit an exchange with {name}",
                what=f"an exchange with {name}",
                done=saved,
            )

        form = ExchangeForm(name, before, today=max(self.today, record.date))
        form.watch_record(lambda: exchange_fields(get_exchange(record.id)), before, EXCHANGE_LABELS)
        self.app.push_screen(form, edited)

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

        def deleted(gone: ExchangeRecord) -> None:
            self._changed(
                f"Deleted the {gone.currency} exchange with {safe_line(name)}. Press u to undo."
            )

        self.app.run_db(
            delete_exchange,
            record.id,
            done=deleted,
            undo=f"delete the {record.currency} exchange with {name}",
        )

    def _changed(
        self, message: str, *, keep_entry: int | None = None, keep_intro: int | None = None
    ) -> None:
        self.app.say(message)
        self.reload(keep_entry=keep_entry, keep_intro=keep_intro)
