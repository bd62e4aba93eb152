"""Pick one contact by typing part of their name. Returns the contact id, or ``None``.

With ``allow_nobody``, a last option "Nobody" returns :data:`NOBODY` (used to clear
a meeting's introducer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from netui.core.text import safe_line
from netui.db.pickers import PickableContact, find_contacts, find_introducers
from netui.key_gate import KeyHold
from netui.textual_fixes import paint_now
from netui.widgets.text_input import TextInput
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.app import NetuiApp


class Matched(Message):
    """The contacts matching ``query`` were read."""

    def __init__(self, query: str, contacts: list[PickableContact]) -> None:
        super().__init__()
        self.query = query
        self.contacts = contacts


#: Returned when the user picks "Nobody".
NOBODY = 0


def contact_prompt(contact: PickableContact) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(safe_line(contact.name), style="bold")
    headline = " · ".join(safe_line(p) for p in (contact.role, contact.organisation) if p)
    if headline:
        text.append(f"  {headline}", style="dim")
    if contact.note:
        text.append(f"  {safe_line(contact.note)}", style="italic")
    return text


class ContactPicker(ModalScreen[int | None]):
    """A search box over the network and the matching contacts."""

    if TYPE_CHECKING:  # the only app netui makes; at run time Textual's own property
        app = getters.app(NetuiApp)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close without picking"),
        Binding("down", "to_list", show=False, id="picker.down", tooltip="Go to the matches"),
    ]

    DEFAULT_CSS = """
    ContactPicker {
        align: center middle;
        & > #picker {
            width: 70; max-width: 100%; height: 24; max-height: 90%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #picker-title { text-style: bold; padding-bottom: 1; }
        #picker-search { margin-bottom: 1; }
        #picker-options { height: 1fr; border: none; }
        #picker-status { color: $text-muted; height: 1; }
    }
    """

    def __init__(
        self,
        title: str,
        *,
        allow_nobody: bool = False,
        rank_for: int | None = None,
        leave_out: int | None = None,
    ) -> None:
        super().__init__()
        self.picker_title = title
        self.allow_nobody = allow_nobody
        #: The contact the pick is for (tied to, merged into): not offered.
        self.leave_out = leave_out
        #: Picking an introducer to this contact: the brokers ranking first.
        self.rank_for = rank_for
        #: The query whose matches are on screen.
        self._shown_query: str | None = None
        #: Enter came before the matches of the last keystroke: the keys typed
        #: after it wait until they are shown and picked from.
        self._pick_hold: KeyHold | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Text(self.picker_title), id="picker-title")
            yield TextInput(
                placeholder="type part of a name, organisation or tag", id="picker-search"
            )
            yield OptionList(id="picker-options")
            yield Static("", id="picker-status")

    @property
    def search_input(self) -> Input:
        return self.query_one("#picker-search", Input)

    def on_mount(self) -> None:
        self.set_focus(self.search_input)
        self.search("")

    def _held(self, *_args: object) -> KeyHold | None:
        """The keys waiting for the matches to be picked from (enter came first)."""
        return self._pick_hold

    @db_work(group="contact-picker", exclusive=True, carries=_held, description="find contacts")
    def search(self, query: str) -> Message:
        if self.rank_for is not None:
            # Picking an introducer: the brokers ranking first, then everyone else.
            return Matched(query, find_introducers(self.rank_for, query))
        return Matched(query, find_contacts(query))

    def on_matched(self, message: Matched) -> None:
        self._show(message.query, message.contacts)

    def _show(self, query: str, contacts: list[PickableContact]) -> None:
        contacts = [c for c in contacts if c.id != self.leave_out]
        options = self.query_one("#picker-options", OptionList)
        items = [Option(contact_prompt(c), id=f"c-{c.id}") for c in contacts]
        if self.allow_nobody:
            items.append(Option(Text("Nobody", style="italic"), id=f"c-{NOBODY}"))
        options.set_options(items)
        if items:
            options.highlighted = 0
        status = "No contact matches." if not contacts else f"{len(contacts)} shown · enter picks"
        status_line = self.query_one("#picker-status", Static)
        status_line.update(Text(status))
        self._shown_query = query
        paint_now(self, options, status_line)  # as the Contacts search: not a frame late
        if self._pick_hold is not None and query == self.search_input.value:
            hold, self._pick_hold = self._pick_hold, None
            self._pick(options.highlighted_option)
            self.app.release_keys(hold)

    @on(Input.Changed, "#picker-search")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#picker-search")
    def _submitted(self) -> None:
        query = self.search_input.value
        if query != self._shown_query:
            # The matches shown are an earlier keystroke's: pick from this one's.
            if self._pick_hold is None:
                self._pick_hold = self.app.hold_keys("the search was finishing")
            self.search(query)
            return
        self._pick(self.query_one("#picker-options", OptionList).highlighted_option)

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option)

    def _pick(self, option: Option | None) -> None:
        if option is None or not option.id:
            self.notify("No contact to pick: type part of a name.", severity="warning")
            return
        self.dismiss(int(option.id.removeprefix("c-")))

    def action_to_list(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            options.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
