"""The Model tab's "Remote servers" section: the OpenAI-compatible servers a person added
(llama-server, Ollama, LM Studio, vLLM, OpenAI...), the models one offers, and the button
that moves the chat to one of them. Widgets only: ``RemoteTab`` does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from deskchat.gui.sentence_label import SentenceLabel
from deskchat.services.remote_access import Endpoint, RemoteModel

NAME = Qt.ItemDataRole.UserRole  # a server item's endpoint name


class RemotePanel(QGroupBox):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Remote servers"))
        layout = QVBoxLayout(self)
        self.setToolTip(
            self.tr(
                "Chat with a model on an OpenAI-compatible server: llama-server, Ollama, "
                "LM Studio, vLLM or OpenAI."
            )
        )
        self.servers = QListWidget()
        self.servers.setMaximumHeight(80)
        layout.addWidget(self.servers)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add server…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setEnabled(False)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.models = QComboBox()
        self.models.setPlaceholderText(self.tr("Models on this server"))
        self.models.setEnabled(False)
        layout.addWidget(self.models)
        buttons = QHBoxLayout()
        self.use_button = QPushButton(self.tr("Use this model"))
        self.use_button.setEnabled(False)
        self.local_button = QPushButton(self.tr("Back to the local model"))
        self.local_button.hide()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.local_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = SentenceLabel()
        self.status.hide()
        layout.addWidget(self.status)

    def current_name(self) -> str | None:
        item = self.servers.currentItem()
        return str(item.data(NAME)) if item is not None else None

    def set_servers(self, endpoints: list[tuple[Endpoint, str]], select: str | None) -> None:
        """Each server with where its API key comes from; ``select`` is made current
        (which asks it for its models) unless it already was."""
        self.servers.blockSignals(True)
        self.servers.clear()
        for endpoint, key_source in endpoints:
            item = QListWidgetItem(f"{endpoint.name} — {endpoint.base_url}")
            item.setData(NAME, endpoint.name)
            item.setToolTip(self.tr("API key: {source}").format(source=key_source))
            self.servers.addItem(item)
        names = [endpoint.name for endpoint, _ in endpoints]
        self.servers.setCurrentRow(names.index(select) if select in names else -1)
        self.servers.blockSignals(False)
        self.remove_button.setEnabled(self.servers.currentRow() >= 0)

    def set_models(self, models: list[RemoteModel], select: str | None) -> None:
        self.models.clear()
        for model in models:
            text = model.id
            if model.context_length:
                text += " · " + self.tr("context {n}").format(n=f"{model.context_length:,}")
            self.models.addItem(text, model.id)
        ids = [model.id for model in models]
        self.models.setCurrentIndex(ids.index(select) if select in ids else (0 if ids else -1))
        self.models.setEnabled(bool(models))
        self.use_button.setEnabled(bool(models))

    def chosen_model(self) -> str | None:
        data = self.models.currentData()
        return str(data) if data else None

    def say(self, text: str, problem: bool = False) -> None:
        self.status.say(text, problem)
