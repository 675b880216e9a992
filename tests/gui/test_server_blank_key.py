"""A blank API key (spaces, from the environment) is no key: the window's server refuses to
serve other computers without a real one, as it does with none."""

from __future__ import annotations

import socket

import pytest
from pytestqt.qtbot import QtBot

from deskchat.gui.main_window import MainWindow
from deskchat.gui.server_panel import ServerControl, ServerDialog


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_blank_key_from_the_environment_is_no_key(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKCHAT_API_KEY", "   ")
    control = ServerControl(window.app, window)
    assert control.api_key() is None
    dialog = ServerDialog(control, window)
    qtbot.addWidget(dialog)
    dialog.host.setText("0.0.0.0")
    dialog.key.setText("")
    dialog.port.setValue(free_port())
    dialog.toggle.click()
    assert control.server is None
    assert "needs an API key" in dialog.status.text()
