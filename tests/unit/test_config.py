"""The config file: reading never crashes, writing the theme keeps the rest, 0600."""

from __future__ import annotations

import re
import stat
import tomllib
from pathlib import Path

import pytest

from netui.config import load_config, save_theme, toml_string, unknown_binding_ids, with_theme
from netui.paths import config_dir, config_path
from netui.screens.help import all_binding_ids

README = Path(__file__).resolve().parents[2] / "README.md"


def test_config_path_is_in_the_platform_config_dir(tmp_path):
    assert config_path().parent == config_dir()
    assert config_path().name == "config.toml"
    assert not config_path().exists()  # nothing is created by asking


def test_a_missing_file_is_the_defaults(tmp_path):
    config = load_config(tmp_path / "none.toml")
    assert config.theme is None and config.keys == {} and config.problems == []


def test_theme_and_keys_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\n[keys]\n"contacts.new" = "a"\n"mode.prep" = ["2", "f2"]\n'
        '"contacts.search" = "slash, ctrl+f"\n'
    )
    config = load_config(path)
    assert config.problems == []
    assert config.theme == "nord"
    assert config.keys == {
        "contacts.new": "a",
        "mode.prep": "2,f2",
        "contacts.search": "slash,ctrl+f",
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("theme = nord", "not valid TOML"),
        ('[keys\n"a" = "b"', "not valid TOML"),
        ("theme = 3", "theme must be"),
        ('keys = "a"', "must be a [keys] table"),
        ('[keys]\n"contacts.new" = 5', "'contacts.new'"),
        ('[keys]\n"contacts.new" = ["a", 1]', "'contacts.new'"),
        ('[keys]\n"contacts.new" = "a b"', "'contacts.new'"),
        ('[keys]\n"contacts.new" = ""', "'contacts.new'"),
        ('colour = "red"', "unknown setting 'colour'"),
    ],
)
def test_a_bad_file_is_one_problem_and_the_defaults(tmp_path, text, problem):
    path = tmp_path / "config.toml"
    path.write_text(text)
    config = load_config(path)
    assert len(config.problems) == 1
    assert problem in config.problems[0]
    assert config.keys == {}
    assert config.theme is None


def test_a_file_that_is_not_text_is_a_problem(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff\xfe"')
    assert "not UTF-8" in load_config(path).problems[0]


def test_a_folder_in_place_of_the_file_is_a_problem(tmp_path):
    path = tmp_path / "config.toml"
    path.mkdir()
    config = load_config(path)
    assert config.problems and "Could not read" in config.problems[0]


def test_unknown_binding_ids_are_listed_in_order():
    assert unknown_binding_ids(["b", "a", "x"], {"a"}) == ["b", "x"]


def test_save_theme_creates_a_private_file(tmp_path):
    path = tmp_path / "netui" / "config.toml"
    save_theme("dracula", path)
    assert load_config(path).theme == "dracula"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_save_theme_keeps_comments_and_keys(tmp_path):
    path = tmp_path / "config.toml"
    original = '# my netui\ntheme = "nord"  # cool\n\n[keys]\n"contacts.new" = "a"\n'
    path.write_text(original)
    save_theme("gruvbox", path)
    text = path.read_text()
    assert "# my netui" in text
    assert load_config(path).theme == "gruvbox"
    assert load_config(path).keys == {"contacts.new": "a"}
    assert text.count("theme") == 1


def test_save_theme_adds_the_line_above_the_tables(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"contacts.new" = "a"\n')
    save_theme("nord", path)
    assert load_config(path).theme == "nord"
    assert load_config(path).keys == {"contacts.new": "a"}


def test_save_theme_follows_a_symlinked_config(tmp_path):
    """Issue 12, finding 11: a config.toml kept in a dotfiles folder and linked into
    place was replaced by a regular file on a theme change. The link stays, and the
    file it points to is rewritten (atomically, 0600)."""
    real = tmp_path / "dotfiles" / "netui.toml"
    real.parent.mkdir()
    real.write_text('# mine\ntheme = "nord"\n\n[keys]\n"contacts.new" = "a"\n')
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    save_theme("gruvbox", link)
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text() == '# mine\ntheme = "gruvbox"\n\n[keys]\n"contacts.new" = "a"\n'
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["netui.toml"]


def test_save_theme_never_overwrites_a_broken_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("theme = = =")
    with pytest.raises(ValueError, match="not valid TOML"):
        save_theme("nord", path)
    assert path.read_text() == "theme = = ="


@pytest.mark.parametrize("name", ["plain", 'quo"te', "back\\slash", "tab\there", "new\nline"])
def test_toml_strings_read_back(name):
    assert tomllib.loads(f"x = {toml_string(name)}")["x"] == name
    assert tomllib.loads(with_theme("", name))["theme"] == name


def test_every_binding_id_is_documented_in_the_readme():
    """The README's list of binding ids is checked against the code, so it cannot drift."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9_.-]+)` \|", section, re.MULTILINE))
    ids = all_binding_ids()
    assert ids - documented == set(), "binding ids missing from README's Configuration"
    assert documented - ids == set(), "README documents binding ids that no longer exist"
