"""What today asks, as plain data: the Today screen and ``netui today``. No Textual.

:func:`today_view` gathers, for the next ``days`` days (today included):

- **meetings** ahead (from the start of today; not done, not cancelled) with their
  worksheet's completeness, everyone a calendar invited, and the goods of my bank
  worth offering to them;
- people **overdue** for their keep-in-touch cadence (as the meter table judges it),
  ranked by days overdue × closeness, the most overdue and closest first;
- **follow-ups** due: done meetings whose follow-up day has come or comes within the
  window, the earliest first;
- the people to **give back** to first: the most negative meters.

Each item can be put off until a day or marked done (:mod:`netui.db.snoozes`); a
snoozed item comes back on its day. No Peewee row leaves this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Callable, Generator, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from peewee import fn

from netui import clock
from netui.core.ints_by_id import IntsById
from netui.core.reciprocity import is_overdue
from netui.core.search import Cancelled
from netui.core.smallest import smallest_with_ties
from netui.core.worksheet import SECTION_KEYS, Worksheet, gauge
from netui.db.interruptible import stopped_when
from netui.db.members import has_team, in_my_network, own, with_mine
from netui.db.meter_sums import each_meter
from netui.db.models import (
    Contact,
    Exchange,
    Meeting,
    Relationship,
    Touch,
    database,
)
from netui.db.settings import default_cadence
from netui.db.snoozes import TodayError, hidden

#: How many overdue people and people to give back to are listed (unless told).
OVERDUE_LIMIT = 10
FOLLOW_UP_LIMIT = 10
GIVE_BACK_LIMIT = 5


@dataclass(frozen=True)
class TodayMeeting:
    id: int
    start: dt.datetime | None
    contact_id: int
    contacts: tuple[str, ...]  # the worksheet's contact first, then the others invited
    title: str
    place: str
    filled: int
    total: int
    goods: tuple[str, ...] = ()  # goods of my bank that would interest them


@dataclass(frozen=True)
class OverduePerson:
    contact_id: int
    name: str
    last_contact: dt.date | None
    cadence_days: int
    days_overdue: int
    closeness: int


@dataclass(frozen=True)
class FollowUp:
    meeting_id: int
    contact_id: int
    name: str
    due: dt.date
    note: str  # the first line of the outcome (else the purpose)


@dataclass(frozen=True)
class GiveBack:
    contact_id: int
    name: str
    meter: float
    balance: float


@dataclass(frozen=True)
class TodayView:
    day: dt.date
    days: int
    meetings: tuple[TodayMeeting, ...]
    overdue: tuple[OverduePerson, ...]
    follow_ups: tuple[FollowUp, ...]
    give_back: tuple[GiveBack, ...]
    overdue_total: int = 0  # before the limit
    follow_ups_total: int = 0
    #: False for :func:`today_first_view`: overdue and give-back not read yet.
    complete: bool = True

    @property
    def anything_due(self) -> bool:
        """Something to do today: a meeting ahead, someone overdue, a follow-up due."""
        return bool(self.meetings or self.overdue or self.follow_ups)

    @property
    def empty(self) -> bool:
        return not (self.anything_due or self.give_back)


#: The goods worth offering to the people of a meeting
#: (:func:`netui.db.meeting_goods.meeting_goods`).
GoodsFor = Callable[[Sequence[int]], tuple[str, ...]]


# --- the view ---------------------------------------------------------------------------


def today_view(
    days: int = 1,
    *,
    overdue_limit: int | None = OVERDUE_LIMIT,
    follow_up_limit: int | None = FOLLOW_UP_LIMIT,
    give_back_limit: int | None = GIVE_BACK_LIMIT,
    goods: GoodsFor | None = None,
    now: dt.datetime | None = None,
    cancelled: Cancelled | None = None,
) -> TodayView:
    """Everything today asks, for today and the ``days`` days after it; with
    ``goods`` (:func:`netui.db.meeting_goods.meeting_goods`), the goods worth offering
    to each meeting's people.

    Raises :class:`~netui.core.search.Superseded` once ``cancelled()`` is true (the
    user left Today): at 300,000 contacts this read takes seconds of CPU that the
    screen they went to needs."""
    if days < 0:
        raise TodayError("The number of days ahead cannot be negative.")
    now = now or clock.now()
    today = now.date()
    with stopped_when(cancelled):
        skip = hidden(today)
        overdue, overdue_total = _overdue_ranked(today, skip["overdue"], overdue_limit)
        follow_ups = _follow_ups(today, days, skip["follow_up"])
        return TodayView(
            day=today,
            days=days,
            meetings=tuple(meetings_ahead(today, days, skip["meeting"], goods)),
            overdue=tuple(overdue),
            follow_ups=tuple(follow_ups[:follow_up_limit] if follow_up_limit else follow_ups),
            give_back=tuple(_give_back(today, skip["give_back"], give_back_limit)),
            overdue_total=overdue_total,
            follow_ups_total=len(follow_ups),
        )


def today_first_view(
    days: int = 1,
    *,
    follow_up_limit: int | None = FOLLOW_UP_LIMIT,
    now: dt.datetime | None = None,
) -> TodayView:
    """The part of :func:`today_view` a few rows answer (meetings ahead without the
    goods worth offering, follow-ups), for the app to show while the overdue people
    and the give-back list, which read every exchange, are worked out (``complete``
    is False)."""
    if days < 0:
        raise TodayError("The number of days ahead cannot be negative.")
    now = now or clock.now()
    today = now.date()
    skip = hidden(today)
    follow_ups = _follow_ups(today, days, skip["follow_up"])
    return TodayView(
        day=today,
        days=days,
        meetings=tuple(meetings_ahead(today, days, skip["meeting"])),
        overdue=(),
        follow_ups=tuple(follow_ups[:follow_up_limit] if follow_up_limit else follow_ups),
        give_back=(),
        follow_ups_total=len(follow_ups),
        complete=False,
    )


def meetings_ahead(
    today: dt.date, days: int, skip: set[int], goods: GoodsFor | None = None
) -> list[TodayMeeting]:
    """The meetings from the start of ``today`` to the end of ``days`` days after it,
    not done, not cancelled, not in ``skip``; with ``goods``, each with the goods worth
    offering to its people."""
    start = dt.datetime.combine(today, dt.time.min)
    end = dt.datetime.combine(today + dt.timedelta(days=days), dt.time.max)
    query = (
        Meeting.select()
        .where(
            own(Meeting)
            & (Meeting.scheduled_at >= start)
            & (Meeting.scheduled_at <= end)
            & ~Meeting.done
            & ~Meeting.cancelled
        )
        .order_by(Meeting.scheduled_at, Meeting.id)
    )
    meetings = [m for m in query if m.id not in skip]
    if not meetings:
        return []
    invited = _invited([(m.calendar_uid, m.calendar_key) for m in meetings if m.calendar_uid])
    ids = {m.contact_id for m in meetings} | {c for people in invited.values() for c in people}
    names = _names(ids)
    result = []
    for meeting in meetings:
        others = [
            c
            for c in invited.get((meeting.calendar_uid, meeting.calendar_key), [])
            if c != meeting.contact_id
        ]
        people = [meeting.contact_id, *others]
        sheet = Worksheet(
            id=meeting.id,
            contact_id=meeting.contact_id,
            contact_name=names.get(meeting.contact_id, ""),
            scheduled_at=meeting.scheduled_at,
            purpose=meeting.purpose,
            sections={key: getattr(meeting, key) for key in SECTION_KEYS},
        )
        filled, total = gauge(sheet)
        result.append(
            TodayMeeting(
                id=meeting.id,
                start=meeting.scheduled_at,
                contact_id=meeting.contact_id,
                contacts=tuple(names.get(c, "") for c in people),
                title=meeting.title or meeting.purpose,
                place=meeting.place,
                filled=filled,
                total=total,
                goods=goods(people) if goods is not None else (),
            )
        )
    return result


def _invited(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
    """Everyone a calendar invited to each occurrence (their touches), oldest first."""
    found: dict[tuple[str, str], list[int]] = {}
    uids = sorted({uid for uid, _ in keys})
    wanted = set(keys)
    for start in range(0, len(uids), 500):
        query = (
            Touch.select(Touch.calendar_uid, Touch.calendar_key, Touch.contact)
            .where(Touch.calendar_uid.in_(uids[start : start + 500]))
            .order_by(Touch.id)
        )
        for uid, key, contact_id in database.execute(query).fetchall():
            if (uid, key) in wanted:
                found.setdefault((uid, key), []).append(contact_id)
    return found


def _names(ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    listed = sorted(ids)
    for start in range(0, len(listed), 500):
        query = Contact.select(Contact.id, Contact.name).where(
            Contact.id.in_(listed[start : start + 500])
        )
        found.update(database.execute(query).fetchall())
    return found


def last_contact_days(today: dt.date) -> IntsById:
    """Every contact's latest day of contact up to ``today``: an exchange, a meeting that
    was not cancelled, a touch (the rule of :func:`netui.db.ledger.meter_table`, which a
    test compares). The latest of each kind is read by its own aggregation, each
    along an index (one over their ``UNION ALL`` sorted every exchange first: 110 ms at
    30,000 contacts, against 40), row by row from the cursor into four bytes a
    contact: each day's ordinal (0: none) in an :class:`~netui.core.ints_by_id.IntsById`."""
    end = dt.datetime.combine(today, dt.time.max)
    latest_of_each = (
        Exchange.select(Exchange.contact, fn.MAX(Exchange.date))
        .where(own(Exchange))
        .group_by(Exchange.contact),
        Meeting.select(Meeting.contact, fn.MAX(Meeting.scheduled_at))
        .where((Meeting.scheduled_at <= end) & ~Meeting.cancelled & own(Meeting))
        .group_by(Meeting.contact),
        Touch.select(Touch.contact, fn.MAX(Touch.day))
        .where((Touch.day <= today) & own(Touch))
        .group_by(Touch.contact),
    )
    latest = IntsById()
    for query in latest_of_each:
        rows = database.execute(query)
        try:
            for cid, value in rows:
                latest.raise_to(cid, _day_number(value))
        finally:
            rows.close()
    return latest


