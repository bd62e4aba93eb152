"""The headless layers (netui.db, netui.core, netui.paths) never import Textual.

Each module is imported alone in a fresh interpreter, so an import that some other
test already made cannot hide one. Modules are discovered with pkgutil: new ones are
covered without editing this file.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import netui.core
import netui.db

HEADLESS_PACKAGES = (netui.db, netui.core)
FORBIDDEN = "textual"

# python -c CHECK MODULE FORBIDDEN: exit 1 and name the leaked modules if any.
CHECK = """
import importlib, sys
module, forbidden = sys.argv[1:3]
importlib.import_module(module)
leaked = sorted(m for m in sys.modules if m == forbidden or m.startswith(forbidden + "."))
if leaked:
    print(", ".join(leaked[:10]))
    sys.exit(1)
"""


def headless_modules() -> list[str]:
    names = ["netui.paths"]
    for package in HEADLESS_PACKAGES:
        names.append(package.__name__)
        names.extend(
            info.name
            for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
        )
    return sorted(names)


MODULES = headless_modules()


def test_discovery_finds_the_known_modules():
    assert {"netui.db.connection", "netui.db.migrations", "netui.db.contacts",
            "netui.core.text", "netui.core.validation"} <= set(MODULES)  # fmt: skip


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_textual(module, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", CHECK, module, FORBIDDEN],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, (
        f"importing {module} pulled in Textual: {result.stdout.strip()}{result.stderr.strip()}"
    )


def test_the_check_itself_detects_textual(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", CHECK, "textual.app", FORBIDDEN],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "textual" in result.stdout
