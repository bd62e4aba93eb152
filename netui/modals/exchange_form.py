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
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from netui import clock
from netui.core.text import safe_line
from netui.db.models import CURRENCIES, DIRECTIONS
from netui.modals.form import FormScreen
from netui.widgets.text_input import TextInput


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


class ExchangeForm(FormScreen[ExchangeFields]):
    """Direction, currency, value 1 to 5, day and a note."""

    DEFAULT_CSS = """
    ExchangeForm {
        & > Vertical { width: 64; }
        .field-label { width: 12; }
        #date-error { color: $error; display: none; padding-left: 12; margin-top: -1; }
        #date-error.-shown { display: block; margin-bottom: 1; }
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
        self.today = today or clock.today()

    def compose(self) -> ComposeResult:
        initial = self.initial
        title = Text("Edit exchange with " if initial else "Log an exchange with ")
        title.append(safe_line(self.contact_name), style="bold")
        with Vertical(id="exchange-form"):
            yield Static(title, id="exchange-title", classes="form-title")
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
                yield TextInput(
                    (initial.on if initial else self.today).isoformat(),
                    placeholder=self.today.isoformat(),
                    compact=True,
                    id="date",
                )
            yield Static("", id="date-error")
            with Horizontal(classes="field-row"):
                yield Label("Note", classes="field-label")
                yield TextInput(
                    self.shown("note", initial.note if initial else ""),
                    placeholder="what it was",
                    compact=True,
                    id="note",
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#direction", Select).focus()

    def _check_day(self) -> dt.date | None:
        """The day typed, or ``None`` with the reason shown under the field."""
        date_input = self.query_one("#date", Input)
        day, problem = parse_day(date_input.value, self.today)
        error = self.query_one("#date-error", Static)
        error.update(Text(problem or ""))  # it quotes what was typed: never markup
        error.set_class(problem is not None, "-shown")
        date_input.set_class(problem is not None, "-invalid")
        return day

    @on(Input.Changed, "#date")
    def _day_changed(self) -> None:
        # A shown error goes as soon as the day is right (checked again as it changes).
        if self.query_one("#date-error").has_class("-shown"):
            self._check_day()

    def collect(self) -> ExchangeFields | None:
        date_input = self.query_one("#date", Input)
        day = self._check_day()
        if day is None:
            date_input.focus()
            return None
        note = self.kept("note", self.query_one("#note", Input).value).strip()
        value = self.query_one("#value", Select).selection
        assert value is not None  # allow_blank=False
        return ExchangeFields(
            direction=str(self.query_one("#direction", Select).value),
            currency=str(self.query_one("#currency", Select).value),
            value=int(value),
            on=day,
            note=note,
        )