def overdue_people(today: dt.date, skip: AbstractSet[int] = frozenset()) -> list[OverduePerson]:
    """Everyone overdue for their keep-in-touch cadence on ``today``, ranked by days
    overdue × closeness (then days overdue, then name). Someone never contacted counts
    from their first contact, else from when they were added; a second-degree contact
    only with a cadence of their own; archived contacts never."""
    return _overdue_ranked(today, skip, None)[0]


#: One overdue person as ranked: (-late × closeness, -late, sort name, id, closeness,
#: cadence, name, last contact's ordinal or 0).
_Ranked = tuple[int, int, str, int, int, int, str, int]


def _overdue_candidates(*columns: Any) -> Any:  # a peewee query
    """The contacts the overdue rule looks at, with my relationship's ``columns``:
    the live ones; on a team's database, those of my network only (someone only
    another member knows is theirs to keep up)."""
    query = with_mine(Contact.select(*columns)).where(~Contact.archived)
    if has_team():
        query = query.where(in_my_network(team=True))
    return query


def _overdue_entries(today: dt.date, skip: AbstractSet[int]) -> Generator[_Ranked, None, None]:
    """Everyone overdue on ``today``, in the table's order, read from the cursor row
    by row (at 300,000 contacts the whole list held a few hundred MB)."""
    default = default_cadence()
    lasts = last_contact_days(today)
    query = _overdue_candidates(
        Contact.id,
        Contact.name,
        Relationship.cadence_days,
        Contact.second_degree,
        Contact.created_at,
        Contact.first_contact,
        Relationship.closeness,
        Contact.sort_name,  # the name's collation key (netui.core.folding)
    )
    ordinal = today.toordinal()
    rows = database.execute(query)
    try:
        for cid, name, own_cadence, second, created, first, closeness, sort_name in rows:
            if cid in skip:
                continue
            last = lasts[cid]
            since = ordinal - (last or _day_number(first or created))
            if is_overdue(since, own_cadence, default, second_degree=bool(second)):
                cadence = own_cadence or default
                late = since - cadence
                close = closeness or 3
                yield (-late * close, -late, sort_name, cid, close, cadence, name, last)
    finally:  # also when the caller stops early
        rows.close()


