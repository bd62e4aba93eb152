"""The Bank & goals screen: what I can offer and whom it would interest; what my
network is for, how much of it serves each goal, and where it does not reach yet.

Left: the goods and the goals. Right: the highlighted one, with its matches (a good)
or its coverage, gaps, linked contacts and suggestions (a goal); every match says
why. All reads and writes run in thread workers that post typed messages
(:mod:`netui.workers`). The texts are in :mod:`.bank_texts`, adding, editing and
removing goods and goals in :mod:`.bank_editing`, the actions on a goal's links in
:mod:`.bank_goals`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from netui.core.text import safe_line
from netui.db.bank import Bank, load_bank
from netui.db.goal_suggestions import GoalOverview, goal_overview
from netui.db.goals import GoalRecord
from netui.db.goods import (
    ContactMatch,
    GoodMatches,
    GoodRecord,
    contacts_for_good,
)
from netui.screens.bank_editing import BankEditing, Selection
from netui.screens.bank_goals import GOAL, GOOD, GoalActions
from netui.screens.bank_texts import (
    goal_head,
    goal_people,
    goal_prompt,
    good_head,
    good_prompt,
    person_prompt,
)
from netui.screens.base import NetuiScreen
from netui.screens.sharing import SharingActions
from netui.widgets.keys_footer import KeysFooter
from netui.workers import db_work


class BankScreen(BankEditing, SharingActions, GoalActions, NetuiScreen):
    """Bank & goals."""

    TITLE = "Bank & goals"
    CSS_PATH = "bank.tcss"

    BINDINGS = [
        Binding("n", "new_good", "New good", id="bank.new_good", tooltip="Add a good to the bank"),
        Binding(
            "N",
            "new_goal",
            "New goal",
            key_display="N",
            id="bank.new_goal",
            tooltip="Add a career goal",
        ),
        Binding("e", "edit", "Edit", id="bank.edit", tooltip="Edit the highlighted good or goal"),
        Binding(
            "s",
            "toggle_shared",
            "Share",
            id="bank.share",
            tooltip="Share the highlighted goal with the team, or make it yours alone",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            id="bank.remove",
            tooltip="Remove the highlighted good or goal (undo with u)",
        ),
        Binding(
            "l",
            "link_suggestion",
            "Link",
            id="bank.link",
            tooltip="Link the highlighted suggestion to the goal",
        ),
        Binding(
            "c",
            "link_contact",
            "Link contact",
            id="bank.link_contact",
            tooltip="Pick any contact and link them to the goal",
        ),
        Binding(
            "x",
            "unlink",
            "Unlink",
            id="bank.unlink",
            tooltip="Unlink the highlighted linked contact from the goal (undo with u)",
        ),
        Binding(
            "a",
            "toggle_active",
            "Active",
            id="bank.active",
            tooltip="Make the highlighted goal active or inactive",
        ),
        Binding("u", "undo", "Undo", id="bank.undo", tooltip="Undo the last change"),
        Binding(
            "f5,ctrl+r",
            "refresh",
            "Refresh",
            show=False,
            id="bank.refresh",
            tooltip="Read the database again (changes from another window)",
        ),
    ]

    # --- what its workers report (netui.workers) -------------------------------------

    class BankRead(Message):
        """The goods and goals were read; ``wanted`` is to be selected."""

        def __init__(
            self, bank: Bank, select: Selection | None, wanted: Selection | None, keep_focus: bool
        ) -> None:
            super().__init__()
            self.bank = bank
            self.select = select
            self.wanted = wanted
            self.keep_focus = keep_focus

    class GoodRead(Message):
        """Whom a good would interest was read."""

        def __init__(self, selection: Selection, matches: GoodMatches) -> None:
            super().__init__()
            self.selection = selection
            self.matches = matches

    class GoalRead(Message):
        """A goal's coverage, gaps, links and suggestions were read."""

        def __init__(self, selection: Selection, overview: GoalOverview) -> None:
            super().__init__()
            self.selection = selection
            self.overview = overview

    #: The good or goal on the right; the detail follows it (:meth:`watch_selection`),
    #: read again even when set to the same one (after a reload, say).
    selection: var[tuple[str, int] | None] = var(None, always_update=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.goods: dict[int, GoodRecord] = {}
        self.goals: dict[int, GoalRecord] = {}
        self.people: dict[str, tuple[str, ContactMatch]] = {}
        self.loaded = False
        #: The good or goal a read on its way should select (a refresh keeps it).
        self._keep: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="bank-main"):
            with Vertical(id="bank-lists"):
                yield Static("Goods: what I can offer", id="goods-title", classes="list-title")
                yield OptionList(id="goods")
                yield Static(
                    "Goals: what my network is for", id="goals-title", classes="list-title"
                )
                yield OptionList(id="goals")
            with Vertical(id="bank-detail"):
                with VerticalScroll(id="detail-scroll", can_focus=False):
                    yield Static("", id="detail-head")
                yield OptionList(id="people")
        yield KeysFooter()

    @property
    def goods_list(self) -> OptionList:
        return self.query_one("#goods", OptionList)

    @property
    def goals_list(self) -> OptionList:
        return self.query_one("#goals", OptionList)

    @property
    def people_list(self) -> OptionList:
        return self.query_one("#people", OptionList)

    def on_mount(self) -> None:
        self.goods_list.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    # --- loading ---------------------------------------------------------------------

    def reload(self, select: tuple[str, int] | None = None, *, keep_focus: bool = False) -> None:
        """Read the goods and goals again; keep (or move to) the selection (and, with
        ``keep_focus``, leave the focus where it is)."""
        wanted = select or self._keep or self.selection
        self._keep = wanted
        self._load_bank(select, wanted, keep_focus)

    @db_work(group="bank-load", exclusive=True)
    def _load_bank(
        self, select: Selection | None, wanted: Selection | None, keep_focus: bool
    ) -> Message:
        return self.BankRead(load_bank(), select, wanted, keep_focus)

    @on(BankRead)
    def _show_bank(self, message: BankRead) -> None:
        bank, wanted, keep_focus = message.bank, message.wanted, message.keep_focus
        self._keep = None
        self.loaded = True
        self.goods = {good.id: good for good in bank.goods}
        self.goals = {goal.id: goal for goal in bank.goals}
        self._fill(self.goods_list, GOOD, bank.goods, good_prompt, wanted)
        self._fill(self.goals_list, GOAL, bank.goals, goal_prompt, wanted)
        self.query_one("#goods-title", Static).update(
            f"Goods: what I can offer ({len(bank.goods)})"
        )
        self.query_one("#goals-title", Static).update(
            f"Goals: what my network is for ({len(bank.goals)})"
        )
        # A plain reload (after linking, say) leaves the focus where the user is.
        stay = message.select is None and self.focused is self.people_list
        if wanted and wanted[0] == GOAL and wanted[1] in self.goals:
            if not (keep_focus or stay):
                self.goals_list.focus()
            self.selection = wanted
        elif wanted and wanted[0] == GOOD and wanted[1] in self.goods:
            if not (keep_focus or stay):
                self.goods_list.focus()
            self.selection = wanted
        else:
            self.selection = self._highlighted_in(self._focused_list())


    def _fill(self, widget: OptionList, kind: str, records, prompt, wanted) -> None:
        if not records:
            message = (
                "No goods yet. Press n to add what you can offer: knowledge, expertise, "
                "a connection, information or access."
                if kind == GOOD
                else "No goals yet. Press N to add one, such as your next role."
            )
            widget.set_options([Option(Text(message, style="dim"), disabled=True)])
            return
        old = self._highlighted_in(widget)
        widget.set_options([Option(prompt(r), id=f"{kind}-{r.id}") for r in records])
        keep = wanted if wanted and wanted[0] == kind else old
        index = 0
        if keep is not None:
            ids = [r.id for r in records]
            if keep[1] in ids:
                index = ids.index(keep[1])
        widget.highlighted = index

    @staticmethod
    def _highlighted_in(widget: OptionList) -> tuple[str, int] | None:
        option = widget.highlighted_option
        if option is None or option.id is None:
            return None
        kind, _, number = option.id.partition("-")
        return kind, int(number)

    def _focused_list(self) -> OptionList:
        if self.selection and self.selection[0] == GOAL:
            return self.goals_list
        return self.goods_list if self.goods else self.goals_list

    def watch_selection(self, selection: tuple[str, int] | None) -> None:
        """Show one good or goal on the right (read in a worker)."""
        head = self.query_one("#detail-head", Static)
        if selection is None:
            self.people.clear()
            self.people_list.set_options([])
            self.people_list.display = False
            head.update(
                Text(
                    "Pick a good or a goal on the left (tab moves between the lists). "
                    "n adds a good, N a goal.",
                    style="dim",
                )
            )
            return
        if selection[0] == GOOD:
            self._read_good(selection)
        else:
            self._read_goal(selection)

    @db_work(group="bank-detail", exclusive=True)
    def _read_good(self, selection: Selection) -> Message:
        return self.GoodRead(selection, contacts_for_good(selection[1]))

    @db_work(group="bank-detail", exclusive=True)
    def _read_goal(self, selection: Selection) -> Message:
        return self.GoalRead(selection, goal_overview(selection[1]))

    @on(GoodRead)
    def _good_read(self, message: GoodRead) -> None:
        self._show_good(message.selection, message.matches)

    @on(GoalRead)
    def _goal_read(self, message: GoalRead) -> None:
        self._show_goal(message.selection, message.overview)

    def _show_good(self, selection: tuple[str, int], result: GoodMatches) -> None:
        if self.selection != selection:
            return
        self.query_one("#detail-head", Static).update(good_head(result))
        self.people = {f"match-{m.contact_id}": ("match", m) for m in result.contacts}
        self._set_people([Option(person_prompt(m, "·"), id=k) for k, (_, m) in self.people.items()])

    def _show_goal(self, selection: tuple[str, int], overview: GoalOverview) -> None:
        if self.selection != selection:
            return
        self.query_one("#detail-head", Static).update(goal_head(overview))
        self.people, options = goal_people(overview)
        self._set_people(options)

    def _set_people(self, options: list[Option]) -> None:
        people = self.people_list
        old = people.highlighted
        people.set_options(options)
        people.display = bool(options)
        if options and old is not None:
            people.highlighted = min(old, len(options) - 1)

    # --- following the highlight -----------------------------------------------------

    @on(OptionList.OptionHighlighted, "#goods, #goals")
    def _record_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.has_focus:
            self._follow(event.option_list)

    @on(OptionList.OptionSelected, "#goods, #goals")
    def _record_chosen(self, event: OptionList.OptionSelected) -> None:
        self._follow(event.option_list)
        if self.people:
            self.people_list.focus()

    def on_descendant_focus(self, event) -> None:
        widget = event.widget
        if widget in (self.goods_list, self.goals_list):
            self._follow(widget)

    def _follow(self, widget: OptionList) -> None:
        selection = self._highlighted_in(widget)
        if selection is not None and selection != self.selection:
            self.selection = selection

    # --- actions ---------------------------------------------------------------------

    def _selected_person(self) -> tuple[str, ContactMatch] | None:
        option = self.people_list.highlighted_option
        if option is None or option.id is None:
            return None
        return self.people.get(option.id)

    def action_refresh(self) -> None:
        self.reload()

    def data_changed(self) -> None:
        """Something was committed elsewhere: read again, keeping the selection and
        the focus."""
        if self.loaded:
            self.reload(keep_focus=True)

    def action_undo(self) -> None:
        self.app.action_undo()

    # --- the command palette ---------------------------------------------------------

    def shared_target(self) -> tuple[str, int, bool, str] | None:
        if self.selection is None or self.selection[0] != GOAL:
            return None
        goal = self.goals.get(self.selection[1])
        if goal is None:
            return None
        return "goal", goal.id, goal.shared, f"the goal {goal.title}"

    def after_sharing(self, kind: str, row_id: int) -> None:
        self.reload(select=(GOAL, row_id))

    def palette_commands(self) -> Iterable[SystemCommand]:
        """One command per goal and per good: show it here (found by typing its title;
        the palette reads titles as markup, so user text is escaped)."""
        yield from self.sharing_commands()
        for good in self.goods.values():
            yield SystemCommand(
                f"Show good: {escape(safe_line(good.title))}",
                "Whom this good would interest, and why",
                lambda selection=(GOOD, good.id): self.reload(select=selection),
                discover=False,
            )
        for goal in self.goals.values():
            yield SystemCommand(
                f"Show goal: {escape(safe_line(goal.title))}",
                "Coverage, gaps, linked contacts and suggestions",
                lambda selection=(GOAL, goal.id): self.reload(select=selection),
                discover=False,
            )
