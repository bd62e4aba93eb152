"""Record (or edit) an introduction I broker between two contacts.

The two people are picked with :class:`~netui.modals.contact_picker.ContactPicker`;
each side gets what they gain (text) and a value 0 to 5; and a status. The balance
check of :func:`netui.core.reciprocity.ratio_warning` is shown as the values change.
Returns :class:`IntroductionFields`, or ``None`` when cancelled; the caller writes it
(and asks before marking a lopsided introduction made).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from netui.core.reciprocity import ratio_warning
from netui.core.text import safe_line
from netui.db.introductions import IntroductionRecord
from netui.db.models import INTRO_STATUSES
from netui.db.names import labels_for
from netui.modals.contact_picker import ContactPicker
from netui.modals.form import FormScreen
from netui.widgets.text_input import TextInput
from netui.workers import db_work

NOBODY_YET = "choose…"


@dataclass(frozen=True)
class IntroductionFields:
    a_id: int
    a_name: str
    a_gains: str
    a_value: int
    b_id: int
    b_name: str
    b_gains: str
    b_value: int
    status: str

    @property
    def warning(self) -> str | None:
        return ratio_warning(self.a_value, self.b_value, self.a_name, self.b_name)


def value_options() -> list[tuple[str, int]]:
    return [(f"{n}  {'●' * n}{'○' * (5 - n)}", n) for n in range(6)]


def unwritten_gains(sides: list[str]) -> str:
    """What to say while a side's gains are blank (``sides``: "a", "b" or both)."""
    if len(sides) == 2:
        return "Write what each side gains: both must gain from meeting."
    which = "first" if sides == ["a"] else "second"
    return f"Write what the {which} person gains: both must gain from meeting."


def person_label(name: str | None) -> Content:
    return Content(safe_line(name) if name else NOBODY_YET)


class PersonNamed(Message):
    """The person picked for one side was read: how the form names them (``None``:
    removed meanwhile)."""

    def __init__(self, side: str, contact_id: int, label: str | None) -> None:
        super().__init__()
        self.side = side
        self.contact_id = contact_id
        self.label = label


