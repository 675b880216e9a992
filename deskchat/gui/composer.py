"""Where the user types: Enter sends, Shift+Enter is a new line, Esc stops an answer.
Input methods (Chinese, Japanese...) work: keys consumed by the IME never reach us."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskchat.store.records import Message


class MessageEdit(QPlainTextEdit):
    submitted = Signal()
    escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    send_requested = Signal(str)
    edit_submitted = Signal(int, str)  # user message id, new text
    stop_requested = Signal()
    text_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        self.banner = QLabel()
        self.banner.setObjectName("editBanner")
        self.banner.hide()
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        self.edit = MessageEdit()
        self.edit.setPlaceholderText(
            self.tr("Message the model — Enter sends, Shift+Enter adds a line")
        )
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.textChanged.connect(self._fit_height)
        self._fit_height()
        self.edit.setTabChangesFocus(True)
        row.addWidget(self.edit, 1)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.hide()
        row.addWidget(self.send_button)
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        self._editing: Message | None = None
        self._draft = ""
        self._busy = False
        self.edit.submitted.connect(self.submit)
        self.edit.escape.connect(self._on_escape)
        self.send_button.clicked.connect(self.submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.edit.textChanged.connect(lambda: self.text_changed.emit(self.edit.toPlainText()))

    def _fit_height(self) -> None:
        """Grow with the text from two lines up to eight, then scroll."""
        lines = max(2, min(8, int(self.edit.document().size().height())))
        margins = self.edit.contentsMargins()
        frame = 2 * self.edit.document().documentMargin() + margins.top() + margins.bottom()
        self.edit.setFixedHeight(int(lines * self.edit.fontMetrics().lineSpacing() + frame + 2))

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)

    def editing_conversation(self) -> int | None:
        return self._editing.conversation_id if self._editing else None

    def start_edit(self, message: Message) -> None:
        """Put a sent message back for editing; what was being typed is kept aside and
        comes back when the edit is sent or cancelled."""
        if self._busy:
            return
        if self._editing is None:
            self._draft = self.edit.toPlainText()
        self._editing = message
        self.banner.setText(
            self.tr(
                "Editing your message: Enter sends it as a new version (the old one is kept); "
                "Esc cancels."
            )
        )
        self.banner.show()
        self.edit.setPlainText(message.content)
        self.edit.setFocus()

    def cancel_edit(self) -> None:
        if self._editing is None:
            return
        self._editing = None
        self.banner.hide()
        self.edit.setPlainText(self._draft)
        self._draft = ""

    def submit(self) -> None:
        """Ask for the text to be sent; it leaves the box only when the window ``accept``s."""
        text = self.edit.toPlainText()
        if self._busy or not text.strip():
            return
        if self._editing is not None:
            self.edit_submitted.emit(self._editing.id, text)
        else:
            self.send_requested.emit(text)

    def accept(self) -> None:
        """The text was taken: clear the box (an edit gives the kept draft back)."""
        if self._editing is not None:
            self._editing = None
            self.banner.hide()
            self.edit.setPlainText(self._draft)
            self._draft = ""
        else:
            self.edit.clear()

    def restore(self, text: str) -> None:
        """Put text back after the answer failed to start: nothing typed is ever lost.
        Anything typed meanwhile is kept after it."""
        current = self.edit.toPlainText()
        self.edit.setPlainText(text if not current else f"{text}\n{current}")

    def _on_escape(self) -> None:
        if self._busy:
            self.stop_requested.emit()
        elif self._editing is not None:
            self.cancel_edit()
