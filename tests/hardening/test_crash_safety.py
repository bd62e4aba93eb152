"""Writers killed with SIGKILL at random moments: the file stays sound and every
write that was reported as done is there.

One test, one loop: 100 kills (``KILLS``) spread over the app's write paths (the db
functions its screens call), the command line run in-process (``netui add/log/tie``
through ``netui.cli.main``), all-or-nothing imports, and the real ``netui`` command
in a child process. Two writers run at a time, so kills also land while the other
one waits for the lock. ``NETUI_CRASH_KILLS`` and ``NETUI_CRASH_SEED`` change the
count and the randomness (see tests/hardening/README.md).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from netui.db.connection import close_database, open_database
from tests.hardening import child_env, writer

KILLS = int(os.environ.get("NETUI_CRASH_KILLS", "100"))
SEED = int(os.environ.get("NETUI_CRASH_SEED", "8"))
#: writer mode -> share of the kills
MODES = (("db", 0.4), ("cli", 0.3), ("import", 0.15), ("netui", 0.15))


@dataclass
class Tally:
    kills: int = 0
    finished: int = 0
    reported: dict[str, list[str]] = field(default_factory=dict)
    killed_imports: list[str] = field(default_factory=list)

    def add(self, kind: str, marker: str) -> None:
        self.reported.setdefault(kind, []).append(marker)


def start(mode: str, db: Path, tag: str, rng: random.Random) -> subprocess.Popen[str]:
    if mode == "netui":  # the real command line, a new interpreter each time
        name = f"{tag}# [b]n[/] \x1b]0;t\x07"
        return subprocess.Popen(
            [sys.executable, "-m", "netui", "--db", str(db), "add", name, "--org", "o"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=child_env(),
        )
    return writer(mode, db, tag, 10_000, rng.randrange(1 << 30))


def collect(mode: str, tag: str, process: subprocess.Popen[str], tally: Tally) -> None:
    out, err = process.communicate(timeout=30)
    assert "Traceback" not in err, err
    if process.returncode == -signal.SIGKILL:
        tally.kills += 1
    else:
        tally.finished += 1
        assert process.returncode == 0, (mode, process.returncode, out, err)
    if mode == "netui":
        if out.startswith("Added "):
            tally.add("netui", tag)
        return
    for line in out.splitlines():
        if line == "ready":
            continue
        assert not line.startswith("error"), line
        _, kind, marker = line.split(" ", 2)
        tally.add(kind, marker)
    if mode == "import" and not out:
        tally.killed_imports.append(tag)


def check(db: Path, tally: Tally) -> int:
    """Every reported write is there; imports are all or nothing. Returns the count."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        one = lambda sql, *args: conn.execute(sql, args).fetchone()[0]  # noqa: E731
        checked = 0
        for kind, markers in tally.reported.items():
            for marker in markers:
                if kind in ("contact", "netui"):
                    found = one("SELECT COUNT(*) FROM contact WHERE name LIKE ?", f"{marker}# %")
                elif kind == "exchange":
                    found = one("SELECT COUNT(*) FROM exchange WHERE note = ?", marker)
                elif kind == "tie":
                    found = one("SELECT COUNT(*) FROM tie WHERE context = ?", marker)
                elif kind == "worksheet":
                    found = one(
                        "SELECT COUNT(*) FROM meeting WHERE purpose = ? AND ask = ?",
                        marker,
                        f"ask {marker}",
                    )
                elif kind == "introduction":
                    # recorded as made: both sides logged in the same transaction
                    found = one(
                        "SELECT COUNT(*) FROM introduction i JOIN exchange e"
                        " ON e.introduction_id = i.id WHERE i.a_gains = ?",
                        marker,
                    )
                    found = found // 2
                elif kind == "update":
                    found = one(
                        "SELECT COUNT(*) FROM contact WHERE role = ? AND archived = 1", marker
                    )
                elif kind == "import":
                    found = one("SELECT COUNT(*) FROM contact WHERE name LIKE ?", f"{marker} p%")
                    assert found == 40, (marker, found)
                    found = 1
                else:
                    raise AssertionError(kind)
                assert found >= 1, (kind, marker)
                checked += 1
        # every contact's search index was written in the same transaction as it
        assert one("SELECT COUNT(*) FROM contact WHERE sort_name = ''") == 0
        for tag in tally.killed_imports:
            assert one("SELECT COUNT(*) FROM contact WHERE name LIKE ?", f"{tag} p%") in (0, 40)
        return checked
    finally:
        conn.close()


def test_sigkill_at_random_moments_loses_no_reported_write(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "netui.db"
    open_database(db)
    close_database()
    tally = Tally()
    modes = [mode for mode, _ in MODES]
    weights = [share for _, share in MODES]
    started = time.monotonic()
    runs = 0
    running: list[tuple[str, str, subprocess.Popen[str], float]] = []
    while tally.kills < KILLS:
        while len(running) < 2:
            mode = rng.choices(modes, weights)[0]
            tag = f"r{runs}"
            runs += 1
            process = start(mode, db, tag, rng)
            if mode == "netui":
                # the real command: kill anywhere from the interpreter's start on
                deadline = time.monotonic() + rng.uniform(0.05, 0.6)
            else:
                # from the writer's "ready" (imports done, however long they took):
                # anywhere from before its first write to well into its loop
                ready = process.stdout.readline() if process.stdout else ""
                deadline = time.monotonic() + rng.uniform(0.0 if ready else 0.05, 0.5)
            running.append((mode, tag, process, deadline))
        running.sort(key=lambda item: item[3])
        mode, tag, process, deadline = running.pop(0)
        time.sleep(max(0.0, deadline - time.monotonic()))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        collect(mode, tag, process, tally)
        assert time.monotonic() - started < 400, "too slow"
    for mode, tag, process, _ in running:
        process.send_signal(signal.SIGKILL)
        collect(mode, tag, process, tally)

    checked = check(db, tally)
    # the file still opens and migrates nothing
    open_database(db)
    close_database()
    total = sum(map(len, tally.reported.values()))
    assert checked == total
    assert total > 10 * KILLS, "the writers barely wrote: the kills came too early"
    print(
        f"\ncrash safety: {tally.kills} SIGKILLs survived, {tally.finished} runs finished, "
        f"{checked} reported writes checked "
        f"({', '.join(f'{k} {len(v)}' for k, v in sorted(tally.reported.items()))}), "
        f"{len(tally.killed_imports)} imports killed midway, {time.monotonic() - started:.1f} s"
    )
