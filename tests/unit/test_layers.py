"""netui's layers import one way only, and never around a cycle.

    UI      netui.app, cli, commands, screens, modals, widgets and the app's helpers
     ↓
    db      netui.db: the database (models, migrations, queries, imports, exports)
     ↓
    core    netui.core: plain Python (matching, reciprocity, worksheets, file formats)
     ↓
    base    netui (the package), netui.clock, netui.locations, netui.paths

A module may import its own layer and the layers below it, never one above. Inside
``netui.db`` and ``netui.core`` every import of netui is at the top of the module:
an import inside a function is how a cycle hides, so it is refused there, and the
modules' import graph must have no cycle. The one exception is start-up speed:
``netui.cli`` and ``netui.commands`` load each command's module (and the app) only
when that command runs, so ``netui --version`` and ``netui add`` stay fast; they are
UI modules, where imports inside functions are allowed.

The check reads the source with :mod:`ast` (nothing is imported), so it sees every
import, including those inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import netui

ROOT = Path(netui.__file__).parent
BASE = frozenset({"netui", "netui.clock", "netui.locations", "netui.paths"})
#: Lower number, lower layer.
RANK = {"base": 0, "core": 1, "db": 2, "ui": 3}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str:
    if module in BASE:
        return "base"
    if module == "netui.core" or module.startswith("netui.core."):
        return "core"
    if module == "netui.db" or module.startswith("netui.db."):
        return "db"
    return "ui"


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


MODULES = modules()


def resolve(name: str) -> str:
    """The netui module an import names (``netui.db.models.Contact`` → its module)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def imports_of(module: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported netui module, line, at the top of the module) for every import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    top = set(map(id, tree.body))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            if name == "netui" or name.startswith("netui."):
                found.append((resolve(name), node.lineno, id(node) in top))
    return found


GRAPH = {module: imports_of(module, path) for module, path in MODULES.items()}


def test_the_walk_finds_the_layers():
    assert {"netui.app", "netui.db.models", "netui.core.text", "netui.clock"} <= set(MODULES)
    assert layer_of("netui.db.importing.records") == "db"
    assert ("netui.db.models", True) in {(m, top) for m, _, top in GRAPH["netui.db.contacts"]}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module):
    mine = layer_of(module)
    upward = sorted(
        {
            f"line {line}: {target} ({layer_of(target)})"
            for target, line, _ in GRAPH[module]
            if RANK[layer_of(target)] > RANK[mine]
        }
    )
    assert not upward, f"{module} ({mine}) imports a layer above it: " + "; ".join(upward)


HEADLESS = sorted(m for m in MODULES if layer_of(m) in ("db", "core", "base"))


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_import_netui_only_at_the_top(module):
    inside = sorted({f"line {line}: {target}" for target, line, top in GRAPH[module] if not top})
    assert not inside, f"{module} imports netui inside a function: " + "; ".join(inside)


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path (first module repeated at the end), if any."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_headless_layers_have_no_import_cycle():
    graph = {
        module: {target for target, _, _ in GRAPH[module] if target != module}
        for module in HEADLESS
    }
    # A package's __init__ importing its own submodules is how a package exports.
    graph = {
        module: {t for t in targets if not t.startswith(module + ".")}
        for module, targets in graph.items()
    }
    cycle = cycle_in(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_cycle_check_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None


def test_an_upward_import_is_caught(tmp_path):
    source = tmp_path / "fake.py"
    source.write_text("from netui.db.models import Contact\n\ndef f():\n    import netui.app\n")
    found = imports_of("netui.core.fake", source)
    assert ("netui.db.models", 1, True) in found
    assert ("netui.app", 4, False) in found
    assert RANK[layer_of("netui.db.models")] > RANK[layer_of("netui.core.fake")]
