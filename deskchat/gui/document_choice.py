"""The Chat tab's documents: the files attached to the open chat (a file that cannot be
read says why, in its row), buttons to attach files or a folder (dropping them on the window
does the same), the shared collections the chat may draw on, and, after an interrupted
run, a button to finish indexing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui import icons
from deskchat.gui.flow_layout import FlowLayout
from deskchat.store.doc_records import Collection, DocumentRecord
from deskchat.units import size_text

ROW_ID = Qt.ItemDataRole.UserRole


class DocumentChoice(QWidget):
    attach = Signal(list)  # paths (str) to index into the chat
    resume = Signal()  # finish what an interrupted run left
    remove = Signal(int)  # a document's id
    collection_toggled = Signal(int, bool)  # a shared collection's id, on
    manage = Signal()  # open the Documents window

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("Documents attached to this chat"))
        self.files.setMaximumHeight(120)
        self.files.setWordWrap(True)
        self.empty = QLabel(
            self.tr("No documents. Attach files, or drop them on the window, to ask about them.")
        )
        self.empty.setObjectName("explanation")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        layout.addWidget(self.files)
        buttons = QWidget()  # they wrap in a narrow drawer
        row = FlowLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.attach_files = QPushButton(self.tr("Attach files…"))
        self.attach_folder = QPushButton(self.tr("Attach a folder…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected document from this chat"))
        for button in (self.attach_files, self.attach_folder, self.remove_button):
            row.addWidget(button)
        layout.addWidget(buttons)
        self.resume_button = QPushButton()
        layout.addWidget(self.resume_button)
        self.outcome = QLabel()
        self.outcome.setObjectName("explanation")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        self.shared_label = QLabel(self.tr("Collections this chat also uses"))
        self.shared = QListWidget()
        self.shared.setAccessibleName(self.tr("Document collections"))
        self.shared.setMaximumHeight(96)
        layout.addWidget(self.shared_label)
        layout.addWidget(self.shared)
        self.manage_button = QPushButton(self.tr("Collections…"))
        self.manage_button.setToolTip(
            self.tr("Make collections of documents that any chat can use (Ctrl+Shift+D)")
        )
        self.manage_button.clicked.connect(self.manage)
        layout.addWidget(self.manage_button)
        self.attach_files.clicked.connect(self._pick_files)
        self.attach_folder.clicked.connect(self._pick_folder)
        self.remove_button.clicked.connect(self._remove)
        self.resume_button.clicked.connect(self.resume)
        self.files.itemSelectionChanged.connect(self._selection)
        self.shared.itemChanged.connect(self._toggled)
        self._showing = False
        self.show_documents([], [], set(), pending=0)

    def show_documents(
        self,
        documents: Sequence[DocumentRecord],
        collections: Sequence[Collection],
        used: set[int],
        *,
        pending: int,
    ) -> None:
        """The chat's files; the shared ``collections`` (those in ``used`` checked);
        ``pending``: files an interrupted run left to index."""
        self._showing = True
        self.files.clear()
        for document in documents:
            item = QListWidgetItem(document_row(document))
            item.setData(ROW_ID, document.id)
            item.setToolTip(document.path)
            if document.status == "failed":
                item.setIcon(icons.icon("warning", self.palette()))
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, document.error)
            self.files.addItem(item)
        self.files.setVisible(bool(documents))
        self.empty.setVisible(not documents)
        self.shared.clear()
        for collection in collections:
            item = QListWidgetItem(
                self.tr("{name} ({n} documents)").format(
                    name=collection.name, n=collection.documents
                )
            )
            item.setData(ROW_ID, collection.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = collection.id in used
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.shared.addItem(item)
        self.shared.setVisible(bool(collections))
        self.shared_label.setVisible(bool(collections))
        self.resume_button.setText(
            self.tr("Finish indexing ({n} files left)").format(n=pending)
            if pending != 1
            else self.tr("Finish indexing (1 file left)")
        )
        self.resume_button.setVisible(pending > 0)
        self._selection()
        self._showing = False

    def set_indexing(self, indexing: bool) -> None:
        for button in (self.attach_files, self.attach_folder, self.resume_button):
            button.setEnabled(not indexing)
        self._selection(indexing)

    def _selection(self, indexing: bool | None = None) -> None:
        busy = not self.attach_files.isEnabled() if indexing is None else indexing
        self.remove_button.setEnabled(bool(self.files.selectedItems()) and not busy)

    def _pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach documents"))
        if paths:
            self.attach.emit(paths)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Attach a folder"))
        if folder:
            self.attach.emit([folder])

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.remove.emit(int(item.data(ROW_ID)))

    def _toggled(self, item: QListWidgetItem) -> None:
        if not self._showing:
            on = item.checkState() == Qt.CheckState.Checked
            self.collection_toggled.emit(int(item.data(ROW_ID)), on)


def document_row(document: DocumentRecord) -> str:
    """A document as a list shows it: its name and passages, or why it cannot be read."""
    if document.status == "failed":
        return f"{document.name} — {document.error}"
    if document.status == "pending":
        waiting = QCoreApplication.translate("DocumentChoice", "{name} — waiting to be indexed")
        return waiting.format(name=document.name)
    pages = ""
    if document.pages:
        many_pages = QCoreApplication.translate("DocumentChoice", "{n} pages")
        pages = many_pages.format(n=f"{document.pages:,}") + ", "
    if document.chunk_count == 1:
        chunks = QCoreApplication.translate("DocumentChoice", "1 passage")
    else:
        many = QCoreApplication.translate("DocumentChoice", "{n} passages")
        chunks = many.format(n=f"{document.chunk_count:,}")
    return f"{document.name} — {pages}{chunks}, {size_text(document.size_bytes)}"
