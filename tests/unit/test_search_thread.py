"""The screen's search thread (netui.search_thread): the newest search only, on one
connection kept open between searches and closed when the thread stops."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from textual.message import Message

from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Contact, database
from netui.search_thread import Answer, Failed, SearchThread

WAIT = 10  # seconds: a bound for a stuck thread, never a measure


class Owner:
    """What a screen is to the thread: something messages are posted to, from any thread."""

    def __init__(self) -> None:
        self.messages: queue.Queue[Message] = queue.Queue()

    def post_message(self, message: Message) -> bool:
        self.messages.put(message)
        return True

    def next(self) -> Message:
        return self.messages.get(timeout=WAIT)


def names(query: str, _cancelled: Callable[[], bool]) -> tuple[list[str], int]:
    """A real read on the thread's own connection, and which connection it was."""
    found = [
        c.name for c in Contact.select().where(Contact.name.contains(query)).order_by(Contact.name)
    ]
    return found, id(database.connection())


def test_searches_share_one_connection_closed_when_the_thread_stops(db):
    for name in ("Anna Smith", "Ann Lee", "Bob Stone"):
        create_contact(ContactFields(name=name))
    owner = Owner()
    searches: SearchThread[str] = SearchThread(owner, names)
    connections = set()
    for query, expected in (("Ann", ["Ann Lee", "Anna Smith"]), ("Sto", ["Bob Stone"])):
        number = searches.search(query)
        answer = owner.next()
        assert isinstance(answer, Answer) and answer.number == number
        found, connection = answer.result
        assert found == expected
        connections.add(connection)
    assert len(connections) == 1  # opened at the first search, kept for the next
    thread = searches._thread
    assert thread is not None and thread is not threading.current_thread()
    searches.stop()
    thread.join(WAIT)
    assert not thread.is_alive()


def test_a_newer_search_stops_the_running_one_and_replaces_one_not_yet_run(db):
    owner = Owner()
    running = threading.Event()
    let_go = threading.Event()
    ran: list[str] = []
    stopped: list[str] = []

    def search(query: str, cancelled: Callable[[], bool]) -> str:
        ran.append(query)
        if query == "first":
            running.set()
            let_go.wait(WAIT)
            if cancelled():
                stopped.append(query)
        return query

    searches: SearchThread[str] = SearchThread(owner, search)
    searches.search("first")
    assert running.wait(WAIT)
    searches.search("second")  # never run: the third comes before the thread is free
    third = searches.search("third")
    assert not searches.is_newest(third - 1) and searches.is_newest(third)
    let_go.set()
    answer = owner.next()
    assert isinstance(answer, Answer) and (answer.number, answer.result) == (third, "third")
    assert ran == ["first", "third"]
    assert stopped == ["first"]  # it saw it was superseded, and its answer was not posted
    assert owner.messages.empty()
    searches.stop()


def test_a_failed_search_is_reported_and_the_next_one_runs(db):
    owner = Owner()

    def search(query: str, _cancelled: Callable[[], bool]) -> Any:
        if query == "bad":
            raise ValueError("no such thing")
        return query.upper()

    searches: SearchThread[str] = SearchThread(owner, search)
    number = searches.search("bad")
    failed = owner.next()
    assert isinstance(failed, Failed) and failed.number == number
    assert str(failed.error) == "no such thing"
    searches.search("good")
    answer = owner.next()
    assert isinstance(answer, Answer) and answer.result == "GOOD"
    searches.stop()
