"""A screen whose issue has not landed yet: it says so in one line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static


class PlaceholderScreen(Screen):
    DEFAULT_CSS = """
    PlaceholderScreen > #placeholder {
        width: 1fr; height: 1fr; content-align: center middle; color: $text-muted;
    }
    """
    #: The one line shown.
    MESSAGE = ""

    def compose(self) -> ComposeResult:
        yield Static(self.MESSAGE, id="placeholder")
        yield Footer()


class PrepScreen(PlaceholderScreen):
    TITLE = "Prep"
    MESSAGE = "Prep: meeting worksheets arrive with the prep issue."


class ReciprocityScreen(PlaceholderScreen):
    TITLE = "Reciprocity"
    MESSAGE = "Reciprocity: the meter for the whole network arrives with the reciprocity issue."


class BankScreen(PlaceholderScreen):
    TITLE = "Bank & goals"
    MESSAGE = "Bank & goals: goods and career goals arrive with the bank issue."
