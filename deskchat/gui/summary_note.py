"""A summary note in the conversation: the model's summary of the messages above it, which
stands in for them in the prompt (summary memory). It reads as a note, not a message: a
quiet framed box across the column with what it covers, its text, and Edit and Remove.
While the model writes it, it shows the text as it comes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.store.records import SummaryNote


class SummaryNoteWidget(QFrame):
    """One note: ``note`` once saved; None while it is being written (``covers`` messages)."""

    edit_requested = Signal(object)  # SummaryNote
    remove_requested = Signal(object)  # SummaryNote

    def __init__(self, note: SummaryNote | None, covers: int = 0) -> None:
        super().__init__()
        self.setObjectName("summaryNote")
        self.note = note
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.heading = QLabel()
        self.heading.setObjectName("summaryHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.body = QLabel()
        self.body.setObjectName("summaryText")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.body)
        self.button_row = QWidget()
        row = QHBoxLayout(self.button_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit_button = QPushButton(self.tr("Edit"))
        self.remove_button = QPushButton(self.tr("Remove"))
        for button in (self.edit_button, self.remove_button):
            button.setObjectName("summaryButton")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(self.button_row)
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.note))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.note))
        self._text: list[str] = []
        if note is None:
            self._writing(covers)
        else:
            self.show_note(note)

    @property
    def through(self) -> int | None:
        return self.note.through_message_id if self.note is not None else None

    def _writing(self, covers: int) -> None:
        self.heading.setText(
            self.tr("Summarising the earliest message to make room…")
            if covers == 1
            else self.tr("Summarising the {n} earliest messages to make room…").format(n=covers)
        )
        self.body.setText("")
        self.button_row.hide()

    def append(self, text: str) -> None:
        """A piece of the summary being written."""
        self._text.append(text)
        self.body.setText("".join(self._text).strip())

    def show_note(self, note: SummaryNote) -> None:
        self.note = note
        facts = [
            self.tr("Summary of the message above")
            if note.covers == 1
            else self.tr("Summary of the {n} messages above").format(n=note.covers)
        ]
        if note.completion_tokens is not None:
            facts.append(self.tr("{n} tokens").format(n=note.completion_tokens))
        if note.ms is not None:
            facts.append(self.tr("{s} s").format(s=f"{note.ms / 1000:.1f}"))
        if note.edited:
            facts.append(self.tr("edited"))
        self.heading.setText(" · ".join(facts))
        self.heading.setToolTip(
            self.tr(
                "The model wrote this summary when the chat outgrew the context; it stands "
                "in for those messages in the prompt. The messages stay in the history."
            )
        )
        self.body.setText(note.content)
        self.button_row.show()

    def set_busy(self, busy: bool) -> None:
        """While an answer is being written, the note cannot change."""
        self.edit_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy)


class SummaryEditDialog(QDialog):
    """The summary's text to change; what is accepted is what the next prompts use."""

    def __init__(self, note: SummaryNote, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit the summary"))
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        explain = QLabel(
            self.tr(
                "This text stands in for the earlier messages in the prompt of every next "
                "answer in this chat."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.text = QPlainTextEdit(note.content)
        layout.addWidget(self.text, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
