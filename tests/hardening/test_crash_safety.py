"""Writers killed with SIGKILL at random points of their progress: the file stays
sound and every write that was reported as done is there.

One test, one loop: 100 kills (``KILLS``) spread over the app's write paths (the db
functions its screens call), the command line run in-process (``netui add/log/tie``
through ``netui.cli.main``), all-or-nothing imports, and the real ``netui`` command
in a child process. Two writers run at a time, so kills also land while the other
one waits for the lock. ``NETUI_CRASH_KILLS`` and ``NETUI_CRASH_SEED`` change the
count and the randomness (see tests/hardening/README.md).

Kills are placed by progress, never by the clock, so a loaded machine changes how
long the test takes but not what it tests: a writer is killed after a random number
of writes it reported (0 to 60), an import at a random SQL statement (it waits at
each one for the test to say go on), and the real command after a random share of
the CPU time a whole ``netui add`` takes (measured first).
"""

from __future__ import annotations

import os
import queue
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from netui.db.connection import close_database, open_database
from tests.hardening import child_env, writer

KILLS = int(os.environ.get("NETUI_CRASH_KILLS", "100"))
SEED = int(os.environ.get("NETUI_CRASH_SEED", "8"))
#: writer mode -> share of the kills
MODES = (("db", 0.4), ("cli", 0.3), ("import", 0.15), ("netui", 0.15))
#: A writer is killed after 0 to this many reported writes.
MOST_WRITES = 60
#: An import is killed at its 0th to this many-th SQL statement (a whole one runs ~51).
MOST_STATEMENTS = 60
#: Only a writer that hangs waits this long: nothing is timed against it.
HANG = 600.0


@dataclass
class Tally:
    kills: int = 0
    finished: int = 0
    reported: dict[str, list[str]] = field(default_factory=dict)
    killed_imports: list[str] = field(default_factory=list)
    #: per mode, how far each killed writer had got (writes, statements, CPU ticks)
    kill_points: dict[str, list[int]] = field(default_factory=dict)

    def add(self, kind: str, marker: str) -> None:
        self.reported.setdefault(kind, []).append(marker)


@dataclass
class Run:
    """One writer process and the point of its progress at which it is killed."""

    mode: str
    tag: str
    process: subprocess.Popen[str]
    target: int
    lines: list[str] = field(default_factory=list)
    killed_at: int | None = None

    def kill(self, progress: int) -> None:
        if self.killed_at is None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.killed_at = progress


def cpu_ticks(pid: int) -> int | None:
    """The CPU time (user + system, in clock ticks) process ``pid`` has used, if running."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # utime, stime


def netui_add(db: Path, tag: str, **popen) -> subprocess.Popen[str]:
    name = f"{tag}# [b]n[/] \x1b]0;t\x07"
    return subprocess.Popen(
        [sys.executable, "-m", "netui", "--db", str(db), "add", name, "--org", "o"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=child_env(),
        **popen,
    )


def ticks_of_a_whole_netui_add(db: Path) -> int:
    """The CPU time one ``netui add`` takes from start to exit, in clock ticks."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = netui_add(db, "calibration")
    out, err = process.communicate(timeout=HANG)
    assert process.returncode == 0, out + err
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return max(1, round(seconds * os.sysconf("SC_CLK_TCK")))


def watch_lines(run: Run, done: queue.Queue[Run]) -> None:
    """Read the writer's lines; kill it once it has made ``target`` steps of progress.

    Progress is ``ready`` (imports done) and then each ``ok`` line (a committed write)
    or ``step`` (an SQL statement about to run). A stepped writer waits at each step
    until told to go on, so an import dies exactly at its ``target``-th statement.
    """
    progress = -1
    assert run.process.stdout is not None
    for raw in run.process.stdout:
        line = raw.rstrip("\n")
        if line == "ready" or line == "step" or line.startswith("ok "):
            progress += 1
        if line != "step":
            run.lines.append(line)
        if progress >= run.target:
            run.kill(progress)
        elif line == "step" and run.process.stdin is not None:
            try:
                run.process.stdin.write("go\n")
                run.process.stdin.flush()
            except BrokenPipeError:
                pass
    run.process.wait()
    done.put(run)


