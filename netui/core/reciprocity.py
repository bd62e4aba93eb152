"""The reciprocity arithmetic of DESIGN.md, on plain values: no database, no Textual.

- an exchange's **weight** is ``value * 0.5^(age / half_life)``, so old favours fade
  (an exchange dated in the future counts as age 0);
- a contact's **given** G and **received** R are the sums of those weights (never
  exactly 0 once anything was given or received: see :func:`faded_total`), the
  **balance** is G - R and the **meter** is 100 * (G - R) / (G + R): from -100 (I only
  took) to +100 (I only gave), 0 when balanced or when nothing was exchanged.

``netui.db.ledger`` computes the same sums in SQL for the whole network; this module
is the reference it is tested against, and what the UI and the command line use to
judge and draw the results.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import NamedTuple

GAVE = "gave"
RECEIVED = "received"

#: An introduction is lopsided when one side's value is more than this many times
#: the other's.
MAX_INTRO_RATIO = 2.0

BAR_FILL = "█"
BAR_TRACK = "─"
BAR_CENTRE = "│"


def weight(value: float, age_days: float, half_life: float) -> float:
    """``value * 0.5^(age / half_life)``; a negative age (a future date) counts as 0."""
    if half_life <= 0:
        raise ValueError("The half-life must be a positive number of days.")
    factor: float = 0.5 ** (max(0.0, age_days) / half_life)  # a float: 0.5 > 0
    return value * factor


#: The least a sum of weights is once anything was exchanged: the smallest positive
#: float. Thousands of half-lives fade a weight to exactly 0.0 in floating point;
#: without a floor a contact who only gave, long ago, would show 0 instead of +100.
LEAST_WEIGHT = math.ulp(0.0)


def faded_total(total: float) -> float:
    """The sum of one direction's weights, given that it had at least one exchange."""
    return max(total, LEAST_WEIGHT)


class Balance(NamedTuple):
    """Faded sums of what I gave a contact and what I received from them.

    A named tuple rather than a frozen dataclass: the meter of a whole network
    makes tens of thousands of these, and a tuple is about twice as quick to make.
    """

    given: float = 0.0
    received: float = 0.0

    @property
    def balance(self) -> float:
        """G - R: positive when I gave more than I received."""
        return self.given - self.received

    @property
    def meter(self) -> float:
        """100 * (G - R) / (G + R), from -100 to +100; 0 when nothing was exchanged.

        Exact at the bounds: exactly +100 when nothing was received, -100 when nothing
        was given, never beyond. The quotient comes first: |G - R| <= G + R still
        holds once both are rounded (rounding keeps order), so it lies in [-1, 1]
        and is 1 exactly when R = 0; ``100 * (G - R) / (G + R)`` in that order
        rounds ``100 * G`` first and can give 100.00000000000001.
        """
        return meter_of(self.given, self.received)

    @property
    def total(self) -> float:
        """G + R: how much was exchanged at all (faded)."""
        return self.given + self.received

    @property
    def imbalance(self) -> float:
        """|meter| * (G + R), i.e. 100 * |G - R|: what the network is ranked by."""
        return abs(self.meter) * self.total

    # A NamedTuple's + is tuple concatenation; a balance adds its parts instead.
    def __add__(self, other: Balance) -> Balance:  # type: ignore[override]
        """The sum of two balances (not tuple concatenation)."""
        return Balance(self.given + other.given, self.received + other.received)


ZERO = Balance()


def meter_of(given: float, received: float) -> float:
    """:attr:`Balance.meter` of ``given`` and ``received``, without making a Balance."""
    total = given + received
    if total <= 0:
        return 0.0
    return 100.0 * ((given - received) / total)


def age_in_days(day: dt.date, today: dt.date) -> int:
    return (today - day).days


