"""GUI fixtures: the real main window on an isolated DESKCHAT_HOME, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow


@pytest.fixture
def window(qapp: object, qtbot: QtBot) -> Iterator[MainWindow]:
    win = create_window(qapp)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    win.app.close()


def load_model(qtbot: QtBot, win: MainWindow, path: Path) -> None:
    """Pick the file and press Load, as a person would; wait until it is loaded."""
    win.inspect_model(str(path))
    with qtbot.waitSignal(win.controller.model_loaded, timeout=60_000):
        qtbot.mouseClick(win.model_panel.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.controller.is_loading(), timeout=10_000)


def send(qtbot: QtBot, win: MainWindow, text: str, timeout: int = 60_000) -> None:
    """Type a message and press Enter; wait for the answer to finish."""
    win.composer.edit.setFocus()
    win.composer.edit.setPlainText(text)
    with qtbot.waitSignal(win.controller.answer_finished, timeout=timeout):
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=10_000)


def start_long_answer(
    qtbot: QtBot, win: MainWindow, text: str, sampling: dict[str, object]
) -> None:
    """In a new chat with these sampling settings, send ``text`` and wait for the first
    piece of the answer (it goes on streaming)."""
    import json

    win.controller.new_conversation()
    win.controller.update_conversation(sampling_json=json.dumps(sampling))
    win.composer.edit.setPlainText(text)
    with qtbot.waitSignal(win.controller.answer_delta, timeout=30_000):
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)


from PySide6.QtCore import Qt  # noqa: E402
