"""The Documents window: named collections of files that any chat can turn on (in its Chat
tab). Make a collection, add files or folders to it (indexed off the GUI thread, with the
bar above the composer and Cancel), see each file's state (a file that cannot be read says
why), remove files, delete a collection. The same collections as `deskchat docs`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from deskchat.errors import DeskchatError
from deskchat.gui import icons
from deskchat.gui.controller import ChatController
from deskchat.gui.document_choice import document_row
from deskchat.gui.indexing_run import IndexingRun
from deskchat.gui.words import say
from deskchat.services.doc_context import DocContext
from deskchat.services.indexing import IndexProgress, IndexReport
from deskchat.store.doc_records import Collection

ROW_ID = Qt.ItemDataRole.UserRole


class DocumentsDialog(QDialog):
    def __init__(self, controller: ChatController, run: IndexingRun, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.run = run
        self.setWindowTitle(self.tr("Documents"))
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        about = QLabel(
            self.tr(
                "Collections of documents any chat can answer from: turn one on in the "
                "chat's Chat tab. Files dropped on a chat belong to that chat alone."
            )
        )
        about.setWordWrap(True)
        about.setObjectName("explanation")
        layout.addWidget(about)
        split = QSplitter()
        split.addWidget(self._collections_side())
        split.addWidget(self._documents_side())
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.status = QLabel()
        self.status.setObjectName("explanation")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._mine = False  # the run going now is this window's
        run.started.connect(self._busy)
        run.progress.connect(self._progress)
        run.done.connect(self._done)
        run.failed.connect(self._failed)
        run.ended.connect(self._ended)
        self.refresh()

    @property
    def documents(self) -> DocContext:
        return self.controller.session.documents

    def _collections_side(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("Collections")))
        self.collections = QListWidget()
        self.collections.setAccessibleName(self.tr("Collections"))
        self.collections.currentItemChanged.connect(lambda *_: self._show_documents())
        column.addWidget(self.collections, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New…"))
        self.new_button.setToolTip(self.tr("Make a new collection"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the collection with its documents"))
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        column.addLayout(row)
        self.new_button.clicked.connect(self.ask_new)
        self.delete_button.clicked.connect(self.ask_delete)
        return side

    def _documents_side(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        column.addWidget(self.heading)
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("Documents in the collection"))
        self.files.setWordWrap(True)
        self.files.itemSelectionChanged.connect(self._enable)
        column.addWidget(self.files, 1)
        row = QHBoxLayout()
        self.add_files = QPushButton(self.tr("Add files…"))
        self.add_folder = QPushButton(self.tr("Add a folder…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected documents from the collection"))
        for button in (self.add_files, self.add_folder, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.resume_button = QPushButton()
        self.resume_button.clicked.connect(lambda: self.add([]))
        column.addWidget(self.resume_button)
        self.add_files.clicked.connect(self._pick_files)
        self.add_folder.clicked.connect(self._pick_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        return side

    # -- what is shown ------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        current = self.selected()
        chosen = select if select is not None else (current.id if current else None)
        self.collections.blockSignals(True)
        self.collections.clear()
        try:
            found = self.documents.shared_collections()
        except DeskchatError as exc:
            self.status.setText(say(exc))
            found = []
        for collection in found:
            item = QListWidgetItem(
                self.tr("{name} ({n} documents)").format(
                    name=collection.name, n=collection.documents
                )
            )
            item.setData(ROW_ID, collection)
            self.collections.addItem(item)
            if collection.id == chosen:
                self.collections.setCurrentItem(item)
        if self.collections.currentItem() is None and self.collections.count():
            self.collections.setCurrentRow(0)
        self.collections.blockSignals(False)
        self._show_documents()

    def selected(self) -> Collection | None:
        item = self.collections.currentItem()
        chosen = item.data(ROW_ID) if item is not None else None
        return chosen if isinstance(chosen, Collection) else None

    def _show_documents(self) -> None:
        collection = self.selected()
        self.files.clear()
        if collection is None:
            self.heading.setText(self.tr("Make a collection to add documents to it."))
            self.resume_button.hide()
            self._enable()
            return
        self.heading.setText(collection.name)
        shown = self.documents.documents.documents(collection.id)
        pending = sum(1 for d in shown if d.status == "pending")
        self.resume_button.setText(
            self.tr("Finish indexing ({n} files left)").format(n=pending)
            if pending != 1
            else self.tr("Finish indexing (1 file left)")
        )
        self.resume_button.setVisible(pending > 0 and not self.run.is_running())
        for document in shown:
            item = QListWidgetItem(document_row(document))
            item.setData(ROW_ID, document.id)
            item.setToolTip(document.path)
            if document.status == "failed":
                item.setIcon(icons.icon("warning", self.palette()))
            self.files.addItem(item)
        self._enable()

    def _enable(self) -> None:
        has = self.selected() is not None
        busy = self.run.is_running()
        self.delete_button.setEnabled(has and not busy)
        for button in (self.add_files, self.add_folder):
            button.setEnabled(has and not busy)
        self.remove_button.setEnabled(bool(self.files.selectedItems()) and not busy)

    # -- what the person does -------------------------------------------------------------------

    def ask_new(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New collection"), self.tr("Name"))
        if ok:
            self.make(name)

    def make(self, name: str) -> Collection | None:
        try:
            collection = self.documents.new_collection(name)
        except DeskchatError as exc:
            self.status.setText(say(exc))
            return None
        self.status.setText("")
        self.refresh(select=collection.id)
        return collection

    def ask_delete(self) -> None:
        collection = self.selected()
        if collection is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete the collection"),
            self.tr(
                "Delete {name} with its {n} documents from deskchat? The files themselves stay."
            ).format(name=collection.name, n=collection.documents),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.documents.documents.delete_collection(collection.id)
            self.refresh()

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.documents.documents.remove(int(item.data(ROW_ID)))
        self.refresh()

    def _pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add documents"))
        if paths:
            self.add(paths)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"))
        if folder:
            self.add([folder])

    def add(self, paths: list[str]) -> bool:
        """Index ``paths`` into the selected collection; False when another run is going."""
        collection = self.selected()
        if collection is None:
            return False
        documents, targets = self.documents, [Path(p) for p in paths]

        def work(
            on_progress: Callable[[IndexProgress], None], should_stop: Callable[[], bool]
        ) -> IndexReport:
            return documents.add_to_collection(
                collection.id, targets, on_progress=on_progress, should_stop=should_stop
            )

        self._mine = True
        if not self.run.start(work):
            self._mine = False
            self.status.setText(
                self.tr("Wait until the documents being indexed are done, or cancel them.")
            )
            return False
        return True

    # -- the run ------------------------------------------------------------------------------

    def _busy(self) -> None:
        self._enable()

    def _progress(self, progress: IndexProgress) -> None:
        if self._mine:
            self.status.setText(
                self.tr("Indexing {name} · {done} of {total} files").format(
                    name=progress.current, done=progress.files_done, total=progress.files_total
                )
            )

    def _done(self, report: IndexReport) -> None:
        if not self._mine:
            return
        self.status.setText(self.run.summary(report))

    def _failed(self, message: str) -> None:
        if self._mine:
            self.status.setText(message)

    def _ended(self) -> None:
        self._mine = False
        self.refresh()
