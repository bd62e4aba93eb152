"""The app's modes and their screens, each imported when its mode is first shown."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from textual.screen import Screen

#: Each mode's screen, imported when the mode is first shown: start-up loads only the
#: screen it opens on (importing all five was a third of the time to the first name).
SCREEN_CLASSES = {
    "today": ("netui.screens.today", "TodayScreen"),
    "contacts": ("netui.screens.contacts", "ContactsScreen"),
    "prep": ("netui.screens.prep", "PrepScreen"),
    "reciprocity": ("netui.screens.reciprocity", "ReciprocityScreen"),
    "bank": ("netui.screens.bank", "BankScreen"),
}


def screen_class(mode: str) -> type[Screen]:
    """The screen class of ``mode`` (imported on first use)."""
    module, name = SCREEN_CLASSES[mode]
    return getattr(importlib.import_module(module), name)


def lazy_screen(mode: str) -> Callable[[], Screen]:
    def make() -> Screen:
        return screen_class(mode)()

    make.__name__ = make.__qualname__ = SCREEN_CLASSES[mode][1]
    return make


def mode_of_screen(screen: Screen) -> str | None:
    """The mode whose screen ``screen`` is (only screens already imported can be)."""
    for mode, (module, name) in SCREEN_CLASSES.items():
        screen_type = getattr(sys.modules.get(module), name, None)
        if screen_type is not None and isinstance(screen, screen_type):
            return mode
    return None