def _overdue_ranked(
    today: dt.date, skip: AbstractSet[int], limit: int | None
) -> tuple[list[OverduePerson], int]:
    """The first ``limit`` of :func:`overdue_people` (all of them with ``None``) and
    how many there are; only the first ``limit`` are kept."""
    counted = [0]

    def counting() -> Iterator[_Ranked]:
        for entry in _overdue_entries(today, skip):
            counted[0] += 1
            yield entry

    # The key is whole (the id breaks ties), so the first ``limit`` are those a full
    # sort would put first.
    entries = counting()
    if limit is None:
        best = sorted(entries)
    else:
        best = heapq.nsmallest(limit, entries) if limit > 0 else []
        for _ in entries:  # counted to the end (nsmallest(0) reads none of them)
            pass
    people = [
        OverduePerson(cid, name, _date_of(last), cadence, -minus_late, close)
        for _, minus_late, _, cid, close, cadence, name, last in best
    ]
    return people, counted[0]


def _follow_ups(today: dt.date, days: int, skip: set[int]) -> list[FollowUp]:
    last = today + dt.timedelta(days=days)
    query = (
        Meeting.select(
            Meeting.id, Meeting.contact, Contact.name, Meeting.follow_up, Meeting.outcome,
            Meeting.purpose,
        )
        .join(Contact, on=(Contact.id == Meeting.contact))
        .where(
            own(Meeting)
            & Meeting.done
            & Meeting.follow_up.is_null(False)
            & (Meeting.follow_up <= last)
            & ~Contact.archived
        )
        .order_by(Meeting.follow_up, Meeting.id)
    )  # fmt: skip
    result = []
    for meeting_id, contact_id, name, due, outcome, purpose in database.execute(query).fetchall():
        if meeting_id in skip:
            continue
        lines = [line.strip() for line in (outcome or purpose or "").splitlines() if line.strip()]
        result.append(
            FollowUp(meeting_id, contact_id, name, _as_date(due), lines[0] if lines else "")
        )
    return result


