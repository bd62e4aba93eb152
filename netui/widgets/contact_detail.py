"""The detail pane: everything known about the highlighted contact, shown literally."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual, visualize

from netui.core.reciprocity import meter_bar, meter_label
from netui.core.text import safe_block, safe_line
from netui.db.overview import ContactOverview
from netui.widgets.quiet_scroll import QuietBar, set_height

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


class ContactDetailPane(QuietBar, ScrollView, can_focus=False):
    """Shows one contact, or a hint when there is none.

    A Line API view of the detail's lines, rendered once per contact and width as a
    ``Static`` renders its content (the mouse's text selection included), so that
    the detail of the next contact lays nothing out: a ``Static`` in a scrolling
    container changed its height, and the whole screen was laid out again (7 to 19
    ms) for each contact the cursor rested on while a search was typed
    (:mod:`netui.widgets.quiet_scroll`).
    """

    DEFAULT_CSS = """
    ContactDetailPane {
        padding: 0 1;
        background: $surface;
        border-left: vkey $panel;
        overflow-x: hidden;
        overflow-y: scroll;  /* never comes or goes (quiet_scroll); -fits: contacts.tcss */
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.overview: ContactOverview | None = None
        self._text = Text("No contact selected.", style="dim")
        self._lines: list[Strip] | None = None  # rendered when first painted

    shown_id: int | None = None

    @property
    def text(self) -> Text:
        """What the pane shows, as a Text."""
        return self._text

    def show(self, overview: ContactOverview | None) -> None:
        """Show a contact; the same one again (read anew) keeps the scroll position."""
        self.overview = overview
        self._render_body()
        contact_id = overview.detail.id if overview is not None else None
        if contact_id != self.shown_id:
            self.scroll_home(animate=False)
        self.shown_id = contact_id

    def _render_body(self) -> None:
        if self.overview is None:
            self._text = Text("No contact selected.", style="dim")
        else:
            width = self.scrollable_content_region.width
            self._text = detail_text(self.overview, width if width > 0 else None)
        self._lines = None
        set_height(self, self.scrollable_content_region.width, len(self._rendered()))
        self.refresh()

    def _rendered(self) -> list[Strip]:
        """The detail's lines at the pane's width, as a ``Static`` renders them."""
        if self._lines is None:
            width = self.scrollable_content_region.width
            if width <= 0:
                return []
            visual = visualize(self, self._text)
            self._lines = Visual.to_strips(self, visual, width, None, self.visual_style, pad=True)
        return self._lines

    def render(self) -> Text:
        """The text the mouse's selection is taken from (``Widget.get_selection``)."""
        return self._text

    def render_line(self, y: int) -> Strip:
        lines = self._rendered()
        at = self.scroll_offset.y + y
        if at < len(lines):
            return lines[at]
        return Strip.blank(self.scrollable_content_region.width, self.visual_style.rich_style)

    def selection_updated(self, selection: Selection | None) -> None:
        self._lines = None  # drawn again with the selection's style
        super().selection_updated(selection)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None  # the theme or the CSS changed

    def on_resize(self) -> None:
        self._render_body()
