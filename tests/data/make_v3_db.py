"""Write ``netui-v3.db``: a real database file at schema version 3, with data.

Version 3 folds accents as well as case (``netui.core.folding``): tags keep their
spelling in ``tag.name`` and are matched by ``tag.key``, and ``sort_name`` is the
name's collation key. Like ``make_v2_db.py`` this goes through netui's own code:
the whole of the v2 file's data (hostile text included), then what version 3 is
about: accented names (Zoë, Müller, Łukasz, Ørjan, Émile), same-named contacts at
different organisations, tags in mixed case and with accents, and an organisation
unit kept with the role as the vCard import now writes it. The committed file is
frozen: once a newer schema ships, keep it as it is and write a make_v4_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v3_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v3.db")

#: Contacts added on top of the v2 data: name, organisation, role, tags, interests.
ACCENTED = (
    ("Zoë Hartmann", "DataConf", "Programme chair", ("B2B SaaS", "Conferences"), ("Øresund",)),
    ("Jürgen Müller", "Zürich Re AG", "Actuary", ("Insurance",), ("Straße art",)),
    ("Łukasz Nowak", "Globex", "Head of Sales (Marketing)", ("b2b saas",), ()),
    ("Ørjan Berg", "Fjord AS", "CTO", ("Machine Learning",), ("Sailing",)),
    ("Émile Durand", "", "Consultant", (), ("Œnologie",)),
    ("Rita Alvarez", "Globex Inc.", "Engineer", ("Python",), ()),
    ("Rita Álvarez", "Initech", "Designer", (), ()),
)


def load_v2_maker():
    spec = importlib.util.spec_from_file_location(
        "make_v2_db", Path(__file__).with_name("make_v2_db.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from netui.db.contacts import ContactFields, create_contact
    from netui.db.goods import GoodFields, create_good
    from netui.db.ties import set_tie

    people = load_v2_maker().fill()
    for name, organisation, role, tags, interests in ACCENTED:
        people[name] = create_contact(
            ContactFields(
                name=name,
                organisation=organisation,
                role=role,
                tags=tags,
                interests=interests,
                notes=f"{name} — added for schema 3.",
            )
        )
    set_tie(people["Zoë Hartmann"], people["Łukasz Nowak"], 4, "Met at DataConf in Malmö")
    set_tie(people["dana"], people["Zoë Hartmann"], 3, "")
    create_good(GoodFields("SaaS pricing teardown", "knowledge", "", ("B2B SaaS", "Pricing")))
    return people


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != 3:
        raise SystemExit("netui-v3.db is frozen at schema 3; write make_v4_db.py instead")
    return load_v2_maker().write_file(path, 3, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
