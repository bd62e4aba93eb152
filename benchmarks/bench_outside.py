"""What a user sees, timed from outside: netui in a real terminal, beside the floor.

    python -m benchmarks.bench_outside [--sizes 30000,300000] [--runs 5] [--python PATH]
                                       [--launch-only] [--nothing-due] [--type-every-run]
                                       [--script names|punctuation]

Each app runs in its own tmux server at 120x40, watched through tmux's control mode
(:mod:`benchmarks.tmux_driver`: the screen is read each time the app writes to the
terminal, so every moment below is the moment the terminal showed it). The floor is
an empty Textual app with one search box (:mod:`benchmarks.floor_app`), started and
typed into the same way in the same run; launches alternate between the two.

- **launch → first name**: from telling the pane to start the process (``python -m
  netui --db FILE``) to the screen showing the first contact of the list in its first
  row and the number of contacts in the status line (the floor: its first screen).
  netui opens on Today when something is due (always, on these networks): then the
  moment Today is shown, and ``1`` opens Contacts before the typing (not timed).
  ``--nothing-due`` makes each fresh copy a network where nothing is due (no one's
  cadence ever runs out, no follow-up, no meeting ahead: :func:`nothing_due`), so
  that netui opens on Contacts and the launch is timed to its first name.
- **RSS after first paint**: the process's resident memory at that moment; **peak**
  is its high-water mark after the typing below.
- **first key at first paint → its result**: ``/`` and a letter sent the moment the
  first name is shown, before the search index can have been read.
- **one key → its echo**: until the search box shows what the key made of the query.
- **one key → its result**: until the status line says how many contacts match that
  query *and* the rows shown are a window of them in order (or it says that none
  does; the cursor stays on the contact it was on when that contact still matches).
  The expected results are computed beforehand from the file with plain ``sqlite3``
  and :func:`netui.core.folding.fold_words`, so a stale or half-drawn list never
  counts. Each key waits for its result and for the app to go quiet (the detail
  pane follows the cursor) before the next one: one key at a time, as the targets
  are stated. A space at the end of the query changes nothing a terminal shows (nor
  the result), so that key is sent but not timed.

The script is typed in the last launch of each app (``--type-every-run``: in each
launch, for more keys to compare two checkouts by). The targets (issue 18) are
printed beside the figures; nothing here asserts. Every
launch works on a fresh copy of the cached network (:mod:`benchmarks.bench`).
``--python`` runs another checkout's netui (its virtualenv's interpreter), for
before/after figures with the same benchmark.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench import (
    CACHE,
    SEED,
    ensure_network,
    fresh_copy,
    percentile,
    print_preamble,
    terminal_env,
)
from benchmarks.tmux_driver import Screen, Terminal, TerminalTimeout
from netui.core.folding import fold_words

SIZE = (120, 40)

#: What is typed, one key at a time: ``C-u`` clears the box, ``BSpace`` deletes one.
SCRIPT: tuple[str, ...] = (
    *"anna", "C-u",
    *"müller", "C-u",
    *"redwood an", "C-u",
    *"python", "BSpace", "BSpace", "C-u",
    *"qzx", "C-u",
    *"aaron kim", "C-u",
    *"o'brien", "C-u",
    *"søren",
)  # fmt: skip

#: ``--script punctuation``: words with punctuation, as a user types an address, a
#: language, a hyphenated name. The first (``@``) starts the build of the pairs
#: (:mod:`netui.core.search_pairs`); ``PAUSE`` then waits, untimed, as a user reads.
PUNCTUATION_SCRIPT: tuple[str, ...] = (
    "@", "C-u", "PAUSE",
    *"anna.s", "C-u",
    *"@gmail.com", "C-u",
    *"c++", "C-u",
    *"a.", "C-u",
    *"o'brien", "C-u",
    *"-", "C-u",
    *"gmail.co",
)  # fmt: skip
SCRIPTS = {"names": SCRIPT, "punctuation": PUNCTUATION_SCRIPT}
#: How long ``PAUSE`` waits.
PAUSE_SECONDS = 8.0

NETUI_PLACEHOLDER = "/  search name, organisation, role, email, tags, notes"
FLOOR_PLACEHOLDER = "floor: type here"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


@dataclass
class Samples:
    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.values, 0.95) if self.values else float("nan")


# --- what the screen should show ---------------------------------------------------------


class Expected:
    """Every query's result, from the file itself (live contacts, in name order)."""

    def __init__(self, path: Path) -> None:
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT name, search_text FROM contact WHERE NOT archived ORDER BY sort_name, id"
            ).fetchall()
        self.rows = rows
        self.total = len(rows)
        self._cache: dict[str, list[str]] = {}

    def result(self, query: str) -> list[str]:
        """The names of the contacts that match, in order."""
        if query not in self._cache:
            terms = fold_words(query)
            self._cache[query] = [
                name for name, haystack in self.rows if all(t in haystack for t in terms)
            ]
        return self._cache[query]


