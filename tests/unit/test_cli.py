"""The command line through ``netui.cli.main``, in process and as a real process.

Every test works on real SQLite files under ``tmp_path``; ``XDG_DATA_HOME`` and
``NETUI_DB`` point there too, so the user's own data folder is never touched. The
Textual app is replaced by a stand-in module, so no test opens a terminal UI.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import netui
from netui import paths
from netui.cli import main
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, get_contact
from netui.db.names import resolve_name

Run = Callable[..., tuple[int, str, str]]


@dataclass
class Dirs:
    data_home: Path
    env_db: Path

    @property
    def default_db(self) -> Path:
        return self.data_home / "netui" / "netui.db"


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dirs:
    """A private data folder and ``$NETUI_DB`` for this test only."""
    result = Dirs(data_home=tmp_path / "xdg-data", env_db=tmp_path / "env" / "netui-env.db")
    monkeypatch.setenv("XDG_DATA_HOME", str(result.data_home))
    monkeypatch.setenv("NETUI_DB", str(result.env_db))
    monkeypatch.delenv("NETUI_DEBUG", raising=False)
    return result


@pytest.fixture
def run(dirs: Dirs, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(*argv)`` -> ``(exit code, stdout, stderr)``."""

    def run(*argv: str) -> tuple[int, str, str]:
        close_database()
        code = main(list(argv))
        close_database()
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@dataclass
class FakeApp:
    """Stands in for ``netui.app``: records the paths it is opened on."""

    paths: list[Path] = field(default_factory=list)
    return_code: int | None = 0
    error: BaseException | None = None
    stopped: str | None = None  # what the app's exit_sentence() says

    def make_app(
        self, path: Path, start_meeting: int | None = None, **options: object
    ) -> types.SimpleNamespace:
        self.paths.append(Path(path))

        def run_app() -> None:
            if self.error is not None:
                raise self.error

        return types.SimpleNamespace(
            run=run_app, return_code=self.return_code, exit_sentence=lambda: self.stopped
        )


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> FakeApp:
    fake = FakeApp()
    module = types.ModuleType("netui.app")
    module.make_app = fake.make_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "netui.app", module)
    return fake


def contact_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM contact").fetchone()[0]


def one_line(text: str) -> bool:
    return text.endswith("\n") and text.count("\n") == 1


# --- netui add -----------------------------------------------------------------------


def test_add_with_every_option_is_stored(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    code, out, err = run(
        "--db", str(db), "add", "Dana  Levi",
        "--org", "Globex", "--role", "Head of Data", "--email", "dana@globex.example",
        "--phone", "+972 3 555 0101", "--tag", "ML, fintech", "--tag", "Mentor",
        "--tag", "ml", "--closeness", "4", "--cadence", "30", "--second-degree",
    )  # fmt: skip
    assert (code, out, err) == (0, "Added Dana Levi (Globex).\n", "")
    open_database(db)
    try:
        contact_id, name = resolve_name("dana levi")
        assert name == "Dana Levi"
        assert get_contact(contact_id).fields == ContactFields(
            name="Dana Levi",
            organisation="Globex",
            role="Head of Data",
            email="dana@globex.example",
            phone="+972 3 555 0101",
            closeness=4,
            cadence_days=30,
            second_degree=True,
            tags=("ML", "fintech", "Mentor"),  # as typed; "ml" is the same tag as "ML",
        )
    finally:
        close_database()


def test_add_with_only_a_name_uses_the_defaults(run: Run, dirs: Dirs) -> None:
    assert run("add", "Bo Ek") == (0, "Added Bo Ek.\n", "")
    open_database(dirs.env_db)
    try:
        fields = get_contact(resolve_name("bo ek")[0]).fields
    finally:
        close_database()
    assert (fields.closeness, fields.cadence_days, fields.second_degree, fields.tags) == (
        3,
        None,
        False,
        (),
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--email", "x"], "'x' is not an email address (like dana@example.com)."),
        (["--email", "dana@globex"], "'dana@globex' is not an email address"),
        (["--phone", "call me"], "'call me' is not a phone number"),
        (["--closeness", "9"], "Closeness is between 1 and 5."),
        (["--closeness", "close"], "'close' is not a closeness (a whole number from 1 to 5)."),
        (["--cadence", "0"], "A cadence is between 1 and 3650 days."),
        (["--cadence", "weekly"], "'weekly' is not a whole number of days."),
    ],
)
def test_validation_errors_exit_1_with_one_line_and_write_nothing(
    run: Run, tmp_path: Path, options: list[str], message: str
) -> None:
    db = tmp_path / "mine.db"
    assert run("--db", str(db), "add", "Avi Cohen")[0] == 0
    code, out, err = run("--db", str(db), "add", "Dana Levi", *options)
    assert (code, out) == (1, "")
    assert one_line(err)
    assert err.startswith(f"netui: {message}")
    assert contact_count(db) == 1


