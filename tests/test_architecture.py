"""The layout keeps its promises: dependencies point one way, no cycles, small modules.

channels (bot.telegram, bot.terminal, bot.commands, bot.cli) → bot.core → dialogs →
knowledge; storage and templates below, knowing nothing of dialogs or channels.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "dialogs", "knowledge", "templates", "storage", "tools")
MAX_LINES = 500

# Which project packages each package may import (itself always).
ALLOWED = {
    "knowledge": set(),
    "storage": set(),
    "templates": {"knowledge"},
    "dialogs": {"knowledge"},
    "bot.core": {"bot", "dialogs", "knowledge", "storage", "templates"},
    "tools": {"knowledge", "templates", "dialogs"},
}
CHANNELS = ("bot.telegram", "bot.terminal", "bot.commands")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported project module, inside a function) for every import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for alias in child.names:
                    name = f"{child.module}.{alias.name}"
                    found.append((name if name in MODULES else child.module, inside))
            visit(child, inside)

    visit(tree, False)
    return [(name, local) for name, local in found if name.split(".")[0] in PACKAGES]


def _owner(module: str) -> str:
    for key in sorted(ALLOWED, key=len, reverse=True):
        if module == key or module.startswith(key + "."):
            return key
    return module.split(".")[0]


def _resolved(name: str) -> str:
    """The module an import names (``from x import y`` of a function names x)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


GRAPH: dict[str, set[str]] = defaultdict(set)
LOCAL: list[tuple[str, str]] = []
for _module, _path in MODULES.items():
    for _name, _inside in _imports(_path):
        target = _resolved(_name)
        if target and target != _module:
            GRAPH[_module].add(target)
            if _inside:
                LOCAL.append((_module, target))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_what_lies_below_it(package):
    wrong = sorted(
        (module, target)
        for module, targets in GRAPH.items()
        if _owner(module) == package
        for target in targets
        if _owner(target) != package
        and target.split(".")[0] not in ALLOWED[package]
        and not (package == "bot.core" and target.startswith("bot."))
    )
    assert wrong == []


def test_the_application_layer_knows_no_channel():
    wrong = [
        (module, target)
        for module, targets in GRAPH.items()
        if module.startswith("bot.core")
        for target in targets
        if target.startswith(CHANNELS) or target == "bot.cli"
    ]
    assert wrong == []


def test_one_telegram_module_opens_the_store():
    users = sorted(
        module
        for module, targets in GRAPH.items()
        if module.startswith("bot.telegram") and any(t.startswith("storage") for t in targets)
    )
    assert users == ["bot.telegram.app"]


def test_no_project_module_is_imported_inside_a_function():
    # A function-local import would hide a cycle; heavy external libraries may still load
    # lazily for start-up time (docxtpl, python-docx, xlsxwriter), with a comment saying so.
    assert LOCAL == []


def test_there_is_no_import_cycle():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in MODULES:
        if module not in index:
            connect(module)
    assert cycles == []


def test_no_module_is_longer_than_500_lines():
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
