"""Which database files passed SQLite's ``quick_check`` as they are now.

A reading command (``netui meter``) checks the file beside its reading
(:mod:`netui.db.checking`): 0.3-0.5 s of CPU at 30,000 contacts, more than the
command's own work. A check tells nothing new about a file that has not changed since
one passed, so the last passing check of each file is remembered here, as the
file's and its ``-wal``'s identity, size and times (``os.stat``) taken just before
that check, in ``<cache dir>/checked.json``. A file that changed in any way since
(a write, a checkpoint, a copy over it, damage by another program) is checked
again. Commands that write, and the app, check as before, whatever is remembered.

Only a hint: a memo that cannot be read or written is ignored, and the check runs.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

#: Files remembered at most (the newest kept).
KEEP = 32

Stamp = list[int]


def _stat(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]


def stamp(path: Path) -> list[Stamp | None] | None:
    """What identifies the file as it is now (and its ``-wal``); ``None`` when it
    cannot be told (no such file)."""
    main = _stat(path)
    if main is None:
        return None
    return [main, _stat(Path(f"{path}-wal"))]


def _memo_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("netui", appauthor=False)) / "checked.json"


def _read() -> dict[str, list[Stamp | None]]:
    with contextlib.suppress(OSError, ValueError):
        memo = json.loads(_memo_path().read_text(encoding="utf-8"))
        if isinstance(memo, dict):
            return memo
    return {}


def _key(path: Path) -> str:
    return str(Path(path).absolute())


def passed_as_is(path: Path) -> bool:
    """Whether ``path`` passed a check and has not changed since."""
    now = stamp(path)
    return now is not None and _read().get(_key(path)) == now


def remember(path: Path, before: list[Stamp | None] | None) -> None:
    """``path`` passed the check that started when it was ``before``."""
    if before is None:
        return
    memo = _read()
    memo.pop(_key(path), None)
    memo[_key(path)] = before
    kept = dict(list(memo.items())[-KEEP:])
    target = _memo_path()
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = target.with_name(f"{target.name}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(kept, handle)
        os.replace(partial, target)


def forget(path: Path) -> None:
    """No check of ``path`` is to be trusted any more (it failed)."""
    memo = _read()
    if memo.pop(_key(path), None) is not None:
        with contextlib.suppress(OSError):
            _memo_path().write_text(json.dumps(memo), encoding="utf-8")
