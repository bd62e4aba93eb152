"""After the meeting: outcome, follow-up date, and what was given and received; and,
previewed, what the worksheet teaches the contact (netui.db.continuity).

Returns a :class:`MeetingDone` result, or ``None`` when cancelled. The caller saves
it in one transaction (:func:`netui.db.meetings.mark_done`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from netui.core.text import safe_block, safe_line
from netui.core.worksheet import parse_day
from netui.db.continuity import WriteBack
from netui.db.meetings import ExchangeEntry
from netui.db.models import CURRENCIES
from netui.modals.form import DiscardGuard
from netui.widgets.text_box import TextBox
from netui.widgets.text_input import TextInput

DIRECTION_LABELS = (("gave", "I gave"), ("received", "I received"))


@dataclass(frozen=True)
class MeetingOutcome:
    """What the form returns."""

    outcome: str
    follow_up: dt.date | None
    exchanges: tuple[ExchangeEntry, ...]
    #: Write the worksheet's facts back to the contact (the previewed changes).
    update_contact: bool = False


def write_back_text(preview: WriteBack) -> Text:
    """What marking the meeting done teaches the contact, one line per fact, literally."""
    text = Text(end="")
    text.append("What this worksheet learned goes to ", style="dim")
    text.append(safe_line(preview.contact_name), style="bold")
    text.append(":", style="dim")
    for change in preview.changes:
        text.append(f"\n{change.label}: ", style="bold")
        if change.added:
            text.append("+ " + ", ".join(safe_line(tag) for tag in change.added), style="green")
        else:
            after = safe_line(change.after)
            text.append(after if len(after) <= 70 else after[:69] + "…", style="green")
            if change.before:
                before = safe_line(change.before)
                text.append(" (was ", style="dim")
                text.append(before if len(before) <= 30 else before[:29] + "…", style="dim")
                text.append(")", style="dim")
    return text


class MeetingDoneForm(DiscardGuard[MeetingOutcome]):
    """Mark a meeting done and log the exchanges, in one form."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="done.save", tooltip="Mark done and log exchanges"),
        Binding("escape", "cancel", "Cancel", id="done.cancel", tooltip="Close without saving"),
    ]

    DEFAULT_CSS = """
    MeetingDoneForm {
        align: center middle;
        & > #done-form {
            width: 90; max-width: 100%; height: auto; max-height: 95%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
            overflow-y: auto;  /* 80x24 with a write-back preview: scroll, never cut */
        }
        #done-title { text-style: bold; padding-bottom: 1; dock: top; }
        .done-label { color: $text-muted; }
        #done-outcome { height: 5; margin-bottom: 1; }
        .done-row { height: 1; margin-bottom: 1; }
        .done-row > Label { width: 14; color: $text-muted; }
        .done-row Select { width: 20; margin-right: 1; }
        .done-row .value { width: 12; }
        .done-row Input { width: 1fr; }
        #done-write-back { height: auto; max-height: 8; }
        #done-update-contact { margin-bottom: 1; }
        #done-error { color: $error; height: auto; }
        #done-buttons {
            height: auto; align-horizontal: right; padding-top: 1; dock: bottom;
            background: $surface;
        }
        #done-buttons Button { margin-left: 2; }
    }
    """

    def __init__(
        self,
        contact_name: str,
        outcome: str = "",
        follow_up: dt.date | None = None,
        *,
        write_back: WriteBack | None = None,
    ):
        super().__init__()
        self.contact_name = contact_name
        self.initial_outcome = outcome
        self.initial_follow_up = follow_up
        #: What the worksheet would teach the contact (previewed; the box says whether).
        self.write_back = write_back if write_back is not None and write_back.changes else None

    def compose(self) -> ComposeResult:
        with Vertical(id="done-form"):
            yield Static(
                Text.assemble("After the meeting with ", (safe_line(self.contact_name), "bold")),
                id="done-title",
            )
            yield Label("Outcome", classes="done-label")
            yield TextBox(
                safe_block(self.initial_outcome), id="done-outcome", soft_wrap=True, compact=True
            )
            with Horizontal(classes="done-row"):
                yield Label("Follow up on")
                yield TextInput(
                    self.initial_follow_up.isoformat() if self.initial_follow_up else "",
                    placeholder="YYYY-MM-DD, blank for none",
                    id="done-follow-up",
                    compact=True,
                )
            for direction, label in DIRECTION_LABELS:
                with Horizontal(classes="done-row"):
                    yield Label(label)
                    yield Select(
                        [(currency, currency) for currency in CURRENCIES],
                        prompt="nothing",
                        id=f"done-{direction}-currency",
                        compact=True,
                    )
                    yield Select(
                        [(f"{n} {'●' * n}", n) for n in range(1, 6)],
                        value=3,
                        allow_blank=False,
                        id=f"done-{direction}-value",
                        classes="value",
                        compact=True,
                    )
                    yield TextInput(placeholder="note", id=f"done-{direction}-note", compact=True)
            if self.write_back is not None:
                yield Static(write_back_text(self.write_back), id="done-write-back")
                yield Checkbox(
                    "Update the contact (ctrl+z undoes it with the rest)",
                    value=True,
                    id="done-update-contact",
                    compact=True,
                )
            yield Static("", id="done-error")
            with Horizontal(id="done-buttons"):
                yield Button("Cancel", id="done-cancel")
                yield Button("Mark done  ctrl+s", variant="primary", id="done-save")

    def on_mount(self) -> None:
        self.remember_state()
        # Focused once laid out: focusing before the first layout scrolled the form to
        # a guess (and differently on Python 3.11 and 3.13); it opens at its top, with
        # the outcome being typed in view.
        self.call_after_refresh(self._focus_outcome)

    def _focus_outcome(self) -> None:
        self.set_focus(self.query_one("#done-outcome", TextArea), scroll_visible=False)
        # The field's own focus handling (cursor to the end) scrolls too: after it.
        self.call_after_refresh(self._at_top)

    def _at_top(self) -> None:
        self.query_one("#done-form").scroll_home(animate=False, immediate=True)

    def collect(self) -> MeetingOutcome | None:
        error = self.query_one("#done-error", Static)
        follow_up, problem = parse_day(self.query_one("#done-follow-up", Input).value)
        if problem:
            error.update(Text(problem))  # it quotes what was typed: never markup
            self.query_one("#done-follow-up", Input).focus()
            return None
        error.update("")
        exchanges = []
        for direction, _ in DIRECTION_LABELS:
            currency = self.query_one(f"#done-{direction}-currency", Select).value
            if currency is Select.NULL or not isinstance(currency, str):
                continue
            value = self.query_one(f"#done-{direction}-value", Select).value
            note = self.query_one(f"#done-{direction}-note", Input).value.strip()
            exchanges.append(
                ExchangeEntry(direction, currency, value if isinstance(value, int) else 3, note)
            )
        outcome = self.query_one("#done-outcome", TextArea).text
        if outcome == safe_block(self.initial_outcome):
            outcome = self.initial_outcome
        update = self.write_back is not None and self.query_one(Checkbox).value
        return MeetingOutcome(outcome.strip(), follow_up, tuple(exchanges), update)

    def action_save(self) -> None:
        result = self.collect()
        if result is not None:
            self.dismiss(result)

    def action_cancel(self) -> None:
        self.cancel_or_ask()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#done-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#done-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
