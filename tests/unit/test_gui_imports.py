"""The window's modules import each other in one direction only: no child widget imports
the main window, and no two gui modules import each other, directly or around a circle
(imports under TYPE_CHECKING and inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "deskchat" / "gui"
PACKAGE = "deskchat.gui"


def gui_imports(path: Path) -> set[str]:
    """The deskchat.gui modules that the file ``path`` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == PACKAGE:  # from deskchat.gui import x
                found.update(f"{PACKAGE}.{alias.name}" for alias in node.names)
            elif node.module.startswith(PACKAGE + "."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(PACKAGE + "."))
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {f"{PACKAGE}.{p.stem}": p for p in GUI.glob("*.py") if p.stem != "__init__"}
    return {name: gui_imports(path) & modules.keys() for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in ``graph`` (as the list of modules around it), or None."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> list[str] | None:
        path.append(module)
        on_path.add(module)
        for target in sorted(graph.get(module, ())):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        on_path.discard(module)
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle_among_gui_modules() -> None:
    graph = import_graph()
    assert len(graph) > 30  # the files were found
    assert find_cycle(graph) is None


def test_only_the_entry_points_import_the_main_window() -> None:
    """The app builds the window and the self-test drives it; no widget inside it knows it."""
    graph = import_graph()
    importers = sorted(m for m, targets in graph.items() if f"{PACKAGE}.main_window" in targets)
    assert importers == [f"{PACKAGE}.app", f"{PACKAGE}.self_test"]
    # and no widget imports those two (the self-test starts the app)
    entry = set(importers)
    assert [m for m, targets in graph.items() if targets & entry] == [f"{PACKAGE}.self_test"]
