"""The app's quick_check (2.5 to 3 s of a core at 300,000 contacts) runs on a thread of
its own at the lowest priority, so that the keys typed meanwhile keep the processor;
a command's check beside its reading keeps its priority (the command waits for it)."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from netui.db import background_check
from netui.db.connection import close_database, health_problem, open_database
from netui.db.contacts import ContactFields, create_contact
from tests.hardening.test_storage import people, scramble_a_page

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="threads have a priority of their own on Linux"
)


def priority_of_this_thread() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.fixture
def check_threads(monkeypatch) -> list[tuple[str, int]]:
    """The thread (name, priority) of each quick_check run by a background check."""
    seen: list[tuple[str, int]] = []
    run = background_check.check_problem

    def watched(connection, *args, **kwargs):
        seen.append((threading.current_thread().name, priority_of_this_thread()))
        return run(connection, *args, **kwargs)

    monkeypatch.setattr(background_check, "check_problem", watched)
    return seen


@linux_only
def test_a_thread_lowers_its_own_priority_only():
    before = priority_of_this_thread()
    inside: list[int] = []

    def lowered() -> None:
        background_check.lower_this_threads_priority()
        inside.append(priority_of_this_thread())

    thread = threading.Thread(target=lowered)
    thread.start()
    thread.join()
    assert inside == [background_check.LOWEST]
    assert priority_of_this_thread() == before  # this thread, and the process, as they were


@linux_only
def test_the_apps_check_runs_on_a_thread_of_lowest_priority(tmp_path, check_threads):
    open_database(tmp_path / "netui.db")
    try:
        create_contact(ContactFields(name="Dana Levi"))
        before = priority_of_this_thread()
        assert health_problem() is None
        assert check_threads == [("quick_check", background_check.LOWEST)]
        assert priority_of_this_thread() == before
        assert health_problem() is None  # unchanged since it passed: not checked again
        assert len(check_threads) == 1
        create_contact(ContactFields(name="Avi Cohen"))
        assert health_problem() is None  # a write: checked again
        assert len(check_threads) == 2
    finally:
        close_database()


def test_the_apps_check_names_a_damaged_file(tmp_path, check_threads):
    db = people(tmp_path / "my.db", *(f"Person {n}" for n in range(300)), notes="x" * 200)
    scramble_a_page(db)
    open_database(db)
    try:
        problem = health_problem()
    finally:
        close_database()
    assert problem is not None and problem.startswith(f"{db} is damaged: SQLite's check failed")
    assert [name for name, _ in check_threads] == ["quick_check"]


@linux_only
def test_a_commands_check_keeps_its_priority(tmp_path, check_threads):
    from netui.cli import main

    db = people(tmp_path / "my.db", "Dana Levi")
    assert main(["--db", str(db), "meter", "--json"]) == 0
    assert check_threads == [("quick_check", priority_of_this_thread())]
