"""Files dropped anywhere on the window: a .gguf is opened (its metadata shown, ready to
load); other files and folders are attached to the open chat as documents."""

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


def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[str]:
    return [path for url in event.mimeData().urls() if (path := url.toLocalFile())]


class ModelDrop(QObject):
    """Watches ``window`` for dropped files; ``open_model(path)`` gets the first .gguf,
    ``attach(paths)`` the local files and folders when there is none."""

    def __init__(
        self,
        window: QWidget,
        open_model: Callable[[str], None],
        attach: Callable[[list[str]], None],
    ) -> None:
        super().__init__(window)
        self._open_model = open_model
        self._attach = attach
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(event, QDragEnterEvent) and _local_paths(event):
            event.acceptProposedAction()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            path = _gguf(event)
            if path is not None:
                self._open_model(path)
                return True
            paths = _local_paths(event)
            if paths:
                event.acceptProposedAction()
                self._attach(paths)
                return True
        return super().eventFilter(watched, event)
