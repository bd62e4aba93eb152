"""The demo network (``netui.db.demo``) and ``netui demo``, on real files in tmp_path."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import sys
import types
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netui.cli import main
from netui.core.validation import check_email, check_phone
from netui.db import demo
from netui.db.connection import close_database, open_database
from netui.db.demo import build_demo
from netui.db.models import CURRENCIES, INTRO_STATUSES
from netui.db.names import resolve_name

TODAY = dt.date(2026, 3, 14)
WORKSHEET = (
    "purpose",
    "who_they_are",
    "career_path",
    "expertise",
    "key_connections",
    "interests",
    "helps_them",
    "give_first",
    "reasons",
    "questions",
    "ask",
)


def query(path: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def scalar(path: Path, sql: str, *params: object) -> object:
    return query(path, sql, *params)[0][0]


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, for comparing two builds; but the contacts' UIDs,
    which are random (two databases never share one)."""
    tables = [row[0] for row in query(path, "SELECT name FROM sqlite_master WHERE type='table'")]
    result = {}
    for table in tables:
        columns = [row[1] for row in query(path, f'PRAGMA table_info("{table}")')]
        shown = ", ".join(f'"{c}"' for c in columns if (table, c) != ("contact", "uid"))
        result[table] = sorted(query(path, f'SELECT {shown} FROM "{table}"'), key=repr)
    return result


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, today=TODAY)
    close_database()
    return path


# --- what the demo holds ---------------------------------------------------------------


def test_about_forty_people_in_four_or_five_organisations(network: Path) -> None:
    assert 35 <= scalar(network, "SELECT count(*) FROM contact") <= 45
    sizes = Counter(dict(query(network, "SELECT organisation, count(*) FROM contact GROUP BY 1")))
    independents = sizes.pop("", 0)
    assert independents >= 2
    assert 4 <= sum(1 for size in sizes.values() if size >= 4) <= 5
    assert scalar(network, "SELECT count(*) FROM contact WHERE second_degree") >= 3


def test_names_are_varied(network: Path) -> None:
    names = [row[0] for row in query(network, "SELECT name FROM contact")]
    assert len(set(names)) == len(names)
    assert any("\u0590" <= ch <= "\u05ff" for name in names for ch in name)  # Hebrew
    accented = [
        name
        for name in names
        if any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", name))
    ]
    assert accented


def test_contacts_have_believable_fields(network: Path) -> None:
    rows = query(
        network,
        "SELECT email, phone, role, closeness, cadence_days FROM contact"
        " JOIN relationship ON relationship.contact_id = contact.id",
    )
    emails = [email for email, *_ in rows if email]
    phones = [phone for _, phone, *_ in rows if phone]
    assert len(emails) >= 30 and len(phones) >= 15
    assert all(check_email(email) is None for email in emails)
    assert all(check_phone(phone) is None for phone in phones)
    assert len(set(phones)) == len(phones)
    assert all(role for _, _, role, _, _ in rows)
    assert {closeness for *_, closeness, _ in rows} == {1, 2, 3, 4, 5}
    assert len({cadence for *_, cadence in rows}) >= 5
    assert scalar(network, "SELECT count(*) FROM contact WHERE notes != ''") >= 15
    kinds = dict(query(network, "SELECT kind, count(*) FROM contact_tag GROUP BY kind"))
    assert kinds.keys() == {"tag", "expertise", "interest"}


def test_the_search_index_is_filled(network: Path) -> None:
    open_database(network)
    try:
        assert resolve_name("dana") == (resolve_name("Dana Levi")[0], "Dana Levi")
        assert resolve_name("søren")[1] == "Søren Kjær"
    finally:
        close_database()


def test_about_sixty_ties_with_strength_and_context(network: Path) -> None:
    ties = query(network, "SELECT a_id, b_id, strength, context FROM tie")
    assert 55 <= len(ties) <= 65
    assert all(a < b and 1 <= strength <= 5 and context for a, b, strength, context in ties)
    assert any(context.startswith("worked together at ") for *_, context in ties)
    # Every second-degree contact is known through someone in the network.
    unreachable = query(
        network,
        "SELECT name FROM contact c WHERE second_degree AND NOT EXISTS ("
        " SELECT 1 FROM tie t JOIN contact o ON o.id = (CASE WHEN t.a_id = c.id"
        " THEN t.b_id ELSE t.a_id END) WHERE (t.a_id = c.id OR t.b_id = c.id)"
        " AND NOT o.second_degree)",
    )
    assert unreachable == []