def left(line: str) -> str:
    """The list pane's part of a line (left of the detail pane's border)."""
    return line.split("▏", 1)[0]


def visible_rows(screen: Screen) -> list[str]:
    """The list's rows as shown, the degree mark cut off, from the header down."""
    for n, line in enumerate(screen):
        if re.search(r"Name [▲▼]", left(line)):
            rows = []
            for below in screen[n + 1 :]:
                text = left(below)
                if not text.startswith(("   ", "2° ")) or not text[3:].strip():
                    break
                rows.append(text[3:])
            return rows
    return []


def shows_result(screen: Screen, expected: Expected, query: str) -> bool:
    """The status counts ``query``'s matches and the rows are a window of them."""
    names = expected.result(query)
    text = "\n".join(left(line) for line in screen)
    total = f"{expected.total:,}"
    if query.strip():
        verb = "matches" if len(names) == 1 else "match"  # the status counts as English does
        status = f"{len(names):,} of {total} contacts {verb} {query.strip()} ·"
    else:
        status = f"{total} contacts ·"
    if status not in text:
        return False
    if not names:
        return "No contact matches" in text
    rows = visible_rows(screen)
    if not rows:
        return False
    window = len(rows)
    for start, name in enumerate(names):
        if rows[0].startswith(name[:10]) and all(
            start + k < len(names) and rows[k].startswith(names[start + k][:10])
            for k in range(window)
        ):
            return True
    return False


def on_today(screen: Screen) -> bool:
    """The app opened on Today (it does when something is due, as on these networks)."""
    return bool(screen) and screen[0].startswith(" Today ")


def input_text(screen: Screen) -> str | None:
    for line in screen[:4]:
        match = re.match(r"▊(.*?)▎", line)
        inner = match.group(1).strip() if match else ""
        if inner and inner.strip("▔▁"):
            return inner
    return None


def echoes(screen: Screen, query: str, placeholder: str) -> bool:
    return input_text(screen) == (query if query else placeholder)


def apply_key(query: str, key: str) -> str:
    if key == "PAUSE":
        return query
    if key == "C-u":
        return ""
    if key == "BSpace":
        return query[:-1]
    return query + key


# --- runs ---------------------------------------------------------------------------------


def launch(argv: list[str], env: dict[str, str]) -> Terminal:
    # Started outside the checkout, so that ``-m netui`` is the interpreter's own netui.
    return Terminal(argv, size=SIZE, env=env, cwd=Path(env["XDG_DATA_HOME"]))


@dataclass
class Figures:
    launch: Samples = field(default_factory=Samples)
    rss: Samples = field(default_factory=Samples)
    peak: Samples = field(default_factory=Samples)
    first_key: Samples = field(default_factory=Samples)
    echo: Samples = field(default_factory=Samples)
    result: Samples = field(default_factory=Samples)
    slowest: list[tuple[float, str]] = field(default_factory=list)


