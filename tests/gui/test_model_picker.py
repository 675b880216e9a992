"""The model picker at the top of the chat: this computer's models and a server's in one
filtered list; choosing one loads or connects it in place; Unload lets it go."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidgetItem
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.gui.model_choices import LOCAL
from deskchat.gui.model_picker import CHOICE
from tests.helpers.fake_openai import FakeOpenAI
from tests.helpers.keyrings import MemoryKeyring

KEY = "sk-picker-test-5b2e9c1d"
CLICK = Qt.MouseButton.LeftButton
# the offscreen platform cannot raise a popup or let it grab the keyboard; X11 can
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI(api_key=KEY, models=("fake-model", "other-model"))
    try:
        yield fake
    finally:
        fake.close()


@pytest.fixture
def win(
    qapp: QApplication, qtbot: QtBot, tiny_model: Path, memory_keyring: MemoryKeyring
) -> Iterator[MainWindow]:
    shutil.copy(tiny_model, paths.ensure(paths.models_dir()) / tiny_model.name)
    window = create_window(qapp)
    window.show()
    yield window
    window.close()
    qtbot.waitUntil(lambda: not window.controller._jobs, timeout=10_000)
    window.app.close()
    threads = [t for t in threading.enumerate() if t.name == "deskchat-remote"]
    qtbot.waitUntil(lambda: not any(t.is_alive() for t in threads), timeout=10_000)


def names(items: list[QListWidgetItem]) -> list[str]:
    return [item.data(CHOICE).name for item in items]


def open_list(qtbot: QtBot, win: MainWindow, wanted: int) -> list[QListWidgetItem]:
    """Click the picker; wait until ``wanted`` models are listed."""
    qtbot.mouseClick(win.picker.button, CLICK)
    popup = win.picker.popup
    assert popup.isVisible() and popup.filter.hasFocus()
    qtbot.waitUntil(lambda: len(popup.rows()) == wanted, timeout=20_000)
    return popup.rows()


def choose(qtbot: QtBot, win: MainWindow, name: str) -> None:
    popup = win.picker.popup
    item = next(i for i in popup.rows() if i.data(CHOICE).name == name)
    rect = popup.list.visualItemRect(item)
    qtbot.mouseClick(popup.list.viewport(), CLICK, pos=rect.center())


def test_this_computers_and_a_servers_models_in_one_filtered_list(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI
) -> None:
    win.app.remote.add("lab", server.url, api_key=KEY)
    assert win.picker.text() == "Choose a model" and not win.picker.unload_button.isVisible()
    rows = open_list(qtbot, win, 3)
    local = [r.data(CHOICE) for r in rows if r.data(CHOICE).server == LOCAL]
    assert len(local) == 1 and "tiny-test-chat.gguf" in local[0].detail
    assert names(rows)[1:] == ["fake-model", "other-model"]
    popup = win.picker.popup
    texts = [popup.list.item(i).text() for i in range(popup.list.count())]
    assert texts.index("On this computer") < texts.index("lab")
    qtbot.keyClicks(popup.filter, "other")
    assert names(popup.rows()) == ["other-model"]
    assert popup.list.item(texts.index("On this computer")).isHidden()  # an empty group
    popup.filter.clear()
    assert len(popup.rows()) == 3


def test_a_server_that_does_not_answer_says_so_in_its_group(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI
) -> None:
    win.app.remote.add("lab", server.url, api_key="sk-not-the-key")
    open_list(qtbot, win, 1)
    popup = win.picker.popup
    texts = [popup.list.item(i).text() for i in range(popup.list.count())]
    qtbot.waitUntil(
        lambda: "Asking" not in popup.list.item(popup.list.count() - 1).text(), timeout=10_000
    )
    note = popup.list.item(popup.list.count() - 1)
    assert texts[-2] == "lab" and note.data(CHOICE) is None
    assert "key" in note.text() and not note.flags() & Qt.ItemFlag.ItemIsEnabled


def test_choosing_a_local_model_loads_it_in_place_and_unload_lets_it_go(
    win: MainWindow, qtbot: QtBot
) -> None:
    (row,) = open_list(qtbot, win, 1)
    name = row.data(CHOICE).name
    with qtbot.waitSignal(win.controller.model_loading, timeout=10_000):
        qtbot.keyClick(win.picker.popup.filter, Qt.Key.Key_Return)  # the first row
    assert not win.picker.popup.isVisible()
    assert win.picker.busy.isVisible() and "Loading tiny-test-chat.gguf" in win.picker.note.text()
    assert not win.picker.button.isEnabled()
    qtbot.waitUntil(lambda: win.controller.model is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not win.controller.is_loading(), timeout=10_000)
    assert not win.picker.busy.isVisible() and win.picker.button.isEnabled()
    assert win.picker.text() == name and win.picker.note.text() == "tiny-test-chat.gguf"
    assert win.picker.unload_button.isVisible()
    with qtbot.waitSignal(win.controller.engine_changed, timeout=30_000):
        qtbot.mouseClick(win.picker.unload_button, CLICK)
    assert win.controller.model is None and win.picker.text() == "Choose a model"
    assert win.model_label.text() == "No model loaded"
    assert not win.picker.unload_button.isVisible()


def test_choosing_a_servers_model_connects_and_unload_goes_back(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI
) -> None:
    win.app.remote.add("lab", server.url, api_key=KEY)
    open_list(qtbot, win, 3)
    with qtbot.waitSignal(win.controller.engine_changed, timeout=10_000):
        choose(qtbot, win, "other-model")
    qtbot.waitUntil(lambda: not win.controller.is_loading(), timeout=10_000)
    assert win.controller.remote is not None and win.controller.remote.model_id == "other-model"
    assert win.picker.text() == "other-model" and win.picker.note.text() == "lab"
    rows = open_list(qtbot, win, 3)
    current = next(r for r in rows if r.data(CHOICE).name == "other-model")
    assert not current.icon().isNull()  # the model in use is marked
    win.picker.popup.hide()
    with qtbot.waitSignal(win.controller.engine_changed, timeout=10_000):
        qtbot.mouseClick(win.picker.unload_button, CLICK)
    assert win.controller.remote is None and win.picker.text() == "Choose a model"


def test_a_load_on_the_way_can_be_cancelled_from_the_picker(win: MainWindow, qtbot: QtBot) -> None:
    """The engine process is suspended before the load reaches it, so the load cannot
    finish before Cancel is clicked, however fast the model."""
    engine = win.app.engine
    engine.backend()  # the engine process is up, and idle
    assert engine.pid is not None
    psutil.Process(engine.pid).suspend()
    open_list(qtbot, win, 1)
    with qtbot.waitSignal(win.controller.model_loading, timeout=10_000):
        qtbot.keyClick(win.picker.popup.filter, Qt.Key.Key_Return)
    assert win.picker.cancel_button.isVisible() and not win.picker.unload_button.isVisible()
    with qtbot.waitSignal(win.controller.model_failed, timeout=30_000) as failed:
        qtbot.mouseClick(win.picker.cancel_button, CLICK)
    assert failed.args[0] == "Loading was cancelled."
    qtbot.waitUntil(lambda: not win.controller.is_loading(), timeout=10_000)
    assert not win.picker.cancel_button.isVisible() and not win.picker.busy.isVisible()
    assert win.picker.text() == "Choose a model" and win.controller.model is None
    assert "Loading was cancelled." in win.error_label.text()
