"""Refresh the Chinese UI translation: extract strings from deskchat/gui (lupdate) and the
core's sentence templates from the rest of deskchat/ (every ``Sentence("...")`` literal,
context "core"), fill them from packaging/zh_CN.json and packaging/zh_CN_core.json,
compile the .qm (lrelease). Run after changing UI text or a core sentence:

    .venv/bin/python packaging/update_translations.py

It fails, listing them, when a string has no translation yet."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "deskchat_zh_CN.ts"
QM = TS.with_suffix(".qm")
TABLE = ROOT / "packaging" / "zh_CN.json"
CORE_TABLE = ROOT / "packaging" / "zh_CN_core.json"
CORE = "core"  # the context the window looks core sentences up in (deskchat/gui/words.py)


def tool(name: str) -> str:
    found = Path(sys.executable).parent / f"pyside6-{name}"
    return str(found) if found.exists() else f"pyside6-{name}"


def core_sources(root: Path = ROOT) -> list[Path]:
    """The modules whose sentences reach a person through the core (all but the GUI's)."""
    package = root / "deskchat"
    return sorted(p for p in package.rglob("*.py") if package / "gui" not in p.parents)


def core_templates(root: Path = ROOT) -> tuple[dict[str, list[tuple[Path, int]]], list[str]]:
    """Every core Sentence template with the places that build it, and the places that
    build a Sentence from anything but a string literal (those cannot be translated)."""
    found: dict[str, list[tuple[Path, int]]] = {}
    unreadable: list[str] = []
    for path in core_sources(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "Sentence" or path.name == "sentences.py":
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, []).append((path, node.lineno))
            else:
                unreadable.append(f"{path.relative_to(root)}:{node.lineno}")
    return found, unreadable


def add_core_context(tree: ET.ElementTree, templates: dict[str, list[tuple[Path, int]]]) -> None:
    """Append the core templates to the .ts as one context (lupdate only sees the GUI)."""
    root = tree.getroot()
    for old in [c for c in root.iter("context") if c.findtext("name") == CORE]:
        root.remove(old)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CORE
    for template in sorted(templates):
        message = ET.SubElement(context, "message")
        for path, line in templates[template]:
            where = "../../" + path.relative_to(ROOT).as_posix()
            ET.SubElement(message, "location", filename=where, line=str(line))
        ET.SubElement(message, "source").text = template
        ET.SubElement(message, "translation", type="unfinished")
    ET.indent(context, space="    ")  # laid out as lupdate lays out its contexts
    context.tail = "\n"


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "deskchat" / "gui").glob("*.py"))
    subprocess.run(
        [tool("lupdate"), *sources, "-no-obsolete", "-ts", str(TS)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    templates, unreadable = core_templates()
    if unreadable:
        print("Sentence() needs a string literal as its template:", *unreadable, sep="\n  ")
        return 1
    tables: dict[str, dict[str, str]] = {
        CORE: json.loads(CORE_TABLE.read_text(encoding="utf-8")),
        "": json.loads(TABLE.read_text(encoding="utf-8")),
    }
    tree = ET.parse(TS)
    add_core_context(tree, templates)
    missing = []
    for context in tree.getroot().iter("context"):
        table = tables[CORE if context.findtext("name") == CORE else ""]
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            if source in table:
                translation.text = table[source]
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([tool("lrelease"), str(TS), "-qm", str(QM)], check=True, capture_output=True)
    if missing:
        print("untranslated:", *missing, sep="\n  ")
        return 1
    print(f"{TS.name}: all strings translated; wrote {QM.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
