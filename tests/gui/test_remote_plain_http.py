"""Before an API key goes to a plain http:// address off this machine, the Add server dialog
asks; Cancel sends and saves nothing, and https or this machine's own address never asks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from deskchat.gui.remote_dialog import AddServerDialog
from deskchat.gui.workers import Job
from deskchat.services.remote_access import RemoteAccess
from tests.helpers.keyrings import MemoryKeyring

KEY = "sk-gui-plain-http-51c0e9"
CLICK = Qt.MouseButton.LeftButton


def no_runner(work: Callable[[], object]) -> Job:
    raise AssertionError("nothing may be sent to the server here")


def dialog_with(qtbot: QtBot, access: RemoteAccess, url: str) -> AddServerDialog:
    dialog = AddServerDialog(access, no_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "lab")
    qtbot.keyClicks(dialog.url, url)
    qtbot.keyClicks(dialog.key, KEY)
    return dialog


def answer_warning(dialog: AddServerDialog, button: QMessageBox.StandardButton) -> list[str]:
    """Once the warning shows (it runs its own event loop), note its text and press
    ``button``; the texts seen, filled in as it happens."""
    seen: list[str] = []
    tries = [0]

    def look() -> None:
        box = dialog.findChild(QMessageBox, "clear_key_warning")
        if box is not None and box.isVisible():
            seen.append(box.text())
            box.button(button).click()
        elif tries[0] < 200:  # the warning may never come: then the test sees none
            tries[0] += 1
            QTimer.singleShot(25, look)

    QTimer.singleShot(0, look)
    return seen


def test_cancel_at_the_warning_saves_nothing(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    access = RemoteAccess()
    dialog = dialog_with(qtbot, access, "http://10.9.8.7:8080/v1")
    seen = answer_warning(dialog, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert len(seen) == 1, "the warning must come before the key is saved"
    assert "plain http" in seen[0] and "unencrypted to 10.9.8.7" in seen[0]
    assert access.endpoints() == [] and memory_keyring.values == {}
    assert dialog.isVisible() and "Nothing was sent or saved" in dialog.status.text()


def test_confirming_the_warning_saves_the_server_and_its_key(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    access = RemoteAccess()
    dialog = dialog_with(qtbot, access, "http://10.9.8.7:8080/v1")
    seen = answer_warning(dialog, QMessageBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        qtbot.mouseClick(dialog.save_button, CLICK)
    assert len(seen) == 1
    assert [e.base_url for e in access.endpoints()] == ["http://10.9.8.7:8080/v1"]
    assert memory_keyring.values[("deskchat", "remote-endpoint:lab")] == KEY


def test_https_and_this_machine_never_ask(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    for url, saved in [
        ("api.example.com/v1", "https://api.example.com/v1"),  # no scheme: https
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
    ]:
        access = RemoteAccess()
        dialog = dialog_with(qtbot, access, url)
        with qtbot.waitSignal(dialog.saved, timeout=5_000):
            qtbot.mouseClick(dialog.save_button, CLICK)
        assert dialog.findChild(QMessageBox, "clear_key_warning") is None
        assert access.get("lab").base_url == saved


def test_check_asks_too_and_cancel_sends_nothing(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    access = RemoteAccess()
    dialog = dialog_with(qtbot, access, "http://10.9.8.7:8080/v1")  # no_runner: nothing sent
    seen = answer_warning(dialog, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.check_button, CLICK)
    assert len(seen) == 1 and "unencrypted to 10.9.8.7" in seen[0]
    assert "Nothing was sent or saved" in dialog.status.text()
    assert dialog.check_button.isEnabled()
