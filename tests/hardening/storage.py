"""Helpers of the storage tests (issue 12): a tiny file system, another user, digests."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.hardening import child_env

#: The user the permission tests run netui as when the tests run as root (root may
#: read and write any file, so a folder of mode 000 would prove nothing).
NOBODY = 65534


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str = "contact") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@contextlib.contextmanager
def tiny_filesystem(folder: Path, size: str = "640k") -> Iterator[Path | None]:
    """A tmpfs of ``size`` mounted at ``folder``, or ``None`` when this machine does not
    let the tests mount one (not root, or no CAP_SYS_ADMIN)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill_up(folder: Path, leave: int) -> Path:
    """Fill the file system of ``folder`` until only about ``leave`` bytes are free."""
    filler = folder / "filler"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


def run_limited(argv: list[str], file_size: int, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``netui ARGV`` in a child whose files may not grow beyond ``file_size`` bytes
    (RLIMIT_FSIZE, with SIGXFSZ ignored: a write past the limit fails with EFBIG)."""
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({file_size}, {file_size}))\n"
        "from netui.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=child_env(),
        timeout=300,
        check=False,
    )


#: Run as root, the child imports netui (and what it imports) first, then becomes
#: ``nobody`` and runs the command: the Python it runs on may live in a folder that
#: only root can read.
AS_NOBODY = f"""
import importlib, os, pkgutil, sys
import netui.cli, netui.commands, netui.core, netui.db
for package in (netui.commands, netui.core, netui.db):
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        importlib.import_module(info.name)
netui.cli.build_parser()
import rich.cells  # imported lazily, with its Unicode tables, by the width of a name
rich.cells.cell_len("Zoë 👩‍👩‍👧 ש")
os.setgroups([])
os.setgid({NOBODY})
os.setuid({NOBODY})
sys.exit(netui.cli.main(sys.argv[1:]))
"""


class Stranger:
    """Runs ``netui`` as a user who is not root, in a folder that user may reach.

    When the tests run as root the child becomes ``nobody`` (permission bits mean
    nothing to root); otherwise it runs as the current user. ``home`` is a fresh
    folder owned by that user, traversable by everyone.
    """

    def __init__(self) -> None:
        self.root = os.geteuid() == 0
        self.base = Path(tempfile.mkdtemp(prefix="netui-stranger-", dir="/tmp"))
        self.base.chmod(0o755)
        self.home = self.base / "home"
        self.home.mkdir()
        if self.root:
            os.chown(self.home, NOBODY, NOBODY)

    def run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = child_env(
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            NETUI_DB=str(self.home / "env.db"),
        )
        command = ["-c", AS_NOBODY] if self.root else ["-m", "netui"]
        return subprocess.run(
            [sys.executable, *command, *argv],
            capture_output=True,
            text=True,
            cwd=self.home,
            env=env,
            timeout=timeout,
            check=False,
        )

    def can_run(self) -> bool:
        """Whether netui runs as that user here, and that user is really kept out of a
        folder of mode 000 (so the permission tests prove something)."""
        locked = self.base / "probe"
        locked.mkdir(mode=0o000)
        try:
            result = self.run("--db", str(locked / "x.db"), "meter")
            return result.returncode == 1 and "permission denied" in result.stderr
        except OSError:
            return False
        finally:
            locked.rmdir()

    def own(self, path: Path) -> None:
        """Give ``path`` (and what is under it) to the user netui runs as."""
        if not self.root:
            return
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        for folder, names, files in os.walk(path):
            os.chown(folder, NOBODY, NOBODY)
            for name in names + files:
                os.chown(os.path.join(folder, name), NOBODY, NOBODY, follow_symlinks=False)

    def cleanup(self) -> None:
        for folder, names, _files in os.walk(self.base):
            for name in names:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(folder, name), 0o700)
        shutil.rmtree(self.base, ignore_errors=True)
