"""The help screen (``?``): every key of the screen it was opened from, and the ideas.

The keys are read from the bindings themselves, after the user's keymap, so what
the help says is what the keyboard does. :func:`all_bindings` walks every
screen, dialog and widget class of netui: the README's list of binding ids and the
check of the config file's ``[keys]`` come from it too.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

#: The idea behind each screen, two or three lines each.
IDEAS: tuple[tuple[str, str], ...] = (
    (
        "1 Contacts — know your connections' connections",
        "Your connections' connections owe you nothing; your contacts can introduce you. "
        "Record who knows whom (ties), so that before you ask for an introduction you "
        "can see which contacts know the person, and how well.",
    ),
    (
        "2 Prep — prepare",
        "Before a meeting, know who the person is, their path, expertise and key "
        "connections, what would interest or help them, and what you will give first. "
        "When you ask for an intro, hand the broker good reasons why the other should meet you.",
    ),
    (
        "3 Reciprocity — first give, then take; balanced introductions",
        "A network is an exchange, in any currency: knowledge, information, access, "
        "introductions. Give back to those who gave; when you connect two people, both "
        "must gain, or the introduction costs you a relationship.",
    ),
    (
        "4 Bank & goals — stay worth meeting",
        "Keep a bank of goods you can offer, so you stay attractive to old and new "
        "contacts, and tend the network for your goals while you are employed, "
        "not only when you need it.",
    ),
)


KEY_WIDTH = 12
ACTION_WIDTH = 16


@dataclass(frozen=True)
class HelpRow:
    """One line of the help table."""

    keys: str
    description: str
    tooltip: str
    binding_id: str


def ui_modules() -> Iterator[str]:
    """The names of netui's UI modules: the app, screens, dialogs and widgets."""
    yield "netui.app"
    for package in ("netui.screens", "netui.modals", "netui.widgets"):
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__, f"{package}."):
            yield info.name


def own_bindings(cls: type) -> Iterator[Binding]:
    """The bindings that netui's own classes in ``cls``'s ancestry declare."""
    seen: set[str] = set()
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("netui"):
            continue
        for binding in klass.__dict__.get("BINDINGS", ()):
            if not isinstance(binding, Binding):
                binding = Binding(*binding)
            key = binding.id or f"{binding.key}:{binding.action}"
            if key not in seen:
                seen.add(key)
                yield binding


def all_bindings() -> dict[str, list[tuple[type, Binding]]]:
    """Every binding declared in netui, by binding id (None for those without one)."""
    found: dict[str, list[tuple[type, Binding]]] = {}
    for name in ui_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
            ):
                for binding in value.__dict__.get("BINDINGS", ()):
                    if not isinstance(binding, Binding):
                        binding = Binding(*binding)
                    found.setdefault(binding.id or "", []).append((value, binding))
    return found


def all_binding_ids() -> set[str]:
    """The id of every binding in netui: the names a config file's [keys] may use."""
    return {binding_id for binding_id in all_bindings() if binding_id}


def key_label(app: App, binding: Binding) -> str:
    """The key(s) of ``binding`` as the user has them mapped, for display."""
    keymap = getattr(app, "_keymap", {}) or {}
    mapped = keymap.get(binding.id) if binding.id else None
    if mapped is None and binding.key_display:
        return binding.key_display
    keys = (mapped or binding.key).split(",")
    return " ".join(
        app.get_key_display(Binding(key.strip(), binding.action)) for key in keys if key.strip()
    )


def help_rows(screen: Screen) -> tuple[list[HelpRow], list[HelpRow]]:
    """The rows for ``screen``'s own keys (with its widgets') and for the app's."""
    app = screen.app
    nodes: list[DOMNode] = [screen]
    nodes.extend(
        widget for widget in screen.query("*") if type(widget).__module__.startswith("netui")
    )
    here = _rows(app, nodes)
    everywhere = _rows(app, [app])
    everywhere.append(
        HelpRow(
            key_label(app, Binding(app.COMMAND_PALETTE_BINDING, "command_palette")),
            "Commands",
            "The command palette: every action of this screen, themes, keys",
            "",
        )
    )
    everywhere.append(HelpRow("^q", "Quit", "Quit netui", ""))
    return here, everywhere