def _give_back(today: dt.date, skip: set[int], limit: int | None) -> list[GiveBack]:
    """The people I owe most (the most negative meters, then the larger debt, then the
    name), archived ones left out."""
    owing = (
        (meter, balance.balance, cid)
        for cid, balance in each_meter(today=today)
        if (meter := balance.meter) < 0 and cid not in skip
    )
    if limit is None:
        owed = sorted(owing)
    else:
        # Only those that can make the list, read from the stream of every meter: the
        # first ``limit`` (and any tied with the last of them, ordered by name below)
        # plus room for archived ones left out.
        owed = smallest_with_ties(owing, limit * 4, key=_meter_and_debt)
    if not owed:
        return []
    live = _live_names([cid for _, _, cid in owed])
    ranked = [(meter, debt, live[cid][1], cid) for meter, debt, cid in owed if cid in live]
    ranked.sort()
    if limit is not None:
        ranked = ranked[:limit]
    return [GiveBack(cid, live[cid][0], meter, debt) for meter, debt, _, cid in ranked]


def _meter_and_debt(entry: tuple[float, float, int]) -> tuple[float, float]:
    return entry[0], entry[1]


def _live_names(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """``{id: (name, sort key)}`` of the ids that are not archived."""
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        query = Contact.select(Contact.id, Contact.name, Contact.sort_name).where(
            Contact.id.in_(list(ids[start : start + 500])) & ~Contact.archived
        )
        found.update((cid, (name, key)) for cid, name, key in database.execute(query).fetchall())
    return found


def _as_date(value: object) -> dt.date:
    if isinstance(value, str):
        return _day(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _day(str(value)[:10])


def _day_number(value: object) -> int:
    """The ordinal of the day of ``value`` (a date, a moment or their ISO text)."""
    if isinstance(value, str):
        return _ordinal(value[:10])
    return _as_date(value).toordinal()


def _date_of(ordinal: int) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal else None


@functools.lru_cache(maxsize=8192)
def _ordinal(text: str) -> int:
    return _day(text).toordinal()


@functools.lru_cache(maxsize=8192)
def _day(text: str) -> dt.date:
    """The day ``YYYY-MM-DD`` names: a network's 30,000 last contacts fall on about a
    thousand days, each parsed once (parsing every one was a fifth of the time the
    app took to decide whether to open on Today)."""
    return dt.date.fromisoformat(text)


def meeting_count() -> int:
    """How many meetings there are at all (for the empty Today screen's hint)."""
    return Meeting.select(fn.COUNT(Meeting.id)).scalar() or 0


def anything_due(days: int = 1, *, now: dt.datetime | None = None) -> bool:
    """Whether the Today screen has something due (what the app opens on): a meeting
    ahead or a follow-up, asked cheaply first, else anyone overdue."""
    now = now or clock.now()
    today = now.date()
    skip = hidden(today)
    if meetings_ahead(today, days, skip["meeting"]):
        return True
    if _follow_ups(today, days, skip["follow_up"]):
        return True
    return _anyone_overdue(today, skip["overdue"])


def _anyone_overdue(today: dt.date, skip: AbstractSet[int]) -> bool:
    """Whether :func:`overdue_people` would name anyone: the first found is enough,
    and only what the rule reads is read (the ranking's names and keys are not: when
    nobody is overdue every contact is read, 30,000 before the app's first paint)."""
    default = default_cadence()
    lasts = last_contact_days(today)
    query = _overdue_candidates(
        Contact.id,
        Relationship.cadence_days,
        Contact.second_degree,
        fn.COALESCE(Contact.first_contact, Contact.created_at),
    )
    ordinal = today.toordinal()
    rows = database.execute(query)
    try:
        for cid, own_cadence, second, first in rows:
            if cid in skip:
                continue
            since = ordinal - (lasts[cid] or _day_number(first))
            if is_overdue(since, own_cadence, default, second_degree=bool(second)):
                return True
        return False
    finally:
        rows.close()
