"""The chat area before a model is loaded: what to do (open a GGUF, drop one, use the
starter model, find one on Hugging Face); once one is loaded, how to begin."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar

from deskchat.gui.controller import ChatController


class FirstStart(QObject):
    """The words in the empty chat area and the two buttons in the status bar. It is told
    how to find models, how to use the starter model (a sentence when it cannot) and where
    to say a problem; it knows nothing else of the window."""

    def __init__(
        self,
        controller: ChatController,
        empty: QLabel,
        status_bar: QStatusBar,
        *,
        find_models: Callable[[], object],
        use_starter: Callable[[], str | None],
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(status_bar)
        self.controller = controller
        self.empty = empty
        self._use_starter = use_starter
        self._show_error = show_error
        self.starter_button = QPushButton(self.tr("Use the starter model"))
        self.starter_button.clicked.connect(self.use_starter)
        self.find_button = QPushButton(self.tr("Find a model on Hugging Face"))
        self.find_button.clicked.connect(find_models)
        status_bar.addWidget(self.starter_button)
        status_bar.addWidget(self.find_button)

    def refresh(self) -> None:
        no_model = self.controller.model is None
        if no_model:
            self.empty.setText(
                self.tr(
                    "<h3>No model loaded yet</h3>"
                    "<p>Open a GGUF model file with <b>Ctrl+O</b>, drop one on this window, or use "
                    "the starter model (Gemma 3 270M, a small base model that works offline).</p>"
                    "<p>To download a chat model, find one on Hugging Face with "
                    "<b>Ctrl+Shift+M</b>.</p>"
                )
            )
        else:
            self.empty.setText(
                self.tr(
                    "<h3>Say hello</h3><p>Type below and press Enter. Pick a persona in the "
                    "Chat tab; Show prompt reveals the exact text the model receives.</p>"
                )
            )
        self.starter_button.setVisible(no_model)
        self.find_button.setVisible(no_model)

    def use_starter(self) -> None:
        problem = self._use_starter()
        if problem:
            self._show_error(problem)