class IntroductionForm(FormScreen[IntroductionFields]):
    """Two people, what each gains and how much, and the status."""

    DEFAULT_CSS = """
    IntroductionForm {
        & > Vertical { width: 76; max-height: 100%; }
        .side-title { text-style: bold; color: $text-muted; }
        .field-label { width: 12; }
        .person { width: 1fr; min-width: 0; height: 1; border: none; text-align: left;
                  content-align: left middle; }
        #intro-warning { color: $warning; padding-bottom: 1; }
        #intro-warning.-balanced { color: $success; }
        #intro-error { color: $error; display: none; padding-bottom: 1; }
        #intro-error.-shown { display: block; }
    }
    """

    def __init__(
        self,
        initial: IntroductionRecord | None = None,
        *,
        first: tuple[int, str] | None = None,
    ) -> None:
        """``initial`` edits an introduction; ``first`` (id, name) pre-fills the first person."""
        super().__init__()
        self.initial = initial
        self.people: dict[str, tuple[int, str] | None] = {"a": None, "b": None}
        if initial is not None:
            self.people = {"a": (initial.a_id, initial.a_name), "b": (initial.b_id, initial.b_name)}
        elif first is not None:
            self.people["a"] = first

    def compose(self) -> ComposeResult:
        initial = self.initial
        title = "Edit the introduction" if initial else "Record an introduction I broker"
        with Vertical(id="intro-form"):
            yield Static(Content(title), id="intro-title", classes="form-title")
            for side, heading in (("a", "First person"), ("b", "Second person")):
                person = self.people[side]
                gains = getattr(initial, f"{side}_gains") if initial else ""
                value = getattr(initial, f"{side}_value") if initial else 3
                yield Static(Content(heading), classes="side-title")
                with Horizontal(classes="field-row"):
                    yield Label("Who", classes="field-label")
                    yield Button(
                        person_label(person[1] if person else None),
                        id=f"pick-{side}",
                        classes="person",
                        compact=True,
                        tooltip="Choose the person (enter)",
                    )
                with Horizontal(classes="field-row"):
                    yield Label("Gains", classes="field-label")
                    yield TextInput(
                        self.shown(f"{side}-gains", gains),
                        placeholder="what they get out of meeting the other",
                        compact=True,
                        id=f"{side}-gains",
                    )
                with Horizontal(classes="field-row"):
                    yield Label("Value", classes="field-label")
                    yield Select(
                        value_options(), value=value, allow_blank=False, compact=True,
                        id=f"{side}-value",
                    )  # fmt: skip
            with Horizontal(classes="field-row"):
                yield Label("Status", classes="field-label")
                yield Select(
                    [(s, s) for s in INTRO_STATUSES],
                    value=initial.status if initial else "idea",
                    allow_blank=False,
                    compact=True,
                    id="status",
                )
            yield Static("", id="intro-warning")
            yield Static("", id="intro-error")
            yield from self.buttons()

    def on_mount(self) -> None:
        first_empty = next((s for s in ("a", "b") if self.people[s] is None), None)
        if first_empty is not None:
            self.query_one(f"#pick-{first_empty}", Button).focus()
        else:
            self.query_one("#a-gains", Input).focus()
        self.update_warning()

    def form_state(self) -> tuple[tuple[str, object], ...]:
        return (*super().form_state(), ("people", (self.people["a"], self.people["b"])))

    # --- the two people ------------------------------------------------------------

    def pick(self, side: str) -> None:
        title = "Introduce whom?" if side == "a" else "…to whom?"
        self.app.push_screen(ContactPicker(title), partial(self._picked, side))

    def _picked(self, side: str, contact_id: int | None) -> None:
        if contact_id is not None:
            self._name_person(side, contact_id)

    @db_work(group="introduction-person", hold_keys=True, description="read the name")
    def _name_person(self, side: str, contact_id: int) -> Message:
        return PersonNamed(side, contact_id, labels_for([contact_id]).get(contact_id))

    def on_person_named(self, message: PersonNamed) -> None:
        if message.label is None:
            return  # removed meanwhile
        side = message.side
        self.people[side] = (message.contact_id, message.label)
        self.query_one(f"#pick-{side}", Button).label = person_label(message.label)
        self.update_warning()
        self.set_focus(self.query_one(f"#{side}-gains", Input))

    @on(Button.Pressed, ".person")
    def _pick_pressed(self, event: Button.Pressed) -> None:
        self.pick(str(event.button.id).removeprefix("pick-"))

    # --- the balance check ---------------------------------------------------------

    def side_value(self, side: str) -> int:
        value = self.query_one(f"#{side}-value", Select).selection
        assert value is not None  # allow_blank=False
        return int(value)

    def side_name(self, side: str, fallback: str) -> str:
        person = self.people[side]
        return person[1] if person else fallback

    def current_warning(self) -> str | None:
        return ratio_warning(
            self.side_value("a"),
            self.side_value("b"),
            self.side_name("a", "the first person"),
            self.side_name("b", "the second person"),
        )

    def update_warning(self) -> None:
        """The balance check as the form stands; "both sides gain" only once it says
        what each side gains (with both blank it once claimed so all the same)."""
        warning = self.current_warning()
        unwritten = [
            side for side in ("a", "b") if not self.query_one(f"#{side}-gains", Input).value.strip()
        ]
        box = self.query_one("#intro-warning", Static)
        box.set_class(warning is None and not unwritten, "-balanced")
        if warning:
            box.update(Text("⚠ " + safe_line(warning)))
        elif unwritten:
            box.update(Text(unwritten_gains(unwritten)))
        else:
            box.update(Text("✓ Both sides gain."))

    @on(Select.Changed, "#a-value, #b-value")
    @on(Input.Changed, "#a-gains, #b-gains")
    def _value_changed(self) -> None:
        self.update_warning()

    # --- saving --------------------------------------------------------------------

    def collect(self) -> IntroductionFields | None:
        a, b = self.people["a"], self.people["b"]
        problem = None
        if a is None or b is None:
            problem = "Choose both people."
        elif a[0] == b[0]:
            problem = "An introduction needs two different people."
        error = self.query_one("#intro-error", Static)
        error.update(Text(problem or ""))
        error.set_class(problem is not None, "-shown")
        if problem is not None or a is None or b is None:
            return None
        return IntroductionFields(
            a_id=a[0],
            a_name=a[1],
            a_gains=self.side_gains("a"),
            a_value=self.side_value("a"),
            b_id=b[0],
            b_name=b[1],
            b_gains=self.side_gains("b"),
            b_value=self.side_value("b"),
            status=str(self.query_one("#status", Select).value),
        )

    def side_gains(self, side: str) -> str:
        field_id = f"{side}-gains"
        return self.kept(field_id, self.query_one(f"#{field_id}", Input).value).strip()
