"""Add or edit a good of my bank. Returns the fields, or ``None`` when cancelled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from netui.core.validation import split_tags
from netui.db.goods import GoodFields
from netui.db.models import GOOD_KINDS
from netui.modals.form import FormScreen
from netui.widgets.text_box import TextBox
from netui.widgets.text_input import TextInput

KIND_HINTS = {
    "knowledge": "what I know and can teach",
    "expertise": "what I can do for someone",
    "connection": "someone I can introduce people to",
    "information": "facts, numbers, news others lack",
    "access": "places, events, tools I can open",
    "other": "anything else worth giving",
}


class GoodForm(FormScreen[GoodFields]):
    """Title, kind, tags and description."""

    DEFAULT_CSS = """
    GoodForm TextArea { height: 5; margin-bottom: 1; }
    """

    def __init__(self, initial: GoodFields | None = None) -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        f = self.initial or GoodFields(title="")
        with Vertical(id="good-form"):
            yield Static(
                "Edit good" if self.initial else "New good",
                id="good-form-title",
                classes="form-title",
            )
            with Horizontal(classes="field-row"):
                yield Label("Title *", classes="field-label")
                yield TextInput(
                    self.shown("title", f.title),
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
                yield TextInput(
                    self.shown("tags", ", ".join(f.tags)),
                    placeholder="comma-separated: pricing, saas",
                    compact=True,
                    id="tags",
                )
            yield Label("Description (its words are matched too)", classes="area-label")
            yield TextBox(
                self.shown("description", f.description, multiline=True),
                soft_wrap=True,
                compact=True,
                id="description",
            )
            yield Static("", id="good-error", classes="form-error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def collect(self) -> GoodFields | None:
        title = self.kept("title", self.query_one("#title", Input).value)
        if not title.strip():
            self.query_one("#good-error", Static).update("A good needs a title.")
            self.query_one("#title", Input).focus()
            return None
        kind = self.query_one("#kind", Select).value
        tags = self.kept("tags", self.query_one("#tags", Input).value)
        description = self.kept(
            "description", self.query_one("#description", TextArea).text, multiline=True
        )
        return GoodFields(
            title=" ".join(title.split()),
            kind=kind if isinstance(kind, str) else "knowledge",
            description=description.strip(),
            tags=split_tags(tags),
        )
