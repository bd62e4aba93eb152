"""The detail pane: everything known about the highlighted contact, shown literally."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from netui.core.reciprocity import meter_bar, meter_label
from netui.core.text import safe_block, safe_line
from netui.db.overview import ContactOverview

LABEL_WIDTH = 14


def every(days: int) -> str:
    """A keep-in-touch cadence: "every day", "every 30 days"."""
    return "every day" if days == 1 else f"every {days:,} days"


def _closeness(value: int) -> str:
    return "●" * value + "○" * (5 - value) + f"  {value}/5"


def _strength(value: int) -> str:
    return "●" * value + "○" * (5 - value)


def detail_text(overview: ContactOverview, width: int | None = None) -> Text:
    """The pane's content as a Text; every value from the user is appended literally.

    In ``width`` cells (a narrow pane, at 80 columns), a value too long to sit beside
    its label goes on the line below it, indented, rather than wrapping under the label.
    """
    detail = overview.detail
    default_cadence = overview.default_cadence
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
        shown = safe_line(value)
        if width is not None and LABEL_WIDTH + cell_len(shown) > width:
            if label:
                text.append(label + "\n", style="bold dim")
            text.append("  ")
        else:
            text.append(f"{label:<{LABEL_WIDTH}}", style="bold dim")
        text.append(shown, style=style)
        text.append("\n")

    row("Email", f.email)
    row("Phone", f.phone)
    row("LinkedIn", f.linkedin_url, "underline")
    row("Location", f.location)
    row("How we met", f.how_we_met)
    row("Degree", detail.degree)
    unset = "" if detail.closeness_set else "  (not set: the default)"
    row("Closeness", _closeness(f.closeness) + unset)
    if f.cadence_days:
        row("Keep in touch", every(f.cadence_days))
    else:
        row("Keep in touch", f"{every(default_cadence)} (default)")
    row("Last contact", detail.last_contact.isoformat() if detail.last_contact else "never")
    if overview.first_contact is not None:
        row("First contact", overview.first_contact.isoformat())
    balance = overview.balance
    if balance.total:
        row(
            "Reciprocity",
            f"{meter_bar(balance.meter, 11)} {meter_label(balance.meter)}  "
            f"(gave {balance.given:.1f}, received {balance.received:.1f})",
        )
        if balance.meter < 0:
            row("", "You owe them: give back first.", "italic")
    else:
        row("Reciprocity", "nothing exchanged yet (press l to log)")
    row("Tags", ", ".join(f.tags))
    row("Expertise", ", ".join(f.expertise))
    row("Interests", ", ".join(f.interests))
    _goods_section(text, overview)
    _ties_section(text, overview)
    _exchanges_section(text, overview)
    for title, body in (
        ("Career path", f.career_path),
        ("What would help them", overview.helps_them),
        ("Notes", f.notes),
        ("My private notes (only I read them)", overview.private_notes),
    ):
        if body.strip():
            text.append(f"\n{title}\n", style="bold dim")
            text.append(safe_block(body.strip()))
            text.append("\n")
    return text


def _goods_section(text: Text, overview: ContactOverview) -> None:
    if not overview.goods:
        return
    text.append("\nFrom my bank of goods\n", style="bold dim")
    for good in overview.goods:
        text.append("  ★ ")
        text.append(safe_line(good.title))
        text.append(" · " + safe_line(good.why), style="dim")
        text.append("\n")


def _ties_section(text: Text, overview: ContactOverview) -> None:
    ties = overview.ties
    mine = overview.known_by_my_network
    text.append(f"\nKnows ({len(ties)})", style="bold dim")
    if ties:
        verb = "knows" if len(mine) == 1 else "know"
        text.append(f" · {len(mine)} in my network {verb} them\n", style="dim")
    else:
        text.append("\n")
        text.append("No ties yet: press t to add who they know.\n", style="dim")
    for tie in ties[:12]:
        text.append(f"  {_strength(tie.strength)} ", style="dim")
        shown = overview.labels.get(tie.other_id, tie.name)
        text.append(safe_line(shown), style="italic" if tie.second_degree else "")
        if tie.second_degree:
            text.append(" 2°", style="dim")
        if tie.context:
            text.append(" · " + safe_line(tie.context), style="dim")
        text.append("\n")
    if len(ties) > 12:
        text.append(f"  … and {len(ties) - 12} more\n", style="dim")


def _exchanges_section(text: Text, overview: ContactOverview) -> None:
    if not overview.recent:
        return
    text.append(f"\nRecent exchanges ({overview.exchange_count})\n", style="bold dim")
    for entry in overview.recent:
        arrow = "→ gave    " if entry.direction == "gave" else "← received"
        text.append(f"  {entry.date.isoformat()} {arrow} ", style="dim")
        text.append(f"{entry.currency} {entry.value}")
        if entry.note:
            text.append(" · " + safe_line(entry.note), style="dim")
        text.append("\n")


class ContactDetailPane(VerticalScroll, can_focus=False):
    """Shows one contact, or a hint when there is none."""

    DEFAULT_CSS = """
    ContactDetailPane {
        padding: 0 1;
        background: $surface;
        border-left: vkey $panel;
        /* At least the pane's height: details that fit are all that tall, and one
           shown after another lays nothing out (_render_body). */
        & > #detail-body { width: 1fr; min-height: 100%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.overview: ContactOverview | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("No contact selected.", style="dim"), id="detail-body")

    shown_id: int | None = None

    def show(self, overview: ContactOverview | None) -> None:
        """Show a contact; the same one again (read anew) keeps the scroll position."""
        self.overview = overview
        self._render_body()
        contact_id = overview.detail.id if overview is not None else None
        if contact_id != self.shown_id:
            self.scroll_home(animate=False)
        self.shown_id = contact_id

    def _render_body(self) -> None:
        body = self.query_one("#detail-body", Static)
        if self.overview is None:
            content = Text("No contact selected.", style="dim")
        else:
            # Less the scroll bar, which a long detail needs.
            width = self.scrollable_content_region.width - 2
            content = detail_text(self.overview, width if width > 0 else None)
        # Laid out only when its height changes: a layout is the whole screen's (7 to
        # 12 ms), and the detail of each contact a search highlights came in the way
        # of the next keystroke's result. Details that fit the pane are as tall as it
        # (min-height), so one after another repaints the pane alone.
        before = body.size.height
        body.update(content, layout=False)
        if not before or self._height_needed(body) != before:
            body.refresh(layout=True)

    def _height_needed(self, body: Static) -> int:
        """The body's height for its content, as a layout would make it."""
        viewport = self.scrollable_content_region.size
        lines = body.get_content_height(viewport, viewport, body.content_region.width)
        return max(lines, viewport.height)

    def on_resize(self) -> None:
        if self.overview is not None:
            self._render_body()
