"""Make the reference screens again, on purpose, after a change to the look:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.update_screens [NAME ...]

Each screen is built on a fresh DESKCHAT_HOME and written to tests/data/screens/NAME.png;
look at the images before committing them. ``--readme`` also writes the README's
screenshots (docs/screenshot.png, docs/screenshot-dark.png, docs/models-window.png)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.gui.screens import REFERENCES, SCREENS, grab_screen, opened

DOCS = Path(__file__).parents[2] / "docs"
README_SHOTS = {
    "chat-code": "screenshot.png",
    "chat-dark": "screenshot-dark.png",
    "models-window": "models-window.png",
}


def main(argv: list[str]) -> int:
    readme = "--readme" in argv
    wanted = {a for a in argv if not a.startswith("--")}
    qapp = QApplication.instance() or QApplication(["deskchat-screens"])
    assert isinstance(qapp, QApplication)
    REFERENCES.mkdir(parents=True, exist_ok=True)
    for screen in SCREENS:
        if wanted and screen.name not in wanted:
            continue
        with tempfile.TemporaryDirectory() as home:
            os.environ["DESKCHAT_HOME"] = home
            os.environ["HOME"] = home
            with opened(qapp, screen) as widget:
                image = grab_screen(qapp, widget)
        image.save(str(REFERENCES / f"{screen.name}.png"))
        print(f"wrote {screen.name}.png ({image.width()}×{image.height()})")
        if readme and screen.name in README_SHOTS:
            image.save(str(DOCS / README_SHOTS[screen.name]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
