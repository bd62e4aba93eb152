"""Write ``netui-v7.db``: a real database file at schema version 7, with data.

Version 7 brings members (``netui.db.members``): the file's one member, whose
``relationship`` with each contact holds the closeness and cadence the contact row
used to, and who owns every ledger entry, meeting, goal, touch and snooze
(``member_id``; entries, meetings and goals are private unless ``shared``). Like
``make_v6_db.py`` this goes through netui's own code: the whole of the v6 file's
data, then what version 7 is about: private notes on a relationship, and a ledger
entry, a meeting and a goal marked shared. The committed file is frozen: once a
newer schema ships, keep it as it is and write a make_v8_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v7_db.py [OUTPUT]

It can be run again after netui moved on (schema 8 took the private notes off the
relationship, so today's code cannot write a version-7 file): it then exports
netui's code and these makers as they were at :data:`V7_COMMIT`, the last commit at
schema 7, into a temporary folder with ``git archive``, and runs itself there.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v7.db")
#: Schema version this file is written at (renumbered if another step lands first).
VERSION = 7
#: The last commit whose netui wrote schema 7 (the one before schema 8's).
V7_COMMIT = "964e22f44511e36432129938253e8debe4ca90d5"


def load_maker(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from netui.db.models import Exchange, Goal, Meeting, Relationship

    people = load_maker("make_v6_db").fill()
    Relationship.update(private_notes="Owes me a call about the patent; ask in May.").where(
        Relationship.contact == people["Hedy Lamarr"]
    ).execute()
    first = Exchange.select(Exchange.id).order_by(Exchange.id).scalar()
    Exchange.update(shared=True).where(Exchange.id == first).execute()
    Meeting.update(shared=True).where(
        Meeting.id == Meeting.select(Meeting.id).order_by(Meeting.id).scalar()
    ).execute()
    Goal.update(shared=True).where(
        Goal.id == Goal.select(Goal.id).order_by(Goal.id).scalar()
    ).execute()
    return people


def write_at_v7(path: Path) -> Path:
    """Write the file with netui's code of :data:`V7_COMMIT` (a newer netui cannot)."""
    repository = Path(__file__).resolve().parent.parent.parent
    with tempfile.TemporaryDirectory(prefix="netui-v7-") as folder:
        archive = Path(folder) / "v7.tar"
        subprocess.run(
            ["git", "-C", str(repository), "archive", "-o", str(archive), V7_COMMIT,
             "netui", "tests/data"],
            check=True,
        )  # fmt: skip
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        environment = {**os.environ, "PYTHONPATH": folder}
        subprocess.run(
            [sys.executable, "-c", _RUN_AT_V7, folder, str(path.resolve())],
            check=True, cwd=folder, env=environment, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return path


#: Run in the exported tree: its own maker, on its own netui (never the installed one).
_RUN_AT_V7 = """
import runpy, sys
from pathlib import Path
folder, out = sys.argv[1], sys.argv[2]
import netui
if not Path(netui.__file__).resolve().is_relative_to(Path(folder).resolve()):
    raise SystemExit(f"netui was imported from {netui.__file__}, not from {folder}")
sys.argv = ["make_v7_db.py", out]
runpy.run_path(str(Path(folder) / "tests" / "data" / "make_v7_db.py"), run_name="__main__")
"""


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != VERSION:
        return write_at_v7(path)
    os.environ["TZ"] = "Europe/Berlin"  # as make_v5_db.py: its calendar import
    time.tzset()
    return load_maker("make_v2_db").write_file(path, VERSION, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
