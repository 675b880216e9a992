"""Render resources/icons/deskchat.svg into the raster icons the bundles need
(PNG for Linux and the window, ICO for Windows, ICNS for macOS), with Qt alone.

Run after changing the SVG: .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "deskchat.svg"))
    if not renderer.isValid():
        print("deskchat.svg could not be read", file=sys.stderr)
        return 1
    outputs = {"deskchat.png": 256, "deskchat.ico": 256, "deskchat.icns": 512}
    for name, size in outputs.items():
        if not render(renderer, size).save(str(ICONS / name)):
            print(f"could not write {name}", file=sys.stderr)
            return 1
        print(f"wrote {ICONS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
