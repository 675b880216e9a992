"""Small instruct models worth starting with, each one click from downloading (shown by
the Discover tab while nothing is searched)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
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
            cell = QWidget()  # the button with room around it in its cell
            room = QHBoxLayout(cell)
            room.setContentsMargins(6, 4, 6, 4)
            room.addWidget(button)
            self.table.setCellWidget(row, 3, cell)
            self.buttons.append(button)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # rows with room around their buttons, told apart by shade rather than grid lines
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        if self.buttons:
            row_height = self.buttons[0].sizeHint().height() + 16
            self.table.verticalHeader().setDefaultSectionSize(row_height)
        layout.addWidget(self.table, 1)

    def _clicked(self, starter: Starter, _checked: bool = False) -> None:
        self.download_requested.emit(starter.repo_id, starter.filename)
