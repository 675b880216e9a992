"""The Model tab's "Documents" section: the embedding model that lets chats find passages
by their meaning as well as their words (a GGUF embedding model, checked to be one before
it is saved), and how many passages a message gets at most."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from deskchat.errors import DeskchatError
from deskchat.gui.controller import ChatController
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.words import say
from deskchat.hub.gguf_meta import GGUFInfo, read_gguf_info
from deskchat.settings import MAX_DOC_PASSAGES


class DocumentsPanel(QGroupBox):
    def __init__(self, embedding_model: str, passages: int) -> None:
        super().__init__()
        self.setTitle(self.tr("Documents"))
        layout = QVBoxLayout(self)
        about = QLabel(
            self.tr(
                "Chats find the passages of their documents by their words. With an embedding "
                "model (a GGUF such as nomic-embed-text, bge or multilingual-e5) they also find "
                "them by their meaning; documents indexed before it get its vectors when they "
                "are attached again."
            )
        )
        about.setWordWrap(True)
        about.setProperty("secondary", True)
        layout.addWidget(about)
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        layout.addWidget(self.model_label)
        row = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setToolTip(self.tr("Choose the embedding model (a .gguf file)"))
        self.clear_button = QPushButton(self.tr("None"))
        self.clear_button.setToolTip(self.tr("Search documents by their words alone"))
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.passages = QSpinBox()
        self.passages.setRange(1, MAX_DOC_PASSAGES)
        self.passages.setValue(passages)
        self.passages.setKeyboardTracking(False)
        self.passages.setToolTip(
            self.tr(
                "At most this many passages go with each message. When they do not all fit, "
                "the lowest ranked are left out before any earlier message is; the best one "
                "always stays, and the context meter says how many were left out."
            )
        )
        form.addRow(self.tr("Passages per message"), self.passages)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("formError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.show_model(embedding_model)

    def show_model(self, path: str) -> None:
        name = Path(path).name if path else self.tr("none (passages are found by their words)")
        self.model_label.setText(self.tr("Embedding model: {name}").format(name=name))
        self.model_label.setToolTip(path)
        self.clear_button.setEnabled(bool(path))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


class DocumentsSection(QObject):
    """Joins the panel to the settings; a chosen file is read off the GUI thread and saved
    only when it is an embedding model."""

    def __init__(self, controller: ChatController, model_panel: ModelPanel) -> None:
        super().__init__(model_panel)
        self.controller = controller
        current = controller.app.settings.current
        self.panel = DocumentsPanel(current.embedding_model, current.doc_passages)
        model_panel.add_section(self.panel)
        self.panel.choose_button.clicked.connect(self._pick)
        self.panel.clear_button.clicked.connect(lambda: self.use(""))
        self.panel.passages.valueChanged.connect(self._passages)

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.panel, self.tr("Choose an embedding model"), "", self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.use(path)

    def use(self, path: str) -> None:
        """Make ``path`` the embedding model ("" for none), once it is checked to be one."""
        self.panel.show_problem("")
        if not path:
            self._save("")
            return
        job = self.controller.background(lambda: read_gguf_info(path))
        job.item.connect(lambda info: self._checked(path, info))
        job.failed.connect(self.panel.show_problem)

    def _checked(self, path: str, info: GGUFInfo) -> None:
        if info.kind != "embedding":
            self.panel.show_problem(
                self.tr(
                    "{name} is a chat model, not an embedding model; choose one such as "
                    "nomic-embed-text or bge."
                ).format(name=Path(path).name)
                if info.kind == "chat"
                else self.tr("{name} ranks passages; choose an embedding model.").format(
                    name=Path(path).name
                )
            )
            return
        self._save(path)

    def _save(self, path: str) -> None:
        try:
            self.controller.app.settings.update(embedding_model=path)
        except DeskchatError as exc:
            self.panel.show_problem(say(exc))
            return
        self.panel.show_model(path)

    def _passages(self, n: int) -> None:
        try:
            self.controller.app.settings.update(doc_passages=n)
        except DeskchatError as exc:
            self.panel.show_problem(say(exc))
