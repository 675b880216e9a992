"""A bug in the window is a sentence that names the log, and the log holds its traceback:
whether it happens on a worker thread, in a Qt slot or on a thread of its own."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskchat import logs, paths
from deskchat.chat.generation import LoadOptions
from deskchat.errors import ModelFileError
from deskchat.gui.app import create_window
from deskchat.gui.bug_hooks import BugHooks
from deskchat.gui.main_window import MainWindow
from deskchat.gui.workers import run_call
from deskchat.settings import Settings, save_settings


def sentence() -> str:
    log = paths.log_dir() / "deskchat.log"
    return f"Something went wrong (a bug in deskchat); the details are in {log}."


def log_text() -> str:
    return (paths.log_dir() / "deskchat.log").read_text(encoding="utf-8")


def test_a_bug_while_loading_shows_where_the_log_is(
    window: MainWindow, qtbot: QtBot, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_load(path: str, options: LoadOptions) -> object:
        return {}[path]  # a bug on the worker thread

    monkeypatch.setattr(window.app, "load_model", broken_load)
    window.inspect_model(str(tiny_model))
    qtbot.mouseClick(window.model_panel.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model_panel.status.text() == sentence(), timeout=10_000)
    text = log_text()
    assert "Traceback (most recent call last)" in text
    assert "return {}[path]  # a bug on the worker thread" in text
    assert f"KeyError: '{tiny_model}'" in text


def test_a_worker_passes_a_users_error_as_its_sentence_and_logs_nothing(qtbot: QtBot) -> None:
    logs.setup_logging("gui")

    def refuse() -> None:
        raise ModelFileError("notes.gguf is not a GGUF model file.")

    job = run_call(refuse)
    with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
        pass
    assert failed.args == ["notes.gguf is not a GGUF model file."]
    qtbot.waitUntil(lambda: not job.is_running(), timeout=10_000)
    assert "Traceback" not in log_text()


def test_an_uncaught_bug_in_a_slot_or_a_thread_is_shown_and_logged(
    window: MainWindow, qtbot: QtBot
) -> None:
    hooks = BugHooks(window.controller.error.emit).install()
    try:

        def slot_bug() -> None:
            raise ZeroDivisionError("a slot divided by zero")

        QTimer.singleShot(0, slot_bug)
        qtbot.waitUntil(lambda: window.error_label.text() == sentence(), timeout=10_000)
        assert window.error_label.isVisible()
        assert "ZeroDivisionError: a slot divided by zero" in log_text()

        window.error_label.clear()

        def thread_bug() -> None:
            raise LookupError("a thread looked for nothing")

        thread = threading.Thread(target=thread_bug, name="indexer")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: window.error_label.text() == sentence(), timeout=10_000)
        text = log_text()
        assert "A bug (on thread 'indexer')" in text
        assert "LookupError: a thread looked for nothing" in text
    finally:
        hooks.uninstall()


def test_the_chinese_window_says_it_in_chinese_and_still_names_the_log(
    qapp: QApplication, qtbot: QtBot
) -> None:
    save_settings(replace(Settings(), language="zh_CN"))
    window = create_window(qapp)
    qtbot.addWidget(window)
    try:
        job = run_call(lambda: int("forty-two"))
        with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
            pass
        log = paths.log_dir() / "deskchat.log"
        assert failed.args == [f"出错了（deskchat 的程序错误）；详细信息见 {log}。"]
        assert "ValueError: invalid literal for int() with base 10: 'forty-two'" in log_text()
    finally:
        for translator in window.translators:
            qapp.removeTranslator(translator)
        window.close()
        window.app.close()
