"""The architecture as a check: the core never imports Qt; chat imports nothing else of
deskchat; llama_cpp lives only in the engine."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "deskchat"
CORE = [
    "deskchat.chat",
    "deskchat.store",
    "deskchat.engine",
    "deskchat.hub",
    "deskchat.services",
    "deskchat.remote",
    "deskchat.server",
    "deskchat.cli",
]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", CORE)
def test_core_package_imports_with_pyside6_blocked(package: str) -> None:
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for p in (PACKAGE / package.split(".")[1]).rglob("*.py")
    )
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import importlib\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "assert not any(k.startswith('PySide6.') for k in sys.modules)\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_chat_domain_imports_no_other_deskchat_layer() -> None:
    for path in (PACKAGE / "chat").rglob("*.py"):
        bad = {
            n
            for n in imports_of(path)
            if n.startswith("deskchat.") and not n.startswith(("deskchat.chat", "deskchat.errors"))
        }
        assert not bad, f"{path.name} imports {bad}"


def test_llama_cpp_is_imported_only_inside_the_engine() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "llama_cpp" in {n.split(".")[0] for n in imports_of(path)}:
            assert path.parent.name == "engine", f"{path} imports llama_cpp"


def test_the_app_process_does_not_load_llama_cpp_to_chat(tiny_model: Path) -> None:
    """The CLI talks to the engine process; llama_cpp must not be imported in-process."""
    code = (
        "import sys\n"
        "from deskchat.services.app import open_app\n"
        "from deskchat.services.model_loader import load_model\n"
        "app = open_app()\n"
        f"load_model(app.engine, {str(tiny_model)!r}, app.settings.current.load)\n"
        "c = app.session.new_conversation()\n"
        "list(app.session.send(c.id, 'hi', max_tokens=4))\n"
        "app.close()\n"
        "print('llama_cpp' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
