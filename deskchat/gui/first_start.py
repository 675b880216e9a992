"""The chat area before a model is loaded: what to do (open a GGUF, drop one, use the
starter model, find one on Hugging Face); once one is loaded, how to begin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    from deskchat.gui.main_window import MainWindow


class FirstStart(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.starter_button = QPushButton(self.tr("Use the starter model"))
        self.starter_button.clicked.connect(self.use_starter)
        self.find_button = QPushButton(self.tr("Find a model on Hugging Face"))
        self.find_button.clicked.connect(window.models.show)
        window.statusBar().addWidget(self.starter_button)
        window.statusBar().addWidget(self.find_button)

    def refresh(self) -> None:
        no_model = self.window.controller.model is None
        if no_model:
            self.window.chat.empty.setText(
                self.tr(
                    "<h3>No model loaded yet</h3>"
                    "<p>Open a GGUF model file with <b>Ctrl+O</b>, drop one on this window, or use "
                    "the starter model (Gemma 3 270M, a small base model that works offline).</p>"
                    "<p>To download a chat model, find one on Hugging Face with "
                    "<b>Ctrl+Shift+M</b>.</p>"
                )
            )
        else:
            self.window.chat.empty.setText(
                self.tr(
                    "<h3>Say hello</h3><p>Type below and press Enter. Pick a persona in the "
                    "Chat tab; Show prompt reveals the exact text the model receives.</p>"
                )
            )
        self.starter_button.setVisible(no_model)
        self.find_button.setVisible(no_model)

    def use_starter(self) -> None:
        problem = self.window.model_tab.use_starter()
        if problem:
            self.window._show_error(problem)
