"""Privacy: a 0700 data folder, 0600 files for everything netui writes, no network
access anywhere, and no write through a symlink the user did not name."""

from __future__ import annotations

import ast
import os
import shutil
import socket
import stat
from pathlib import Path

import pytest

import netui
from netui import clock, paths
from netui.cli import main
from tests.hardening.test_migrations_shipped import SHIPPED

PACKAGE = Path(netui.__file__).parent
NETWORK_MODULES = {
    "socket", "ssl", "urllib", "http", "requests", "httpx", "aiohttp", "urllib3",
    "ftplib", "smtplib", "poplib", "imaplib", "telnetlib", "xmlrpc", "webbrowser",
    "socketserver", "asyncio.streams", "textual_serve",
}  # fmt: skip
#: Pure text parsing, no I/O.
ALLOWED = ("urllib.parse",)
#: The one deliberate exception: ``netui serve`` listens for a browser (textual-serve,
#: on aiohttp), on 127.0.0.1 unless ``--public`` is given (tests/unit/test_serve.py).
LISTENS = {"commands/serve.py": ("textual_serve",)}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "netui.db"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(SHIPPED[max(SHIPPED)], path)
    path.chmod(0o600)
    return path


def test_the_default_data_folder_is_0700_and_the_database_0600(monkeypatch, capsys) -> None:
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    assert main(["add", "Dana"]) == 0
    database = paths.default_db_path()
    assert database.exists()
    assert mode(database.parent) == 0o700
    for file in database.parent.iterdir():  # the database, its -wal and -shm
        assert mode(file) == 0o600, file


def test_every_file_netui_writes_is_0600(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.umask(0o022)  # a usual umask: what netui writes must not depend on it
    for argv in (
        ["export", "json", str(out / "all.json")],
        ["export", "vcard", str(out / "all.vcf")],
        ["backup", str(out / "copy.db")],
        ["backup"],
        ["prep", "csi:", "-o", str(out / "prep.md")],
    ):
        assert main(["--db", str(db), *argv]) == 0, capsys.readouterr().err
    written = [*out.iterdir(), *db.parent.glob("*-backup-*.db")]
    assert len(written) == 5
    for file in written:
        assert mode(file) == 0o600, file
    # an existing file replaced with --force is made private too
    loose = out / "loose.json"
    loose.write_text("{}")
    loose.chmod(0o644)
    assert main(["--db", str(db), "export", "json", str(loose), "--force"]) == 0
    assert mode(loose) == 0o600


def test_the_migration_backup_is_0600(tmp_path: Path, capsys) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(SHIPPED[1], old)
    old.chmod(0o644)
    assert main(["--db", str(old), "add", "Someone"]) == 0
    (backup,) = tmp_path.glob("old.db.v1-*.bak")
    assert mode(backup) == 0o600


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            names.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return names


def test_no_module_of_netui_imports_anything_that_talks_to_the_network() -> None:
    offenders = {}
    files = list(PACKAGE.rglob("*.py"))
    assert len(files) > 30
    for path in files:
        bad = {
            name
            for name in imported_modules(path)
            if (name in NETWORK_MODULES or name.split(".")[0] in NETWORK_MODULES)
            and not name.startswith(ALLOWED)
            and not name.startswith(LISTENS.get(path.relative_to(PACKAGE).as_posix(), ()))
        }
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}


def test_the_main_commands_run_with_the_network_switched_off(
    db: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("netui tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    csv = tmp_path / "c.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.org,Engines,Analyst,"
        "01 Jan 2024\n"
    )
    for argv in (
        ["add", "Grace Hopper", "--org", "Navy"],
        ["tie", "Grace", "Dana Whitfield", "--strength", "4"],
        ["log", "Grace", "--gave", "--currency", "knowledge", "--value", "3"],
        ["meter"],
        ["meter", "--json"],
        ["brokers", "csi:"],
        ["prep", "Grace", "--markdown"],
        ["import", "linkedin", str(csv)],
        ["export", "json", str(tmp_path / "e.json")],
        ["export", "vcard", "-"],
        ["backup", str(tmp_path / "b.db")],
        ["import", "csv", str(csv)],
        ["list", "--json"],
        ["show", "Grace", "--json"],
        ["query", "grace"],
        ["__names", "gr"],
        ["completion", "bash"],
        ["manpage"],
    ):
        assert main(["--db", str(db), *argv]) == 0, (argv, capsys.readouterr().err)


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "json"],
        ["export", "json", "--force"],
        ["export", "vcard"],
        ["export", "vcard", "--force"],
        ["backup"],
        ["backup", "--force"],
        ["prep", "csi:", "-o"],
    ],
    ids=" ".join,
)
def test_a_symlink_planted_at_the_target_is_refused_and_its_target_untouched(
    argv: list[str], db: Path, tmp_path: Path, capsys
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o644)
    link = tmp_path / "planted"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "would-be-created")
    for target in (link, dangling):
        command = [*argv[:2], str(target), *argv[2:]]
        if argv[0] == "prep":
            command = [*argv, str(target)]
        code = main(["--db", str(db), *command])
        err = capsys.readouterr().err
        assert code == 1, err
        assert "symbolic link" in err
    assert victim.read_text() == "precious"
    assert mode(victim) == 0o644
    assert not (tmp_path / "would-be-created").exists()
    assert link.is_symlink() and dangling.is_symlink()


def test_the_migration_backup_never_goes_through_a_planted_symlink(tmp_path: Path, capsys) -> None:
    import datetime as dt

    old = tmp_path / "old.db"
    shutil.copyfile(SHIPPED[1], old)
    victim = tmp_path / "victim"
    now = clock.now()
    planted = []
    for seconds in range(-1, 5):  # the names the backup may take in the next seconds
        stamp = (now + dt.timedelta(seconds=seconds)).strftime("%Y%m%d-%H%M%S")
        link = tmp_path / f"old.db.v1-{stamp}.bak"
        link.symlink_to(victim)  # dangling: exists() is false, lexists() true
        planted.append(link)
    assert main(["--db", str(old), "add", "Someone"]) == 0, capsys.readouterr().err
    assert not victim.exists()
    assert all(link.is_symlink() for link in planted)
    backups = [p for p in tmp_path.glob("old.db.v1-*.bak") if not p.is_symlink()]
    assert len(backups) == 1 and mode(backups[0]) == 0o600
