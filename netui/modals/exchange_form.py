"""Log (or edit) one exchange of the reciprocity ledger.

Returns :class:`ExchangeFields`, or ``None`` when cancelled. The date is checked
at the field (a real day, not in the future) before anything is returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from netui.core.text import safe_line
from netui.db.models import CURRENCIES, DIRECTIONS


@dataclass(frozen=True)
class ExchangeFields:
    direction: str
    currency: str
    value: int
    on: dt.date
    note: str


def parse_day(value: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """``(day, None)`` or ``(None, one sentence)`` for a YYYY-MM-DD the user typed."""
    value = value.strip()
    if not value:
        return today, None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None, f"{value!r} is not a date like {today.isoformat()}."
    if day > today:
        return None, "That day is in the future; log exchanges that happened."
    return day, None


DIRECTION_LABELS = {"gave": "I gave", "received": "I received"}


class ExchangeForm(ModalScreen[ExchangeFields | None]):
    """Direction, currency, value 1 to 5, day and a note."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="exchange.save", tooltip="Save the exchange"),
        Binding("escape", "cancel", "Cancel", id="exchange.cancel", tooltip="Close unsaved"),
    ]

    DEFAULT_CSS = """
    ExchangeForm {
        align: center middle;
        & > #exchange-form {
            width: 64; max-width: 100%; height: auto;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #exchange-title { text-style: bold; padding-bottom: 1; }
        .field-row { height: 1; margin-bottom: 1; }
        .field-label { width: 12; color: $text-muted; }
        .field-row Select { width: 1fr; }
        .field-row Input { width: 1fr; }
        #date-error { color: $error; display: none; padding-left: 12; margin-top: -1; }
        #date-error.-shown { display: block; margin-bottom: 1; }
        Input.-invalid { background: $error 30%; }
        #exchange-buttons { height: auto; align-horizontal: right; }
        #exchange-buttons Button { margin-left: 2; }
    }
    """

    def __init__(
        self,
        contact_name: str,
        initial: ExchangeFields | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.contact_name = contact_name
        self.initial = initial
        self.today = today or dt.date.today()

    def compose(self) -> ComposeResult:
        initial = self.initial
        title = Text("Edit exchange with " if initial else "Log an exchange with ")
        title.append(safe_line(self.contact_name), style="bold")
        with Vertical(id="exchange-form"):
            yield Static(title, id="exchange-title")
            with Horizontal(classes="field-row"):
                yield Label("Direction", classes="field-label")
                yield Select(
                    [(DIRECTION_LABELS[d], d) for d in DIRECTIONS],
                    value=initial.direction if initial else "gave",
                    allow_blank=False,
                    compact=True,
                    id="direction",
                )
            with Horizontal(classes="field-row"):
                yield Label("Currency", classes="field-label")
                yield Select(
                    [(c, c) for c in CURRENCIES],
                    value=initial.currency if initial else "knowledge",
                    allow_blank=False,
                    compact=True,
                    id="currency",
                )
            with Horizontal(classes="field-row"):
                yield Label("Value", classes="field-label")
                yield Select(
                    [(f"{n}  {'●' * n}{'○' * (5 - n)}", n) for n in range(1, 6)],
                    value=initial.value if initial else 3,
                    allow_blank=False,
                    compact=True,
                    id="value",
                )
            with Horizontal(classes="field-row"):
                yield Label("Day", classes="field-label")
                yield Input(
                    (initial.on if initial else self.today).isoformat(),
                    placeholder=self.today.isoformat(),
                    compact=True,
                    id="date",
                )
            yield Static("", id="date-error")
            with Horizontal(classes="field-row"):
                yield Label("Note", classes="field-label")
                yield Input(
                    safe_line(initial.note) if initial else "",
                    placeholder="what it was",
                    compact=True,
                    id="note",
                )
            with Horizontal(id="exchange-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save  ctrl+s", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#direction", Select).focus()

    def collect(self) -> ExchangeFields | None:
        date_input = self.query_one("#date", Input)
        day, problem = parse_day(date_input.value, self.today)
        error = self.query_one("#date-error", Static)
        error.update(problem or "")
        error.set_class(problem is not None, "-shown")
        date_input.set_class(problem is not None, "-invalid")
        if day is None:
            date_input.focus()
            return None
        note = self.query_one("#note", Input).value.strip()
        if self.initial and note == safe_line(self.initial.note).strip():
            note = self.initial.note  # untouched: keep it exactly as stored
        return ExchangeFields(
            direction=str(self.query_one("#direction", Select).value),
            currency=str(self.query_one("#currency", Select).value),
            value=int(self.query_one("#value", Select).value),  # type: ignore[arg-type]
            on=day,
            note=note,
        )

    def action_save(self) -> None:
        fields = self.collect()
        if fields is not None:
            self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