def nothing_due(path: Path) -> None:
    """Make the network at ``path`` one where Today has nothing to ask, so that the app
    opens on Contacts: every cadence a century, no follow-up, no meeting ahead (the
    names, and so the list and every search, are as they were)."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES ('default_cadence', '36500')"
        )
        connection.execute("UPDATE relationship SET cadence_days = NULL")
        connection.execute("UPDATE meeting SET follow_up = NULL")
        connection.execute("UPDATE meeting SET cancelled = 1 WHERE NOT done")
    connection.close()


def run_netui(
    python: str, network: Path, expected: Expected, env: dict[str, str], figures: Figures,
    *, typing: bool, due: bool = True, script: Sequence[str] = SCRIPT,
) -> None:  # fmt: skip
    with fresh_copy(network) as path:
        if not due:
            nothing_due(path)
        argv = [python, "-m", "netui", "--db", str(path)]
        with launch(argv, env) as terminal:
            started = terminal.start()
            shown, screen = terminal.wait_for(
                lambda s: on_today(s) or shows_result(s, expected, ""),
                "the first name (or Today)",
                timeout=120,
            )
            figures.launch.add(shown - started)
            figures.rss.add(terminal.memory()[0])
            if not shows_result(screen, expected, ""):
                terminal.send("1")  # from Today to Contacts (not timed)
                terminal.wait_for(
                    lambda s: shows_result(s, expected, ""), "the first name", timeout=120
                )
            # The first search, typed the moment the list is there.
            terminal.send("/")
            sent = terminal.send("a")
            shown, _ = terminal.wait_for(
                lambda s: shows_result(s, expected, "a"), "the first search", timeout=120
            )
            figures.first_key.add(shown - sent)
            if typing:
                terminal.send("C-u")
                terminal.wait_for(lambda s: shows_result(s, expected, ""), "a cleared search")
                terminal.settle(quiet=0.5)
                type_script(terminal, figures, NETUI_PLACEHOLDER, expected, script)
                figures.peak.add(terminal.memory()[1])


def run_floor(
    python: str,
    env: dict[str, str],
    figures: Figures,
    *,
    typing: bool,
    script: Sequence[str] = SCRIPT,
) -> None:
    argv = [python, str(Path(__file__).with_name("floor_app.py"))]
    with launch(argv, env) as terminal:
        started = terminal.start()
        shown, _ = terminal.wait_for(lambda s: "floor ready" in "\n".join(s), "the floor")
        figures.launch.add(shown - started)
        figures.rss.add(terminal.memory()[0])
        sent = terminal.send("a")
        shown, _ = terminal.wait_for(lambda s: echoes(s, "a", FLOOR_PLACEHOLDER), "an echo")
        figures.first_key.add(shown - sent)
        if typing:
            terminal.send("C-u")
            terminal.wait_for(lambda s: echoes(s, "", FLOOR_PLACEHOLDER), "a cleared box")
            terminal.settle(quiet=0.5)
            type_script(terminal, figures, FLOOR_PLACEHOLDER, None, script)
            figures.peak.add(terminal.memory()[1])


def type_script(
    terminal: Terminal,
    figures: Figures,
    placeholder: str,
    expected: Expected | None,
    script: Sequence[str] = SCRIPT,
) -> None:
    query = ""
    for key in script:
        if key == "PAUSE":
            terminal.settle(quiet=PAUSE_SECONDS)
            continue
        query = apply_key(query, key)
        sent = terminal.send(key)
        if query != query.rstrip():
            # A trailing space changes neither the text shown nor the result.
            terminal.settle(quiet=0.12)
            continue
        echoed, _ = terminal.wait_for(lambda s, q=query: echoes(s, q, placeholder), "an echo")
        figures.echo.add(echoed - sent)
        if expected is not None:
            try:
                shown, _ = terminal.wait_for(
                    lambda s, q=query: shows_result(s, expected, q), f"the result of {query!r}"
                )
            except TerminalTimeout as error:
                raise SystemExit(str(error)) from None
            figures.result.add(shown - sent)
            figures.slowest.append((shown - sent, query))
        terminal.settle(quiet=0.12)


# --- report -------------------------------------------------------------------------------


def row(label: str, value: str, floor: str, ratio: str, target: str) -> str:
    return f"  {label:<34}{value:>20}{floor:>20}{ratio:>12}   {target}"


def report(size: int, netui: Figures, floor: Figures) -> None:
    print(f"\n{size:,} contacts (median / p95; floor = the empty Textual app, same run)")
    print(row("", "netui", "floor", "", "target"))
    launch_ratio = netui.launch.median / floor.launch.median
    print(row(
        "launch → first name",
        f"{ms(netui.launch.median)} / {ms(netui.launch.p95)}",
        f"{ms(floor.launch.median)} / {ms(floor.launch.p95)}",
        f"{launch_ratio:.2f}×", "≤ 1.5× the floor",
    ))  # fmt: skip
    print(row(
        "RSS after first paint",
        f"{statistics.median(netui.rss.values):,.0f} MiB",
        f"{statistics.median(floor.rss.values):,.0f} MiB",
        "", "≤ 120 MiB at 30k, ≤ 200 MiB at 300k",
    ))  # fmt: skip
    if netui.peak.values:
        print(row(
            "peak RSS after typing", f"{max(netui.peak.values):,.0f} MiB",
            f"{max(floor.peak.values):,.0f} MiB", "", "",
        ))  # fmt: skip
    print(row(
        "first key at first paint → result",
        f"{ms(netui.first_key.median)} / {ms(netui.first_key.p95)}",
        f"{ms(floor.first_key.median)} / {ms(floor.first_key.p95)}", "echo", "",
    ))  # fmt: skip
    if netui.result.values:
        print(row(
            "one key → its echo",
            f"{ms(netui.echo.median)} / {ms(netui.echo.p95)}",
            f"{ms(floor.echo.median)} / {ms(floor.echo.p95)}",
            f"+{(netui.echo.p95 - floor.echo.p95) * 1000:.0f} ms", "p95 ≤ floor's + 10 ms",
        ))  # fmt: skip
        print(row(
            "one key → its result",
            f"{ms(netui.result.median)} / {ms(netui.result.p95)}",
            f"echo {ms(floor.echo.median)} / {ms(floor.echo.p95)}",
            f"+{(netui.result.p95 - floor.echo.p95) * 1000:.0f} ms",
            "p95 ≤ floor's echo + 16 ms",
        ))  # fmt: skip
        slowest = sorted(netui.slowest, reverse=True)[:5]
        print("  slowest keys: " + ", ".join(f"{q!r} {ms(t)}" for t, q in slowest))
        print(f"  ({len(netui.result.values)} keys typed, one at a time)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30000,300000", help="contact counts")
    parser.add_argument("--runs", type=int, default=5, help="launches of each app per size")
    parser.add_argument(
        "--launch-only", action="store_true", help="launches and the first search, no typing"
    )
    parser.add_argument(
        "--type-every-run",
        action="store_true",
        help="type the script in every launch, not only the last (more keys to compare)",
    )
    parser.add_argument(
        "--nothing-due",
        action="store_true",
        help="copies where nothing is due, so that netui opens on Contacts (its first name)",
    )
    parser.add_argument(
        "--script", choices=sorted(SCRIPTS), default="names", help="what is typed (see SCRIPTS)"
    )
    parser.add_argument("--python", default=sys.executable, help="the interpreter of netui")
    parser.add_argument("--floor-python", default=sys.executable)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    script = SCRIPTS[args.script]
    networks = {size: ensure_network(size, args.seed, args.cache) for size in sizes}
    print_preamble("Outside-in: netui and the floor in a real terminal (tmux, 120x40)")
    print(f"  netui: {args.python}")
    with tempfile.TemporaryDirectory(prefix="netui-outside-") as home:
        env = terminal_env(home)
        for python in {args.python, args.floor_python}:
            compile_netui(python)
        for size in sizes:
            expected = Expected(networks[size])
            for query in _queries(script):
                expected.result(query)  # computed now, not while an app runs
            netui, floor = Figures(), Figures()
            for run in range(args.runs):
                last = (args.type_every_run or run == args.runs - 1) and not args.launch_only
                run_floor(args.floor_python, env, floor, typing=last, script=script)
                run_netui(
                    args.python, networks[size], expected, env, netui,
                    typing=last, due=not args.nothing_due, script=script,
                )  # fmt: skip
            report(size, netui, floor)
    print("\nrerun: python -m benchmarks.bench_outside " + shlex.join(sys.argv[1:] or []))
    return 0


def compile_netui(python: str) -> None:
    """Write the bytecode of the interpreter's netui, as an installation does (an
    editable install, or ``PYTHONDONTWRITEBYTECODE``, would otherwise have every
    launch compile netui's modules from source)."""
    script = (
        "import compileall, os, netui; "
        "compileall.compile_dir(os.path.dirname(netui.__file__), quiet=1)"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([python, "-c", script], check=True, env=env, cwd=tempfile.gettempdir())


def _queries(script: Sequence[str] = SCRIPT) -> list[str]:
    queries, query = ["", "a"], ""
    for key in script:
        query = apply_key(query, key)
        queries.append(query)
    return queries


if __name__ == "__main__":
    raise SystemExit(main())
