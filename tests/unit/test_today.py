"""``netui today`` and what it is made of (netui.db.today): meetings ahead, overdue
people, follow-ups, give back first; snoozes; the JSON shape; and the issue's "done
when" scenario end to end through the command line. The clock is pinned to Monday
9 March 2026, 08:00, in Europe/Berlin."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from netui import clock
from netui.cli import main
from netui.core.worksheet import to_markdown
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.continuity import apply_write_back, write_back_preview
from netui.db.history import undo_latest
from netui.db.journal import undoable
from netui.db.ledger import log_exchange
from netui.db.meetings import create_worksheet, draft_worksheet_view, mark_done, update_worksheet
from netui.db.models import Meeting
from netui.db.names import resolve_name
from netui.db.snoozes import TodayError, done_for_good, snooze
from netui.db.today import today_view
from netui.db.touches import keep_in_touch
from tests.zones import BERLIN, local_zone

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

CALENDAR = Path(__file__).parent.parent / "data" / "calendar" / "calendar.ics"
NOW = dt.datetime(2026, 3, 9, 8, 0)
DAY = NOW.date()


@pytest.fixture
def pinned() -> Iterator[None]:
    with local_zone(BERLIN), clock.pinned(NOW):
        yield


@pytest.fixture
def cli(tmp_path: Path, capsys, pinned):
    """``cli(*argv)`` -> ``(exit code, stdout, stderr)`` on one database file."""
    db = str(tmp_path / "netui.db")

    def run(*argv: str) -> tuple[int, str, str]:
        close_database()
        code = main(["--db", db, *argv])
        close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_done_when_scenario_through_the_command_line(cli, tmp_path: Path):
    for name, email, org in (
        ("Dana Levi", "dana.levi@helix.example", "Helix"),
        ("Tom Ng", "tom.ng@globex.example", "Globex"),
        ("Rita Álvarez", "rita@initech.example", "Initech"),
        ("Sam Park", "sam.park@northwind.example", "Northwind"),
    ):
        assert cli("add", name, "--org", org, "--email", email)[0] == 0
    assert cli("set", "my-email", "me@example.com")[0] == 0

    code, out, err = cli("import", "ics", str(CALENDAR))
    assert (code, err) == (0, "")
    assert out == (
        "10 meetings added, 0 updated, 0 cancelled, 9 past contacts, 0 unknown attendees.\n"
    )  # the coffee chat and the one-to-one each Thursday for 60 days; past: 8 + Sam

    code, out, _ = cli("today", "--json", "--days", "7")
    today = json.loads(out)
    assert today["date"] == "2026-03-09"
    assert [(m["start"], m["contacts"], m["title"]) for m in today["meetings"]] == [
        ("2026-03-10T09:30", ["Dana Levi"], "Coffee with Dana ☕"),  # tomorrow's coffee chat
        ("2026-03-12T10:00", ["Tom Ng"], "1:1 Tom / me"),  # the weekly one-to-one, next
    ]
    assert "Lunch with Rita" not in out  # cancelled

    meter = {row["name"]: row for row in json.loads(cli("meter", "--json")[1])}
    assert meter["Sam Park"]["last_contact"] == "2026-02-16"  # the past catch-up
    assert meter["Tom Ng"]["last_contact"] == "2026-03-05"  # last Thursday's one-to-one
    assert meter["Rita Álvarez"]["last_contact"] is None

    before = sqlite3.connect(tmp_path / "netui.db").execute("SELECT * FROM meeting").fetchall()
    code, out, _ = cli("import", "ics", str(CALENDAR))
    assert out.endswith("; nothing changed.\n")
    after = sqlite3.connect(tmp_path / "netui.db").execute("SELECT * FROM meeting").fetchall()
    assert after == before

    # The coffee chat happens; its worksheet's facts go to Dana when it is marked done
    # (what the app's done form does), and her next worksheet starts from them.
    open_database(tmp_path / "netui.db")
    try:
        coffee = Meeting.get(Meeting.title == "Coffee with Dana ☕")
        update_worksheet(
            coffee.id,
            {
                "career_path": "Data lead at Helix since 2024; before that, Initech",
                "expertise": "data platforms, hiring",
                "helps_them": "wants the pricing numbers",
            },
        )
        preview = write_back_preview(coffee.id)
        with clock.pinned(dt.datetime(2026, 3, 10, 11, 0)):
            mark_done(coffee.id, outcome="Send the pricing deck", follow_up=dt.date(2026, 3, 13))
            apply_write_back(preview)
    finally:
        close_database()
    code, out, _ = cli("prep", "Dana", "--markdown")  # the newest worksheet: the coffee's
    assert "Send the pricing deck" in out
    open_database(tmp_path / "netui.db")
    try:  # the next worksheet starts from what the coffee taught, and its outcome
        dana, _ = resolve_name("Dana Levi")
        draft = draft_worksheet_view(dana)
        out = to_markdown(draft.worksheet, my_name=draft.my_name, previous=draft.previous)
    finally:
        close_database()
    assert "Data lead at Helix since 2024; before that, Initech" in out
    assert "data platforms, hiring" in out
    assert "wants the pricing numbers" in out
    assert "Last time (2026-03-10): Send the pricing deck · follow up on 2026-03-13" in out

    follow_ups = json.loads(cli("today", "--json", "--days", "7")[1])["follow_ups"]
    assert follow_ups == [
        {"name": "Dana Levi", "due": "2026-03-13", "note": "Send the pricing deck"}
    ]


def test_the_json_shape_is_exactly_the_documented_one(cli):
    cli("add", "Ana Owed", "--email", "ana@example.com")
    cli("log", "Ana Owed", "--received", "--currency", "knowledge", "--value", "4")
    cli("add", "Ben Empty")
    out = json.loads(cli("today", "--json")[1])
    assert list(out) == ["date", "meetings", "overdue", "follow_ups", "give_back"]
    assert out["give_back"] == [{"name": "Ana Owed", "meter": -100.0}]
    assert out["meetings"] == [] and out["follow_ups"] == [] and out["overdue"] == []


def test_an_empty_day_says_so(cli):
    code, out, _ = cli("today")
    assert code == 0
    assert out == (
        "Today, Monday 9 March 2026, and the next day\n"
        "Nothing due: no meetings ahead, nobody overdue, no follow-ups.\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [(("--days", "-1"), "--days is between 0 and 366."), (("--limit", "-2"), "--limit cannot")],
)
def test_bad_options_are_one_sentence(cli, argv, message):
    code, out, err = cli("today", *argv)
    assert code == 1 and out == "" and err.startswith(f"netui: {message}")


# --- the view ---------------------------------------------------------------------------


@pytest.fixture
def people(db, pinned) -> dict[str, int]:
    ids = {}
    for name, closeness, added in (
        ("Ada Close", 5, dt.datetime(2025, 10, 1)),  # 159 days since: 69 overdue x 5
        ("Bo Far", 1, dt.datetime(2025, 6, 1)),  # 281 days since: 191 overdue x 1
        ("Cy Fresh", 3, dt.datetime(2026, 3, 1)),
    ):
        with clock.pinned(added):
            ids[name] = create_contact(ContactFields(name=name, closeness=closeness))
    return ids


def test_overdue_people_rank_by_days_overdue_times_closeness(people):
    view = today_view()
    assert [(p.name, p.days_overdue) for p in view.overdue] == [("Ada Close", 69), ("Bo Far", 191)]
    assert view.anything_due


def test_a_limited_overdue_list_is_the_head_of_the_whole_ranking_with_its_count(db, pinned):
    from netui.db.today import overdue_people

    for n in range(40):
        with clock.pinned(dt.datetime(2025, 1, 1) + dt.timedelta(days=7 * n)):
            create_contact(ContactFields(name=f"Person {n:02}", closeness=1 + n % 5))
    ranked = overdue_people(DAY)
    assert len(ranked) > 12
    for limit in (0, 1, 5, 12, None):
        view = today_view(overdue_limit=limit)
        assert list(view.overdue) == (ranked if limit is None else ranked[:limit])
        assert view.overdue_total == len(ranked)


def test_keeping_in_touch_takes_someone_off_the_list_and_undo_puts_them_back(people):
    with undoable("kept in touch with Ada", screen="today"):
        keep_in_touch(people["Ada Close"])
    assert [p.name for p in today_view().overdue] == ["Bo Far"]
    assert undo_latest().entry.description == "kept in touch with Ada"
    assert [p.name for p in today_view().overdue] == ["Ada Close", "Bo Far"]


def test_snoozing_hides_until_the_day_and_undo_restores(people):
    ada = people["Ada Close"]
    with undoable("snooze Ada", screen="today"):
        snooze("overdue", ada, DAY + dt.timedelta(days=3))
    assert [p.name for p in today_view().overdue] == ["Bo Far"]
    with clock.pinned(NOW + dt.timedelta(days=3)):
        assert [p.name for p in today_view().overdue] == ["Ada Close", "Bo Far"]
    with undoable("snooze Ada again", screen="today"):  # over the first: the day changes
        snooze("overdue", ada, DAY + dt.timedelta(days=5))
    undo_latest()
    with clock.pinned(NOW + dt.timedelta(days=4)):  # the first snooze's day holds again
        assert [p.name for p in today_view().overdue] == ["Ada Close", "Bo Far"]
    undo_latest()
    assert [p.name for p in today_view().overdue] == ["Ada Close", "Bo Far"]
    with pytest.raises(TodayError, match="not after today"):
        snooze("overdue", ada, DAY)
    with pytest.raises(TodayError, match="not a kind"):
        snooze("someone", ada, DAY + dt.timedelta(days=1))


def test_meetings_ahead_follow_ups_and_give_back(people):
    cy = people["Cy Fresh"]
    soon = create_worksheet(cy, scheduled_at=NOW + dt.timedelta(hours=2), purpose="Coffee")
    later = create_worksheet(cy, scheduled_at=NOW + dt.timedelta(days=3), purpose="Lunch")
    past = create_worksheet(cy, scheduled_at=NOW - dt.timedelta(days=5), purpose="Kick-off")
    mark_done(past, outcome="Intro them to Ada\nand more", follow_up=DAY - dt.timedelta(days=1))
    log_exchange(people["Bo Far"], "received", "access", 3, on=DAY - dt.timedelta(days=1))
    view = today_view(days=1)
    assert [m.id for m in view.meetings] == [soon]
    assert [m.id for m in today_view(days=3).meetings] == [soon, later]
    assert [(f.name, f.due, f.note) for f in view.follow_ups] == [
        ("Cy Fresh", DAY - dt.timedelta(days=1), "Intro them to Ada")
    ]
    assert [(g.name, round(g.meter, 2)) for g in view.give_back] == [("Bo Far", -100.0)]
    with undoable("the follow-up done", screen="today"):
        done_for_good("follow_up", past)
    assert today_view().follow_ups == ()
    undo_latest()
    assert len(today_view().follow_ups) == 1


def test_overdue_agrees_with_the_meter_table_on_a_generated_network(tmp_path):
    """The Today list computes "overdue" on its own, in one aggregation; it must say what
    the meter table (the Reciprocity screen, netui meter) says, for every contact."""
    import sys

    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.generate import generate
    from netui.db.ledger import meter_table
    from netui.db.today import overdue_people

    path = tmp_path / "network.db"
    generate(path, 400, 2_000, 1_500, seed=3, meetings=60, today=DAY)
    open_database(path)
    try:
        with clock.pinned(NOW):
            keep_in_touch(5)
        for day in (DAY, DAY + dt.timedelta(days=40), DAY + dt.timedelta(days=400)):
            with clock.pinned(day):
                table = {
                    row.contact_id: (row.last_contact, row.cadence_days, row.days_since_contact)
                    for row in meter_table(day)
                    if row.overdue
                }
                mine = {
                    p.contact_id: (p.last_contact, p.cadence_days, p.days_overdue + p.cadence_days)
                    for p in overdue_people(day)
                }
                assert mine == table and table
    finally:
        close_database()


def test_deciding_whether_anyone_is_overdue_agrees_with_the_list_on_a_generated_network(
    tmp_path,
):
    """What the app opens on asks only whether anyone is overdue, reading less than the
    list does: on every day, with and without snoozes and cadences of their own, it
    says yes exactly when the list names someone."""
    import sys

    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.generate import generate
    from netui.db.models import Relationship
    from netui.db.today import _anyone_overdue, overdue_people

    path = tmp_path / "network.db"
    generate(path, 300, 1_000, 900, seed=5, meetings=30, today=DAY)
    open_database(path)
    try:
        # Some cadences of their own (long ones), so that some days have nobody overdue.
        Relationship.update(cadence_days=4_000).execute()
        answers = set()
        for offset in (-2_000, -400, 0, 40, 400, 3_000, 4_500, 6_000):
            day = DAY + dt.timedelta(days=offset)
            named = {person.contact_id for person in overdue_people(day)}
            assert _anyone_overdue(day, frozenset()) is bool(named), day
            if named:  # snoozing all but one still leaves one; all of them, nobody
                some = frozenset(sorted(named)[1:])
                assert _anyone_overdue(day, some) is True
                assert _anyone_overdue(day, frozenset(named)) is False
            answers.add(bool(named))
        assert answers == {True, False}  # both answers were asked
    finally:
        close_database()


def test_a_read_of_today_told_to_stop_ends_part_way_and_leaves_the_connection_as_it_was(
    db, pinned, monkeypatch
):
    """Leaving Today stops its read of the whole network: SQLite ends the statement
    that runs (on a server, the read ends and its result is dropped), and the next
    read on the same connection is whole."""
    from netui.core.search import Superseded
    from netui.db import interruptible
    from netui.db.models import on_server

    for n in range(60):
        with clock.pinned(dt.datetime(2025, 1, 1) + dt.timedelta(days=n)):
            create_contact(ContactFields(name=f"Person {n:02}", closeness=1 + n % 5))
    monkeypatch.setattr(interruptible, "ASK_EVERY", 10)
    asked: list[bool] = []
    # SQLite asks while the read runs (told to stop part-way, not before); a
    # server is asked once, after it.
    answers_before_stop = 0 if on_server() else 3

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > answers_before_stop

    with pytest.raises(Superseded) as stopped:
        today_view(cancelled=cancelled)
    if not on_server():
        assert "interrupted" in str(stopped.value.__cause__)  # inside SQLite
    whole = today_view(cancelled=lambda: False)
    assert whole == today_view()
    assert whole.overdue_total == 60


def test_anything_due_with_nobody_but_overdue_people_and_then_nobody(people):
    """What the app opens on: with no meeting or follow-up, the first overdue person
    found is enough; once everyone is kept in touch with, nothing is due."""
    from netui.db.today import anything_due

    assert anything_due()
    for name in ("Ada Close", "Bo Far"):
        keep_in_touch(people[name], DAY)
    assert [p.name for p in today_view().overdue] == []
    assert not anything_due()


def test_today_counts_and_days_over_a_thousand_have_separators(cli, tmp_path: Path):
    """As everywhere else in netui: "10 of 1,201", "1,064 days", not "10 of 1201"."""
    close_database()
    open_database(tmp_path / "netui.db")
    with clock.pinned(dt.datetime(2023, 1, 1)):  # 1,163 days before NOW
        for n in range(1_001):
            create_contact(ContactFields(name=f"Person {n:04}"))
    close_database()
    code, out, _ = cli("today")
    assert code == 0
    assert "Overdue (10 of 1,001)" in out
    assert "  Person 0000  1,073 days overdue" in out  # 1,163 days since, every 90
