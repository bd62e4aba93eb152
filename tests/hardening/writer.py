"""A writer process for the crash and two-instance tests.

    python tests/hardening/writer.py MODE DB TAG COUNT [SEED] [stepped]

Every write goes through the same code the app or the command line runs, and a
line ``ok KIND MARKER`` is printed (and flushed) only once the write has been
committed. The parent kills this process at a random moment and then checks that
every marker it was told about is in the database.

MODE is one of

``db``        the app's write paths (the functions its screens call in their workers):
              create_contact, log_exchange, set_tie, create_worksheet +
              update_worksheet, record_introduction, update_contact, set_archived
``cli``       ``netui add`` / ``log`` / ``tie`` through :func:`netui.cli.main`
``import``    ``netui import linkedin`` of a file of 40 people, all or nothing
``contacts``  COUNT x create_contact (two-instance test)
``exchanges`` COUNT x log_exchange on the contact named TAG-anchor (two-instance test)

With ``stepped``, every SQL statement is announced first: the writer prints ``step``
and waits for a line on stdin, so the parent can kill it at an exact point (between
any two statements of a transaction, or just before its COMMIT).

Errors are printed as ``error TYPE MESSAGE`` and end the process with code 3.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

HOSTILE = "[bold]x[/] \x1b[31m \u202e ✨ "


def ok(kind: str, marker: str) -> None:
    sys.stdout.write(f"ok {kind} {marker}\n")
    sys.stdout.flush()


def run_db(db: Path, tag: str, count: int, rng: random.Random) -> None:
    from netui.db.connection import open_database
    from netui.db.contacts import (
        ContactFields,
        create_contact,
        get_contact,
        set_archived,
        update_contact,
    )
    from netui.db.introductions import record_introduction
    from netui.db.ledger import log_exchange
    from netui.db.meetings import create_worksheet, update_worksheet
    from netui.db.ties import set_tie

    open_database(db)
    people: list[int] = []
    for n in range(count):
        marker = f"{tag}-{n}"
        choice = rng.random() if len(people) >= 2 else 0.0
        if choice < 0.35:
            fields = ContactFields(
                name=f"{marker}# {HOSTILE}", notes=HOSTILE * 20, tags=("crash", marker)
            )
            people.append(create_contact(fields))
            ok("contact", marker)
        elif choice < 0.6:
            log_exchange(rng.choice(people), "gave", "knowledge", 3, note=marker)
            ok("exchange", marker)
        elif choice < 0.7:
            # a new person each time, so no later tie overwrites this one's context
            newcomer = create_contact(ContactFields(name=f"{marker}# tied"))
            ok("contact", marker)
            set_tie(newcomer, rng.choice(people), 4, marker)
            people.append(newcomer)
            ok("tie", marker)
        elif choice < 0.8:
            meeting = create_worksheet(rng.choice(people), purpose=marker)
            update_worksheet(meeting, {"ask": f"ask {marker}", "questions": HOSTILE})
            ok("worksheet", marker)
        elif choice < 0.9:
            a, b = rng.sample(people, 2)
            record_introduction(a, b, marker, 3, HOSTILE, 2, status="made")
            ok("introduction", marker)
        else:
            # a new person each time, so no later update overwrites this one
            target = create_contact(ContactFields(name=f"{marker}# archived", tags=(marker,)))
            ok("contact", marker)
            update_contact(target, replace(get_contact(target).fields, role=marker))
            set_archived(target, True)
            ok("update", marker)


def run_cli(db: Path, tag: str, count: int, rng: random.Random) -> None:
    from netui.cli import main

    names: list[str] = []
    sink = io.StringIO()
    for n in range(count):
        marker = f"{tag}-{n}"
        choice = rng.random() if len(names) >= 2 else 0.0
        if choice < 0.5:
            kind, argv = "contact", ["add", f"{marker}# {HOSTILE}", "--org", HOSTILE]
            names.append(f"{marker}#")
        elif choice < 0.85:
            who = rng.choice(names)
            kind, argv = "exchange", ["log", who, "--received", "--currency", "access"]
            argv += ["--value", "2", "--note", marker]
        else:
            # a new person each time, so no later tie overwrites this one's context
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                code = main(["--db", str(db), "add", f"{marker}# tied"])
            if code != 0:
                raise RuntimeError(f"netui add exited {code}: {sink.getvalue()}")
            ok("contact", marker)
            kind, argv = "tie", ["tie", f"{marker}#", rng.choice(names)]
            argv += ["--strength", "2", "--context", marker]
            names.append(f"{marker}#")
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            code = main(["--db", str(db), *argv])
        sink.seek(0)
        sink.truncate()
        if code != 0:
            raise RuntimeError(f"netui {argv[0]} exited {code}")
        ok(kind, marker)


def run_import(db: Path, tag: str, rng: random.Random) -> None:
    from netui.cli import main

    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for n in range(40):
        rows.append(
            f'{tag},"p{n} {HOSTILE}",https://www.linkedin.com/in/{tag}-{n},'
            f"{tag}-{n}@example.org,Acme,Engineer,01 Jan 2024"
        )
    source = db.with_name(f"{tag}.csv")
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = main(["--db", str(db), "import", "linkedin", str(source)])
    if code != 0:
        raise RuntimeError(f"netui import exited {code}: {sink.getvalue().strip()}")
    ok("import", tag)


def run_contacts(db: Path, tag: str, count: int) -> None:
    from netui.db.connection import open_database
    from netui.db.contacts import ContactFields, create_contact

    open_database(db)
    for n in range(count):
        create_contact(ContactFields(name=f"{tag}-{n}", tags=(tag,)))
    ok("contacts", str(count))


def run_exchanges(db: Path, tag: str, count: int) -> None:
    from netui.db.connection import open_database
    from netui.db.ledger import log_exchange
    from netui.db.names import resolve_name

    open_database(db)
    contact_id, _ = resolve_name(f"{tag}-anchor")
    for n in range(count):
        log_exchange(contact_id, "gave" if n % 2 else "received", "support", 1, note=f"{tag}-{n}")
    ok("exchanges", str(count))


def step(_statement: str) -> None:
    """Announce the next SQL statement and wait until the parent says go on."""
    out = sys.__stdout__  # the pipe, even while the command line's output is captured
    out.write("step\n")
    out.flush()
    if not sys.stdin.readline():
        os._exit(4)  # the parent is gone


def announce_every_statement() -> None:
    """Every SQLite connection opened from now on calls :func:`step` before a statement."""
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(step)
        return connection

    sqlite3.connect = traced


def main(argv: list[str]) -> int:
    mode, db, tag, count = argv[0], Path(argv[1]), argv[2], int(argv[3])
    rng = random.Random(int(argv[4]) if len(argv) > 4 else os.getpid())
    if "stepped" in argv[5:]:
        announce_every_statement()
    # Imports are done: the parent starts its kill clock from here, not from the
    # interpreter's start, which takes seconds on a loaded machine.
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        if mode == "db":
            run_db(db, tag, count, rng)
        elif mode == "cli":
            run_cli(db, tag, count, rng)
        elif mode == "import":
            run_import(db, tag, rng)
        elif mode == "contacts":
            run_contacts(db, tag, count)
        elif mode == "exchanges":
            run_exchanges(db, tag, count)
        else:
            raise SystemExit(f"unknown mode {mode}")
    except Exception as error:
        sys.stdout.write(f"error {type(error).__name__} {error}\n")
        sys.stdout.flush()
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
