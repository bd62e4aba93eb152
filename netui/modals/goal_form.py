"""Add or edit a career goal. Returns the fields, or ``None`` when cancelled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from netui.core.matching import split_lines
from netui.core.validation import split_tags
from netui.db.goals import GoalFields
from netui.modals.form import FormScreen
from netui.widgets.text_box import TextBox
from netui.widgets.text_input import TextInput


class GoalForm(FormScreen[GoalFields]):
    """Title, description, target organisations and roles (one per line), tags, active."""

    DEFAULT_CSS = """
    GoalForm {
        #goal-fields { height: auto; }
        TextArea { height: 4; margin-bottom: 1; }
    }
    """

    def __init__(self, initial: GoalFields | None = None) -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        f = self.initial or GoalFields(title="")
        with Vertical(id="goal-form"):
            yield Static(
                "Edit goal" if self.initial else "New goal",
                id="goal-form-title",
                classes="form-title",
            )
            with VerticalScroll(id="goal-fields"):
                with Horizontal(classes="field-row"):
                    yield Label("Title *", classes="field-label")
                    yield TextInput(
                        self.shown("title", f.title),
                        placeholder="Head of Data at a health-tech company",
                        compact=True,
                        id="title",
                    )
                with Horizontal(classes="field-row"):
                    yield Label("Target tags", classes="field-label")
                    yield TextInput(
                        self.shown("tags", ", ".join(f.tags)),
                        placeholder="comma-separated: health tech, leadership",
                        compact=True,
                        id="tags",
                    )
                yield Checkbox("Active (shown first, counted in coverage)", f.active, id="active")
                yield Label("Target organisations, one per line", classes="area-label")
                yield TextBox(
                    self.shown("organisations", "\n".join(f.organisations), multiline=True),
                    compact=True,
                    id="organisations",
                )
                yield Label("Target roles, one per line", classes="area-label")
                yield TextBox(
                    self.shown("roles", "\n".join(f.roles), multiline=True),
                    compact=True,
                    id="roles",
                )
                yield Label("Description", classes="area-label")
                yield TextBox(
                    self.shown("description", f.description, multiline=True),
                    soft_wrap=True,
                    compact=True,
                    id="description",
                )
            yield Static("", id="goal-error", classes="form-error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _area(self, field_id: str) -> str:
        text = self.query_one(f"#{field_id}", TextArea).text
        return self.kept(field_id, text, multiline=True)

    def collect(self) -> GoalFields | None:
        title = self.kept("title", self.query_one("#title", Input).value)
        if not title.strip():
            self.query_one("#goal-error", Static).update("A goal needs a title.")
            self.query_one("#title", Input).focus()
            return None
        tags = self.kept("tags", self.query_one("#tags", Input).value)
        return GoalFields(
            title=" ".join(title.split()),
            description=self._area("description").strip(),
            organisations=split_lines(self._area("organisations")),
            roles=split_lines(self._area("roles")),
            tags=split_tags(tags),
            active=self.query_one("#active", Checkbox).value,
        )
