"""The key screens, built the same way every time (fixed chats, fixed stats, no timing), so
that a test can compare each with a committed reference image and a script can make the
references again on purpose:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.update_screens

Each builder takes a fresh DESKCHAT_HOME (the caller sets it) and returns the widget to
grab; ``grab_screen`` renders it at the screen's fixed size."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QSize, QThread, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.gui.workers import running_jobs
from deskchat.settings import Settings, save_settings
from deskchat.store.conversations import ConversationRepo
from deskchat.store.messages import MessageRepo
from tests.helpers.fake_engine import FakeEngine

REFERENCES = Path(__file__).parents[1] / "data" / "screens"

CODE_ANSWER = (
    "Here is a function that reads a file and counts its words:\n\n"
    "```python\n"
    "def count_words(path: str) -> int:\n"
    '    """The number of words in the file at path."""\n'
    "    with open(path, encoding='utf-8') as handle:\n"
    "        return sum(len(line.split()) for line in handle)  "
    "# a very long comment that goes on and on past the width of any reasonable window\n"
    "```\n\n"
    "Call it with the path of a **text file**; it returns `0` for an empty one."
)
CHAT = [
    ("user", "What is the capital of France?"),
    ("assistant", "The capital of France is Paris."),
    ("user", "Write a Python function that counts the words in a file."),
    ("assistant", CODE_ANSWER),
]
CHINESE_CHAT = [
    ("user", "法国的首都是哪里？"),
    ("assistant", "法国的首都是巴黎。"),
]


@dataclass(frozen=True)
class Screen:
    name: str
    size: QSize
    theme: str = "light"
    language: str = "en"
    build: Callable[[MainWindow], QWidget] = lambda window: window


def _stored_chat(window: MainWindow, title: str, turns: list[tuple[str, str]]) -> None:
    """Write a chat with fixed answer stats, then open it as a person would."""
    conversation = ConversationRepo(window.app.db).create(title)
    messages = MessageRepo(window.app.db)
    parent: int | None = None
    for role, text in turns:
        message = messages.add(
            conversation.id,
            role,
            text,
            parent_id=parent,
            model="fake-chat" if role == "assistant" else None,
        )
        if role == "assistant":
            messages.finish(
                message.id,
                content=text,
                status="complete",
                prompt_tokens=42,
                prompt_evaluated=42,
                completion_tokens=24,
                ttft_ms=120.0,
                tokens_per_s=55.0,
                finish_reason="stop",
            )
        parent = message.id
    window.controller.conversations_changed.emit()
    window.controller.open_conversation(conversation.id)


def _with_model(window: MainWindow) -> None:
    engine = FakeEngine()
    window.app.session.use_engine(engine)
    window.controller.engine_changed.emit(engine.model)


def _chat(window: MainWindow) -> QWidget:
    _with_model(window)
    _stored_chat(window, "Capital of France", CHAT)
    return window


def _chinese_chat(window: MainWindow) -> QWidget:
    _with_model(window)
    _stored_chat(window, "法国的首都", CHINESE_CHAT)
    return window


def _models_window(window: MainWindow) -> QWidget:
    models = window.models.show()
    models.resize(QSize(1000, 640))
    return models


SCREENS = [
    Screen("first-start", QSize(1100, 720)),
    Screen("chat-code", QSize(1280, 800), build=_chat),
    Screen("chat-code-small", QSize(800, 600), build=_chat),
    Screen("chat-dark", QSize(1280, 800), theme="dark", build=_chat),
    Screen("chat-chinese", QSize(1100, 720), language="zh_CN", build=_chinese_chat),
    Screen("models-window", QSize(1000, 640), build=_models_window),
]


@contextmanager
def opened(qapp: QApplication, screen: Screen) -> Iterator[QWidget]:
    """The screen's widget, in a window made for it; everything is closed afterwards."""
    assert os.environ.get("DESKCHAT_HOME"), "each screen needs a fresh DESKCHAT_HOME"
    save_settings(replace(Settings(), theme=screen.theme, language=screen.language))
    qapp.setCursorFlashTime(0)  # a caret that never blinks renders the same every time
    window = create_window(qapp)
    window.resize(screen.size)
    window.show()
    try:
        widget = screen.build(window)
        widget.resize(screen.size)
        widget.show()
        yield widget
    finally:
        for translator in window.translators:
            qapp.removeTranslator(translator)
        window.close()
        window.app.close()


def _quiet(widget: QWidget) -> bool:
    """No background job running and no one-shot timer pending (a deferred scroll, the
    context meter's preview): what is drawn now is what stays."""
    pending = [t for t in widget.window().findChildren(QTimer) if t.isActive() and t.isSingleShot()]
    return running_jobs() == 0 and not pending


def settle(qapp: QApplication, widget: QWidget, limit_s: float = 30.0) -> None:
    """Run queued signals, layouts and deferred work until the window is quiet (twice in
    a row, as finishing one job may start the next), at most ``limit_s``."""
    deadline = time.monotonic() + limit_s
    quiet = 0
    while quiet < 2 and time.monotonic() < deadline:
        qapp.processEvents()
        QThread.msleep(20)  # lets a worker thread finish without spinning
        quiet = quiet + 1 if _quiet(widget) else 0
    for _ in range(5):
        qapp.processEvents()


def grab_screen(qapp: QApplication, widget: QWidget) -> QImage:
    settle(qapp, widget)
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
