"""What every netui form shares: ctrl+s saves, escape cancels (asking first when
something was changed), Save and Cancel buttons, enter in a one-line field saves,
and the look of a dialog of fields.

A form shows stored text with control characters made visible (:meth:`shown`)
and, on saving, gives back the stored value of any field the user left as it
was (:meth:`kept`), so opening and saving a record never rewrites what it holds.
Subclasses compose their fields, end with :meth:`buttons`, and implement
:meth:`collect`: the result, or ``None`` (having shown why) to stay open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select, TextArea

from netui.core.text import safe_block, safe_line
from netui.modals.confirm import Confirm
from netui.modals.underneath import WatchesRecord

if TYPE_CHECKING:
    from netui.app import NetuiApp

T = TypeVar("T")

#: What a form's state is made of: the value of each of its fields, by id.
FormState = tuple[tuple[str, object], ...]


class DiscardGuard(ModalScreen[T | None], Generic[T]):
    """A dialog that asks before escape throws away what was typed into it.

    The fields' values are remembered when it opens (:meth:`remember_state`, called
    from ``on_mount``); cancelling with anything changed asks first, in a
    :class:`~netui.modals.confirm.Confirm`; cancelling an untouched dialog just closes.
    """

    if TYPE_CHECKING:  # the only app netui makes; at run time Textual's own property
        app = getters.app(NetuiApp)

    _opened_with: FormState | None = None

    def form_state(self) -> FormState:
        """Every field's value; subclasses add what the fields do not hold."""
        state: list[tuple[str, object]] = []
        for widget in self.query("Input, TextArea, Select, Checkbox"):
            if isinstance(widget, TextArea):
                value: object = widget.text
            elif isinstance(widget, Input | Select | Checkbox):
                value = widget.value
            else:  # pragma: no cover - the query above names every kind
                continue
            state.append((widget.id or repr(widget), value))
        return tuple(state)

    def remember_state(self) -> None:
        self._opened_with = self.form_state()

    @property
    def changed(self) -> bool:
        return self._opened_with is not None and self.form_state() != self._opened_with

    def cancel_or_ask(self) -> None:
        """Close without saving; with changes, only once the user says so."""
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            Confirm(
                "Discard the changes?",
                "You changed this form. Discard what you typed, or keep editing it?",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )


class FormScreen(WatchesRecord, DiscardGuard[T], Generic[T]):
    """A modal form returning ``T``, or ``None`` when cancelled. An edit form learns
    what changed underneath it (:class:`~netui.modals.underneath.WatchesRecord`)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save and close"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]

    DEFAULT_CSS = """
    FormScreen {
        align: center middle;
        & > Vertical {
            width: 84; max-width: 100%; height: auto; max-height: 95%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
            overflow-y: auto;
        }
        /* On a short terminal (80x24) the fields scroll between a title and buttons
           that stay in view. */
        .form-title { text-style: bold; padding-bottom: 1; width: 1fr; dock: top; }
        .field-row { height: 1; margin-bottom: 1; }
        .field-label { width: 14; color: $text-muted; }
        .field-row Input, .field-row Select { width: 1fr; }
        .area-label { color: $text-muted; }
        .form-error { color: $error; height: auto; }
        Input.-invalid { background: $error 30%; }
        .form-buttons {
            height: auto; align-horizontal: right; padding-top: 1; dock: bottom;
            background: $surface;
        }
        .form-buttons Button { margin-left: 2; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._originals: dict[str, str] = {}

    # --- stored text, shown safely -----------------------------------------------------

    def shown(self, field_id: str, stored: str, *, multiline: bool = False) -> str:
        """What a field shows for ``stored`` (remembered for :meth:`kept`)."""
        self._originals[field_id] = stored
        return safe_block(stored) if multiline else safe_line(stored)

    def kept(self, field_id: str, value: str, *, multiline: bool = False) -> str:
        """The stored value if the field still shows it, else what the user typed."""
        stored = self._originals.get(field_id)
        if stored is None:
            return value
        safe = safe_block(stored) if multiline else safe_line(stored)
        return stored if value == safe else value

    # --- the buttons and the result ----------------------------------------------------

    def buttons(self, save: str = "Save  ctrl+s") -> ComposeResult:
        with Horizontal(classes="form-buttons"):
            yield Button("Cancel", id="cancel")
            yield Button(save, variant="primary", id="save")

    def collect(self) -> T | None:
        """The form's result, or ``None`` after showing what is wrong."""
        raise NotImplementedError

    def action_save(self) -> None:
        result = self.collect()
        if result is not None:
            self.dismiss(result)

    def on_mount(self) -> None:
        # After the subclass's on_mount: every field shows what the form opened with.
        self.remember_state()

    def action_cancel(self) -> None:
        self.cancel_or_ask()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
