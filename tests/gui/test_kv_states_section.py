"""The Model tab's "Saved chat states": its budgets are settings, and it shows what the
loaded model's engine keeps — a long chat left for another one is kept, and coming back to
it reads only the new message (real llama.cpp on the tiny GGUF)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.main_window import MainWindow
from tests.gui.conftest import load_model, send

LONG = "Tell me about the orchards in the valley and how the apples grow there. " * 25


def test_budgets_are_saved_and_a_chat_left_for_another_is_kept(
    qtbot: QtBot, window: MainWindow, tiny_model: Path
) -> None:
    panel = window.kv_states.panel
    assert panel.usage.text() == "No model is loaded."
    panel.ram.setValue(512)
    panel.disk.setValue(2048)
    settings = window.app.settings.current
    assert (settings.kv_states_ram_mb, settings.kv_states_disk_mb) == (512, 2048)
    assert window.app.engine.states is not None
    assert window.app.engine.states.ram_bytes == 512 * 1024 * 1024

    window.app.settings.update_sampling(max_tokens=8)  # short answers: the history is the cost
    load_model(qtbot, window, tiny_model)
    qtbot.waitUntil(lambda: panel.usage.text() == "Nothing is saved for this model yet.")
    send(qtbot, window, LONG)
    first = window.controller.conversation
    window.controller.new_conversation()
    send(qtbot, window, "Now something else entirely: rivers, " + LONG)
    qtbot.waitUntil(lambda: panel.usage.text().startswith("In use: 1 state,"), timeout=30_000)
    assert first is not None
    window.controller.open_conversation(first.id)
    send(qtbot, window, "And pears?")
    answer = window.controller.branch()[-1]
    assert answer.prompt_tokens is not None and answer.prompt_evaluated is not None
    assert answer.prompt_evaluated < answer.prompt_tokens // 4  # the chat was not read again
    qtbot.waitUntil(lambda: any(paths.kv_states_dir().rglob("*.kvstate")), timeout=30_000)
