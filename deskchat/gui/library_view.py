"""The Library tab: every GGUF model on this computer (deskchat's own, linked files, added
folders, other apps'), scanned off the GUI thread; load, reveal, delete, import, choose
the folders; .gguf files dropped on it are imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskchat.errors import DeskchatError
from deskchat.gui import library_import
from deskchat.gui.library_folders import FoldersDialog
from deskchat.gui.model_services import ModelServices
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.gui.sizes import count_text, size_text
from deskchat.gui.words import say
from deskchat.hub.library import LocalModel

PROBLEM = QColor("#c0392b")


PROBLEM_COLUMN = 9


class LibraryView(QWidget):
    def __init__(self, services: ModelServices) -> None:
        super().__init__()
        self.services = services
        self.models: list[LocalModel] = []
        self._scanning = False
        self._scan_again = False
        self.setAcceptDrops(True)
        self.importer = library_import.Importer(services, self)
        self.importer.progress.connect(self._import_progress)
        self.importer.finished.connect(self._imported)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_top())
        layout.addWidget(self._build_table(), 1)
        self.status = SentenceLabel()
        self.status.hide()
        layout.addWidget(self.status)
        layout.addLayout(self._build_import_progress())
        self._show_importing(False)
        layout.addLayout(self._build_buttons())
        self.folders_dialog: FoldersDialog | None = None
        services.library_changed.connect(self.refresh)
        services.download_done.connect(lambda _item: self.refresh())
        self._selected()
        self.refresh()

    def _build_top(self) -> QHBoxLayout:
        """The count of models, and whether other apps' models are listed."""
        top = QHBoxLayout()
        self.total = QLabel()
        top.addWidget(self.total, 1)
        self.other_apps = QCheckBox(
            self.tr("Also list models from LM Studio, Ollama, Jan, GPT4All")
        )
        self.other_apps.setChecked(self.services.app.settings.current.scan_other_apps)
        self.other_apps.toggled.connect(
            lambda on: self.services.update_settings(scan_other_apps=on)
        )
        top.addWidget(self.other_apps)
        return top

    def _build_table(self) -> QTableWidget:
        """One row per model; a double click loads it."""
        self.table = QTableWidget(0, 10)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("For"),
                self.tr("Quantization"),
                self.tr("Architecture"),
                self.tr("Parameters"),
                self.tr("Context"),
                self.tr("Size"),
                self.tr("Source"),
                self.tr("Chat template"),
                self.tr("Problem"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.load())
        return self.table

    def _build_import_progress(self) -> QHBoxLayout:
        """The bar and Cancel button shown while files are imported."""
        progress = QHBoxLayout()
        self.import_bar = QProgressBar()
        self.import_bar.setRange(0, 1000)
        self.import_cancel = QPushButton(self.tr("Cancel import"))
        self.import_cancel.clicked.connect(self.importer.cancel)
        progress.addWidget(self.import_bar, 1)
        progress.addWidget(self.import_cancel)
        return progress

    def _build_buttons(self) -> QHBoxLayout:
        """Load, reveal and delete the selected model; import, folders and rescan."""
        buttons = QHBoxLayout()
        self.load_button = QPushButton(self.tr("Load"))
        self.reveal_button = QPushButton(self.tr("Show in file manager"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.import_button = QPushButton(self.tr("Import…"))
        self.folders_button = QPushButton(self.tr("Folders…"))
        self.rescan_button = QPushButton(self.tr("Rescan"))
        for button, slot in (
            (self.load_button, self.load),
            (self.reveal_button, self.reveal),
            (self.delete_button, self.delete),
            (self.import_button, self.choose_import),
            (self.folders_button, self.open_folders),
            (self.rescan_button, self.refresh),
        ):
            button.clicked.connect(slot)
            buttons.addWidget(button)
            if button is self.delete_button:
                buttons.addStretch(1)
        return buttons

    # -- scanning -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rescan (reading headers of new files) off the GUI thread; one at a time."""
        if self._scanning:
            self._scan_again = True
            return
        self._scanning = True
        self.total.setText(self.tr("Looking for models…"))
        job = self.services.run(self.services.library().scan)
        job.item.connect(self._scanned)
        job.failed.connect(lambda message: self.status.say(message, problem=True))
        job.finished.connect(self._scan_done)

    def _scan_done(self) -> None:
        self._scanning = False
        if self._scan_again:
            self._scan_again = False
            self.refresh()

    def _scanned(self, models: list[LocalModel]) -> None:
        chosen = self.selected()
        self.models = models
        self.table.setRowCount(len(models))
        for row, m in enumerate(models):
            problem = say(m.error) if m.error else ""  # the core's sentence, in the reader's words
            cells = [
                m.name,
                self._kinds()[m.kind],
                m.quantization,
                m.architecture,
                count_text(m.parameters) if m.parameters else "",
                f"{m.context_length:,}" if m.context_length else "",
                size_text(m.size_bytes),
                m.source,
                self.tr("yes") if m.has_chat_template else self.tr("no"),
                problem,
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(m.path) if column == 0 else problem)
                if m.error and column in (0, PROBLEM_COLUMN):
                    cell.setForeground(PROBLEM)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PROBLEM_COLUMN, QHeaderView.ResizeMode.Stretch)
        if chosen is not None:
            for row, m in enumerate(models):
                if m.path == chosen.path:
                    self.table.selectRow(row)
        used = sum(m.size_bytes for m in models)
        self.total.setText(
            (
                self.tr("1 model, {size} on disk")
                if len(models) == 1
                else self.tr("{n} models, {size} on disk")
            ).format(n=len(models), size=size_text(used))
        )
        self._selected()

    # -- the selected model ---------------------------------------------------------------

    def selected(self) -> LocalModel | None:
        row = self.table.currentRow()
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.models[row] if row in rows and 0 <= row < len(self.models) else None

    def _kinds(self) -> dict[str, str]:
        return {
            "chat": self.tr("Chat"),
            "embedding": self.tr("Documents (embedding)"),
            "reranker": self.tr("Ranking passages"),
        }

    def _selected(self) -> None:
        model = self.selected()
        for button in (self.load_button, self.reveal_button, self.delete_button):
            button.setEnabled(model is not None)
        embedding = model is not None and model.kind == "embedding"
        self.load_button.setText(self.tr("Use for documents") if embedding else self.tr("Load"))
        self.load_button.setEnabled(model is not None and model.kind != "reranker")

    def load(self) -> None:
        """Load the selected chat model; an embedding model becomes the documents' one."""
        model = self.selected()
        if model is None or model.kind == "reranker":
            return
        if model.kind == "embedding":
            self.services.embedding_chosen.emit(str(model.path))
        else:
            self.services.load_requested.emit(str(model.path))

    def reveal(self) -> None:
        model = self.selected()
        if model is not None:
            folder = self.services.library().folder_of(model)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def delete(self) -> None:
        model = self.selected()
        if model is None:
            return
        if model.source == "linked":
            question = self.tr("Remove {name} from the library? The file stays where it is.")
        else:
            question = self.tr("Delete {name} ({size}) from this computer?")
        answer = QMessageBox.question(
            self,
            self.tr("Delete model"),
            question.format(name=model.name, size=size_text(model.size_bytes)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.library().delete(model)
        except DeskchatError as exc:
            self.status.say(say(exc), problem=True)
            return
        self.status.say(self.tr("{name} was deleted.").format(name=model.name))
        self.refresh()

    # -- adding models ------------------------------------------------------------------

    def open_folders(self) -> FoldersDialog:
        """The models folder, the other folders scanned, downloads at once."""
        if self.folders_dialog is None:
            self.folders_dialog = FoldersDialog(self.services, self)
        self.folders_dialog.show_settings()
        self.folders_dialog.status.say("")
        self.folders_dialog.open()
        return self.folders_dialog

    def choose_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import GGUF models"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def import_paths(self, paths: list[Path]) -> None:
        if self.importer.busy():
            self.status.say(self.tr("Another import is still running."), problem=True)
            return
        mode = library_import.ask_import_mode(self, [p.name for p in paths])
        if mode is None:
            return
        self.status.say(self.tr("Adding {names}…").format(names=", ".join(p.name for p in paths)))
        self._show_importing(True)
        self.import_bar.setValue(0)
        self.importer.start(paths, mode)

    def _show_importing(self, importing: bool) -> None:
        self.import_bar.setVisible(importing)
        self.import_cancel.setVisible(importing)

    def _import_progress(self, done: int, total: int) -> None:
        self.import_bar.setValue(int(1000 * done / total) if total else 0)

    def _imported(self, problem: str) -> None:
        self._show_importing(False)
        self.status.say(problem or self.tr("Added to the library."), problem=bool(problem))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if any(u.toLocalFile().lower().endswith(".gguf") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls()]
        ggufs = [p for p in paths if p.name.lower().endswith(".gguf")]
        if ggufs:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_paths(ggufs))  # not inside the drop
