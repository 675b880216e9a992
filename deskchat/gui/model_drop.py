"""A .gguf file dropped anywhere on the window is opened (its metadata shown, ready to
load); other files are refused at the door."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def _gguf(event: QDragEnterEvent | QDropEvent) -> str | None:
    for url in event.mimeData().urls():
        path = url.toLocalFile()
        if path.lower().endswith(".gguf"):
            return path
    return None


class ModelDrop(QObject):
    """Watches ``window`` for dropped files; ``open_model(path)`` gets the first .gguf."""

    def __init__(self, window: QWidget, open_model: Callable[[str], None]) -> None:
        super().__init__(window)
        self._open_model = open_model
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(event, QDragEnterEvent) and _gguf(event) is not None:
            event.acceptProposedAction()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            path = _gguf(event)
            if path is not None:
                self._open_model(path)
                return True
        return super().eventFilter(watched, event)