def _rows(app: App, nodes: list[DOMNode]) -> list[HelpRow]:
    rows: list[HelpRow] = []
    seen: set[str] = set()
    for node in nodes:
        hidden = getattr(node, "hidden_in_help", None)  # keys that do not apply here
        skip = hidden() if callable(hidden) else set()
        for binding in own_bindings(type(node)):
            key = binding.id or f"{binding.key}:{binding.action}"
            if key in seen or binding.action in skip:
                continue
            seen.add(key)
            rows.append(
                HelpRow(
                    key_label(app, binding),
                    binding.description or binding.action,
                    binding.tooltip,
                    binding.id or "",
                )
            )
    return rows


def shown_path(path: Path) -> str:
    """``path`` with the home folder as ``~``, as people write it."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except (ValueError, RuntimeError):  # not under home, or no home at all
        return str(path)


def config_line(path: Path | None) -> str:
    """Where the config file is (shown literally: a path may hold brackets)."""
    if path is None:
        return "No config file is read."
    there = "" if path.exists() else " (not created yet: the defaults)"
    return f"Config file: {shown_path(path)}{there}"


class HelpTable(DataTable):
    """Key, action and what it does; the last column takes the width that is left
    and wraps, so nothing is cut or scrolled sideways (at 80 columns it was)."""

    DEFAULT_CSS = """
    HelpTable { scrollbar-gutter: stable; }
    """

    def __init__(self, rows: list[HelpRow], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.help_rows = rows
        self.what_width = 0

    def on_mount(self) -> None:
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        padding = 2 * self.cell_padding
        what = max(12, width - KEY_WIDTH - ACTION_WIDTH - 3 * padding)
        if what == self.what_width:
            return
        self.what_width = what
        keep = self.cursor_row
        self.clear(columns=True)
        self.add_column("Key", width=KEY_WIDTH)
        self.add_column("Action", width=ACTION_WIDTH)
        self.add_column("What it does", width=what)
        for row in self.help_rows:
            self.add_row(Text(row.keys), Text(row.description), Text(row.tooltip), height=None)
        if self.help_rows:
            self.move_cursor(row=min(keep, len(self.help_rows) - 1), animate=False)


class HelpScreen(ModalScreen[None]):
    """Every key of the screen below, then the ideas behind the four screens."""

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding(
            "escape,question_mark,q",
            "close",
            "Close",
            key_display="esc",
            id="help.close",
            tooltip="Close the help and go back",
        ),
        Binding(
            "home",
            "top",
            "Top",
            show=False,
            priority=True,
            id="help.top",
            tooltip="The top of the help",
        ),
        Binding(
            "end",
            "bottom",
            "End",
            show=False,
            priority=True,
            id="help.bottom",
            tooltip="The end of the help: the ideas behind the screens",
        ),
    ]

    def __init__(
        self,
        title: str,
        here: list[HelpRow],
        everywhere: list[HelpRow],
        config_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.screen_title = title
        self.here = here
        self.everywhere = everywhere
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Content(config_line(self.config_path)), id="help-config")
            yield Static(Content(f"Keys of {self.screen_title}"), classes="help-heading")
            yield self._table("help-here", self.here)
            yield Static(Content("Everywhere"), classes="help-heading")
            yield self._table("help-everywhere", self.everywhere)
            yield Static(Content("The ideas behind the screens"), classes="help-heading")
            for title, text in IDEAS:
                yield Static(Content(title), classes="help-idea-title")
                yield Static(Content(text), classes="help-idea")
            yield Static(
                Content(
                    "Keys can be remapped by binding id in the config file; "
                    "see the README's Configuration section. esc closes this help."
                ),
                classes="help-footnote",
            )

    def _table(self, table_id: str, rows: list[HelpRow]) -> DataTable:
        return HelpTable(rows, id=table_id)

    def on_mount(self) -> None:
        # Focused without scrolling to it: the config file's line and the heading
        # above the table stay in sight.
        self.query_one("#help-here", DataTable).focus(scroll_visible=False)

    def action_top(self) -> None:
        """The top of the help (the config file's line), the first key highlighted:
        the key table took home and end for itself, and stopped at its own top."""
        table = self.query_one("#help-here", DataTable)
        table.move_cursor(row=0, animate=False)
        table.focus(scroll_visible=False)
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        """The end of the help (the ideas behind the screens)."""
        self.query_one("#help-body", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
