"""The bar above the composer while documents are indexed: the file being read, files
done of all, pages and passages so far, the time left, and Cancel (what is done stays;
the rest can be finished later)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from deskchat.services.indexing import IndexProgress


class IndexingBar(QWidget):
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexingBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        self.label = QLabel()
        self.label.setObjectName("explanation")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(
            self.tr("Stop indexing; the files done so far stay, the rest can be finished later")
        )
        self.cancel_button.clicked.connect(self._cancel)
        row.addWidget(self.label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        self.hide()

    def start(self) -> None:
        self.progress.setRange(0, 0)  # busy until the first file is counted
        self.label.setText(self.tr("Reading the documents…"))
        self.cancel_button.setEnabled(True)
        self.show()

    def show_progress(self, p: IndexProgress) -> None:
        if p.files_total:
            self.progress.setRange(0, p.files_total)
            self.progress.setValue(p.files_done)
        parts = [
            self.tr("Indexing {name}").format(name=p.current) if p.current else self.tr("Indexing"),
            self.tr("{done} of {total} files").format(done=p.files_done, total=p.files_total),
        ]
        if p.pages:
            parts.append(self.tr("{n} pages").format(n=f"{p.pages:,}"))
        parts.append(self.tr("{n} passages").format(n=f"{p.chunks:,}"))
        if p.seconds_left is not None:
            left = int(p.seconds_left)
            parts.append(self.tr("about {t} left").format(t=f"{left // 60}:{left % 60:02d}"))
        self.label.setText(" · ".join(parts))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Stopping after this file's current step…"))
        self.cancel.emit()
