"""A label for one sentence of news: progress, or a problem (shown in red)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class SentenceLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.problem = False

    def say(self, text: str, problem: bool = False) -> None:
        if problem != self.problem:
            self.problem = problem
            self.setObjectName("formError" if problem else "")
            self.style().unpolish(self)
            self.style().polish(self)
        self.setText(text)
        self.setVisible(bool(text))
