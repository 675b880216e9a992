"""The prompt the next message would make: measured for the context meter a moment after
each change, shown whole by Show prompt; and the Tokens view of the typed text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from deskchat.chat.prompt import PromptPlan
from deskchat.gui.chat_view import ChatView
from deskchat.gui.composer import Composer
from deskchat.gui.context_meter import ContextMeter
from deskchat.gui.controller import ChatController
from deskchat.gui.inspect_dialogs import PromptDialog, TokensDialog

MEASURE_AFTER_MS = 400  # typing measures once it pauses, not at every key


class PromptViews(QObject):
    """``show_error(sentence)`` says why a view cannot be shown; the dialogs open over
    ``window``."""

    def __init__(
        self,
        controller: ChatController,
        composer: Composer,
        meter: ContextMeter,
        chat: ChatView,
        window: QWidget,
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.controller, self.composer, self.meter, self.chat = controller, composer, meter, chat
        self.window, self._show_error = window, show_error
        self._want_dialog = False  # the next preview opens the "show prompt" dialog
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MEASURE_AFTER_MS)
        self._timer.timeout.connect(self._measure)
        controller.preview_ready.connect(self._ready)
        composer.text_changed.connect(lambda _text: self.measure_soon())
        self.prompt_dialog: PromptDialog | None = None
        self.tokens_dialog: TokensDialog | None = None

    def measure_soon(self) -> None:
        """Something the prompt is made of changed: the meter measures it again."""
        self._timer.start()

    def stop(self) -> None:
        """The window closes: no more measuring."""
        self._timer.stop()

    def _measure(self) -> None:
        if self.controller.is_generating() or self.controller.is_loading():
            return
        self.controller.preview(self.composer.edit.toPlainText())

    def _ready(self, plan: PromptPlan) -> None:
        self.meter.show_plan(plan)
        self.chat.mark_outside_window(plan.dropped)
        if self._want_dialog:
            self._want_dialog = False
            self.prompt_dialog = PromptDialog(plan, self.window)
            self.prompt_dialog.show()

    def show_prompt(self) -> None:
        if self.controller.model is None:
            self._show_error(
                self.tr("No model is loaded; the prompt depends on the model's template.")
            )
            return
        if self.controller.conversation is None:
            self.controller.new_conversation()
        self._want_dialog = True
        self.controller.preview(self.composer.edit.toPlainText())

    def show_tokens(self) -> None:
        tokenize = self.controller.tokenizer()  # None: the reason is shown
        if tokenize is not None:
            text = self.composer.edit.toPlainText()
            self.tokens_dialog = TokensDialog(tokenize, text, self.window)
            self.tokens_dialog.show()
