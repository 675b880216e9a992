"""The history database cannot be opened (damaged, read-only, a full disk, a newer
deskchat's): say why, and offer to recover what can be read, to start a fresh history (the
old file is kept beside it), or to quit. The window opens once a choice has worked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from deskchat.errors import DeskchatError
from deskchat.gui.words import say
from deskchat.sentences import Sentence
from deskchat.services.app import recover_damaged_history, start_fresh_history

W = TypeVar("W")


class DatabaseProblemDialog(QDialog, Generic[W]):
    """``open_window`` is tried again after a choice; its result is kept in ``window``."""

    def __init__(
        self, problem: DeskchatError, open_window: Callable[[], W], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("db_problem_dialog")
        self.setWindowTitle(self.tr("deskchat cannot open its history"))
        self.window_opened: W | None = None
        self.outcome = ""  # what the choice did, worded for the reader
        self._open_window = open_window
        self.message = QLabel(say(problem))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recover_button = QPushButton(self.tr("Recover what can be read"))
        self.fresh_button = QPushButton(self.tr("Start a fresh history"))
        self.quit_button = QPushButton(self.tr("Quit"))
        self.recover_button.clicked.connect(lambda: self._choose(recover_damaged_history))
        self.fresh_button.clicked.connect(lambda: self._choose(start_fresh_history))
        self.quit_button.clicked.connect(self.reject)
        note = QLabel(self.tr("Either way the old file is kept beside the new history."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.recover_button, self.fresh_button, self.quit_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())

    def _choose(self, action: Callable[[], Sentence]) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = action()
            self.window_opened = self._open_window()
        except DeskchatError as exc:  # it did not work either: say why, keep the choices
            self.message.setText(say(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.outcome = say(done)
        self.accept()


def window_despite(problem: DeskchatError, open_window: Callable[[], W]) -> W | None:
    """Ask what to do about ``problem``; the window once a choice let it open, or None
    when the person chose to quit."""
    dialog: DatabaseProblemDialog[W] = DatabaseProblemDialog(problem, open_window)
    dialog.exec()
    return dialog.window_opened
