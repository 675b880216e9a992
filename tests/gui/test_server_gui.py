"""The window's local API server: started from its dialog, used by the `openai` client,
showing the requests it serves, stopped again."""

from __future__ import annotations

import socket
from pathlib import Path

import openai
from pytestqt.qtbot import QtBot

from deskchat.gui.main_window import MainWindow
from deskchat.gui.server_panel import ServerControl, ServerDialog
from deskchat.settings import load_settings
from tests.gui.conftest import load_model


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_the_loaded_model_to_the_openai_client(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    control = ServerControl(window.app, window)
    dialog = ServerDialog(control, window)
    qtbot.addWidget(dialog)
    port = free_port()
    dialog.port.setValue(port)
    dialog.toggle.click()
    url = f"http://127.0.0.1:{port}/v1"
    assert dialog.status.text() == f"Serving {window.app.engine.model.name} at {url}"  # type: ignore[union-attr]
    assert load_settings()[0].server_enabled

    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    model = client.models.list().data[0].id
    answer = client.chat.completions.create(
        model=model,
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}],
        max_tokens=5,
    )
    client.close()
    assert answer.usage is not None and answer.usage.completion_tokens <= 5
    qtbot.waitUntil(
        lambda: any(
            "POST /v1/chat/completions" in dialog.requests.item(i).text()
            and " 200" in dialog.requests.item(i).text()
            for i in range(dialog.requests.count())
        ),
        timeout=10_000,
    )
    dialog.toggle.click()
    assert dialog.status.text() == "Not running."
    assert control.server is None and not load_settings()[0].server_enabled


def test_serving_other_computers_needs_a_key(window: MainWindow, qtbot: QtBot) -> None:
    control = ServerControl(window.app, window)
    dialog = ServerDialog(control, window)
    qtbot.addWidget(dialog)
    dialog.host.setText("0.0.0.0")
    dialog.key.setText("")
    dialog.port.setValue(free_port())
    dialog.toggle.click()
    assert control.server is None
    assert "needs an API key" in dialog.status.text()