def balance_of(
    entries: Iterable[tuple[dt.date, str, float]], today: dt.date, half_life: float
) -> Balance:
    """The balance of ``(date, direction, value)`` entries as of ``today``.

    ``direction`` is ``"gave"`` or ``"received"``; anything else raises ``ValueError``.
    """
    sums = {GAVE: 0.0, RECEIVED: 0.0}
    seen: set[str] = set()
    for day, direction, value in entries:
        if direction not in sums:
            raise ValueError(f"{direction!r} is not a direction (gave or received).")
        sums[direction] += weight(value, age_in_days(day, today), half_life)
        seen.add(direction)
    given, received = (faded_total(sums[d]) if d in seen else 0.0 for d in (GAVE, RECEIVED))
    return Balance(given, received)


def reference_day(last_contact: dt.date | None, created: dt.date | dt.datetime) -> dt.date:
    """The day a contact's cadence counts from: the last contact, else when they were added."""
    if last_contact is not None:
        return last_contact
    return created.date() if isinstance(created, dt.datetime) else created


def days_since_contact(
    last_contact: dt.date | None, created: dt.date | dt.datetime, today: dt.date
) -> int:
    return (today - reference_day(last_contact, created)).days


def is_overdue(
    days_since: int, own_cadence: int | None, default_cadence: int, *, second_degree: bool
) -> bool:
    """Whether someone is overdue for keeping in touch: ``days_since`` the last contact
    (:func:`days_since_contact`) is longer than their cadence (their own, else the
    default). Someone known only through others (second degree) is not mine to keep in
    touch with, unless I gave them a cadence of their own."""
    if second_degree and not own_cadence:
        return False
    return days_since > (own_cadence or default_cadence)


def ratio_warning(
    a_value: int,
    b_value: int,
    a_name: str = "the first person",
    b_name: str = "the second person",
) -> str | None:
    """A sentence when an introduction is lopsided, else ``None``.

    Lopsided: one side gains nothing (value 0), or one side's value is more than
    :data:`MAX_INTRO_RATIO` times the other's (5 against 2 is, 4 against 2 is not).
    """
    if a_value <= 0 and b_value <= 0:
        return "Neither side gains anything from this introduction."
    if a_value <= 0 or b_value <= 0:
        loser = a_name if a_value <= 0 else b_name
        return (
            f"{_capitalised(loser)} gains nothing from this introduction; "
            "a lopsided introduction can cost you the relationship."
        )
    high, low = max(a_value, b_value), min(a_value, b_value)
    if high > MAX_INTRO_RATIO * low:
        winner, loser = (a_name, b_name) if a_value > b_value else (b_name, a_name)
        return (
            f"{_capitalised(winner)} gains far more than {loser} ({high} against {low}); "
            "both sides should gain from an introduction."
        )
    return None


def _capitalised(text: str) -> str:
    """"the first person" starts a sentence as "The first person"; names stay as typed."""
    return "The" + text[3:] if text.startswith("the ") else text


MINUS = "\u2212"  # −, as wide as "+"


def meter_label(meter: float) -> str:
    """The meter as it is written everywhere in the app, and a broker's credit too: a
    whole number from −100 to +100 with its sign, ``0`` when even."""
    if math.isnan(meter):
        return "0"
    rounded = round(max(-100.0, min(100.0, meter)))
    if rounded == 0:
        return "0"
    return f"{rounded:+d}".replace("-", MINUS)


def meter_bar(meter: float, width: int = 9) -> str:
    """A text bar of ``width`` cells centred on 0: ``────│███──`` leans to giving.

    The left half fills towards the left for a negative meter (I took more), the
    right half towards the right for a positive one (I gave more). Any meter of
    magnitude 1 or more shows at least one filled cell. A plain string, no markup.
    """
    if width < 3:
        raise ValueError("A meter bar needs at least 3 cells.")
    if math.isnan(meter):
        meter = 0.0
    meter = max(-100.0, min(100.0, meter))
    left = (width - 1) // 2
    right = width - 1 - left
    side = left if meter < 0 else right
    filled = round(abs(meter) / 100.0 * side)
    if filled == 0 and abs(meter) >= 1:
        filled = 1
    if meter < 0:
        return BAR_TRACK * (left - filled) + BAR_FILL * filled + BAR_CENTRE + BAR_TRACK * right
    return BAR_TRACK * left + BAR_CENTRE + BAR_FILL * filled + BAR_TRACK * (right - filled)
