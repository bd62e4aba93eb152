"""Pick what I give first: an item from my bank of goods, or free text.

Returns the line to add to "What I give first", or ``None`` when cancelled.
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

from netui.core.text import plural, safe_line
from netui.db.goods import goods_for_contact
from netui.db.pickers import GoodRow, list_goods
from netui.key_gate import KeyHold
from netui.widgets.text_input import TextInput
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.app import NetuiApp

FREE_TEXT = "free-text"


def good_line(good: GoodRow) -> str:
    """The line added to the worksheet for a picked good."""
    line = f"{good.title} ({good.kind})"
    if good.description.strip():
        line += f": {' '.join(good.description.split())}"
    return line


class GoodsFound(Message):
    """The goods matching ``query`` were read, each with why it would interest them."""

    def __init__(self, query: str, goods: list[tuple[GoodRow, str]]) -> None:
        super().__init__()
        self.query = query
        self.goods = goods


def goods_to_give(query: str, contact_id: int | None) -> list[tuple[GoodRow, str]]:
    """The bank's goods matching ``query``: first those that would interest the
    contact (with why), then the rest, each group in the bank's order."""
    goods = list_goods(query)
    if contact_id is None:
        return [(good, "") for good in goods]
    why = {match.good_id: match.why for match in goods_for_contact(contact_id)}
    goods.sort(key=lambda good: good.id not in why)  # stable
    return [(good, why.get(good.id, "")) for good in goods]


def good_prompt(good: GoodRow, why: str = "") -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if why:
        text.append("★ ", style="bold")
    text.append(safe_line(good.title), style="bold")
    text.append(f"  {good.kind}", style="dim")
    if why:
        text.append("  ")
        text.append(safe_line(why), style="italic")
    elif good.description:
        text.append("  ")
        text.append(safe_line(good.description), style="italic")
    return text


class GiveFirstPicker(ModalScreen[str | None]):
    """The bank of goods, filtered as you type; what you type can be given as is."""

    if TYPE_CHECKING:  # the only app netui makes; at run time Textual's own property
        app = getters.app(NetuiApp)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="give.cancel", tooltip="Close without picking"),
        Binding("down", "to_list", show=False, id="give.down", tooltip="Go to the goods"),
    ]

    DEFAULT_CSS = """
    GiveFirstPicker {
        align: center middle;
        & > #give {
            width: 80; max-width: 100%; height: 24; max-height: 90%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #give-title { text-style: bold; padding-bottom: 1; }
        #give-search { margin-bottom: 1; }
        #give-options { height: 1fr; border: none; }
        #give-status { color: $text-muted; height: 1; }
    }
    """

    def __init__(self, contact_id: int | None = None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.goods: dict[str, GoodRow] = {}
        #: The query whose goods are on screen.
        self._shown_query: str | None = None
        #: Enter came before the goods of the last keystroke: the keys typed after
        #: it wait until they are shown and picked from.
        self._pick_hold: KeyHold | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="give"):
            yield Static("What will you give first?", id="give-title")
            yield TextInput(
                placeholder="search the bank of goods, or type anything to give", id="give-search"
            )
            yield OptionList(id="give-options")
            yield Static("", id="give-status")

    @property
    def search_input(self) -> Input:
        return self.query_one("#give-search", Input)

    def on_mount(self) -> None:
        self.set_focus(self.search_input)
        self.search("")

    def _held(self, *_args: object) -> KeyHold | None:
        """The keys waiting for the goods to be picked from (enter came first)."""
        return self._pick_hold

    @db_work(group="give-picker", exclusive=True, carries=_held, description="find goods")
    def search(self, query: str) -> Message:
        return GoodsFound(query, goods_to_give(query, self.contact_id))

    def on_goods_found(self, message: GoodsFound) -> None:
        self._show(message.query, message.goods)

    def _show(self, query: str, goods: list[tuple[GoodRow, str]]) -> None:
        if not self.is_attached or not self.query("#give-options"):
            return  # an earlier keystroke's goods, read after a pick closed the picker
        self.goods = {f"good-{g.id}": g for g, _ in goods}
        items = [Option(good_prompt(g, why), id=f"good-{g.id}") for g, why in goods]
        if query.strip():
            prompt = Text.assemble(("Give as typed: ", "bold"), safe_line(query.strip()))
            items.append(Option(prompt, id=FREE_TEXT))
        options = self.query_one("#give-options", OptionList)
        options.set_options(items)
        if items:
            options.highlighted = 0
        if goods:
            verb = "matches" if len(goods) == 1 else "match"
            status = f"{plural(len(goods), 'good')} in the bank {verb} · enter picks"
            if any(why for _, why in goods):
                status += " · ★ would interest them"
        elif query.strip():
            status = "No good in the bank matches; enter gives what you typed."
        else:
            status = "The bank of goods is empty; type what you will give."
        self.query_one("#give-status", Static).update(Text(status))
        self._shown_query = query
        if self._pick_hold is not None and query == self.search_input.value:
            hold, self._pick_hold = self._pick_hold, None
            self._pick(options.highlighted_option)
            self.app.release_keys(hold)

    @on(Input.Changed, "#give-search")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#give-search")
    def _submitted(self) -> None:
        query = self.search_input.value
        if query != self._shown_query:
            # The goods shown are an earlier keystroke's: pick from this one's.
            if self._pick_hold is None:
                self._pick_hold = self.app.hold_keys("the search was finishing")
            self.search(query)
            return
        self._pick(self.query_one("#give-options", OptionList).highlighted_option)

    @on(OptionList.OptionSelected, "#give-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option)

    def _pick(self, option: Option | None) -> None:
        typed = " ".join(self.query_one("#give-search", Input).value.split())
        if option is not None and option.id in self.goods:
            self.dismiss(good_line(self.goods[option.id]))
        elif typed:
            self.dismiss(typed)
        else:
            self.notify("Type what you will give, or pick a good.", severity="warning")

    def action_to_list(self) -> None:
        options = self.query_one("#give-options", OptionList)
        if options.option_count:
            options.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
