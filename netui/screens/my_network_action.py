"""Taking the highlighted contact out of my network, or putting them in (mixed into
the Contacts screen), on a team's database only (:mod:`netui.db.my_network`): the
team keeps the contact and I keep my history with them. On one person's file archive
(``d``) is the way, so the key stays out of sight there. One undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from netui.db import journal
from netui.db.my_network import toggle_my_network
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.screens.base import NetuiScreen

    _Screen = NetuiScreen
else:
    _Screen = object

ACTION = "my_network"


class MyNetworkToggled(Message):
    """``name`` is now in my network (``mine``) or out of it."""

    def __init__(self, contact_id: int, name: str, mine: bool) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.name = name
        self.mine = mine


class MyNetworkActions(_Screen):
    """``action_my_network`` on the highlighted contact."""

    if TYPE_CHECKING:  # ContactsScreen's

        def _highlighted_name(self, verb: str) -> tuple[int, str] | None: ...

        def _list_has_focus(self, doing: str) -> bool: ...

    def _team(self) -> bool:
        return bool(getattr(self.app, "team", False))

    def hidden_in_help(self) -> set[str]:
        others = getattr(super(), "hidden_in_help", None)  # the next mixin's (my notes)
        hidden: set[str] = set(others()) if callable(others) else set()
        return hidden if self._team() else hidden | {ACTION}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == ACTION:
            return self._team()
        return super().check_action(action, parameters)

    def action_my_network(self) -> None:
        if not self._team() or not self._list_has_focus("change who is in your network"):
            return
        target = self._highlighted_name("take out of or put in your network")
        if target is not None:
            self._toggle_my_network(*target)

    @db_work(group="my-network")
    def _toggle_my_network(self, contact_id: int, name: str) -> Message:
        with self.undo_step(f"my network: {name}"):
            mine = toggle_my_network(contact_id)
            journal.describe(
                f"put {name} in my network" if mine else f"take {name} out of my network"
            )
        return MyNetworkToggled(contact_id, name, mine)

    def on_my_network_toggled(self, message: MyNetworkToggled) -> None:
        # Methods by their names: the mixin is no MessagePump, so @on would not register.
        if message.mine:
            said = f"{message.name} is in my network now. Press u to undo."
        else:
            said = (
                f"Took {message.name} out of my network; the team keeps them, and my "
                "history with them stays. Press u to undo."
            )
        self.app.say(said, timeout=8)
        self.data_changed()
