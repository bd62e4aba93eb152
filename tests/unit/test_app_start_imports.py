"""What the app imports before its first paint: the app and the screen it opens on,
not the dialogs, forms and screens that open later (each is imported when first
used). Every module imported at start is time before the first name shows.

Each check runs in a fresh interpreter, so an import some other test made cannot
hide one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: Loaded only once a dialog, a form or another screen is opened.
LATER = (
    "netui.modals.contact_form",
    "netui.modals.exchange_form",
    "netui.modals.tie_form",
    "netui.modals.private_notes_form",
    "netui.modals.meeting_done",
    "netui.modals.conflict",
    "netui.modals.undo_history",
    "netui.modals.form",
    "netui.modals.contact_picker",
    "netui.modals.brokers_view",
    "netui.core.brokers",
    "netui.screens.help",
    "netui.screens.prep",
    "netui.screens.reciprocity",
    "netui.screens.bank",
    "netui.db.history",
    "textual.widgets._text_area",  # the forms' notes
    "textual.widgets._data_table",  # the help's tables
)

CHECK = """
import importlib, sys
for module in sys.argv[1:2]:
    importlib.import_module(module)
print("\\n".join(m for m in sys.argv[2:] if m in sys.modules))
"""


def imported(script: str, first_screen: str, names: tuple[str, ...], folder: Path) -> list[str]:
    """Which of ``names`` a fresh interpreter has imported after ``script`` and
    ``first_screen``."""
    result = subprocess.run(
        [sys.executable, "-c", f"{script}\n{CHECK}", first_screen, *names],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("first_screen", ["netui.screens.today", "netui.screens.contacts"])
def test_the_app_and_its_first_screen_import_nothing_opened_later(first_screen, tmp_path):
    assert imported("import netui.app", first_screen, LATER, tmp_path) == []


#: Loaded after the first paint of each screen the app opens on: for Today, the
#: search (its index is loaded just after), the bank's goods and matching (the whole
#: view's, read after the paint), the contacts' queries, and what only Today's keys
#: write with; for Contacts, the worksheets', merging's and the dialogs' code its keys
#: use.
LATER_THAN_FIRST_PAINT = {
    "netui.screens.today": (
        "netui.db.search",
        "netui.db.meeting_goods",
        "netui.db.goods",
        "netui.core.matching",
        "netui.db.contacts",
        "netui.db.tags",
        "netui.db.meetings",
        "netui.db.ledger",
        "netui.db.touches",
    ),
    "netui.screens.contacts": (
        "netui.db.meetings",
        "netui.db.merge",
        "netui.core.worksheet",
        "netui.modals.choose",
        "netui.modals.confirm",
    ),
}


@pytest.mark.parametrize("first_screen", sorted(LATER_THAN_FIRST_PAINT))
def test_the_first_screen_opens_without_what_its_keys_and_later_reads_need(first_screen, tmp_path):
    script = "import netui.cli, netui.commands, netui.app"
    later = LATER_THAN_FIRST_PAINT[first_screen]
    assert imported(script, first_screen, later, tmp_path) == []
