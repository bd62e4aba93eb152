"""``--config PATH`` and ``$NETUI_CONFIG`` choose the config file of the run."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from netui import paths
from netui.cli import main
from netui.config import load_config
from netui.db.connection import close_database


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stands in for ``netui.app``: records the config file the app would read."""
    found: list[Path] = []

    def make_app(
        path: Path, start_meeting: int | None = None, **_: object
    ) -> types.SimpleNamespace:
        found.append(paths.config_path())
        return types.SimpleNamespace(run=lambda: None, return_code=0, exit_sentence=lambda: None)

    module = types.ModuleType("netui.app")
    module.make_app = make_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "netui.app", module)
    return found


def run(*argv: str) -> int:
    close_database()
    try:
        return main(list(argv))
    finally:
        close_database()


def test_netui_config_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "elsewhere.toml"
    chosen.write_text('theme = "nord"\n')
    monkeypatch.setenv("NETUI_CONFIG", str(chosen))
    assert paths.config_path() == chosen
    assert load_config().theme == "nord"


def test_the_config_option_is_what_the_app_reads(
    tmp_path: Path, seen: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETUI_CONFIG", str(tmp_path / "from-env.toml"))
    chosen = tmp_path / "from-option.toml"
    assert run("--db", str(tmp_path / "n.db"), "--config", str(chosen)) == 0
    assert seen == [chosen]  # the option beats the environment


def test_without_either_the_config_folder_is_used(tmp_path: Path, seen: list[Path]) -> None:
    assert run("--db", str(tmp_path / "n.db")) == 0
    assert seen == [paths.config_dir() / "config.toml"]


def test_a_blank_config_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--config", " ", "meter") == 2
    assert capsys.readouterr().err == (
        "netui: --config needs a file path. Try 'netui --help'.\n"
    )


def test_config_after_the_command_says_where_it_goes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--db", str(tmp_path / "n.db"), "meter", "--config", "x.toml") == 2
    err = capsys.readouterr().err
    assert "(--config goes before the command: netui --config FILE COMMAND ...)" in err


def test_help_names_the_config_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--help") == 0
    out = capsys.readouterr().out
    assert "--config PATH" in out
    assert "$NETUI_CONFIG" in out
    assert str(paths.config_dir() / "config.toml") in out


def test_a_broken_config_file_is_said_before_the_command_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A config file that is not valid TOML falls back to the defaults, and says so:
    on a team database, "say who you are with --member" alone did not say why the
    file's member was not used (found trying netui as a new user)."""
    db, config = tmp_path / "team.db", tmp_path / "config.toml"
    assert run("--db", str(db), "add", "Dana Levi") == 0
    assert run("--db", str(db), "team", "add-member", "Bob Ézra") == 0
    config.write_text('member = "me"\nfoo = [\n', encoding="utf-8")
    capsys.readouterr()
    assert run("--config", str(config), "--db", str(db), "list") == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"netui: warning: The config file {config} is not valid TOML")
    assert "--member" in err[1]
    # On one person's file the command goes on, the warning said once.
    config.write_text("member = [\n", encoding="utf-8")
    single = tmp_path / "mine.db"
    assert run("--db", str(single), "add", "Dana Levi") == 0
    capsys.readouterr()
    assert run("--config", str(config), "--db", str(single), "list") == 0
    output = capsys.readouterr()
    assert "Dana Levi" in output.out
    assert output.err.count("not valid TOML") == 1
