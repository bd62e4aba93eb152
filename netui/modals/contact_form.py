"""Add or edit a contact. Returns the new fields, or ``None`` when cancelled.

Every field is checked as the user leaves it and again on save; a problem is shown
as one sentence right under the field, and nothing is saved until all are fine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from netui.core import validation
from netui.core.text import safe_block, safe_line
from netui.db.contacts import ContactFields
from netui.modals.form import FormScreen
from netui.widgets.text_box import TextBox
from netui.widgets.text_input import TextInput

Check = Callable[[str], str | None]

#: (field id, label, placeholder, check) for every one-line field, in form order.
TEXT_FIELDS: tuple[tuple[str, str, str, Check | None], ...] = (
    ("name", "Name *", "Dana Levi", validation.check_name),
    ("organisation", "Organisation", "Globex", None),
    ("role", "Role", "Head of Data", None),
    ("email", "Email", "dana@example.com", validation.check_email),
    ("phone", "Phone", "+44 20 7946 0000", validation.check_phone),
    ("linkedin_url", "LinkedIn URL", "https://www.linkedin.com/in/dana", validation.check_url),
    ("location", "Location", "London", None),
    ("how_we_met", "How we met", "PyCon 2024, hallway track", None),
    ("tags", "Tags", "comma-separated: fintech, mentor", None),
    ("expertise", "Expertise", "comma-separated: pricing, ML ops", None),
    ("interests", "Interests", "comma-separated: climbing, open source", None),
    ("cadence", "Keep in touch every (days)", "blank: the default", None),
)


def _text(name: str, value: object) -> str:
    """A contact field as its one-line input shows it."""
    if name in ("tags", "expertise", "interests"):
        return ", ".join(cast("Iterable[str]", value))  # a tuple of tags
    if name == "cadence_days":
        return str(value) if value else ""
    return str(value)


def _check_cadence(value: str) -> str | None:
    return validation.parse_cadence(value)[1]


CHECKS: dict[str, Check] = {
    field_id: check for field_id, _, _, check in TEXT_FIELDS if check is not None
}
CHECKS["cadence"] = _check_cadence


class ContactForm(FormScreen[ContactFields]):
    """The add / edit form."""

    DEFAULT_CSS = """
    ContactForm {
        & > Vertical { width: 88; }
        #form-fields { height: auto; }
        .field-label { width: 28; }
        .field-error { color: $error; display: none; padding-left: 28; margin-top: -1; }
        .field-error.-shown { display: block; margin-bottom: 1; }
        TextArea { height: 4; margin-bottom: 1; }
        #degree-row Select { width: 16; margin-right: 2; }
        #degree-row Checkbox { width: 1fr; }
    }
    """

    def __init__(self, initial: ContactFields | None = None, *, title: str = "") -> None:
        super().__init__()
        self.initial = initial
        self.form_title = title or ("Edit contact" if initial else "New contact")

    def compose(self) -> ComposeResult:
        f = self.initial or ContactFields(name="")
        values = {
            "name": f.name,
            "organisation": f.organisation,
            "role": f.role,
            "email": f.email,
            "phone": f.phone,
            "linkedin_url": f.linkedin_url,
            "location": f.location,
            "how_we_met": f.how_we_met,
            "tags": ", ".join(f.tags),
            "expertise": ", ".join(f.expertise),
            "interests": ", ".join(f.interests),
            "cadence": str(f.cadence_days) if f.cadence_days else "",
        }
        with Vertical(id="form"):
            yield Static(Text(self.form_title), id="form-title", classes="form-title")
            with VerticalScroll(id="form-fields"):
                for field_id, label, placeholder, _check in TEXT_FIELDS:
                    with Horizontal(classes="field-row"):
                        yield Label(label, classes="field-label")
                        yield TextInput(
                            self.shown(field_id, values[field_id]),
                            placeholder=placeholder,
                            id=field_id,
                            compact=True,
                        )
                    yield Static("", id=f"{field_id}-error", classes="field-error")
                with Horizontal(id="degree-row", classes="field-row"):
                    yield Label("Closeness", classes="field-label")
                    yield Select(
                        [(f"{n} {'●' * n}{'○' * (5 - n)}", n) for n in range(1, 6)],
                        value=f.closeness,
                        allow_blank=False,
                        id="closeness",
                        compact=True,
                    )
                    yield Checkbox(
                        "Second degree (known only through someone)",
                        f.second_degree,
                        id="second_degree",
                        compact=True,
                    )
                yield Label("Career path", classes="area-label")
                yield TextBox(
                    self.shown("career_path", f.career_path, multiline=True),
                    id="career_path",
                    soft_wrap=True,
                    compact=True,
                )
                yield Label("Notes", classes="area-label")
                yield TextBox(
                    self.shown("notes", f.notes, multiline=True),
                    id="notes",
                    soft_wrap=True,
                    compact=True,
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    # --- what changed underneath -----------------------------------------------------

    def changed_underneath(self, changed: dict[str, object] | None) -> None:
        """Show the new values in the fields the user has not touched (a field the
        user changed keeps their value: saving it asks)."""
        loaded = self.initial
        if changed and loaded is not None:
            for name, value in changed.items():
                self._take(name, getattr(loaded, name), value)
        self.show_underneath(changed, took=True)

    def _take(self, name: str, loaded: object, value: object) -> None:
        """Put ``value`` in the field ``name`` if it still shows ``loaded``."""
        if name in ("career_path", "notes"):
            area = self.query_one(f"#{name}", TextArea)
            if area.text == safe_block(str(loaded)):
                area.load_text(self.shown(name, str(value), multiline=True))
        elif name == "closeness":
            select = self.query_one("#closeness", Select)
            if select.value == loaded and isinstance(value, int):
                select.value = value
        elif name == "second_degree":
            box = self.query_one("#second_degree", Checkbox)
            if box.value == loaded:
                box.value = bool(value)
        else:
            field_id = "cadence" if name == "cadence_days" else name
            field = self.query_one(f"#{field_id}", Input)
            if field.value == safe_line(_text(name, loaded)):
                field.value = self.shown(field_id, _text(name, value))

    # --- checking --------------------------------------------------------------------

    def _check(self, field_id: str) -> str | None:
        """Check one field and show or hide its message; return the message."""
        check = CHECKS.get(field_id)
        if check is None:
            return None
        field = self.query_one(f"#{field_id}", Input)
        message = check(field.value)
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(Text(message or ""))  # it quotes what was typed: never markup
        error.set_class(message is not None, "-shown")
        field.set_class(message is not None, "-invalid")
        return message

    @on(Input.Blurred)
    def _on_blurred(self, event: Input.Blurred) -> None:
        if event.input.id:
            self._check(event.input.id)

    @on(Input.Changed)
    def _on_changed(self, event: Input.Changed) -> None:
        # Clear a shown message as soon as the value is fixed; don't nag while typing.
        field_id = event.input.id
        if field_id and event.input.has_class("-invalid"):
            self._check(field_id)

    # --- result ----------------------------------------------------------------------

    def _value(self, field_id: str) -> str:
        return self.kept(field_id, self.query_one(f"#{field_id}", Input).value)

    def _area(self, field_id: str) -> str:
        text = self.query_one(f"#{field_id}", TextArea).text
        return self.kept(field_id, text, multiline=True)

    def collect(self) -> ContactFields | None:
        """The form's fields, or ``None`` (with messages shown) if any is invalid."""
        problems = [field_id for field_id in CHECKS if self._check(field_id)]
        if problems:
            self.query_one(f"#{problems[0]}", Input).focus()
            self.notify("Fix the marked field before saving.", severity="warning")
            return None
        cadence, _ = validation.parse_cadence(self._value("cadence"))
        closeness = self.query_one("#closeness", Select).value
        return ContactFields(
            name=" ".join(self._value("name").split()),
            organisation=self._value("organisation").strip(),
            role=self._value("role").strip(),
            email=self._value("email").strip(),
            phone=self._value("phone").strip(),
            linkedin_url=validation.normalise_url(self._value("linkedin_url")),
            location=self._value("location").strip(),
            how_we_met=self._value("how_we_met").strip(),
            career_path=self._area("career_path").strip(),
            notes=self._area("notes").strip(),
            closeness=closeness if isinstance(closeness, int) else 3,
            cadence_days=cadence,
            second_degree=self.query_one("#second_degree", Checkbox).value,
            tags=validation.split_tags(self._value("tags")),
            expertise=validation.split_tags(self._value("expertise")),
            interests=validation.split_tags(self._value("interests")),
        )
