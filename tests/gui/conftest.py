"""GUI fixtures: the real main window on an isolated DESKCHAT_HOME, offscreen."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.server import OpenAIServer
from deskchat.services.app import open_app
from deskchat.services.hub_access import HubAccess
from tests.helpers.fake_hub import FakeHub


@pytest.fixture
def window(qapp: object, qtbot: QtBot) -> Iterator[MainWindow]:
    win = create_window(qapp, serve=OpenAIServer)  # type: ignore[arg-type]
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
    win.controller.new_conversation()
    win.controller.set_sampling(sampling)
    win.composer.edit.setPlainText(text)
    with qtbot.waitSignal(win.controller.answer_delta, timeout=30_000):
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)


from PySide6.QtCore import Qt  # noqa: E402

# -- the model manager's windows (with a loopback hub) ---------------------------------


def download_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("download ")]


def open_window(qtbot: QtBot, endpoint: str) -> MainWindow:
    win = MainWindow(open_app(), hub_access=HubAccess(endpoint=endpoint))
    qtbot.addWidget(win)
    win.show()
    return win


def close_window(win: MainWindow) -> None:
    win.close()
    win.app.close()
    assert not win.models.services._timer.isActive()
    assert download_threads() == []


@pytest.fixture
def hub_window(
    qapp: object, qtbot: QtBot, fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    win = open_window(qtbot, fake_hub.url)
    yield win
    close_window(win)


@pytest.fixture(scope="module")
def model_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_tiny_gguf(tmp_path_factory.mktemp("hub") / "tiny.gguf").read_bytes()
