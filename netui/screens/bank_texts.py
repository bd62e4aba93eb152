"""The Bank & goals screen's texts: each good, goal and person as a list line, and the
head of the right pane for a good (whom it would interest) and for a goal (coverage
and gaps), and the people pane of a goal. User text is shown literally (``Text``)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets.option_list import Option

from netui.core.text import plural, safe_block, safe_line
from netui.db.goal_suggestions import GoalOverview
from netui.db.goals import GoalRecord
from netui.db.goods import (
    ContactMatch,
    GoodMatches,
    GoodRecord,
)
from netui.widgets.shared_mark import shared_mark


def good_prompt(good: GoodRecord) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(safe_line(good.title), style="bold")
    text.append(f"  {good.kind}", style="dim")
    return text


def goal_prompt(goal: GoalRecord) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append("● " if goal.active else "○ ", style="green" if goal.active else "dim")
    text.append(safe_line(goal.title), style="bold" if goal.active else "dim")
    if goal.linked:
        text.append(f"  {goal.linked} linked", style="dim")
    if goal.shared:  # with the team (only ever on a team's database)
        text.append_text(shared_mark())
    return text


def person_prompt(match: ContactMatch, mark: str) -> Text:
    """Two lines: the mark, name, role and organisation; then why."""
    text = Text(end="")
    text.append(f"{mark} ", style="bold")
    text.append(safe_line(match.name), style="bold")
    headline = " · ".join(safe_line(p) for p in (match.role, match.organisation) if p)
    if headline:
        text.append(f"  {headline}", style="dim")
    if match.second_degree:
        text.append("  2nd degree", style="italic yellow")
    elif match.mine is False:  # a team database: the team's contact, not mine
        text.append("  the team's", style="italic yellow")
    if match.why:
        text.append(f"\n    {safe_line(match.why)}", style="italic dim")
    return text


def _list_line(label: str, values: Iterable[str]) -> Text:
    values = [safe_line(v) for v in values]
    text = Text()
    text.append(f"{label}: ", style="dim")
    text.append(", ".join(values) if values else "none", style="" if values else "dim")
    return text


def good_head(result: GoodMatches) -> Text:
    good = result.good
    text = Text()
    text.append(safe_line(good.title), style="bold")
    text.append(f"  ({good.kind})\n", style="dim")
    text.append_text(_list_line("Tags", good.tags))
    if good.description:
        text.append("\n")
        text.append(safe_block(good.description), style="italic")
    text.append("\n\n")
    if result.total:
        if good.kind == "connection":
            who = plural(result.total, "person", "people") + " I could introduce to it"
        else:
            who = plural(result.total, "contact")
        shown = len(result.contacts)
        text.append(f"Would interest {who}", style="bold")
        if shown < result.total:
            text.append(f" · the best {shown} below", style="dim")
    elif not good.tags:
        text.append(
            "Nobody matches yet: give this good tags (e to edit) that your contacts carry "
            "as interests, expertise or tags.",
            style="dim",
        )
    else:
        text.append(
            "Nobody matches yet: no contact has these tags as an interest, expertise or tag. "
            "Add interests to your contacts, or other tags here (e).",
            style="dim",
        )
    return text


def goal_head(overview: GoalOverview) -> Text:
    cov = overview.coverage
    goal = cov.goal
    text = Text()
    text.append(safe_line(goal.title), style="bold")
    text.append("  active\n" if goal.active else "  inactive\n", style="dim")
    if goal.description:
        text.append(safe_block(goal.description), style="italic")
        text.append("\n")
    text.append_text(_list_line("Organisations", goal.organisations))
    text.append("\n")
    text.append_text(_list_line("Roles", goal.roles))
    text.append("\n")
    text.append_text(_list_line("Tags", goal.tags))
    text.append("\n\n")
    if goal.targets.empty and not cov.linked:
        text.append(
            "No targets yet: add target organisations, roles or tags (e to edit), "
            "or link contacts by hand (c).",
            style="dim",
        )
        return text
    text.append("Serves it: ", style="bold")
    if cov.team:  # my network is what I have something with; the rest is the team's
        text.append(f"{cov.first_degree:,} in my network and {cov.second_degree:,} outside it")
    else:
        text.append(
            f"{cov.first_degree:,} of my contacts and {cov.second_degree:,} of their "
            "connections"
        )
    text.append(
        f" ({cov.linked} linked, {cov.by_target:,} at a target organisation or role, "
        f"{cov.by_tags_only:,} by tags only)\n",
        style="dim",
    )
    for count in cov.targets:
        text.append(f"  {count.kind} ", style="dim")
        text.append(safe_line(count.target))
        others = "outside my network" if cov.team else "2nd degree"
        text.append(f": {count.first_degree} mine, {count.second_degree} {others}\n")
    if cov.gaps:
        text.append("\nGaps", style="bold")
        text.append(" (nobody in my network):\n", style="dim")
    for view in cov.gaps:
        gap = view.gap
        text.append(f"  {gap.kind} ", style="dim")
        text.append(safe_line(gap.target), style="bold red")
        if gap.nobody:
            text.append(": nobody known there at all; ask around or add someone.\n")
            continue
        text.append(": best way in is ")
        text.append(safe_line(gap.best_name), style="bold")
        text.append(" (not in my network)" if cov.team else " (2nd degree)")
        if not view.brokers:
            text.append(", but nobody in my network is tied to them yet.\n")
            continue
        text.append(", introduced by ")
        for n, path in enumerate(view.brokers):
            if n:
                text.append(" or ", style="dim")
            text.append(" → ".join(safe_line(name) for name in path.path))
            text.append(f" ({path.score:.1f})", style="dim")
        text.append("\n")
    return text


def goal_people(
    overview: GoalOverview,
) -> tuple[dict[str, tuple[str, ContactMatch]], list[Option]]:
    """The people pane of a goal: the contacts linked by hand, then the suggestions,
    each under its heading; and each option's (kind, match) by option id."""
    people: dict[str, tuple[str, ContactMatch]] = {}
    options: list[Option] = []
    options.append(
        Option(
            Text.assemble(
                (f"Linked by hand ({len(overview.linked)})", "bold"),
                ("  x unlinks · c links any contact", "dim"),
            ),
            disabled=True,
        )
    )
    if not overview.linked:
        options.append(
            Option(
                Text("    Nobody yet: link a suggestion below (l) or any contact (c).", "dim"),
                disabled=True,
            )
        )
    for match in overview.linked:
        key = f"linked-{match.contact_id}"
        people[key] = ("linked", match)
        options.append(Option(person_prompt(match, "✓"), id=key))
    total = overview.suggestions_total
    shown = len(overview.suggestions)
    more = f", the best {shown}" if shown < total else ""
    options.append(
        Option(
            Text.assemble(
                (f"Suggestions ({total:,}{more})", "bold"), ("  l links the highlighted", "dim")
            ),
            disabled=True,
        )
    )
    if not overview.suggestions:
        options.append(
            Option(
                Text(
                    "    None: nobody else's organisation, role or tags match the targets.",
                    "dim",
                ),
                disabled=True,
            )
        )
    for match in overview.suggestions:
        key = f"suggestion-{match.contact_id}"
        people[key] = ("suggestion", match)
        options.append(Option(person_prompt(match, "+"), id=key))
    return people, options
