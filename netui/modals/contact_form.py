"""Add or edit a contact. Returns the new fields, or ``None`` when cancelled.

Every field is checked as the user leaves it and again on save; a problem is shown
as one sentence right under the field, and nothing is saved until all are fine.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from netui.core import validation
from netui.core.text import safe_block, safe_line
from netui.db.contacts import ContactFields

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


def _check_cadence(value: str) -> str | None:
    return validation.parse_cadence(value)[1]


CHECKS: dict[str, Check] = {
    field_id: check for field_id, _, _, check in TEXT_FIELDS if check is not None
}
CHECKS["cadence"] = _check_cadence


class ContactForm(ModalScreen[ContactFields | None]):
    """The add / edit form."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save the contact"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]

    DEFAULT_CSS = """
    ContactForm {
        align: center middle;
        & > #form {
            width: 88;
            max-width: 100%;
            height: auto;
            max-height: 95%;
            border: thick $primary 80%;
            background: $surface;
            padding: 0 1;
        }
        #form-title { text-style: bold; padding: 0 0 1 0; width: 1fr; }
        #form-fields { height: auto; max-height: 1fr; }
        .field-row { height: 1; margin-bottom: 1; }
        .field-label { width: 28; color: $text-muted; }
        .field-row Input { width: 1fr; }
        .field-error { color: $error; display: none; padding-left: 28; margin-top: -1; }
        .field-error.-shown { display: block; margin-bottom: 1; }
        Input.-invalid { background: $error 30%; }
        .area-label { color: $text-muted; }
        TextArea { height: 4; margin-bottom: 1; }
        #degree-row Select { width: 16; margin-right: 2; }
        #degree-row Checkbox { width: 1fr; }
        #form-buttons { height: auto; align-horizontal: right; padding-top: 1; }
        #form-buttons Button { margin-left: 2; }
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
        # Control characters from imported data would reach the terminal from an Input;
        # show visible stand-ins, and keep the original value unless the user edits it.
        self._originals = {field_id: value for field_id, value in values.items()}
        self._originals["career_path"] = f.career_path
        self._originals["notes"] = f.notes
        with Vertical(id="form"):
            yield Static(self.form_title, id="form-title")
            with VerticalScroll(id="form-fields"):
                for field_id, label, placeholder, _check in TEXT_FIELDS:
                    with Horizontal(classes="field-row"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            safe_line(values[field_id]),
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
                yield TextArea(
                    safe_block(f.career_path), id="career_path", soft_wrap=True, compact=True
                )
                yield Label("Notes", classes="area-label")
                yield TextArea(safe_block(f.notes), id="notes", soft_wrap=True, compact=True)
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save  ctrl+s", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    # --- checking --------------------------------------------------------------------

    def _check(self, field_id: str) -> str | None:
        """Check one field and show or hide its message; return the message."""
        check = CHECKS.get(field_id)
        if check is None:
            return None
        field = self.query_one(f"#{field_id}", Input)
        message = check(field.value)
        error = self.query_one(f"#{field_id}-error", Static)
        error.update(message or "")
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

    @on(Input.Submitted)
    def _on_submitted(self) -> None:
        self.action_save()

    # --- result ----------------------------------------------------------------------

    def _value(self, field_id: str) -> str:
        value = self.query_one(f"#{field_id}", Input).value
        return self._unchanged(field_id, value, safe_line)

    def _area(self, field_id: str) -> str:
        value = self.query_one(f"#{field_id}", TextArea).text
        return self._unchanged(field_id, value, safe_block)

    def _unchanged(self, field_id: str, shown: str, make_safe: Callable[[str], str]) -> str:
        """The stored value if the user left the field as shown, else what they typed."""
        original = self._originals.get(field_id, "")
        return original if shown == make_safe(original) else shown

    def collect(self) -> ContactFields | None:
        """The form's fields, or ``None`` (with messages shown) if any is invalid."""
        problems = [field_id for field_id in CHECKS if self._check(field_id)]
        if problems:
            self.query_one(f"#{problems[0]}", Input).focus()
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

    def action_save(self) -> None:
        values = self.collect()
        if values is None:
            self.notify("Fix the marked field before saving.", severity="warning")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
