"""Where the user types: Enter sends, Shift+Enter is a new line, Esc stops an answer.
Input methods (Chinese, Japanese...) work: keys consumed by the IME never reach us.
Above it, while a long prompt is read, a line says how far and how long is left."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui import look
from deskchat.gui.icons import attach
from deskchat.store.records import Message

SHOW_AFTER_MS = 250


class PromptProgress(QWidget):
    """The line "Reading the prompt: 1,200 of 3,000 tokens · about 4 s left", and a bar."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("promptProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("messageStats")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        self._delay = QTimer(self)  # a prompt read in a blink shows no line at all
        self._delay.setSingleShot(True)
        self._delay.setInterval(SHOW_AFTER_MS)
        self._delay.timeout.connect(self.show)
        self.hide()

    def show_progress(self, done: int, total: int, seconds_left: float) -> None:
        text = self.tr("Reading the prompt: {done} of {total} tokens").format(
            done=f"{done:,}", total=f"{total:,}"
        )
        if seconds_left >= 0 and done < total:
            left = max(1, round(seconds_left))
            text += " · " + self.tr("about {s} s left").format(s=f"{left:,}")
        self.label.setText(text)
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(min(done, total))
        if self.isHidden() and not self._delay.isActive():
            self._delay.start()

    def clear(self) -> None:
        self._delay.stop()
        self.hide()


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
        self.progress = PromptProgress()
        layout.addWidget(self.progress)
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
        self.send_button = self._button("send", self.tr("Send"), self.tr("Send (Enter)"))
        self.send_button.setObjectName("primaryButton")
        self.stop_button = self._button("stop", self.tr("Stop"), self.tr("Stop the answer (Esc)"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setText(self.stop_button.accessibleName())  # plain to see, too
        self.stop_button.hide()
        self._paint_stop()
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        self._editing: Message | None = None
        self._draft = ""
        self._busy = False
        self.edit.submitted.connect(self.submit)
        self.edit.escape.connect(self._on_escape)
        self.send_button.clicked.connect(self.submit)
        self.stop_button.clicked.connect(self.stop_requested)
        # while an answer streams, Esc stops it wherever the focus is in the window
        self._stop_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._stop_key.setContext(Qt.ShortcutContext.WindowShortcut)
        self._stop_key.setEnabled(False)
        self._stop_key.activated.connect(self.stop_requested)
        self.edit.textChanged.connect(lambda: self.text_changed.emit(self.edit.toPlainText()))

    def _button(self, icon: str, name: str, tip: str) -> QPushButton:
        """An icon button called ``name`` (for screen readers) with the tooltip ``tip``."""
        button = QPushButton()
        attach(button, icon)
        button.setIconSize(QSize(18, 18))
        button.setAccessibleName(name)
        button.setToolTip(tip)
        return button

    def _paint_stop(self) -> None:
        """Stop in the theme's danger colour, so it cannot be missed while an answer
        streams; both icons in the colour of the text on their button."""
        t = look.current()
        for button, colour in ((self.send_button, t.accent_text), (self.stop_button, t.surface)):
            palette = button.palette()
            if palette.color(QPalette.ColorRole.ButtonText) != QColor(colour):
                palette.setColor(QPalette.ColorRole.ButtonText, QColor(colour))
                button.setPalette(palette)  # the icon re-tints itself to it
        self.stop_button.setStyleSheet(
            f"QPushButton {{ background: {t.danger}; color: {t.surface}; border: none;"
            f" border-radius: {t.radius_m}px; padding: {t.space_xs}px {t.space_m}px;"
            " font-weight: 600; }"
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._paint_stop()  # a live theme change

    def show_progress(self, done: int, total: int, seconds_left: float) -> None:
        """The prompt is being read (``seconds_left`` -1 while unknown)."""
        self.progress.show_progress(done, total, seconds_left)

    def hide_progress(self) -> None:
        self.progress.clear()

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
        self._stop_key.setEnabled(busy)
        if not busy:
            self.progress.clear()

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
