"""A field changed here and elsewhere: show both values, let the user choose.

Returns ``{field: value to keep}`` for every conflict, or ``None`` when cancelled
(the caller then saves nothing). Each conflict is a pair of radio buttons, the
user's own value first and chosen; values are shown literally, on one line each
(control characters made visible), from a little before where the two differ, cut
at :data:`SHOWN` characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from netui.core.text import safe_line
from netui.db.edits import Conflict, shown

#: Characters of a value shown in a choice (a long note is cut with an ellipsis).
SHOWN = 200


#: Characters shown before the first difference of two values that begin alike.
CONTEXT = 24


def _one_line(value: object) -> str:
    return " ".join(safe_line(shown(value)).split())


def from_difference(text: str, other: str) -> str:
    """``text`` from a little before where it first differs from ``other``: two
    long values that begin alike (a career path with a sentence added in each
    window) looked the same once cut to the dialog's width."""
    pairs = enumerate(zip(text, other, strict=False))
    common = next((i for i, (a, b) in pairs if a != b), min(len(text), len(other)))
    if common <= CONTEXT:
        return text
    start = common - CONTEXT
    space = text.find(" ", start, common)
    if space != -1:
        start = space + 1  # from a word's beginning
    return "…" + text[start:]


def choice_label(who: str, value: object, other: object = None) -> Content:
    """``who: value`` on one line; with ``other`` (the other choice), from where the
    two differ."""
    text = _one_line(value)
    if other is not None:
        text = from_difference(text, _one_line(other))
    if len(text) > SHOWN:
        text = text[: SHOWN - 1] + "…"
    return Content.assemble((f"{who}: ", "bold"), text)


class ConflictDialog(ModalScreen[dict[str, object] | None]):
    """For each field changed both in this form and elsewhere: keep which value?"""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="conflict.save", tooltip="Save with these choices"),
        Binding("escape", "cancel", "Cancel", id="conflict.cancel", tooltip="Save nothing"),
    ]

    DEFAULT_CSS = """
    ConflictDialog {
        align: center middle;
        & > #conflict {
            width: 84; max-width: 100%; height: auto; max-height: 95%;
            border: thick $warning 80%; background: $surface; padding: 0 1;
        }
        #conflict-title { text-style: bold; }
        #conflict-help { color: $text-muted; padding-bottom: 1; }
        /* Room for the title, help and buttons even at 80x24: the fields scroll. */
        #conflict-fields { height: auto; max-height: 45vh; }
        .conflict-label { text-style: bold; }
        RadioSet { margin-bottom: 1; }
        RadioSet { width: 1fr; height: auto; }
        RadioSet:focus-within { background: $boost; }
        #conflict-buttons { height: auto; align-horizontal: right; padding-top: 1; }
        #conflict-buttons Button { margin-left: 2; }
    }
    """

    def __init__(
        self, conflicts: Sequence[Conflict], what: str = "", *, cancel: str = "Save nothing"
    ) -> None:
        super().__init__()
        self.conflicts = list(conflicts)
        self.what = what
        self.cancel_label = cancel

    def compose(self) -> ComposeResult:
        count = len(self.conflicts)
        fields = "a field" if count == 1 else f"{count} fields"
        title = Text(f"Changed elsewhere while you edited: {fields}")
        if self.what:
            title.append(" of ")
            title.append(safe_line(self.what))
        with Vertical(id="conflict"):
            yield Static(title, id="conflict-title")
            yield Static(
                "Another window or the command line saved a new value since this form "
                "opened. Choose the one to keep; your other changes are saved as they are.",
                id="conflict-help",
            )
            with VerticalScroll(id="conflict-fields"):
                for conflict in self.conflicts:
                    yield Label(Content(conflict.label), classes="conflict-label")
                    yield RadioSet(
                        RadioButton(
                            choice_label("Yours", conflict.mine, conflict.theirs), value=True
                        ),
                        RadioButton(
                            choice_label("Saved elsewhere", conflict.theirs, conflict.mine)
                        ),
                        id=f"conflict-{conflict.field}",
                        compact=True,
                    )
            with Horizontal(id="conflict-buttons"):
                yield Button(Content(f"{self.cancel_label}  esc"), id="cancel")
                yield Button(Content("Save these  ctrl+s"), variant="primary", id="save")

    def on_mount(self) -> None:
        self.query(RadioSet).first().focus()

    def choices(self) -> dict[str, object]:
        chosen: dict[str, object] = {}
        for conflict in self.conflicts:
            radio = self.query_one(f"#conflict-{conflict.field}", RadioSet)
            chosen[conflict.field] = conflict.theirs if radio.pressed_index == 1 else conflict.mine
        return chosen

    def action_save(self) -> None:
        self.dismiss(self.choices())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