def test_a_blank_name_is_refused_before_the_database_is_created(run: Run, dirs: Dirs) -> None:
    assert run("add", "   ") == (1, "", "netui: A name is required.\n")
    assert run("add", "Dana", "--email", "nope")[0] == 1
    assert not dirs.env_db.exists()
    assert not dirs.env_db.parent.exists()


def test_adding_an_existing_name_adds_and_notes_it(run: Run, dirs: Dirs) -> None:
    run("add", "Dana Levi", "--org", "Globex")
    code, out, err = run("add", "dana levi")
    assert (code, out) == (0, "Added dana levi.\n")
    assert err == (
        "netui: note: Dana Levi @ Globex (#1) already had this name; added another one (#2). "
        'Name one of them as NAME@ORG or "#ID".\n'
    )
    assert contact_count(dirs.env_db) == 2


def test_control_characters_in_a_name_are_shown_not_sent(run: Run) -> None:
    code, out, _ = run("add", "Eve \x1b[31mRed", "--org", "Acme\x07")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert out == "Added Eve ␛[31mRed (Acme␇).\n"


# --- usage errors, --version, --help ----------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "start", "hint"),
    [
        (["frob"], "netui: 'frob' is not a netui command (choose from add,", "netui"),
        (["--frob"], "netui: unrecognized arguments: --frob.", "netui"),
        (["add"], "netui: the following arguments are required: NAME.", "netui add"),
        (["add", "Dana", "--bogus"], "netui: unrecognized arguments: --bogus.", "netui add"),
        (["add", "D", "--db", "x"], "netui: unrecognized arguments: --db x (--db", "netui add"),
        (["add", "Dana", "--org"], "netui: argument --org: expected one argument.", "netui add"),
        (["--db"], "netui: argument --db: expected one argument.", "netui"),
        (["--db", " ", "add", "Dana"], "netui: --db needs a file path.", "netui"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_with_one_line(
    run: Run, dirs: Dirs, argv: list[str], start: str, hint: str
) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert one_line(err), err
    assert err.startswith(start)
    assert err.endswith(f" Try '{hint} --help'.\n")
    assert "usage:" not in err
    assert not dirs.env_db.exists()


def test_version(run: Run) -> None:
    assert run("--version") == (0, f"netui {netui.__version__}\n", "")
    assert netui.__version__ == "0.1.0"


def test_help_describes_netui_and_lists_the_commands(run: Run) -> None:
    code, out, err = run("--help")
    assert (code, err) == (0, "")
    assert "professional network" in out
    assert "--db PATH" in out and "NETUI_DB" in out
    for command in ("add", "demo"):
        assert f"\n    {command} " in out


def test_subcommand_help(run: Run) -> None:
    code, out, _ = run("add", "--help")
    assert code == 0
    for option in ("--org", "--role", "--email", "--phone", "--tag", "--closeness", "--cadence"):
        assert option in out
    assert "--second-degree" in out


# --- where the database is ------------------------------------------------------------


def test_db_option_beats_netui_db(run: Run, dirs: Dirs, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.db"
    assert run("--db", str(chosen), "add", "Dana")[0] == 0
    assert contact_count(chosen) == 1
    assert not dirs.env_db.exists()
    assert not dirs.default_db.exists()


def test_netui_db_is_honoured(run: Run, dirs: Dirs) -> None:
    assert run("add", "Dana")[0] == 0
    assert contact_count(dirs.env_db) == 1
    assert not dirs.default_db.exists()


def test_db_option_expands_the_home_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert run("--db", "~/nets/work.db", "add", "Dana")[0] == 0
    assert contact_count(tmp_path / "home" / "nets" / "work.db") == 1


def test_default_database_is_private(run: Run, dirs: Dirs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETUI_DB")
    assert run("add", "Dana")[0] == 0
    assert dirs.default_db.is_file()
    assert stat.S_IMODE(dirs.default_db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(dirs.default_db.stat().st_mode) == 0o600


def newer_schema_file(path: Path) -> Path:
    open_database(path)
    close_database()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    return path


@pytest.mark.parametrize("argv", [["add", "Dana"], []], ids=["add", "open the app"])
def test_a_newer_schema_is_refused_in_one_sentence(
    run: Run, tmp_path: Path, fake_app: FakeApp, argv: list[str]
) -> None:
    db = newer_schema_file(tmp_path / "newer.db")
    code, out, err = run("--db", str(db), *argv)
    assert (code, out) == (1, "")
    assert one_line(err)
    assert err.startswith(f"netui: {db} was written by a newer netui")
    assert fake_app.paths == []


@pytest.mark.parametrize("argv", [["add", "Dana"], []], ids=["add", "open the app"])
def test_a_file_that_is_not_sqlite_is_refused(
    run: Run, tmp_path: Path, fake_app: FakeApp, argv: list[str]
) -> None:
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 50)
    code, out, err = run("--db", str(db), *argv)
    assert (code, out) == (1, "")
    assert one_line(err)
    assert err == f"netui: {db} is not a netui database.\n"
    assert fake_app.paths == []


def test_a_folder_is_not_a_database(run: Run, tmp_path: Path) -> None:
    assert run("--db", str(tmp_path), "add", "Dana") == (
        1,
        "",
        f"netui: {tmp_path} is a folder, not a database file.\n",
    )


# --- opening the app ------------------------------------------------------------------


def test_without_a_command_the_app_opens_on_the_users_database(
    run: Run, dirs: Dirs, fake_app: FakeApp
) -> None:
    fake_app.return_code = 3
    assert run() == (3, "", "")
    assert fake_app.paths == [dirs.env_db]
    assert dirs.env_db.is_file()  # created (and migrated) before the app starts


def test_an_app_without_a_return_code_exits_0(run: Run, tmp_path: Path, fake_app: FakeApp) -> None:
    fake_app.return_code = None
    db = tmp_path / "mine.db"
    assert run("--db", str(db)) == (0, "", "")
    assert fake_app.paths == [db]


def test_an_app_stopped_by_a_bug_says_where_its_traceback_is(
    run: Run, fake_app: FakeApp
) -> None:
    fake_app.return_code = 1
    fake_app.stopped = "The app stopped on an unexpected error (KeyError: 3); the details are in L."
    assert run() == (
        1,
        "",
        "netui: The app stopped on an unexpected error (KeyError: 3); the details are in L.\n",
    )


def test_ctrl_c_exits_130(run: Run, fake_app: FakeApp) -> None:
    fake_app.error = KeyboardInterrupt()
    code, out, err = run()
    assert (code, out, err) == (130, "", "netui: Interrupted.\n")


def test_an_unexpected_error_is_one_sentence_not_a_traceback(run: Run, fake_app: FakeApp) -> None:
    fake_app.error = RuntimeError("the flux\ncapacitor broke")
    code, out, err = run()
    assert (code, out) == (1, "")
    assert one_line(err)
    assert err.startswith("netui: Something went wrong (RuntimeError: the flux capacitor broke);")
    assert "Traceback" not in err
    # The traceback is in the log the sentence names.
    log_file = paths.log_path().absolute()
    assert err == (
        "netui: Something went wrong (RuntimeError: the flux capacitor broke); "
        f"the details are in {log_file}.\n"
    )
    text = log_file.read_text(encoding="utf-8")
    assert "A command stopped on an unexpected error" in text
    assert "Traceback (most recent call last):" in text
    assert text.rstrip().endswith("capacitor broke")


# --- as a real process -----------------------------------------------------------------


def netui_process(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "NETUI_DB": str(tmp_path / "env.db"),
    }
    env.pop("NETUI_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "netui", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["add", "Dana", "--email", "not-an-address"], 1),
        (["add", "Dana", "--closeness", "lots"], 1),
        (["--db", "newer.db", "add", "Dana"], 1),
        (["--db", "notes.db", "add", "Dana"], 1),
        (["frob"], 2),
        (["add"], 2),
    ],
)
def test_a_real_process_prints_one_line_and_no_traceback(
    tmp_path: Path, argv: list[str], code: int
) -> None:
    newer_schema_file(tmp_path / "newer.db")
    (tmp_path / "notes.db").write_bytes(b"\x00garbage\xff" * 400)
    result = netui_process(tmp_path, *argv)
    assert result.returncode == code
    assert result.stdout == ""
    assert one_line(result.stderr), result.stderr
    assert result.stderr.startswith("netui: ")
    assert "Traceback" not in result.stderr


def test_a_real_process_adds_without_loading_textual(tmp_path: Path) -> None:
    script = (
        "import sys; from netui.cli import main; "
        "code = main(['add', 'Dana Levi', '--org', 'Globex']); "
        "print(code, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    env = {**os.environ, "NETUI_DB": str(tmp_path / "env.db")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.stdout == "Added Dana Levi (Globex).\n0 False\n"
    assert result.stderr == ""
