"""``netui serve`` without a browser: the address it accepts, the sentence without the
web extra, a port in use, and the command each browser tab runs.
(tests/browser/test_serve_in_chromium.py drives it in Chromium.)"""

from __future__ import annotations

import platform
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from netui.cli import main
from netui.commands.serve import is_loopback, public_url, served_command


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
        ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
        ("example.com", False), ("", False),
    ],
)  # fmt: skip
def test_only_loopback_addresses_are_this_machine_only(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::"])
def test_another_address_is_refused_without_public(
    host: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "n.db"
    assert main(["--db", str(db), "serve", "--host", host]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"on {host} anyone who can reach it would get your whole network" in err
    assert "add --public" in err
    assert not db.exists()  # refused before anything was opened


def test_without_the_web_extra_one_sentence_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["--db", str(tmp_path / "n.db"), "serve"]) == 1
    assert capsys.readouterr().err == (
        "netui: netui serve needs the web extra, which is not installed: "
        "pip install 'netui[web]' (it adds textual-serve).\n"
    )
    # --public passes the address check and meets the same sentence.
    assert main(["--db", str(tmp_path / "n.db"), "serve", "--host", "0.0.0.0", "--public"]) == 1
    assert "needs the web extra" in capsys.readouterr().err


def test_a_bad_port_is_one_sentence(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "n.db"), "serve", "--port", "70000"]) == 1
    assert capsys.readouterr().err == (
        "netui: --port must be a number from 1 to 65535, not 70000.\n"
    )


def test_a_port_in_use_is_one_sentence_in_a_real_process(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "netui", "--db", str(tmp_path / "n.db"), "serve",
             "--port", str(port)],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"netui: Cannot listen on 127.0.0.1 port {port}: ")
    assert last.endswith("; choose another with --port.")
    assert "Traceback" not in result.stderr


def test_each_tab_runs_the_web_app_on_the_same_database() -> None:
    command = served_command("/tmp/my data/it's.db")
    assert shlex.split(command) == [
        sys.executable, "-m", "netui.web_app", "--db", "/tmp/my data/it's.db",
    ]  # fmt: skip


def test_the_public_url_is_what_a_browser_can_use() -> None:
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 8001) == "http://[::1]:8001"
    assert public_url("0.0.0.0", 8000) == f"http://{platform.node()}:8000"