def watch_cpu(run: Run, done: queue.Queue[Run]) -> None:
    """Kill the real command once it has used ``target`` ticks of CPU time."""
    while run.process.poll() is None:
        ticks = cpu_ticks(run.process.pid)
        if ticks is not None and ticks >= run.target:
            run.kill(ticks)
            break
        time.sleep(0.001)  # polling the child's own progress, not timing it
    run.process.wait()
    done.put(run)


def start(
    mode: str, db: Path, tag: str, rng: random.Random, whole: int, done: queue.Queue[Run]
) -> Run:
    """Start a writer of ``mode`` with a random kill point; it is put on ``done`` once dead."""
    if mode == "netui":  # the real command line, a new interpreter each time
        run = Run(mode, tag, netui_add(db, tag), rng.randint(0, whole))
        watch = watch_cpu
    elif mode == "import":
        process = writer(mode, db, tag, 1, rng.randrange(1 << 30), stepped=True)
        run = Run(mode, tag, process, rng.randint(0, MOST_STATEMENTS))
        watch = watch_lines
    else:
        process = writer(mode, db, tag, 10_000, rng.randrange(1 << 30))
        run = Run(mode, tag, process, rng.randint(0, MOST_WRITES))
        watch = watch_lines
    threading.Thread(target=watch, args=(run, done), daemon=True).start()
    return run


def collect(run: Run, tally: Tally) -> None:
    process = run.process
    err = process.stderr.read() if process.stderr else ""
    if run.mode == "netui":
        out = process.stdout.read() if process.stdout else ""
        run.lines = out.splitlines()
    assert "Traceback" not in err, err
    if process.returncode == -signal.SIGKILL:
        tally.kills += 1
        tally.kill_points.setdefault(run.mode, []).append(run.killed_at or 0)
    else:
        tally.finished += 1
        assert process.returncode == 0, (run.mode, process.returncode, run.lines, err)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    if run.mode == "netui":
        if run.lines and run.lines[0].startswith("Added "):
            tally.add("netui", run.tag)
        return
    reported = [line for line in run.lines if line != "ready"]
    for line in reported:
        assert not line.startswith("error"), line
        _, kind, marker = line.split(" ", 2)
        tally.add(kind, marker)
    if run.mode == "import" and not reported:
        tally.killed_imports.append(run.tag)


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
    whole = ticks_of_a_whole_netui_add(db)
    tally = Tally()
    tally.add("netui", "calibration")
    modes = [mode for mode, _ in MODES]
    weights = [share for _, share in MODES]
    started = time.monotonic()
    runs = 0
    running: list[Run] = []
    done: queue.Queue[Run] = queue.Queue()
    try:
        while tally.kills < KILLS:
            while len(running) < 2:
                mode = rng.choices(modes, weights)[0]
                running.append(start(mode, db, f"r{runs}", rng, whole, done))
                runs += 1
            try:
                run = done.get(timeout=HANG)
            except queue.Empty:
                raise AssertionError(f"no writer ended in {HANG:.0f} s: one hangs") from None
            running.remove(run)
            collect(run, tally)
    finally:
        for run in running:
            run.kill(run.target)
    for _ in range(len(running)):
        collect(done.get(timeout=HANG), tally)

    checked = check(db, tally)
    # the file still opens and migrates nothing
    open_database(db)
    close_database()
    total = sum(map(len, tally.reported.values()))
    assert checked == total
    points = tally.kill_points
    if KILLS >= 100:  # the default run: the kills landed all over the writers' progress
        writers = points["db"] + points["cli"]
        assert min(writers) == 0 and max(writers) >= MOST_WRITES // 2, sorted(writers)
        assert tally.killed_imports, "no import was killed midway"
    print(
        f"\ncrash safety: {tally.kills} SIGKILLs survived, {tally.finished} runs finished, "
        f"{checked} reported writes checked "
        f"({', '.join(f'{k} {len(v)}' for k, v in sorted(tally.reported.items()))}), "
        f"{len(tally.killed_imports)} imports killed midway "
        f"(statements {sorted(points.get('import', []))}), "
        f"real command killed at {sorted(points.get('netui', []))} of {whole} CPU ticks, "
        f"{time.monotonic() - started:.1f} s"
    )
