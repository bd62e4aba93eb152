"""Write ``netui-v6.db``: a real database file at schema version 6, with data.

Version 6 gives every contact a stable random ``uid`` (``netui.core.uids``) and keeps
what each card of a vdir looked like at the last ``netui sync vdir`` in
``vdir_card``. Like ``make_v5_db.py`` this goes through netui's own code: the whole
of the v5 file's data, then what version 6 is about: a contact that came in from a
vCard with another program's UID, ties with strengths and contexts, closeness,
cadence and second degree (what the vCard now carries), and one synced folder. The
committed file is frozen: once a newer schema ships, keep it as it is and write a
make_v7_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v6_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v6.db")
#: Schema version this file is written at (renumbered if another step lands first).
VERSION = 6


def load_maker(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from netui.db.contacts import ContactFields, create_contact
    from netui.db.models import Contact, VdirCard
    from netui.db.ties import set_tie

    people = load_maker("make_v5_db").fill()
    people["Hedy Lamarr"] = create_contact(
        ContactFields(
            name="Hedy Lamarr",
            organisation="MGM",
            closeness=5,
            cadence_days=30,
            career_path="Acting → frequency hopping",
        )
    )
    people["Kofi Mensah, PhD"] = create_contact(
        ContactFields(name="Kofi Mensah, PhD", second_degree=True, closeness=2)
    )
    Contact.update(uid="abc123@google.com").where(
        Contact.id == people["Kofi Mensah, PhD"]
    ).execute()
    set_tie(
        people["Hedy Lamarr"],
        people["Kofi Mensah, PhD"],
        5,
        'Patent "Secret Communication"; together',
    )
    VdirCard.insert(
        folder="/home/sam/.contacts/netui",
        uid="abc123@google.com",
        contact=people["Kofi Mensah, PhD"],
        file="abc123@google.com.vcf",
        etag="0" * 64,
        fields='{"name": "0000"}',
    ).execute()
    return people


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != VERSION:
        raise SystemExit(f"netui-v6.db is frozen at schema {VERSION}; write the next maker")
    os.environ["TZ"] = "Europe/Berlin"  # as make_v5_db.py: its calendar import
    time.tzset()
    return load_maker("make_v2_db").write_file(path, VERSION, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
