"""The floor: an empty Textual app with a search box, the least any Textual app costs."""

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Floor(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(placeholder="floor: type here")
        yield Static("floor ready")


if __name__ == "__main__":
    Floor().run()
