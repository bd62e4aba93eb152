"""The synthetic network generator of the scale benchmark: exact, valid, reproducible."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

import pytest

# benchmarks/ is not part of the installed package; make the checkout importable.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from benchmarks.generate import generate, main  # noqa: E402
from netui.db.connection import close_database, open_database  # noqa: E402
from netui.db.contacts import (  # noqa: E402
    get_contact,
    search_text_for,
    sort_key_for,
)
from netui.db.models import Contact  # noqa: E402
from netui.db.search import list_contact_ids  # noqa: E402

TODAY = dt.date(2025, 6, 1)
CONTACTS, TIES, EXCHANGES, MEETINGS = 200, 1_000, 500, 6


def _make(path: Path, seed: int = 7) -> Path:
    generate(path, CONTACTS, TIES, EXCHANGES, seed=seed, meetings=MEETINGS, today=TODAY)
    return path


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(tmp_path_factory.mktemp("gen") / "network.db")


@pytest.fixture
def conn(network: Path):
    connection = sqlite3.connect(network)
    yield connection
    connection.close()


@pytest.fixture
def opened(network: Path):
    db = open_database(network)
    yield db
    close_database()


def _dump(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
    finally:
        connection.close()


def test_counts_are_exact(conn: sqlite3.Connection) -> None:
    def count(table: str) -> int:
        return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

    assert count("contact") == CONTACTS
    assert count("tie") == TIES
    assert count("exchange") == EXCHANGES
    assert count("meeting") == MEETINGS
    assert 100 <= count("tag") <= 200
    assert count("contact_tag") > CONTACTS


def test_ties_are_unique_pairs_with_a_below_b(conn: sqlite3.Connection) -> None:
    pairs = conn.execute("SELECT a_id, b_id, strength FROM tie").fetchall()
    assert all(a < b for a, b, _ in pairs)
    assert len({(a, b) for a, b, _ in pairs}) == len(pairs)
    assert {strength for _, _, strength in pairs} <= {1, 2, 3, 4, 5}


def test_database_is_consistent(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_opens_with_the_app_schema(network: Path, opened) -> None:
    from netui.db.migrations import LATEST, schema_version

    assert schema_version(opened) == LATEST


def test_exchanges_cover_both_directions_every_currency_and_three_years(
    conn: sqlite3.Connection,
) -> None:
    from netui.db.models import CURRENCIES, DIRECTIONS

    directions = {row[0] for row in conn.execute("SELECT DISTINCT direction FROM exchange")}
    currencies = {row[0] for row in conn.execute("SELECT DISTINCT currency FROM exchange")}
    assert directions == set(DIRECTIONS)
    assert currencies == set(CURRENCIES)
    first, last = conn.execute("SELECT MIN(date), MAX(date) FROM exchange").fetchone()
    assert dt.date.fromisoformat(first) < TODAY - dt.timedelta(days=2 * 365)
    assert dt.date.fromisoformat(last) <= TODAY


def test_some_contacts_are_second_degree(conn: sqlite3.Connection) -> None:
    second = conn.execute("SELECT COUNT(*) FROM contact WHERE second_degree").fetchone()[0]
    assert 0.03 * CONTACTS < second < 0.2 * CONTACTS


def test_search_index_is_what_the_app_computes(opened) -> None:
    for contact_id in (1, 17, 99, CONTACTS):
        detail = get_contact(contact_id)
        row = Contact.get_by_id(contact_id)
        assert row.search_text == search_text_for(detail.fields)
        assert row.sort_name == sort_key_for(detail.fields.name)


def test_values_read_back_through_peewee(opened) -> None:
    detail = get_contact(1)
    assert isinstance(detail.created_at, dt.datetime)
    assert isinstance(detail.updated_at, dt.datetime)
    assert detail.created_at <= detail.updated_at


def test_an_organisation_search_finds_its_members(opened) -> None:
    organisation = (
        Contact.select(Contact.organisation)
        .where((Contact.organisation != "") & ~Contact.archived)
        .order_by(Contact.organisation)
        .scalar()
    )
    members = {
        row.id
        for row in Contact.select(Contact.id).where(
            (Contact.organisation == organisation) & ~Contact.archived
        )
    }
    found = list_contact_ids(organisation)
    assert members
    assert members <= set(found)


def test_same_seed_same_data_other_seed_other_data(network: Path, tmp_path: Path) -> None:
    again = _make(tmp_path / "again.db")
    other = _make(tmp_path / "other.db", seed=8)
    assert _dump(again) == _dump(network)
    assert _dump(other)["contact"] != _dump(network)["contact"]


def test_refuses_to_overwrite(network: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(FileExistsError):
        generate(network, 1, 0, 0)
    target = tmp_path / "cli.db"
    target.write_bytes(b"keep me")
    assert main([str(target), "--contacts", "5", "--ties", "3", "--exchanges", "2"]) == 1
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"
    assert main([str(target), "--contacts", "5", "--ties", "3", "--exchanges", "2", "--force"]) == 0
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT COUNT(*) FROM tie").fetchone() == (3,)
    connection.close()


def test_too_many_ties_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path / "x.db", 4, 7, 0)
    assert not (tmp_path / "x.db").exists()
