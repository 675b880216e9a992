"""The window with a hung engine (a real one, SIGSTOP'd mid-answer) and with model files
whose metadata has the wrong types: Stop returns at once, a stall is a sentence with a
Restart button, and a hostile last model never keeps the window from starting."""

from __future__ import annotations

import math
import os
import signal
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from gguf import GGUFValueType
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from deskchat.chat.generation import LoadOptions
from deskchat.engine import client as engine_client
from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.settings import load_settings, save_settings
from tests.gui.conftest import start_long_answer

LONG_CONTEXT = 32_768
LONG = {"ignore_eos": True, "max_tokens": LONG_CONTEXT - 64, "temperature": 0.0}


@pytest.fixture(scope="module")
def long_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gguf(
        tmp_path_factory.mktemp("long") / "tiny-long.gguf",
        metadata={"llama.context_length": (GGUFValueType.UINT32, LONG_CONTEXT)},
    )


@pytest.fixture
def stoppable(window: MainWindow, qtbot: QtBot, long_model: Path) -> Iterator[MainWindow]:
    """The window with the long model loaded; its engine is let go on when a test ends."""
    with qtbot.waitSignal(window.controller.model_loaded, timeout=60_000):
        window.controller.load(str(long_model), LoadOptions(n_ctx=LONG_CONTEXT, n_threads=2))
    qtbot.waitUntil(lambda: not window.controller.is_loading(), timeout=10_000)
    yield window
    pid = window.app.engine.pid
    if pid is not None and psutil.pid_exists(pid):
        os.kill(pid, signal.SIGCONT)


def stop_the_engine(win: MainWindow) -> None:
    pid = win.app.engine.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)


def test_stop_returns_at_once_when_the_engine_is_stopped(
    stoppable: MainWindow, qtbot: QtBot
) -> None:
    win = stoppable
    start_long_answer(qtbot, win, "go", LONG)
    stop_the_engine(win)
    with qtbot.waitSignal(win.controller.answer_finished, timeout=2_000) as finished:
        qtbot.mouseClick(win.composer.stop_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].message.finish_reason == "cancelled"
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=2_000)
    assert not win.composer.stop_button.isVisible()


def test_a_stall_is_a_sentence_with_a_restart_button(
    stoppable: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = stoppable
    patient = engine_client.STALL_S
    monkeypatch.setattr(engine_client, "STALL_S", 2.0)
    start_long_answer(qtbot, win, "go", LONG)
    with qtbot.waitSignal(win.controller.answer_finished, timeout=5_000) as finished:
        stop_the_engine(win)
    assert finished.args[0].message.status == "interrupted"
    qtbot.waitUntil(lambda: win.engine_banner.isVisible(), timeout=2_000)
    text = win.engine_message.text()
    assert "did not respond for 2 s while generating; it was stopped" in text
    assert "conversation is saved" in text
    assert win.restart_button.isVisible()
    qtbot.mouseClick(win.restart_button, Qt.MouseButton.LeftButton)
    assert not win.engine_banner.isVisible()
    # the fresh engine starts and loads at the real patience: on a busy machine that alone
    # can take longer than the 2 s this test waited for a stall
    monkeypatch.setattr(engine_client, "STALL_S", patient)
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=10_000)
    win.controller.set_sampling({"max_tokens": 3, "ignore_eos": True})
    with qtbot.waitSignal(win.controller.answer_finished, timeout=60_000) as again:
        win.composer.edit.setPlainText("are you back?")
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)
    assert again.args[0].message.status == "complete"  # a fresh engine, the model reloaded


def test_restart_ends_a_hung_engine_from_the_banner_at_once(
    stoppable: MainWindow, qtbot: QtBot
) -> None:
    win = stoppable
    start_long_answer(qtbot, win, "go", LONG)
    stop_the_engine(win)
    hung = win.app.engine.pid
    with qtbot.waitSignal(win.controller.answer_finished, timeout=2_000) as finished:
        win._restart_engine()  # the banner's button, also offered before a stall is seen
    assert finished.args[0].message.status == "interrupted"
    assert hung is not None
    qtbot.waitUntil(lambda: not psutil.pid_exists(hung), timeout=2_000)


HOSTILE = {
    "context-text": {"llama.context_length": (GGUFValueType.STRING, "4096")},
    "context-nan": {"llama.context_length": (GGUFValueType.FLOAT32, math.nan)},
    "context-negative": {"llama.context_length": (GGUFValueType.INT32, -5)},
    "context-huge": {"llama.context_length": (GGUFValueType.UINT64, 2**63)},
    "bos-text": {"tokenizer.ggml.bos_token_id": (GGUFValueType.STRING, "one")},
    "architecture-number": {"general.architecture": (GGUFValueType.UINT32, 7)},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_last_model_never_keeps_the_window_from_starting(
    qapp: object, qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    path = write_tiny_gguf(tmp_path / f"{name}.gguf", metadata=HOSTILE[name])
    save_settings(replace(load_settings()[0], last_model=str(path)))
    win = create_window(qapp)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    try:
        assert win.isVisible()
        with qtbot.waitSignal(win.controller.model_failed, timeout=30_000) as failed:
            win.model_tab.reload()
        assert "cannot be loaded" in failed.args[0] and path.name in failed.args[0]
        assert "wrong type" in failed.args[0]
    finally:
        win.close()
        win.app.close()
