"""Issue 8: crash safety, two instances, shipped schema versions, hostile input, privacy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
WRITER = HERE / "writer.py"
WINDOW = HERE / "window.py"
ROOT = HERE.parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: this checkout first on the path, UTF-8."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("NETUI_DEBUG", None)
    env.update(extra)
    return env


def writer(
    mode: str, db: Path, tag: str, count: int, seed: int = 0, *, stepped: bool = False
) -> subprocess.Popen[str]:
    """Start ``writer.py`` (see its docstring); its stdout is a pipe of ``ok`` lines.

    ``stepped``: before each SQL statement it prints ``step`` and waits for a line on
    its stdin (a pipe), so the parent can kill it at an exact statement.
    """
    argv = [sys.executable, str(WRITER), mode, str(db), tag, str(count), str(seed)]
    return subprocess.Popen(
        [*argv, "stepped"] if stepped else argv,
        stdin=subprocess.PIPE if stepped else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=child_env(),
    )


def netui(*argv: str, timeout: float = 60, **extra: str) -> subprocess.CompletedProcess[bytes]:
    """Run the real ``netui`` command line in a child process; raw bytes out."""
    return subprocess.run(
        [sys.executable, "-m", "netui", *argv],
        capture_output=True,
        timeout=timeout,
        env=child_env(**extra),
        check=False,
    )


def window(db: Path, *steps: str, timeout: float = 300) -> list[str]:
    """Run ``window.py``: a second netui app in its own process, driven through
    ``steps`` (see its docstring). Returns the notifications it showed."""
    done = subprocess.run(
        [sys.executable, str(WINDOW), str(db), *steps],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=child_env(),
        check=False,
    )
    assert done.returncode == 0 and done.stdout.endswith("ok\n"), done.stdout + done.stderr
    return [
        line.removeprefix("notified: ")
        for line in done.stdout.splitlines()
        if line.startswith("notified: ")
    ]
