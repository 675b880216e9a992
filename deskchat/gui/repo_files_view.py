"""One repository's GGUF files, each labelled for this machine at a chosen context length
(fits on GPU / fits in RAM / tight / won't fit, ★ for the recommended one), the selected
file's fit sentence, and its Download button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui.sizes import size_text
from deskchat.gui.words import say
from deskchat.hub.fit import Fit, MachineMemory
from deskchat.hub.gguf_header import KVShape
from deskchat.hub.remote import RepoFiles
from deskchat.services.model_choice import ChoiceFit, assess_choices

FIT_COLOURS = {
    Fit.GPU: QColor("#1e8449"),
    Fit.RAM: QColor("#2874a6"),
    Fit.TIGHT: QColor("#b9770e"),
    Fit.NO: QColor("#c0392b"),
}
COLUMNS = 6  # file, quantization, size, fit, recommended, parts


class RepoFilesView(QWidget):
    download_requested = Signal(object, object)  # RepoFiles, ModelChoice

    def __init__(
        self,
        n_ctx: int,
        gpu_offload: Callable[[], bool],
        cache_types: tuple[str, str] = ("f16", "f16"),
    ) -> None:
        super().__init__()
        self._gpu_offload = gpu_offload
        self._cache_types = cache_types  # the KV cache's K and V types the estimate counts
        self.repo: RepoFiles | None = None
        self._shape: KVShape | None = None
        self._memory: MachineMemory | None = None
        self.fits: list[ChoiceFit] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel(self.tr("Choose a repository to see its files."))
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        top.addWidget(QLabel(self.tr("Plan for a context of")))
        self.ctx = QSpinBox()
        self.ctx.setRange(512, 1 << 20)
        self.ctx.setSingleStep(1024)
        self.ctx.setValue(n_ctx)
        self.ctx.setSuffix(self.tr(" tokens"))
        self.ctx.setToolTip(self.tr("The memory estimate grows with the context length."))
        self.ctx.valueChanged.connect(self._refit)
        top.addWidget(self.ctx)
        layout.addLayout(top)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("File"),
                self.tr("Quantization"),
                self.tr("Size"),
                self.tr("On this computer"),
                self.tr("Recommended"),
                self.tr("Parts"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self._download())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        row.addWidget(self.sentence, 1)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setEnabled(False)
        self.download_button.clicked.connect(self._download)
        row.addWidget(self.download_button)
        layout.addLayout(row)

    def clear(self, title: str = "") -> None:
        self.repo, self.fits = None, []
        self.table.setRowCount(0)
        self.title.setText(title or self.tr("Choose a repository to see its files."))
        self.sentence.setText("")
        self.download_button.setEnabled(False)

    def show_repo(self, repo: RepoFiles, shape: KVShape | None, memory: MachineMemory) -> None:
        self.repo, self._shape, self._memory = repo, shape, memory
        if not repo.choices:
            self.clear(self.tr("{repo} has no GGUF model files.").format(repo=repo.repo_id))
            return
        self.title.setText(
            (
                self.tr("<b>{repo}</b>: 1 file")
                if len(repo.choices) == 1
                else self.tr("<b>{repo}</b>: {n} files")
            ).format(repo=repo.repo_id, n=len(repo.choices))
        )
        self._refit()
        best = next((i for i, f in enumerate(self.fits) if f.recommended), 0)
        self.table.selectRow(best)

    def fit_label(self, fit: Fit) -> str:
        return {
            Fit.GPU: self.tr("fits on GPU"),
            Fit.RAM: self.tr("fits in RAM"),
            Fit.TIGHT: self.tr("tight"),
            Fit.NO: self.tr("won't fit"),
        }[fit]

    def _refit(self) -> None:
        """Label every file for the context chosen (pure arithmetic: no hub request)."""
        if self.repo is None or self._memory is None:
            return
        selected = self.table.currentRow()
        self.fits = assess_choices(
            self.repo,
            self._memory,
            gpu_offload=self._gpu_offload(),
            n_ctx=self.ctx.value(),
            shape=self._shape,
            cache_types=self._cache_types,
        )
        self.table.setRowCount(len(self.fits))
        for row, fit in enumerate(self.fits):
            choice = fit.choice
            label = QTableWidgetItem(self.fit_label(fit.report.fit))
            label.setForeground(FIT_COLOURS[fit.report.fit])
            label.setToolTip(say(fit.report.said))
            cells = [
                QTableWidgetItem(choice.name),
                QTableWidgetItem(choice.quantization or "?"),
                QTableWidgetItem(size_text(choice.size)),
                label,
                QTableWidgetItem("★" if fit.recommended else ""),
                QTableWidgetItem(str(len(choice.parts))),
            ]
            if fit.recommended:
                cells[4].setToolTip(self.tr("The best quality that runs well here"))
            for column, cell in enumerate(cells):
                if column >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        if selected >= 0:
            self.table.selectRow(selected)
        self._selected()

    def selected_fit(self) -> ChoiceFit | None:
        row = self.table.currentRow()
        return self.fits[row] if 0 <= row < len(self.fits) else None

    def _selected(self) -> None:
        fit = self.selected_fit()
        self.sentence.setText(say(fit.report.said) if fit else "")
        self.download_button.setEnabled(fit is not None)

    def _download(self) -> None:
        fit = self.selected_fit()
        if fit is not None and self.repo is not None:
            self.download_requested.emit(self.repo, fit.choice)
