"""Add or edit a career goal. Returns the fields, or ``None`` when cancelled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from netui.core.matching import split_lines
from netui.core.text import safe_block, safe_line
from netui.core.validation import split_tags
from netui.db.goals import GoalFields


class GoalForm(ModalScreen[GoalFields | None]):
    """Title, description, target organisations and roles (one per line), tags, active."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="goal.save", tooltip="Save the goal"),
        Binding("escape", "cancel", "Cancel", id="goal.cancel", tooltip="Close without saving"),
    ]

    DEFAULT_CSS = """
    GoalForm {
        align: center middle;
        & > #goal-form {
            width: 84; max-width: 100%; height: auto; max-height: 95%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #goal-form-title { text-style: bold; padding-bottom: 1; }
        #goal-fields { height: auto; max-height: 1fr; }
        .field-row { height: 1; margin-bottom: 1; }
        .field-label { width: 14; color: $text-muted; }
        .field-row Input { width: 1fr; }
        #goal-error { color: $error; height: auto; }
        .area-label { color: $text-muted; }
        TextArea { height: 4; margin-bottom: 1; }
        #goal-buttons { height: auto; align-horizontal: right; }
        #goal-buttons Button { margin-left: 2; }
    }
    """

    def __init__(self, initial: GoalFields | None = None) -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        f = self.initial or GoalFields(title="")
        self._originals = {
            "title": f.title,
            "tags": ", ".join(f.tags),
            "description": f.description,
            "organisations": "\n".join(f.organisations),
            "roles": "\n".join(f.roles),
        }
        with Vertical(id="goal-form"):
            yield Static("Edit goal" if self.initial else "New goal", id="goal-form-title")
            with VerticalScroll(id="goal-fields"):
                with Horizontal(classes="field-row"):
                    yield Label("Title *", classes="field-label")
                    yield Input(
                        safe_line(f.title),
                        placeholder="Head of Data at a health-tech company",
                        compact=True,
                        id="title",
                    )
                with Horizontal(classes="field-row"):
                    yield Label("Target tags", classes="field-label")
                    yield Input(
                        safe_line(self._originals["tags"]),
                        placeholder="comma-separated: health tech, leadership",
                        compact=True,
                        id="tags",
                    )
                yield Checkbox("Active (shown first, counted in coverage)", f.active, id="active")
                yield Label("Target organisations, one per line", classes="area-label")
                yield TextArea(
                    safe_block(self._originals["organisations"]), compact=True, id="organisations"
                )
                yield Label("Target roles, one per line", classes="area-label")
                yield TextArea(safe_block(self._originals["roles"]), compact=True, id="roles")
                yield Label("Description", classes="area-label")
                yield TextArea(
                    safe_block(f.description), soft_wrap=True, compact=True, id="description"
                )
            yield Static("", id="goal-error")
            with Horizontal(id="goal-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save  ctrl+s", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _kept(self, field_id: str, shown: str, safe) -> str:
        original = self._originals[field_id]
        return original if shown == safe(original) else shown

    def _area(self, field_id: str) -> str:
        return self._kept(field_id, self.query_one(f"#{field_id}", TextArea).text, safe_block)

    def action_save(self) -> None:
        title = self._kept("title", self.query_one("#title", Input).value, safe_line)
        if not title.strip():
            self.query_one("#goal-error", Static).update("A goal needs a title.")
            self.query_one("#title", Input).focus()
            return
        tags = self._kept("tags", self.query_one("#tags", Input).value, safe_line)
        self.dismiss(
            GoalFields(
                title=" ".join(title.split()),
                description=self._area("description").strip(),
                organisations=split_lines(self._area("organisations")),
                roles=split_lines(self._area("roles")),
                tags=split_tags(tags),
                active=self.query_one("#active", Checkbox).value,
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
