"""The Reciprocity screen's texts: the network's meter line, the status line under
each list, and what an empty list means (all as ``Text``: names and organisations
are shown literally)."""

from __future__ import annotations

from rich.text import Text

from netui.core.reciprocity import meter_label
from netui.core.text import safe_line
from netui.db.introductions import IntroductionRecord
from netui.db.reciprocity_overview import TOP, Overview
from netui.widgets.meter_table import meter_cell, meter_style

#: (key, tab title, what the palette says) of every list of contacts, in tab order.
LISTS = (
    ("ranked", "Ranked", "the network ranked by imbalance"),
    ("give-back", "Give back first", "who gave me more than I gave them"),
    ("investing", "Investing", "who I gave more than they gave me"),
    ("dormant", "Dormant", "who is past their keep-in-touch cadence"),
    ("inside", "Inside", "contacts inside my organisation"),
    ("outside", "Outside", "contacts outside my organisation"),
)
INTROS = "intros"
TAB_ORDER = (*(key for key, _, _ in LISTS), INTROS)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _with_top(count: int) -> str:
    return f" · top {TOP:,} shown" if count > TOP else ""


def summary_text(overview: Overview, width: int = 0) -> Text:
    """The network's meter, then what fits of: the totals, the bar, how many contacts
    were exchanged with (each whole or not at all: a number is never cut)."""
    network = overview.network
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append("Network meter ", style="bold")
    text.append(meter_label(network.meter), style=meter_style(network.meter))
    bar = Text(" ").append_text(meter_cell(network.meter))
    totals = Text(f" gave {network.given:.1f} · got {network.received:.1f}")
    exchanged = Text(f" · {overview.exchanged:,} of {overview.total:,} exchanged with", "dim")
    room = width - text.cell_len if width else None
    if room is not None and totals.cell_len > room:  # whole numbers take less room
        totals = Text(f" gave {network.given:.0f} · got {network.received:.0f}")
    shown = []
    for part in (totals, exchanged, bar):  # by priority: numbers before the bar
        if room is None or part.cell_len <= room:
            shown.append(part)
            room = None if room is None else room - part.cell_len
    for part in (bar, totals, exchanged):  # in their places
        if part in shown:
            text.append_text(part)
    return text


def list_status(key: str, overview: Overview) -> Text:
    """The line under a list: how many, in what order, and what to do."""
    found = overview.lists[key]
    count = found.count
    org = overview.my_organisation
    if key == "ranked":
        if overview.total and not overview.exchanged:
            return Text.assemble(
                "No exchanges yet: press ", ("l", "bold"), " on a contact to log one."
            )
        if count > TOP:
            return Text(f"Top {TOP:,} of {count:,} contacts, the most imbalanced first")
        return Text(f"{_plural(count, 'contact')}, the most imbalanced first")
    if key == "give-back":
        return Text(
            f"{_plural(count, 'contact')} gave me more than I gave them: give back first"
            + _with_top(count)
        )
    if key == "investing":
        return Text(
            f"{_plural(count, 'contact')} got more from me than I got from them" + _with_top(count)
        )
    if key == "dormant":
        return Text(
            f"{_plural(count, 'contact')} past their keep-in-touch cadence, the longest first"
            + _with_top(count)
        )
    if not org:
        return Text.assemble("My organisation is not set: press ", ("o", "bold"), " to set it.")
    where = "at " if key == "inside" else "outside "
    text = Text(f"{_plural(count, 'contact')} {where}")
    text.append(safe_line(org), style="bold")
    text.append(_with_top(count))
    return text


def intro_status(records: list[IntroductionRecord]) -> Text:
    lopsided = sum(1 for record in records if not record.balanced)
    return Text.assemble(
        f"{_plural(len(records), 'introduction')} · {lopsided} lopsided · ",
        ("i", "bold"), " record · ", ("a", "bold"), " asked · ", ("m", "bold"), " made · ",
        ("x", "bold"), " declined",
    )  # fmt: skip


def empty_hint(key: str, overview: Overview) -> Text:
    """What an empty list means, and what to do about it."""
    if key == "ranked":
        return Text.assemble(
            "No contacts yet. Add some on the Contacts screen (press ", ("1", "bold"),
            "), import LinkedIn's Connections.csv, or try ", ("netui demo", "bold"), ".",
        )  # fmt: skip
    if key == "give-back":
        return Text("Nobody is owed: no contact gave me more than I gave them.")
    if key == "investing":
        return Text.assemble(
            "Nobody got more from me than I got from them. First give, then take: press ",
            ("l", "bold"), " on a contact to log what I gave.",
        )  # fmt: skip
    if key == "dormant":
        return Text("Nobody is past their keep-in-touch cadence.")
    if key == INTROS:
        return Text.assemble(
            "No introductions yet. Press ", ("i", "bold"),
            " to record one between two contacts who would both gain from meeting.",
        )  # fmt: skip
    org = overview.my_organisation
    if not org:
        return Text.assemble(
            "My organisation is not set, so nobody counts as inside. Press ", ("o", "bold"),
            " to set it (it is compared ignoring case and spacing).",
        )  # fmt: skip
    if key == "inside":
        text = Text("No contact's organisation is ")
        text.append(safe_line(org), style="bold")
        text.append(". Press o to change my organisation.")
        return text
    text = Text("Every contact is at ")
    text.append(safe_line(org), style="bold")
    text.append(".")
    return text
