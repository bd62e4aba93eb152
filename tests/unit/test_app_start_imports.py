"""What the app imports before its first paint: the app and the screen it opens on,
not the dialogs, forms and screens that open later (each is imported when first
used). Every module imported at start is time before the first name shows.

Each check runs in a fresh interpreter, so an import some other test made cannot
hide one.
"""

from __future__ import annotations

import subprocess
import sys

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


@pytest.mark.parametrize("first_screen", ["netui.screens.today", "netui.screens.contacts"])
def test_the_app_and_its_first_screen_import_nothing_opened_later(first_screen, tmp_path):
    script = "import netui.app\nimport " + first_screen
    result = subprocess.run(
        [sys.executable, "-c", f"{script}\n{CHECK}", first_screen, *LATER],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


#: Loaded after the first paint when the app opens on Today (its first paint, on
#: the networks of the benchmarks): the search (its index is loaded just after),
#: the schema's upgrade steps (an up-to-date file never needs them), and what only
#: Today's keys write with.
LATER_THAN_TODAY = (
    "netui.db.search",
    "netui.db.migration_steps",
    "netui.db.meetings",
    "netui.db.ledger",
    "netui.db.touches",
)


def test_today_opens_without_the_search_the_upgrades_or_its_keys_writes(tmp_path):
    first_screen = "netui.screens.today"
    script = f"import netui.app\nimport {first_screen}\nimport netui.db.today"
    result = subprocess.run(
        [sys.executable, "-c", f"{script}\n{CHECK}", first_screen, *LATER_THAN_TODAY],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []
