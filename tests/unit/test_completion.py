"""Shell completion: the scripts ``netui completion bash|zsh|fish`` print, run by the
shells themselves, and the hidden ``netui __names`` they call for contact names."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from netui.cli import main
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, set_archived

TIMEOUT = 60.0


@pytest.fixture
def network(db_path: Path) -> Path:
    open_database(db_path)
    for name, organisation in (
        ("Dana Levi", "Globex"),
        ("Dan Shaw", "Initech"),
        ("Zoë Müller", "Zürich Re"),
        ("O'Brien & Sons $HOME", ""),
        ("Bad\x1bName", ""),
    ):
        create_contact(ContactFields(name, organisation=organisation))
    set_archived(create_contact(ContactFields("Dana Archived")), True)
    close_database()
    return db_path


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A folder whose ``netui`` is this checkout on this interpreter (put first on PATH)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    shim = folder / "netui"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m netui "$@"\n')
    shim.chmod(0o755)
    return folder


def shell_env(bin_dir: Path, db: Path) -> dict[str, str]:
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NETUI_DB": str(db)}


def names(capsys, *argv: str) -> list[str]:
    close_database()
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    return out.splitlines()


# --- netui __names ---------------------------------------------------------------------


def test_names_start_with_the_word_or_a_later_word_folded(network: Path, capsys) -> None:
    db = ["--db", str(network)]
    assert names(capsys, *db, "__names", "da") == ["Dan Shaw", "Dana Levi"]
    assert names(capsys, *db, "__names", "ZOE") == ["Zoë Müller"]
    assert names(capsys, *db, "__names", "mul") == ["Zoë Müller"]  # the last name
    assert names(capsys, *db, "__names", "dana l") == ["Dana Levi"]
    everyone = names(capsys, *db, "__names")
    assert "Dana Archived" not in everyone  # archived: not offered
    assert not any("Bad" in name for name in everyone)  # control characters: not typable


def test_names_are_escaped_for_bash_and_described_for_fish(network: Path, capsys) -> None:
    db = ["--db", str(network)]
    assert names(capsys, *db, "__names", "--shell", "bash", "o'") == [
        r"O\'Brien\ \&\ Sons\ \$HOME"
    ]
    assert names(capsys, *db, "__names", "--shell", "bash", r"Dana\ L") == [r"Dana\ Levi"]
    assert names(capsys, *db, "__names", "--shell", "fish", "zo") == ["Zoë Müller\tZürich Re"]
    assert names(capsys, *db, "__names", "--shell", "zsh", "zo") == ["Zoë Müller"]


def test_names_never_create_or_complain(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none.db"
    assert names(capsys, "--db", str(missing), "__names", "a") == []
    assert not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all")
    assert names(capsys, "--db", str(junk), "__names", "a") == []
    assert capsys.readouterr().err == ""


def test_names_is_hidden_and_light(network: Path, tmp_path: Path, capsys) -> None:
    assert main(["--help"]) == 0
    assert "__names" not in capsys.readouterr().out
    assert main(["frob"]) == 2
    assert "__names" not in capsys.readouterr().err
    code = (
        "import sys\nfrom netui.cli import main\ncode = main(sys.argv[1:])\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('textual', 'peewee', 'rich')]\n"
        "print('HEAVY', heavy, file=sys.stderr)\nsys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", str(network), "__names", "zo"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "Zoë Müller\n")
    assert "HEAVY []" in result.stderr


# --- bash: its own completion machinery ------------------------------------------------

BASH_DRIVER = r"""
source <(netui completion bash) || exit 3
complete -p netui
comp() {
  COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
  local spec; spec=$(complete -p netui); spec=${spec#*-F }; spec=${spec%% *}
  "$spec" netui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s|' "${COMPREPLY[@]}"; echo
}
"""


def bash_completions(bin_dir: Path, db: Path, *lines: list[str]) -> list[str]:
    calls = "\n".join("comp " + " ".join(shlex.quote(word) for word in line) for line in lines)
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", BASH_DRIVER + calls],
        capture_output=True, text=True, timeout=300, env=shell_env(bin_dir, db), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_bash_completes_commands_options_choices_and_names(
    network: Path, bin_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    open_database(other)
    create_contact(ContactFields("Ottilie Other"))
    close_database()
    out = bash_completions(
        bin_dir,
        network,
        ["netui", "sh"],
        ["netui", "show", "da"],
        ["netui", "tie", r"Dana\ Levi", "zo"],
        ["netui", "brokers", "levi"],
        ["netui", "--db", str(other), "show", "o"],
        ["netui", "import", ""],
        ["netui", "show", "--"],
        ["netui", "completion", "f"],
        ["netui", "add", "da"],
    )
    assert out[0] == "complete -o bashdefault -F _shtab_netui netui"
    assert out[1:] == [
        "show|",
        r"Dan\ Shaw|Dana\ Levi|",
        r"Zoë\ Müller|",
        r"Dana\ Levi|",  # found by the last name
        r"Ottilie\ Other|",  # from the database --db names on the line
        "linkedin|google|outlook|csv|vcard|json|ics|",
        "--help|--json|",
        "fish|",
        "|",  # a new name: nothing to complete
    ]


def test_bash_completes_file_names_for_files(network: Path, bin_dir: Path, tmp_path: Path):
    (tmp_path / "Connections.csv").write_text("")
    out = bash_completions(bin_dir, network, ["netui", "import", "csv", f"{tmp_path}/Conn"])
    assert out[1:] == [f"{tmp_path}/Connections.csv|"]


# --- fish: complete -C ------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_names_with_their_organisation(
    network: Path, bin_dir: Path, tmp_path: Path
) -> None:
    script = tmp_path / "netui.fish"
    script.write_text(subprocess.run(
        [bin_dir / "netui", "completion", "fish"], capture_output=True, text=True, check=True,
        timeout=120,
    ).stdout)  # fmt: skip
    commands = "; ".join(
        f"complete -C {shlex.quote(line)}; echo ---"
        for line in ("netui show da", "netui tie 'Dana Levi' zo", "netui sh", "netui import ")
    )
    result = subprocess.run(
        ["fish", "--no-config", "-c", f"source {shlex.quote(str(script))}; {commands}"],
        capture_output=True, text=True, timeout=300, env=shell_env(bin_dir, network), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    blocks = [block.strip().splitlines() for block in result.stdout.split("---")]
    assert blocks[0] == ["Dan Shaw\tInitech", "Dana Levi\tGlobex"]
    assert blocks[1] == ["Zoë Müller\tZürich Re"]
    assert blocks[2] == ["show\teverything about one person: ties, meter, exchanges, goods"]
    assert [line.split("\t")[0] for line in blocks[3]] == [
        "linkedin", "google", "outlook", "csv", "vcard", "json", "ics",
    ]  # fmt: skip


# --- zsh: a real interactive shell in tmux ---------------------------------------------


@pytest.mark.skipif(
    not (shutil.which("zsh") and shutil.which("tmux")), reason="zsh or tmux is not installed"
)
def test_zsh_completes_a_name_in_an_interactive_shell(
    network: Path, bin_dir: Path, tmp_path: Path
) -> None:
    home = tmp_path / "zdot"
    home.mkdir()
    (home / "_netui").write_text(subprocess.run(
        [bin_dir / "netui", "completion", "zsh"], capture_output=True, text=True, check=True,
        timeout=120,
    ).stdout)  # fmt: skip
    (home / ".zshrc").write_text(
        f"fpath=({shlex.quote(str(home))} $fpath)\nautoload -Uz compinit && compinit -u\n"
        "PS1='%% '\n"
    )
    socket = f"netui-zsh-{uuid.uuid4().hex[:8]}"
    env = shell_env(bin_dir, network)
    command = (
        f"env ZDOTDIR={shlex.quote(str(home))} PATH={shlex.quote(env['PATH'])} "
        f"NETUI_DB={shlex.quote(str(network))} LANG=C.UTF-8 zsh -i"
    )

    def tmux(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30
        ).stdout

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p")
            if text in screen:
                return screen
            time.sleep(0.1)
        pytest.fail(f"{text!r} never showed; the screen was:\n{tmux('capture-pane', '-p')}")

    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-x", "120", "-y", "20", command],
        check=True, timeout=30,
    )  # fmt: skip
    try:
        wait_for("%")
        tmux("send-keys", "netui show mul", "Tab")
        wait_for(r"% netui show Zoë\ Müller")
        tmux("send-keys", "C-u", "netui tie Dana\\ Levi dan", "Tab")
        wait_for(r"% netui tie Dana\ Levi Dan")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=30)