def test_about_120_exchanges_over_two_years(network: Path) -> None:
    rows = query(network, "SELECT contact_id, date, direction, currency, value FROM exchange")
    assert 110 <= len(rows) <= 130
    days = [dt.date.fromisoformat(day) for _, day, *_ in rows]
    assert TODAY - dt.timedelta(days=730) <= min(days) and max(days) <= TODAY
    assert max(days) >= TODAY - dt.timedelta(days=14)
    assert {currency for *_, currency, _ in rows} == set(CURRENCIES)
    assert {direction for _, _, direction, *_ in rows} == {"gave", "received"}
    directions: dict[int, set[str]] = {}
    for contact, _, direction, *_ in rows:
        directions.setdefault(contact, set()).add(direction)
    assert sum(1 for seen in directions.values() if seen == {"received"}) >= 2
    assert sum(1 for seen in directions.values() if seen == {"gave"}) >= 2
    assert sum(1 for seen in directions.values() if len(seen) == 2) >= 15


def test_introductions_in_different_statuses(network: Path) -> None:
    rows = query(network, "SELECT status, a_gains, b_gains, a_id != b_id FROM introduction")
    assert 2 <= len(rows) <= 4
    statuses = [status for status, *_ in rows]
    assert len(set(statuses)) == len(statuses) and set(statuses) <= set(INTRO_STATUSES)
    assert all(a_gains and b_gains and distinct for _, a_gains, b_gains, distinct in rows)
    made = scalar(network, "SELECT id FROM introduction WHERE status = 'made'")
    assert scalar(network, "SELECT count(*) FROM exchange WHERE introduction_id = ?", made) >= 2


def test_an_upcoming_meeting_and_a_past_one(network: Path) -> None:
    columns = ", ".join(WORKSHEET)
    upcoming = query(
        network,
        f"SELECT introducer_id, done, {columns} FROM meeting WHERE scheduled_at > ?",
        dt.datetime.combine(TODAY, dt.time.max).isoformat(" "),
    )
    assert len(upcoming) == 1
    introducer, done, *sections = upcoming[0]
    assert introducer is not None and not done
    assert all(sections), "every worksheet section is filled"
    past = query(
        network,
        "SELECT id, outcome, follow_up FROM meeting WHERE done AND scheduled_at < ?",
        TODAY.isoformat(),
    )
    assert len(past) == 1
    meeting, outcome, follow_up = past[0]
    assert outcome and follow_up
    assert scalar(network, "SELECT count(*) FROM exchange WHERE meeting_id = ?", meeting) >= 1


def test_a_bank_of_goods_and_goals(network: Path) -> None:
    goods = query(
        network,
        "SELECT g.kind, count(t.tag_id) FROM good g LEFT JOIN good_tag t ON t.good_id = g.id "
        "GROUP BY g.id",
    )
    assert len(goods) >= 6
    assert len({kind for kind, _ in goods}) >= 5
    assert all(tags >= 1 for _, tags in goods)
    goals = query(
        network,
        "SELECT target_organisations, target_roles,"
        " (SELECT count(*) FROM goal_tag WHERE goal_id = g.id),"
        " (SELECT count(*) FROM goal_contact WHERE goal_id = g.id) FROM goal g",
    )
    assert 2 <= len(goals) <= 3
    assert all(orgs and roles and tags for orgs, roles, tags, _ in goals)
    assert sum(1 for *_, contacts in goals if contacts) >= 2
    # Some goods and goals speak to what contacts are interested in.
    shared = scalar(
        network,
        "SELECT count(DISTINCT tag_id) FROM contact_tag WHERE kind = 'interest' AND tag_id IN "
        "(SELECT tag_id FROM good_tag UNION SELECT tag_id FROM goal_tag)",
    )
    assert shared >= 5


def test_settings(network: Path) -> None:
    settings = dict(query(network, "SELECT key, value FROM setting"))
    assert settings["my_name"] == "Alex Morgan"
    assert settings["default_cadence"] == "90"
    assert settings["half_life_days"] == "365"
    organisations = {row[0] for row in query(network, "SELECT organisation FROM contact")}
    assert settings["my_organisation"] in organisations


def test_the_file_is_current_private_and_alone(network: Path) -> None:
    assert [file.name for file in network.parent.iterdir()] == ["demo.db"]
    assert stat.S_IMODE(network.stat().st_mode) == 0o600
    assert scalar(network, "PRAGMA user_version") >= 1
    assert scalar(network, "PRAGMA integrity_check") == "ok"


# --- deterministic, fast, atomic -------------------------------------------------------


