"""The architecture as a check: the core never imports Qt; chat imports nothing else of
deskchat; llama_cpp lives only in the engine. The import-linter contracts in pyproject.toml
(run by .ci/run) name every module of deskchat and fail on a deliberate violation."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "deskchat"
PYPROJECT = PACKAGE.parent / "pyproject.toml"
CORE = [
    "deskchat.chat",
    "deskchat.store",
    "deskchat.engine",
    "deskchat.hub",
    "deskchat.docs",
    "deskchat.services",
    "deskchat.remote",
    "deskchat.mcp_servers",
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
    """Stricter than the layers contract: of the base, the domain uses only its sentences
    (errors and the translatable catalogue), never paths, secrets or logs."""
    allowed = ("deskchat.chat", "deskchat.errors", "deskchat.sentences")
    for path in (PACKAGE / "chat").rglob("*.py"):
        bad = {
            n for n in imports_of(path) if n.startswith("deskchat.") and not n.startswith(allowed)
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


def contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def top_level_modules() -> set[str]:
    """deskchat's modules and subpackages, one level down (what the contracts must name)."""
    names = {p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    names |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    return {f"deskchat.{n}" for n in names}


def test_every_module_of_deskchat_has_a_place_in_the_contracts() -> None:
    """A new module that no contract names would be free to import anything."""
    found = contracts()
    layered = {
        name.strip()
        for layer in found["layers"]["layers"]  # type: ignore[attr-defined]
        for name in layer.replace(":", "|").split("|")
    }
    modules = top_level_modules()
    assert layered == modules
    no_qt = set(found["qt-only-in-gui"]["source_modules"])  # type: ignore[call-overload]
    assert no_qt == modules - {"deskchat.gui", "deskchat.__main__"}
    no_llama = set(found["llama-cpp-only-in-engine"]["source_modules"])  # type: ignore[call-overload]
    assert no_llama == modules - {"deskchat.engine"}


def test_the_contracts_fail_on_a_deliberate_violation(tmp_path: Path) -> None:
    """A copy of deskchat with three wrong imports (one inside a function): lint-imports
    names each broken contract and the offending line."""
    copy = tmp_path / "deskchat"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    (copy / "chat" / "upward.py").write_text("from deskchat.services import app\n")
    (copy / "store" / "qt.py").write_text("def f() -> None:\n    import PySide6.QtCore\n")
    (copy / "services" / "llama.py").write_text("import llama_cpp\n")
    lint = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
    result = subprocess.run(
        [sys.executable, "-c", lint, "--no-cache", "--no-logo"],
        cwd=tmp_path,  # the copy comes first on sys.path, before the installed deskchat
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "deskchat.chat.upward -> deskchat.services" in out
    assert "deskchat.store.qt -> PySide6 (l.2)" in out
    assert "deskchat.services.llama -> llama_cpp (l.1)" in out
    report = " ".join(out.split())  # lint-imports wraps long contract names
    for contract in ("layers", "qt-only-in-gui", "llama-cpp-only-in-engine"):
        assert f"{contracts()[contract]['name']} BROKEN" in report
