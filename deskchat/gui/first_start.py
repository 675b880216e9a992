"""The chat area before a model is loaded: what to do (open a GGUF, drop one, use the
starter model, find one on Hugging Face); once one is loaded, how to begin."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from deskchat.gui.controller import ChatController

# use_starter(report, failed): report hears each step (a sentence, how far 0..1 or -1;
# "" when it is over), failed a sentence later; it returns a sentence when it cannot start
UseStarter = Callable[[Callable[[str, float], None], Callable[[str], None]], str | None]


class FirstStart(QObject):
    """The words in the empty chat area and the two buttons under them. It is told
    how to find models, how to use the starter model (a sentence when it cannot) and where
    to say a problem; it knows nothing else of the window."""

    def __init__(
        self,
        controller: ChatController,
        empty: QLabel,
        actions: QWidget,
        *,
        find_models: Callable[[], object],
        use_starter: UseStarter,
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(actions)
        self.controller = controller
        self.empty = empty
        self._use_starter = use_starter
        self._show_error = show_error
        self.step = ""  # what getting the starter model ready is doing now
        self.starter_button = QPushButton(self.tr("Use the starter model"))
        self.starter_button.setObjectName("primaryButton")
        self.starter_button.clicked.connect(self.use_starter)
        self.starter_progress = QProgressBar()
        self.starter_progress.setMaximumWidth(160)
        self.starter_progress.setTextVisible(False)
        self.starter_progress.hide()
        self.find_button = QPushButton(self.tr("Find a model on Hugging Face"))
        self.find_button.clicked.connect(find_models)
        row = actions.layout()
        assert isinstance(row, QBoxLayout)
        for i, widget in enumerate((self.starter_button, self.starter_progress, self.find_button)):
            row.insertWidget(i, widget)
        controller.busy_changed.connect(lambda _busy: self._enable())

    def refresh(self) -> None:
        no_model = self.controller.model is None
        if no_model:
            doing = f"<p><b>{html.escape(self.step)}</b></p>" if self.step else ""
            self.empty.setText(
                self.tr(
                    "<h3>No model loaded yet</h3>"
                    "<p>Open a GGUF model file with <b>Ctrl+O</b>, drop one on this window, or use "
                    "the starter model (Gemma 3 270M, a small base model that works offline).</p>"
                    "<p>To download a chat model, find one on Hugging Face with "
                    "<b>Ctrl+Shift+M</b>.</p>"
                )
                + doing
            )
        else:
            self.empty.setText(
                self.tr(
                    "<h3>Say hello</h3><p>Type below and press Enter. Pick a persona in the "
                    "Chat tab; Show prompt reveals the exact text the model receives.</p>"
                )
            )
        self.starter_button.setVisible(no_model)
        self.starter_progress.setVisible(no_model and bool(self.step))
        self.find_button.setVisible(no_model)
        self._enable()

    def _enable(self) -> None:
        """The starter button is for when nothing is on its way: a second click while the
        starter (or another model) is being got ready would only be refused."""
        idle = not self.step and not self.controller.is_loading()
        self.starter_button.setEnabled(idle)
        self.starter_button.setText(self.step or self.tr("Use the starter model"))

    def use_starter(self) -> None:
        if self.step or self.controller.is_loading():
            return  # on its way: the button says what it is doing
        problem = self._use_starter(self.show_step, self._show_error)
        if problem:
            self._show_error(problem)

    def show_step(self, text: str, fraction: float) -> None:
        """What getting the starter model ready is doing ("" when it is over), in the
        chat area, on the button and as a bar beside it."""
        self.step = text
        if fraction < 0:
            self.starter_progress.setRange(0, 0)
        else:
            self.starter_progress.setRange(0, 1000)
            self.starter_progress.setValue(round(min(fraction, 1.0) * 1000))
        self.refresh()
