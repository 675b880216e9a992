"""Refresh the Chinese UI translation: extract strings from deskchat/gui (lupdate), fill
them from packaging/zh_CN.json, compile the .qm (lrelease). Run after changing UI text:

    .venv/bin/python packaging/update_translations.py

It fails, listing them, when a UI string has no translation yet."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "deskchat_zh_CN.ts"
QM = TS.with_suffix(".qm")
TABLE = ROOT / "packaging" / "zh_CN.json"


def tool(name: str) -> str:
    found = Path(sys.executable).parent / f"pyside6-{name}"
    return str(found) if found.exists() else f"pyside6-{name}"


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "deskchat" / "gui").glob("*.py"))
    subprocess.run(
        [tool("lupdate"), *sources, "-no-obsolete", "-ts", str(TS)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    table: dict[str, str] = json.loads(TABLE.read_text(encoding="utf-8"))
    tree = ET.parse(TS)
    missing = []
    for message in tree.getroot().iter("message"):
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
