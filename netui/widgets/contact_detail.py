"""The detail pane: everything known about the highlighted contact, shown literally."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from netui.core.text import safe_block, safe_line
from netui.db.contacts import ContactDetail

LABEL_WIDTH = 14


def _closeness(value: int) -> str:
    return "●" * value + "○" * (5 - value) + f"  {value}/5"


def detail_text(detail: ContactDetail, default_cadence: int) -> Text:
    """The pane's content as a Text; every value from the user is appended literally."""
    f = detail.fields
    text = Text(no_wrap=False, end="")
    text.append(safe_line(f.name), style="bold")
    if detail.archived:
        text.append("  (archived)", style="italic")
    text.append("\n")
    headline = " · ".join(safe_line(part) for part in (f.role, f.organisation) if part)
    if headline:
        text.append(headline + "\n", style="italic")
    text.append("\n")

    def row(label: str, value: str, style: str = "") -> None:
        if not value:
            return
        text.append(f"{label:<{LABEL_WIDTH}}", style="bold dim")
        text.append(safe_line(value), style=style)
        text.append("\n")

    row("Email", f.email)
    row("Phone", f.phone)
    row("LinkedIn", f.linkedin_url, "underline")
    row("Location", f.location)
    row("How we met", f.how_we_met)
    row("Degree", "2nd, known through someone" if f.second_degree else "1st, in my network")
    row("Closeness", _closeness(f.closeness))
    if f.cadence_days:
        row("Keep in touch", f"every {f.cadence_days} days")
    else:
        row("Keep in touch", f"every {default_cadence} days (default)")
    row("Last contact", detail.last_contact.isoformat() if detail.last_contact else "never")
    row("Tags", ", ".join(f.tags))
    row("Expertise", ", ".join(f.expertise))
    row("Interests", ", ".join(f.interests))
    for title, body in (("Career path", f.career_path), ("Notes", f.notes)):
        if body.strip():
            text.append(f"\n{title}\n", style="bold dim")
            text.append(safe_block(body.strip()))
            text.append("\n")
    return text


class ContactDetailPane(VerticalScroll, can_focus=False):
    """Shows one contact, or a hint when there is none."""

    DEFAULT_CSS = """
    ContactDetailPane {
        padding: 0 1;
        background: $surface;
        border-left: vkey $panel;
        & > #detail-body { width: 1fr; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("No contact selected.", style="dim"), id="detail-body")

    def show(self, detail: ContactDetail | None, default_cadence: int = 90) -> None:
        body = self.query_one("#detail-body", Static)
        if detail is None:
            body.update(Text("No contact selected.", style="dim"))
        else:
            body.update(detail_text(detail, default_cadence))
        self.scroll_home(animate=False)