def test_the_same_seed_and_day_build_the_same_network(network: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_demo(again, today=TODAY)
    assert dump(again) == dump(network)
    uids = {row[0] for row in query(network, "SELECT uid FROM contact")}
    assert len(uids) == scalar(network, "SELECT count(*) FROM contact")
    assert uids.isdisjoint(row[0] for row in query(again, "SELECT uid FROM contact"))


def test_another_seed_builds_another_ledger(network: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    build_demo(other, today=TODAY, seed=8)
    assert dump(other)["exchange"] != dump(network)["exchange"]


def test_dates_follow_today(network: Path, tmp_path: Path) -> None:
    later = tmp_path / "later.db"
    build_demo(later, today=TODAY + dt.timedelta(days=100))
    sql = "SELECT max(date), min(date) FROM exchange"
    (late_max, late_min), (max_, min_) = query(later, sql)[0], query(network, sql)[0]
    shift = dt.date.fromisoformat(late_max) - dt.date.fromisoformat(max_)
    assert shift == dt.timedelta(days=100)
    assert dt.date.fromisoformat(late_min) - dt.date.fromisoformat(min_) == shift


def test_the_build_creates_a_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "demo.db"
    build_demo(path, today=TODAY)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_failure_mid_build_leaves_no_demo_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo, "add_goals", broken)
    path = tmp_path / "demo.db"
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_demo(path, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rebuild_keeps_the_previous_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, network: Path
) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, today=TODAY)
    monkeypatch.setattr(demo, "add_settings", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build_demo(path, today=TODAY + dt.timedelta(days=1))
    assert [file.name for file in tmp_path.iterdir()] == ["demo.db"]
    assert dump(path) == dump(network)


def test_a_rebuild_ignores_a_stale_wal_beside_the_old_demo(tmp_path: Path, network: Path) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(b"old")
    (tmp_path / "demo.db-wal").write_bytes(b"stale write-ahead log" * 100)
    build_demo(path, today=TODAY)
    assert not (tmp_path / "demo.db-wal").exists()
    assert dump(path) == dump(network)


# --- netui demo --------------------------------------------------------------------------


@dataclass
class FakeApp:
    """Stands in for ``netui.app``: records the paths it is opened on."""

    paths: list[Path] = field(default_factory=list)

    def make_app(
        self, path: Path, start_meeting: int | None = None, **options: object
    ) -> types.SimpleNamespace:
        self.paths.append(Path(path))
        return types.SimpleNamespace(run=lambda: None, return_code=0, exit_sentence=lambda: None)


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> FakeApp:
    fake = FakeApp()
    module = types.ModuleType("netui.app")
    module.make_app = fake.make_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "netui.app", module)
    return fake


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    data = tmp_path / "xdg-data"
    user_db = tmp_path / "env" / "mine.db"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("NETUI_DB", str(user_db))
    return {"demo": data / "netui" / "demo.db", "user": user_db, "tmp": tmp_path}


def netui(*argv: str) -> int:
    close_database()
    try:
        return main(list(argv))
    finally:
        close_database()


def test_netui_demo_builds_once_and_opens_the_app_on_it(
    homes: dict[str, Path], fake_app: FakeApp, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db = homes["demo"]
    assert netui("demo") == 0
    assert capsys.readouterr().out == f"Built the demo network in {demo_db}.\n"
    assert fake_app.paths == [demo_db]
    assert stat.S_IMODE(demo_db.parent.stat().st_mode) == 0o700
    assert 35 <= scalar(demo_db, "SELECT count(*) FROM contact") <= 45

    with sqlite3.connect(demo_db) as conn:  # a change made while exploring the demo
        conn.execute("UPDATE setting SET value = 'Explorer' WHERE key = 'my_name'")
    assert netui("demo") == 0
    assert capsys.readouterr().out == ""
    assert scalar(demo_db, "SELECT value FROM setting WHERE key = 'my_name'") == "Explorer"
    assert fake_app.paths == [demo_db, demo_db]


def test_netui_demo_reset_rebuilds(
    homes: dict[str, Path], fake_app: FakeApp, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db = homes["demo"]
    netui("demo")
    with sqlite3.connect(demo_db) as conn:
        conn.execute("DELETE FROM exchange")
    assert netui("demo", "--reset") == 0
    assert "Built the demo network" in capsys.readouterr().out
    assert scalar(demo_db, "SELECT count(*) FROM exchange") >= 110


def test_netui_demo_never_touches_the_users_database(
    homes: dict[str, Path], fake_app: FakeApp
) -> None:
    other = homes["tmp"] / "other.db"
    assert netui("demo") == 0
    assert netui("--db", str(other), "demo", "--reset") == 0
    assert not homes["user"].exists()
    assert not homes["user"].parent.exists()
    assert not other.exists()
    assert fake_app.paths == [homes["demo"], homes["demo"]]


def test_netui_demo_on_a_broken_demo_file_suggests_reset(
    homes: dict[str, Path], fake_app: FakeApp, capsys: pytest.CaptureFixture[str]
) -> None:
    homes["demo"].parent.mkdir(parents=True)
    homes["demo"].write_bytes(b"\x00not sqlite\xff" * 400)
    assert netui("demo") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("netui: ") and "'netui demo --reset' rebuilds the demo." in err
    assert fake_app.paths == []
    assert netui("demo", "--reset") == 0
    assert fake_app.paths == [homes["demo"]]
