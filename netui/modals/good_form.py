"""Add or edit a good of my bank. Returns the fields, or ``None`` when cancelled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from netui.core.text import safe_block, safe_line
from netui.core.validation import split_tags
from netui.db.goods import GoodFields
from netui.db.models import GOOD_KINDS

KIND_HINTS = {
    "knowledge": "what I know and can teach",
    "expertise": "what I can do for someone",
    "connection": "someone I can introduce people to",
    "information": "facts, numbers, news others lack",
    "access": "places, events, tools I can open",
    "other": "anything else worth giving",
}


class GoodForm(ModalScreen[GoodFields | None]):
    """Title, kind, tags and description."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="good.save", tooltip="Save the good"),
        Binding("escape", "cancel", "Cancel", id="good.cancel", tooltip="Close without saving"),
    ]

    DEFAULT_CSS = """
    GoodForm {
        align: center middle;
        & > #good-form {
            width: 84; max-width: 100%; height: auto; max-height: 95%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #good-form-title { text-style: bold; padding-bottom: 1; }
        .field-row { height: 1; margin-bottom: 1; }
        .field-label { width: 14; color: $text-muted; }
        .field-row Input, .field-row Select { width: 1fr; }
        #good-error { color: $error; height: auto; }
        .area-label { color: $text-muted; }
        TextArea { height: 5; margin-bottom: 1; }
        #good-buttons { height: auto; align-horizontal: right; }
        #good-buttons Button { margin-left: 2; }
    }
    """

    def __init__(self, initial: GoodFields | None = None) -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        f = self.initial or GoodFields(title="")
        self._originals = {
            "title": f.title,
            "tags": ", ".join(f.tags),
            "description": f.description,
        }
        with Vertical(id="good-form"):
            yield Static("Edit good" if self.initial else "New good", id="good-form-title")
            with Horizontal(classes="field-row"):
                yield Label("Title *", classes="field-label")
                yield Input(
                    safe_line(f.title),
                    placeholder="Pricing playbook for SaaS start-ups",
                    compact=True,
                    id="title",
                )
            with Horizontal(classes="field-row"):
                yield Label("Kind", classes="field-label")
                yield Select(
                    [(f"{kind}: {KIND_HINTS[kind]}", kind) for kind in GOOD_KINDS],
                    value=f.kind if f.kind in GOOD_KINDS else "knowledge",
                    allow_blank=False,
                    compact=True,
                    id="kind",
                )
            with Horizontal(classes="field-row"):
                yield Label("Tags", classes="field-label")
                yield Input(
                    safe_line(self._originals["tags"]),
                    placeholder="comma-separated: pricing, saas",
                    compact=True,
                    id="tags",
                )
            yield Label("Description (its words are matched too)", classes="area-label")
            yield TextArea(
                safe_block(f.description), soft_wrap=True, compact=True, id="description"
            )
            yield Static("", id="good-error")
            with Horizontal(id="good-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save  ctrl+s", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _kept(self, field_id: str, shown: str, safe) -> str:
        """The stored value when the field was left as shown, else what was typed."""
        original = self._originals[field_id]
        return original if shown == safe(original) else shown

    def action_save(self) -> None:
        title = self._kept("title", self.query_one("#title", Input).value, safe_line)
        if not title.strip():
            self.query_one("#good-error", Static).update("A good needs a title.")
            self.query_one("#title", Input).focus()
            return
        kind = self.query_one("#kind", Select).value
        tags = self._kept("tags", self.query_one("#tags", Input).value, safe_line)
        description = self._kept(
            "description", self.query_one("#description", TextArea).text, safe_block
        )
        self.dismiss(
            GoodFields(
                title=" ".join(title.split()),
                kind=kind if isinstance(kind, str) else "knowledge",
                description=description.strip(),
                tags=split_tags(tags),
            )
        )

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
