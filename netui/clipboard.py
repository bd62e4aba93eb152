"""Copying text to the system clipboard where the terminal alone cannot be trusted to.

Textual copies with OSC 52, an escape sequence the terminal may honour or silently
ignore (tmux without ``set-clipboard``, many SSH setups, some terminals); nothing
tells the app which. So netui also hands the text to the system's clipboard tool
when there is one (``pbcopy``, ``wl-copy``, ``xclip``, ``xsel``, ``clip.exe``) and
says which worked. When none did, the caller keeps the text on screen to select, or
to save to a file. No Textual here; blocking (run it in a thread worker).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

#: Seconds a clipboard tool may take.
TIMEOUT = 3


def _tools() -> list[list[str]]:
    tools: list[list[str]] = []
    if sys.platform == "darwin":
        tools.append(["pbcopy"])
    if os.environ.get("WAYLAND_DISPLAY"):
        tools.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        tools += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    tools.append(["clip.exe"])  # Windows and WSL
    return tools


def copy_with_system_tool(text: str) -> str | None:
    """Give ``text`` to the first clipboard tool that takes it; its name, or ``None``."""
    for command in _tools():
        if shutil.which(command[0]) is None:
            continue
        try:
            result = subprocess.run(
                command,
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if result.returncode == 0:
            return command[0]
    return None
