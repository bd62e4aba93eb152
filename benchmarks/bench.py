"""The scale benchmark: how the Contacts screen feels at 30 and at 30,000 contacts.

    python -m benchmarks.bench [--sizes 30,30000] [--keystrokes N] [--runs 5]

Networks come from :mod:`benchmarks.generate` (ties 10x and exchanges 5x the
contacts) and are cached in ``benchmarks/.cache/``, keyed by size, seed and
generator version. Every measured run works on a fresh copy of the cached file.
Nothing here asserts on time; it only prints. See ``benchmarks/README.md`` for
what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import math
import os
import platform
import random
import shlex
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.generate import GENERATOR_VERSION, generate

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 1
TERMINAL = (120, 40)
TIMEOUT = 30.0  # seconds before a wait counts as "never"
POLL = 0.001  # seconds between checks: well under the figures measured

#: What a user types into the search box: (keys, what it stands for). ``ctrl+u``
#: clears the box (Input's "delete all to the left"), ``backspace`` deletes one.
SCRIPT: tuple[tuple[tuple[str, ...], str], ...] = (
    ((*"müller", "ctrl+u"), "a surname (non-ASCII)"),
    ((*"redwood univ", "ctrl+u"), "an organisation (two words)"),
    ((*"machine learning", "ctrl+u"), "a tag"),
    ((*"kubernetes", *["backspace"] * 4, "ctrl+u"), "a tag, then backspaces"),
    ((*"qzxv", "ctrl+u"), "no match"),
    ((*"dana shah", "ctrl+u"), "first name and surname"),
    ((*"cto fintech", "ctrl+u"), "a role and a tag"),
    ((*"o'brien", "ctrl+u"), "a surname with an apostrophe"),
    ((*"growth", *["backspace"] * 6), "a tag, deleted key by key"),
    ((*"søren", "ctrl+u"), "a first name (non-ASCII)"),
)
#: Whole words typed at a fast typist's pace without waiting for results.
BURSTS = ("redwood university", "fischer", "product management", "zzzz", "anna")
BURST_GAP = 0.08  # seconds between keys: 12.5 keys/s


# --- small helpers ---------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "—"
    if seconds == float("inf"):
        return "timeout"
    return f"{seconds * 1000:,.1f} ms"


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (the value at or above ``fraction`` of the samples)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * fraction))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Figure:
    label: str
    samples: list[float] = field(default_factory=list)

    def stats(self) -> dict[str, float]:
        if not self.samples:
            return {}
        return {
            "n": len(self.samples),
            "median": statistics.median(self.samples),
            "p95": percentile(self.samples, 0.95),
            "max": max(self.samples),
        }


def print_table(title: str, figures: Sequence[Figure], columns: Sequence[str]) -> None:
    print(f"\n{title}")
    width = max(len(f.label) for f in figures) + 2
    header = f"  {'':{width}}" + "".join(f"{c:>13}" for c in columns)
    print(header)
    print("  " + "-" * (len(header) - 2))
    for figure in figures:
        stats = figure.stats()
        cells = []
        for column in columns:
            value = stats.get(column)
            if column == "n":
                cells.append(f"{int(value) if value else 0:>13}")
            else:
                cells.append(f"{ms(value):>13}")
        print(f"  {figure.label:{width}}" + "".join(cells))


def machine_info() -> list[str]:
    import peewee
    import textual

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"CPU: {cpu}, {os.cpu_count()} logical CPUs",
        f"OS: {platform.platform()}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"SQLite {sqlite3.sqlite_version}, Textual {textual.__version__}, "
        f"Peewee {peewee.__version__}",
    ]


def terminal_env(home: str) -> dict[str, str]:
    """The environment of an app run in a benchmark's terminal: ``home`` for every
    file it may keep (no user's config), a true-colour xterm, and bytecode written as
    an installation has it."""
    return {
        "HOME": home,
        "NETUI_CONFIG": str(Path(home) / "config.toml"),  # no user config
        "XDG_CONFIG_HOME": home,
        "XDG_DATA_HOME": home,
        "XDG_STATE_HOME": home,
        "XDG_CACHE_HOME": home,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PYTHONDONTWRITEBYTECODE": "",  # an installed netui has its bytecode
    }


def print_preamble(title: str, network: Path | None = None) -> None:
    """The benchmark's name, the machine, the load, and the network it runs on."""
    print(title)
    for line in machine_info():
        print(f"  {line}")
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"  load average before the run: {load} (wall-clock figures include waiting)")
    if network is not None:
        print(f"  network: {network} ({network.stat().st_size / 1e6:,.1f} MB)")


