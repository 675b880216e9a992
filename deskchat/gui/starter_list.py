"""Small instruct models worth starting with, each one click from downloading (shown by
the Discover tab while nothing is searched)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskchat.services.model_choice import Starter, starters


class StarterList(QWidget):
    download_requested = Signal(str, str)  # repo id, file name

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            self.tr(
                "<b>Good first models</b>: small chat models that run on most computers. "
                "Or type a name above (for example “qwen”, “llama”, “gemma”) and press Enter."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.starters: list[Starter] = starters()
        self.table = QTableWidget(len(self.starters), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("About"), self.tr("Repository"), ""]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.buttons: list[QPushButton] = []
        for row, starter in enumerate(self.starters):
            self.table.setItem(row, 0, QTableWidgetItem(starter.title))
            note = QTableWidgetItem(starter.note)
            note.setToolTip(starter.note)
            self.table.setItem(row, 1, note)
            self.table.setItem(row, 2, QTableWidgetItem(starter.repo_id))
            button = QPushButton(self.tr("Download"))
            button.clicked.connect(partial(self._clicked, starter))
            self.table.setCellWidget(row, 3, button)
            self.buttons.append(button)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    def _clicked(self, starter: Starter, _checked: bool = False) -> None:
        self.download_requested.emit(starter.repo_id, starter.filename)
