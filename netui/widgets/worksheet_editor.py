"""The worksheet of one meeting: every section editable, with its gauge and warnings.

The editor never writes to the database: each change is posted as
:class:`WorksheetEditor.Edited` and the Prep screen saves it. What was loaded is
shown literally (control characters as visible stand-ins); a field the user leaves
as shown keeps its stored value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static, TextArea

from netui.core.text import safe_block, safe_line
from netui.core.worksheet import (
    MEETING_TITLE,
    SECTION_KEYS,
    SECTIONS,
    Worksheet,
    format_when,
    parse_when,
)
from netui.db.meetings import LoggedExchange, WorksheetView
from netui.widgets.text_box import TextBox
from netui.widgets.text_input import TextInput
from netui.widgets.worksheet_texts import after_text, header_text

#: Input id -> worksheet field, for the one-line fields of the meeting section.
LINE_FIELDS = {"ws-when": "scheduled_at", "ws-place": "place", "ws-purpose": "purpose"}
FIELD_TITLES = {
    "scheduled_at": "When",
    "place": "Where",
    "purpose": "Purpose",
    **{section.key: section.title for section in SECTIONS},
}


def editable_fields(sheet: Worksheet) -> dict[str, object]:
    """The fields the editor edits, as ``sheet`` holds them."""
    fields: dict[str, object] = {key: getattr(sheet, key) for key in LINE_FIELDS.values()}
    fields.update((key, sheet.text(key)) for key in SECTION_KEYS)
    return fields


class WorksheetEditor(VerticalScroll):
    """Shows a :class:`WorksheetView`; posts :class:`Edited` for every change."""

    DEFAULT_CSS = """
    WorksheetEditor {
        padding: 0 1;
        & #ws-header { margin-bottom: 1; }
        & .ws-title { text-style: bold; color: $text-primary; margin-top: 1; }
        & .ws-row { height: 1; }
        & .ws-label { width: 12; color: $text-muted; }
        & .ws-row Input { width: 1fr; }
        & #ws-introducer { width: 1fr; }
        & #ws-when-error { color: $error; display: none; padding-left: 12; }
        & #ws-when-error.-shown { display: block; }
        & Input.-invalid { background: $error 30%; }
        & TextArea { height: auto; min-height: 1; max-height: 12; }
        & #ws-after { margin-top: 1; padding: 0 1; background: $boost; }
        & #ws-empty { color: $text-muted; padding: 1 0; }
        & #ws-body { height: auto; }
        & #ws-body.-hidden { display: none; }
    }
    """

    class Edited(Message):
        """The user changed one field of a meeting's worksheet."""

        def __init__(self, meeting_id: int, key: str, value: object) -> None:
            super().__init__()
            self.meeting_id = meeting_id
            self.key = key
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: WorksheetView | None = None
        self.worksheet: Worksheet | None = None
        #: What each field showed when loaded, and the stored value behind it.
        self._shown: dict[str, str] = {}
        self._stored: dict[str, object] = {}
        #: Each editable field as last read or saved: what a save is checked against.
        self._base: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble(
                ("No meeting yet.\n\n", "bold"),
                "Before a coffee chat, prepare: who they are, what would help them, what you "
                "give first, what you will ask.\n\n",
                "Press ",
                ("ctrl+n", "bold"),
                " to start a worksheet with someone, or ",
                ("w", "bold"),
                " on a contact in Contacts (",
                ("1", "bold"),
                "). No contacts yet? Add one there with ",
                ("n", "bold"),
                ", import LinkedIn's Connections.csv with ",
                ("i", "bold"),
                ", or try ",
                ("netui demo", "bold"),
                ".",
                style="dim",
            ),
            id="ws-empty",
        )
        with Vertical(id="ws-body", classes="-hidden"):
            yield Static("", id="ws-header")
            yield Label(MEETING_TITLE, classes="ws-title")
            for input_id, label, placeholder in (
                ("ws-when", "When", "YYYY-MM-DD HH:MM"),
                ("ws-place", "Where", "a café, a call link"),
                ("ws-purpose", "Purpose", "what the conversation is for"),
            ):
                with Horizontal(classes="ws-row"):
                    yield Label(label, classes="ws-label")
                    yield TextInput(placeholder=placeholder, id=input_id, compact=True)
                if input_id == "ws-when":
                    yield Static("", id="ws-when-error")
            with Horizontal(classes="ws-row"):
                yield Label("Introducer", classes="ws-label")
                yield Static("", id="ws-introducer")
            for section in SECTIONS:
                yield Label(section.title, classes="ws-title")
                yield TextBox(
                    "",
                    placeholder=section.hint,
                    id=f"ws-{section.key}",
                    soft_wrap=True,
                    compact=True,
                    show_line_numbers=False,
                )
            yield Static("", id="ws-after")

    # --- showing ---------------------------------------------------------------------

    @property
    def meeting_id(self) -> int | None:
        return self.worksheet.id if self.worksheet else None

    def load(self, view: WorksheetView | None) -> None:
        """Show a meeting (or the empty hint), replacing whatever was there."""
        self.view = view
        self.worksheet = view.worksheet if view else None
        self.query_one("#ws-empty").display = view is None
        self.query_one("#ws-body").set_class(view is None, "-hidden")
        if view is None:
            return
        sheet = view.worksheet
        lines = {
            "ws-when": (format_when(sheet.scheduled_at), sheet.scheduled_at),
            "ws-place": (sheet.place, sheet.place),
            "ws-purpose": (sheet.purpose, sheet.purpose),
        }
        self._shown.clear()
        self._stored.clear()
        self._base = editable_fields(sheet)
        for input_id, (value, stored) in lines.items():
            shown = safe_line(value)
            self._shown[input_id] = shown
            self._stored[input_id] = stored
            field = self.query_one(f"#{input_id}", Input)
            field.value = shown
            field.remove_class("-invalid")
        self.query_one("#ws-when-error").remove_class("-shown")
        for section in SECTIONS:
            value = sheet.text(section.key)
            shown = safe_block(value)
            self._shown[f"ws-{section.key}"] = shown
            self._stored[f"ws-{section.key}"] = value
            self.query_one(f"#ws-{section.key}", TextArea).load_text(shown)
        self._refresh_texts()
        self.scroll_home(animate=False)

    # --- what is stored, and what changed underneath -----------------------------

    def base(self, key: str) -> object:
        """The stored value an edit of ``key`` was made against."""
        return self._base.get(key)

    def saved(self, meeting_id: int, changes: dict[str, object]) -> None:
        """Edits of ``meeting_id`` were written: they are now what is stored."""
        if meeting_id == self.meeting_id:
            self._base.update((key, value) for key, value in changes.items() if key in self._base)

    def underneath(self, view: WorksheetView) -> list[str]:
        """Take what changed elsewhere since it was read: fields the user has not
        edited since show the new values; a field the user edited too is left (its
        save will ask). Returns the titles of the fields taken."""
        sheet = view.worksheet
        if self.worksheet is None or sheet.id != self.worksheet.id:
            return []
        stored = editable_fields(sheet)
        mine = editable_fields(self.worksheet)
        taken = []
        for key, now in stored.items():
            base = self._base.get(key)
            if now == base:
                continue
            if mine[key] == now:
                self._base[key] = now  # the same change (our own save, say)
            elif mine[key] == base:
                self.take(key, now)
                taken.append(FIELD_TITLES.get(key, key))
        self.view = replace(view, worksheet=self.worksheet)
        self.set_worksheet(sheet)
        return taken

    def take(self, key: str, value: object) -> None:
        """Show ``value`` (stored elsewhere) in field ``key`` without posting an edit."""
        if self.worksheet is None:
            return
        self._base[key] = value
        if key in SECTION_KEYS:
            self.worksheet = self.worksheet.with_sections({key: str(value)})
            widget_id = f"ws-{key}"
            shown = safe_block(str(value))
            self._shown[widget_id] = shown
            self._stored[widget_id] = value
            self.query_one(f"#{widget_id}", TextArea).load_text(shown)
        else:
            line: dict[str, Any] = {key: value}  # a line field's name: its value's type varies
            self.worksheet = replace(self.worksheet, **line)
            widget_id = {field: widget for widget, field in LINE_FIELDS.items()}[key]
            if key != "scheduled_at":
                text = str(value)
            elif value is None or isinstance(value, dt.datetime):
                text = format_when(value)
            else:  # a time not stored yet: the text as typed
                text = str(value)
            shown = safe_line(text)
            self._shown[widget_id] = shown
            self._stored[widget_id] = value
            self.query_one(f"#{widget_id}", Input).value = shown
        self._refresh_texts()

    def set_worksheet(self, worksheet: Worksheet) -> None:
        """Take meeting fields changed elsewhere (introducer, done) without reloading."""
        if self.view is None or self.worksheet is None or worksheet.id != self.worksheet.id:
            return
        current = self.worksheet
        self.worksheet = replace(
            worksheet,
            sections=current.sections,
            scheduled_at=current.scheduled_at,
            place=current.place,
            purpose=current.purpose,
        )
        self._refresh_texts()

    def set_exchanges(self, exchanges: list[LoggedExchange]) -> None:
        if self.view is not None:
            self.view = replace(self.view, exchanges=exchanges)
            self._refresh_texts()

    def on_resize(self) -> None:
        self._refresh_texts()  # the gauge fits the new width

    def _refresh_texts(self) -> None:
        if self.view is None or self.worksheet is None:
            return
        sheet = self.worksheet
        width = self.content_region.width
        self.query_one("#ws-header", Static).update(
            header_text(sheet, self.view.meter, self.view.previous, width)
        )
        introducer = (
            Text(safe_line(sheet.introducer_name))
            if sheet.introducer_name
            else Text("nobody (f2 to pick one)", style="dim")
        )
        self.query_one("#ws-introducer", Static).update(introducer)
        self.query_one("#ws-after", Static).update(after_text(sheet, self.view.exchanges))

    # --- editing ---------------------------------------------------------------------

    def _value(self, widget_id: str, shown: str) -> object:
        """The stored value if the field still shows what was loaded, else what it shows."""
        if shown == self._shown.get(widget_id):
            return self._stored.get(widget_id)
        return shown

    def _edited(self, key: str, value: object, apply: Callable[[Worksheet], Worksheet]) -> None:
        if self.worksheet is None:
            return
        self.worksheet = apply(self.worksheet)
        self._refresh_texts()
        self.post_message(self.Edited(self.worksheet.id, key, value))

    @on(TextArea.SelectionChanged)
    def _cursor_moved(self, event: TextArea.SelectionChanged) -> None:
        self._keep_in_view(event.text_area)

    def _keep_in_view(self, field: Input | TextArea) -> None:
        """Keep the focused field whole on screen as it grows with what is typed
        (Textual scrolls a field into view when it gets the focus, not after)."""
        if not field.has_focus:
            return

        def scroll(tries: int) -> None:
            if not field.has_focus:
                return
            if not self.can_view_entire(field):
                self.scroll_to_widget(field, animate=False, immediate=True)
            if tries > 1:
                # Text areas re-wrap to their width a refresh later and grow (and a
                # scroll bar appearing narrows them again): look again after each.
                self.call_after_refresh(scroll, tries - 1)

        self.call_after_refresh(scroll, 4)

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        self._keep_in_view(event.text_area)
        widget_id = event.text_area.id or ""
        if self.worksheet is None or not widget_id.startswith("ws-"):
            return
        key = widget_id.removeprefix("ws-")
        value = self._value(widget_id, event.text_area.text)
        if value == self.worksheet.text(key):
            return
        self._edited(key, value, lambda sheet: sheet.with_sections({key: str(value)}))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        widget_id = event.input.id or ""
        key = LINE_FIELDS.get(widget_id)
        if self.worksheet is None or key is None:
            return
        value = self._value(widget_id, event.value)
        if key == "scheduled_at":
            self._when_changed(event.input, value)
            return
        text = str(value)
        if text.strip() == getattr(self.worksheet, key):
            return
        typed: dict[str, Any] = {key: text.strip()}
        self._edited(key, text.strip(), lambda sheet: replace(sheet, **typed))

    def _when_changed(self, field: Input, value: object) -> None:
        assert self.worksheet is not None
        when: dt.datetime | None
        if isinstance(value, str):
            when, problem = parse_when(value)
        else:  # the time stored, unchanged
            when, problem = (value if isinstance(value, dt.datetime) else None), None
        error = self.query_one("#ws-when-error", Static)
        error.update(Text(problem or ""))  # it quotes what was typed: never markup
        # Say so only once the user leaves the field or stops typing a full date.
        invalid = problem is not None and len(field.value.strip()) >= 10
        error.set_class(invalid, "-shown")
        field.set_class(invalid, "-invalid")
        if problem is not None or when == self.worksheet.scheduled_at:
            return
        self._edited("scheduled_at", when, lambda sheet: replace(sheet, scheduled_at=when))

    @on(Input.Blurred, "#ws-when")
    def _when_blurred(self, event: Input.Blurred) -> None:
        _, problem = parse_when(event.value)
        error = self.query_one("#ws-when-error", Static)
        error.update(Text(problem or ""))
        error.set_class(problem is not None, "-shown")
        event.input.set_class(problem is not None, "-invalid")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def unsaved_changes(self) -> dict[str, object]:
        """What the fields show that the worksheet does not hold yet, read from the
        fields themselves: keys typed a moment ago whose change messages have not been
        handled yet (the app is closing, say) are not lost."""
        sheet = self.worksheet
        if sheet is None or self.view is None:
            return {}
        changes: dict[str, object] = {}
        for widget_id, key in LINE_FIELDS.items():
            shown = self.query_one(f"#{widget_id}", Input).value
            value = self._value(widget_id, shown)
            if key == "scheduled_at":
                if isinstance(value, str):
                    value, problem = parse_when(value)
                    if problem is not None:
                        continue  # not a date yet: nothing to save
                if value != sheet.scheduled_at:
                    changes[key] = value
            elif str(value).strip() != getattr(sheet, key):
                changes[key] = str(value).strip()
        for section in SECTIONS:
            widget_id = f"ws-{section.key}"
            value = self._value(widget_id, self.query_one(f"#{widget_id}", TextArea).text)
            if value != sheet.text(section.key):
                changes[section.key] = value
        if changes:
            for key, value in changes.items():
                if key in SECTION_KEYS:
                    sheet = sheet.with_sections({key: str(value)})
                else:
                    line: dict[str, Any] = {key: value}  # its value's type varies
                    sheet = replace(sheet, **line)
            self.worksheet = sheet
        return changes

    def fields(self) -> list[Input | TextArea]:
        """The worksheet's fields, in order."""
        found = self.query_one("#ws-body").query("Input, TextArea")
        return [field for field in found if isinstance(field, Input | TextArea)]

    def focus_first_empty(self) -> None:
        """Focus the first empty field (the first field when none is), cursor at the end."""
        fields = self.fields()
        if not fields:
            return
        empty = [f for f in fields if not (f.value if isinstance(f, Input) else f.text).strip()]
        field = empty[0] if empty else fields[0]
        self.screen.set_focus(field)
        self._keep_in_view(field)  # a worksheet just loaded is laid out after this

    def append_to_section(self, key: str, line: str) -> None:
        """Add a line at the end of a section (as if typed), e.g. a picked good."""
        area = self.query_one(f"#ws-{key}", TextArea)
        text = area.text
        prefix = "\n" if text.strip() and not text.endswith("\n") else ""
        area.insert(prefix + line, area.document.end)
        area.move_cursor(area.document.end)
        self.screen.set_focus(area)