# --- the networks ----------------------------------------------------------------------


def network_path(contacts: int, seed: int, cache: Path) -> Path:
    return cache / (
        f"network-c{contacts}-t{10 * contacts}-e{5 * contacts}-s{seed}-v{GENERATOR_VERSION}.db"
    )


def ensure_network(contacts: int, seed: int, cache: Path) -> Path:
    """The cached network of ``contacts`` contacts, generated on first use, as netui
    leaves a file it has opened (:func:`as_netui_left_it`)."""
    path = network_path(contacts, seed, cache)
    if path.exists():
        as_netui_left_it(path)
        return path
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(partial) + suffix).unlink()
    started = time.perf_counter()
    ties = min(10 * contacts, contacts * (contacts - 1) // 2)
    generate(partial, contacts, ties, 5 * contacts, seed=seed)
    partial.replace(path)
    print(f"  generated {path.name} in {time.perf_counter() - started:.1f} s")
    as_netui_left_it(path)
    return path


def as_netui_left_it(path: Path) -> None:
    """Bring a cached network to what a user's file is once netui has opened it: at
    the current schema (migrated in place, the backup beside it removed) and, for a
    big network, with its search index and the index's pairs stored
    (:mod:`netui.db.search_snapshots`: the app builds and stores the pairs at the
    first pause in typing), so that a run's fresh copy launches as a user's file does
    every day after the first. Does nothing when the file is already so."""
    from netui.db.migrations import LATEST
    from netui.db.search import SNAPSHOT_FROM

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        current = version == LATEST and (
            connection.execute("SELECT count(*) FROM contact").fetchone()[0] < SNAPSHOT_FROM
            or all(
                connection.execute(
                    f"SELECT count(*) FROM {table} WHERE counter ="
                    " (SELECT counter FROM search_version)"
                ).fetchone()[0]
                for table in ("search_snapshot", "search_pairs")
            )
        )
    finally:
        connection.close()
    if current:
        return
    from netui.db.connection import close_database, open_database
    from netui.db.search import search_engine

    started = time.perf_counter()
    open_database(path)
    try:
        engine = search_engine()
        index = engine.index()
        engine.wait_for_snapshot()
        index.build_pairs_soon()  # stored by the engine once built, as the app does
        for thread in threading.enumerate():
            if thread.name == "search-pairs":
                thread.join()
        engine.wait_for_snapshot()
    finally:
        close_database()
    for backup in path.parent.glob(f"{path.name}.v*.bak"):
        backup.unlink()
    print(f"  {path.name}: opened once by netui in {time.perf_counter() - started:.1f} s")


@contextlib.contextmanager
def fresh_copy(source: Path) -> Iterator[Path]:
    """A private copy of a cached network, so no run sees another's writes. The copy
    is on the disk before it is handed out: a user's file is not a gigabyte the
    kernel is still writing back (at 300,000 contacts that writeback ran beside the
    launch timed next)."""
    with tempfile.TemporaryDirectory(prefix="netui-bench-") as folder:
        target = Path(folder) / "netui.db"
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        descriptor = os.open(target, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        yield target


# --- the app ---------------------------------------------------------------------------


@dataclass
class PaintRun:
    make_app: float
    app_start: float
    first_result: float
    rows_painted: float


@contextlib.contextmanager
def watch_row_paint(marks: dict[str, float]) -> Iterator[None]:
    """Note when the contact list first renders a line of a non-empty result."""
    from netui.widgets.contact_list import ContactList

    original = ContactList.render_line

    def render_line(self: Any, y: int) -> Any:
        strip = original(self, y)
        if "rows" not in marks and self.row_count > 0:
            marks["rows"] = time.perf_counter()
        return strip

    ContactList.render_line = render_line  # type: ignore[method-assign]
    try:
        yield
    finally:
        ContactList.render_line = original  # type: ignore[method-assign]


def contact_list(app: Any) -> Any:
    from textual.css.query import NoMatches

    try:
        return app.screen.query_one("#contact-list")
    except NoMatches:  # the screen is not composed yet
        return None


async def wait_until(pilot: Any, condition: Callable[[], bool], started: float) -> float:
    """Poll ``condition`` every millisecond; the seconds since ``started`` it took."""
    while not condition():
        if time.perf_counter() - started > TIMEOUT:
            return float("inf")
        await pilot.pause(POLL)
    return time.perf_counter() - started


def first_page_shown(app: Any) -> bool:
    widget = contact_list(app)
    return widget is not None and widget.applied_query is not None and widget.row_count > 0


async def measure_first_paint(db_path: Path) -> PaintRun:
    from netui.app import make_app

    marks: dict[str, float] = {}
    gc.collect()
    with watch_row_paint(marks):
        started = time.perf_counter()
        app = make_app(db_path)
        made = time.perf_counter() - started
        async with app.run_test(size=TERMINAL) as pilot:
            app_start = time.perf_counter() - started
            first_result = await wait_until(pilot, lambda: first_page_shown(app), started)
            if "rows" not in marks and first_result != float("inf"):
                await wait_until(pilot, lambda: "rows" in marks, started)
    rows = marks["rows"] - started if "rows" in marks else float("inf")
    return PaintRun(made, app_start, first_result, rows)


def key_event(key: str) -> Any:
    """The ``Key`` event that ``Pilot.press(key)`` sends (textual/app.py ``_press_keys``)."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def expected_after(value: str, key: str) -> str:
    if key == "backspace":
        return value[:-1]
    if key == "ctrl+u":
        return ""
    return value + key


def script_keys(limit: int | None) -> list[str]:
    keys = [key for keystrokes, _ in SCRIPT for key in keystrokes]
    if limit is None:
        return keys
    cycled: list[str] = []
    while len(cycled) < limit:
        cycled.extend(keys)
    return cycled[:limit]


@dataclass
class SearchRun:
    direct: list[float]
    via_pilot: list[float]
    bursts: list[float]
    worst: list[tuple[float, str]]


@contextlib.contextmanager
def watch_frames(app: Any, marks: dict[str, float]) -> Iterator[None]:
    """Note when the list last applied a result (``applied``) and when the app last
    composed a frame for the terminal (``frame``): a result is on screen once a frame
    follows its apply with nothing left to repaint."""
    from netui.widgets.contact_list import ContactList

    show_result = ContactList.show_result

    def applied(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = show_result(self, *args, **kwargs)
        marks["applied"] = time.perf_counter()
        return result

    display = app._display

    def displayed(screen: Any, renderable: Any) -> Any:
        result = display(screen, renderable)
        if renderable is not None:
            marks["frame"] = time.perf_counter()
        return result

    ContactList.show_result = applied  # type: ignore[method-assign]
    app._display = displayed
    try:
        yield
    finally:
        ContactList.show_result = show_result  # type: ignore[method-assign]
        del app._display


def repainted(app: Any, widget: Any, marks: dict[str, float]) -> bool:
    """The last result applied is painted: a frame came after it, no widget on the
    screen waits for a repaint (the screen clears that set as it composes a frame),
    and no line on screen waits for its row."""
    return (
        marks.get("frame", 0.0) >= marks.get("applied", float("inf"))
        and not app.screen._dirty_widgets
        and not getattr(widget, "_wanted", ())
    )


async def measure_search(db_path: Path, keys: Sequence[str]) -> SearchRun:
    """Type ``keys`` into the search box; per key, the time until its result is
    painted (the frame after the list applied it, with nothing left to repaint)."""
    from netui.app import make_app

    app = make_app(db_path)
    direct: list[float] = []
    via_pilot: list[float] = []
    bursts: list[float] = []
    worst: list[tuple[float, str]] = []
    marks: dict[str, float] = {}
    async with app.run_test(size=TERMINAL) as pilot:
        if await wait_until(pilot, lambda: first_page_shown(app), time.perf_counter()) == float(
            "inf"
        ):
            raise RuntimeError("the contact list never showed its first page")
        await pilot.press("slash")
        search = app.screen.query_one("#search")
        if not search.has_focus:
            raise RuntimeError("'/' did not focus the search box (#search)")
        widget = contact_list(app)

        def settled(expected: str) -> Callable[[], bool]:
            return lambda: (
                search.value == expected
                and widget.applied_query == expected
                and repainted(app, widget, marks)
            )

        with watch_frames(app, marks):
            # 1. The key event goes straight into the app's queue; polled every ms.
            value = search.value
            for key in keys:
                value = expected_after(value, key)
                marks.pop("applied", None)
                started = time.perf_counter()
                app.post_message(key_event(key))
                took = await wait_until(pilot, settled(value), started)
                direct.append(took)
                worst.append((took, value if key != "ctrl+u" else "ctrl+u (clear)"))
            # 2. The same keys through Pilot.press, which itself waits for the app to go
            #    idle (its wait_for_idle sleeps in 20 ms steps): these include that floor.
            for key in keys:
                value = expected_after(value, key)
                marks.pop("applied", None)
                started = time.perf_counter()
                await pilot.press(key)
                via_pilot.append(await wait_until(pilot, settled(value), started))
            # 3. Whole words at a typist's pace, not waiting for results between keys:
            #    the time from the last key until the last query's result is painted.
            for word in BURSTS:
                await pilot.press("ctrl+u")
                await wait_until(pilot, settled(""), time.perf_counter())
                last_key = time.perf_counter()
                for index, char in enumerate(word):
                    if index:
                        await asyncio.sleep(BURST_GAP)
                    last_key = time.perf_counter()
                    marks.pop("applied", None)
                    app.post_message(key_event(char))
                bursts.append(await wait_until(pilot, settled(word), last_key))
    worst.sort(reverse=True)
    return SearchRun(direct, via_pilot, bursts, worst[:5])


# --- the data layer alone --------------------------------------------------------------


def measure_data_layer(db_path: Path, keys: Sequence[str]) -> list[Figure]:
    from netui.db.connection import close_database, open_database
    from netui.db.contacts import SortKey, contact_rows, count_contacts
    from netui.db.search import close_search, list_contact_ids, search_contacts

    open_database(db_path)
    try:
        queries: list[str] = []
        value = ""
        for key in keys:
            value = expected_after(value, key)
            queries.append(value)
        # The search the app runs (netui.db.search): its index is built once per
        # version of the data, on a connection of its own.
        build = Figure("search index made (new engine; loaded when stored)")
        for _ in range(3):
            close_search()
            gc.collect()
            started = time.perf_counter()
            search_contacts("")
            build.samples.append(time.perf_counter() - started)
        search = Figure("search_contacts, each typed query, first screen read")
        for query in queries:
            started = time.perf_counter()
            list(search_contacts(query)[:TERMINAL[1]])
            search.samples.append(time.perf_counter() - started)
        figures = [build, search]
        for sort in SortKey:
            figure = Figure(f"list_contact_ids('', sort={sort.value})")
            for _ in range(5):
                started = time.perf_counter()
                list_contact_ids("", sort)
                figure.samples.append(time.perf_counter() - started)
            figures.append(figure)
        counting = Figure("count_contacts()")
        for _ in range(20):
            started = time.perf_counter()
            count_contacts()
            counting.samples.append(time.perf_counter() - started)
        figures.append(counting)
        ids = list_contact_ids("")
        rng = random.Random(SEED)
        for size in (60, 100):
            figure = Figure(f"contact_rows, a page of {size} ids")
            for _ in range(40):
                start = rng.randrange(max(len(ids) - size, 1))
                page = ids[start : start + size]
                started = time.perf_counter()
                contact_rows(page)
                figure.samples.append(time.perf_counter() - started)
            figures.append(figure)
        return figures
    finally:
        close_database()


# --- main ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Time the Contacts screen and its queries on synthetic networks.",
    )
    parser.add_argument(
        "--sizes", default="30,30000", help="contact counts, comma-separated (default 30,30000)"
    )
    parser.add_argument(
        "--keystrokes",
        type=int,
        default=None,
        help=f"keystrokes to type at the largest size (default: the script, "
        f"{len(script_keys(None))})",
    )
    parser.add_argument("--runs", type=int, default=5, help="first-paint runs per size")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE, help="where networks are kept")
    parser.add_argument("--no-app", action="store_true", help="only the data-layer figures")
    args = parser.parse_args(argv)
    sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    keys = script_keys(args.keystrokes)
    command = shlex.join(["python", "-m", "benchmarks.bench", *(argv or sys.argv[1:])])

    print_preamble("netui scale benchmark")
    print(f"  terminal {TERMINAL[0]}x{TERMINAL[1]}, headless (App.run_test), seed {args.seed}")
    print("\nNetworks (ties 10x, exchanges 5x contacts):")
    networks = {size: ensure_network(size, args.seed, args.cache) for size in sizes}
    for size, path in networks.items():
        print(f"  {size:>7,} contacts: {path} ({path.stat().st_size / 1e6:,.1f} MB)")

    largest = max(sizes)
    app_error: str | None = None
    if not args.no_app:
        try:
            import netui.app
            import netui.widgets.contact_list  # noqa: F401
        except ImportError as error:
            app_error = f"the app is not importable ({error})"
    if args.no_app or app_error:
        print(f"\nApp figures skipped: {app_error or '--no-app'}.")
    else:
        paint_figures: list[Figure] = []
        for size in sizes:
            runs: list[PaintRun] = []
            for _ in range(args.runs):
                with fresh_copy(networks[size]) as path:
                    runs.append(asyncio.run(measure_first_paint(path)))
            label = f"{size:,} contacts"
            paint_figures += [
                Figure(f"{label}: make_app (open db)", [r.make_app for r in runs]),
                Figure(f"{label}: app start (first pilot callback)", [r.app_start for r in runs]),
                Figure(f"{label}: first rows rendered", [r.rows_painted for r in runs]),
                Figure(
                    f"{label}: first result (applied, rows > 0)", [r.first_result for r in runs]
                ),
            ]
            print(
                f"  {label}: first paint, each run: " + ", ".join(ms(r.rows_painted) for r in runs)
            )
        print_table(
            f"Time to first paint of the Contacts screen ({args.runs} runs each, from just "
            "before make_app)",
            paint_figures,
            ("n", "median", "max"),
        )

        with fresh_copy(networks[largest]) as path:
            result = asyncio.run(measure_search(path, keys))
        print_table(
            f"Search latency per keystroke at {largest:,} contacts (key -> its result "
            "painted: the frame after the list applied it, nothing left to repaint)",
            [
                Figure("key event posted, polled every 1 ms", result.direct),
                Figure("via Pilot.press (has a ~40 ms idle-wait floor)", result.via_pilot),
                Figure(
                    f"word typed at {1 / BURST_GAP:.1f} keys/s: last key -> result",
                    result.bursts,
                ),
            ],
            ("n", "median", "p95", "max"),
        )
        print(
            "  slowest keystrokes (direct): "
            + "; ".join(f"{ms(took)} for {text!r}" for took, text in result.worst)
        )

    with fresh_copy(networks[largest]) as path:
        figures = measure_data_layer(path, keys)
    print_table(
        f"Data layer alone at {largest:,} contacts (no Textual)",
        figures,
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
