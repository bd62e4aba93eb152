"""The intro request for the introducer: previewed, editable, copied, or saved to a file.

Opening it copies the request at once (the terminal's clipboard through OSC 52, and
the system's clipboard tool when there is one); the text stays on screen to read,
edit and copy again (f3), to select with the mouse, or to save to a file
(ctrl+s) where the terminal keeps the clipboard to itself. Returns nothing.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from netui.clipboard import copy_with_system_tool
from netui.core.files import write_file
from netui.core.text import safe_block, safe_line
from netui.modals.text_prompt import TextPrompt
from netui.widgets.text_box import TextBox

THIN = (
    "The request is made from the worksheet's purpose, reasons and what you give first: "
    "fill them in, then open it again (f3) to give the introducer reasons to act."
)
NOT_SIGNED = (
    "Not signed yet: set your name in Settings (ctrl+p, Settings) or with "
    "netui set my-name NAME, and open this again."
)


def request_filename(target_name: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in target_name.casefold())
    slug = "-".join(part for part in slug.split("-") if part)[:40] or "contact"
    return f"intro-request-{slug}.txt"


class IntroRequestDialog(ModalScreen[None]):
    """The request in an editable box, with what became of the copy."""

    BINDINGS = [
        Binding("f3", "copy", "Copy", id="intro.copy", tooltip="Copy the text again"),
        Binding("ctrl+s", "save", "Save…", id="intro.save", tooltip="Save the text to a file"),
        Binding("escape", "close", "Close", id="intro.close", tooltip="Back to the worksheet"),
    ]

    DEFAULT_CSS = """
    IntroRequestDialog {
        align: center middle;
        & > #intro {
            width: 90; max-width: 100%; height: auto; max-height: 100%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #intro-title { text-style: bold; }
        #intro-text { height: 14; min-height: 5; margin: 1 0 0 0; }
        #intro-status { color: $text-muted; height: auto; }
        #intro-status.-warning { color: $warning; }
        #intro-buttons { height: auto; align-horizontal: right; }
        #intro-buttons Button { margin-left: 2; }
    }
    """

    def __init__(
        self,
        introducer_name: str,
        target_name: str,
        text: str,
        *,
        signed: bool,
        folder: Path,
        thin: bool = False,
    ) -> None:
        super().__init__()
        self.thin = thin
        self.introducer_name = introducer_name
        self.target_name = target_name
        self.text = text
        self.signed = signed
        self.folder = folder

    def compose(self) -> ComposeResult:
        title = Text.assemble(
            "Intro request for ",
            (safe_line(self.introducer_name), "bold"),
            " (to meet ",
            (safe_line(self.target_name), "bold"),
            ")",
        )
        with Vertical(id="intro"):
            yield Static(title, id="intro-title")
            yield TextBox(safe_block(self.text), id="intro-text", soft_wrap=True, compact=True)
            yield Static("", id="intro-status")
            with Horizontal(id="intro-buttons"):
                yield Button("Save to a file…  ctrl+s", id="intro-save-button")
                yield Button("Copy  f3", variant="primary", id="intro-copy-button")
                yield Button("Close", id="intro-close-button")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.action_copy()

    @property
    def current_text(self) -> str:
        """What the box holds; the request as made when it was not edited."""
        shown = self.query_one(TextArea).text
        return self.text if shown == safe_block(self.text) else shown

    def _status(self, message: str, *, warning: bool = False) -> None:
        status = self.query_one("#intro-status", Static)
        status.update(Text(message))
        status.set_class(warning, "-warning")

    def action_copy(self) -> None:
        text = self.current_text
        self.app.copy_to_clipboard(text)  # OSC 52: the terminal may or may not honour it
        self._copy_with_tool(text)

    @work(thread=True, exclusive=True, group="intro-copy", exit_on_error=False)
    def _copy_with_tool(self, text: str) -> None:
        tool = copy_with_system_tool(text)
        self.app.call_from_thread(self._copied, tool)

    def _copied(self, tool: str | None) -> None:
        if tool:
            message = f"Copied to the clipboard (with {tool})."
        else:
            message = (
                "Sent to your terminal's clipboard. If pasting gives nothing, your terminal "
                "keeps it to itself: select the text above with the mouse, or save it to a "
                "file (ctrl+s)."
            )
        if self.thin:
            message += "\n" + THIN
        if not self.signed:
            message += "\n" + NOT_SIGNED
        self._status(message, warning=not self.signed or self.thin)

    def action_save(self) -> None:
        suggested = str(self.folder / request_filename(self.target_name))
        text = self.current_text

        def chosen(path: str | None) -> None:
            if path:
                self._save(Path(path).expanduser(), text)

        self.app.push_screen(
            TextPrompt(
                "Save the intro request to",
                suggested,
                placeholder="a file path",
                hint="Readable by you only (0600); an existing file is not replaced.",
            ),
            chosen,
        )

    @work(thread=True, group="intro-save", exit_on_error=False)
    def _save(self, path: Path, text: str) -> None:
        try:
            write_file(path, text if text.endswith("\n") else text + "\n")
        except Exception as error:  # one sentence, never a traceback
            self.app.call_from_thread(self._status, f"Not saved: {error}", warning=True)
            return
        self.app.call_from_thread(self._status, f"Saved to {path}.")

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#intro-copy-button")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#intro-save-button")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#intro-close-button")
    def _close_pressed(self) -> None:
        self.action_close()
