"""What the Bank & goals screen lists: every good and every goal."""

from __future__ import annotations

from dataclasses import dataclass

from netui.db.goals import GoalRecord, all_goals
from netui.db.goods import GoodRecord, all_goods


@dataclass(frozen=True)
class Bank:
    """The left side of the Bank & goals screen."""

    goods: list[GoodRecord]
    goals: list[GoalRecord]


def load_bank() -> Bank:
    """Every good and every goal (in a thread worker)."""
    return Bank(all_goods(), all_goals())
