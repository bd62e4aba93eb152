"""My settings (the palette's Settings, like ``netui set``): name, emails, organisation,
half-life and cadence. Each value is checked as on the command line; the form returns
``{name: value}`` (empty: the default) and the caller saves them in one transaction."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from netui.db.settings import SettingError, UserSetting, check_setting
from netui.modals.form import FormScreen
from netui.widgets.text_input import TextInput


class SettingsForm(FormScreen[dict[str, str]]):
    """One line per setting, with what it is for."""

    DEFAULT_CSS = """
    SettingsForm {
        & > Vertical { width: 84; overflow-y: auto; }
        .field-row { margin-bottom: 0; }
        .field-label { width: 16; }
        .setting-help { color: $text-muted; padding-left: 16; margin-bottom: 1; }
        .setting-error { color: $error; padding-left: 16; display: none; }
        .setting-error.-shown { display: block; margin-bottom: 1; }
    }
    """

    def __init__(self, rows: list[tuple[UserSetting, str, bool]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="settings"):
            yield Static("Settings", classes="form-title")
            for setting, value, default in self.rows:
                with Horizontal(classes="field-row"):
                    yield Label(setting.label, classes="field-label")
                    yield TextInput(
                        "" if default else self.shown(setting.name, value),
                        placeholder=value if default and value else "",
                        id=f"setting-{setting.name}",
                        compact=True,
                    )
                yield Static(Text(setting.help), classes="setting-help")
                yield Static("", id=f"setting-{setting.name}-error", classes="setting-error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def collect(self) -> dict[str, str] | None:
        values: dict[str, str] = {}
        first_problem = None
        for setting, _, _ in self.rows:
            field = self.query_one(f"#setting-{setting.name}", Input)
            value = self.kept(setting.name, field.value)
            error = self.query_one(f"#setting-{setting.name}-error", Static)
            try:
                check_setting(setting, value)
            except SettingError as problem:
                error.update(Text(str(problem)))
                error.add_class("-shown")
                field.add_class("-invalid")
                first_problem = first_problem or field
                continue
            error.remove_class("-shown")
            field.remove_class("-invalid")
            values[setting.name] = value
        if first_problem is not None:
            first_problem.focus()
            return None
        return values
