"""One message in the chat view: who, the text, its numbers, and what can be done with it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout

from deskchat.gui.blocks_view import BlocksView
from deskchat.gui.thinking_block import ThinkingBlock
from deskchat.gui.words import say
from deskchat.services.stats import finish_sentence, token_sentences
from deskchat.store.records import Message


def stats_text(m: Message) -> str:
    """'model · persona · 12 prompt + 30 completion = 42 tokens · TTFT 85 ms · 41.3 tok/s'"""
    parts = [p for p in (m.model, m.persona) if p] + [say(s) for s in token_sentences(m)]
    note = finish_sentence(m)
    if note is not None:
        parts.append(say(note))
    return " · ".join(parts)


class MessageWidget(QFrame):
    copy_done = Signal()
    edit_requested = Signal(object)  # Message
    regenerate_requested = Signal(int)
    version_requested = Signal(int)  # message id of the version to show

    def __init__(self, message: Message, versions: list[int], dark: bool = False) -> None:
        super().__init__()
        self.message = message
        self.versions = versions
        self.setObjectName("userMessage" if message.role == "user" else "assistantMessage")
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        who = self.tr("You") if message.role == "user" else self.tr("Assistant")
        self.header = QLabel(f"<b>{who}</b>")
        layout.addWidget(self.header)
        # a reasoning model's thought, apart from the answer: made when there is one
        self.thinking: ThinkingBlock | None = None
        self.body = BlocksView(dark=dark, plain=message.role == "user")
        self.body.set_text(message.content)
        layout.addWidget(self.body)
        self.outside = QLabel(self.tr("Outside the context window: the model will not see this."))
        self.outside.setObjectName("outsideWindow")
        self.outside.hide()
        layout.addWidget(self.outside)
        self.problem = QLabel()
        self.problem.setObjectName("messageProblem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.stats = QLabel()
        self.stats.setObjectName("messageStats")
        self.stats.setWordWrap(True)
        layout.addWidget(self.stats)
        layout.addLayout(self._actions())
        self.update_message(message)

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        if len(self.versions) > 1:
            index = self.versions.index(self.message.id) if self.message.id in self.versions else 0
            self.previous = QToolButton()
            self.previous.setText("‹")
            self.previous.setToolTip(self.tr("Previous version"))
            self.previous.setEnabled(index > 0)
            self.previous.clicked.connect(
                lambda: self.version_requested.emit(self.versions[index - 1])
            )
            self.version_label = QLabel(f"{index + 1}/{len(self.versions)}")
            self.next = QToolButton()
            self.next.setText("›")
            self.next.setToolTip(self.tr("Next version"))
            self.next.setEnabled(index < len(self.versions) - 1)
            self.next.clicked.connect(
                lambda: self.version_requested.emit(
                    self.versions[min(index + 1, len(self.versions) - 1)]
                )
            )
            for w in (self.previous, self.version_label, self.next):
                row.addWidget(w)
        row.addStretch(1)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setFlat(True)
        self.copy_button.clicked.connect(self._copy)
        row.addWidget(self.copy_button)
        self.copy_thinking_button = QPushButton(self.tr("Copy thinking"))
        self.copy_thinking_button.setFlat(True)
        self.copy_thinking_button.clicked.connect(self._copy_thinking)
        self.copy_thinking_button.hide()
        row.addWidget(self.copy_thinking_button)
        if self.message.role == "user":
            self.edit_button = QPushButton(self.tr("Edit"))
            self.edit_button.setFlat(True)
            self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.message))
            row.addWidget(self.edit_button)
        else:
            self.regenerate_button = QPushButton(self.tr("Regenerate"))
            self.regenerate_button.setFlat(True)
            self.regenerate_button.clicked.connect(
                lambda: self.regenerate_requested.emit(self.message.id)
            )
            row.addWidget(self.regenerate_button)
        return row

    def update_message(self, message: Message) -> None:
        """Refresh after the answer finished (final text, numbers, status)."""
        if message.content != self.body.text or self.body.streamed:
            self.body.set_text(message.content)  # the final text, rendered as one piece
        self.message = message
        if message.reasoning and message.role == "assistant":
            self._thinking_block().show_message(message)
        elif self.thinking is not None:
            self.thinking.show_message(message)
        self.copy_thinking_button.setVisible(self.thinking is not None and bool(self.thinking.text))
        self.stats.setText(stats_text(message) if message.role == "assistant" else "")
        self.stats.setVisible(message.role == "assistant" and bool(self.stats.text()))
        problem = ""
        if message.status in ("interrupted", "error"):
            problem = (
                say(message.error) if message.error else self.tr("This answer was interrupted.")
            )
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def stream_text(self, text: str) -> None:
        """The answer so far (the whole of it); its first words fold the thought away."""
        if text.strip() and self.thinking is not None:
            self.thinking.answer_started()
        self.body.stream(text)

    def stream_thought(self, text: str, tokens: int) -> None:
        """More of the thought (only the new text): appended to the thinking block."""
        block = self._thinking_block()
        block.append(text, tokens)
        self.copy_thinking_button.setVisible(bool(block.text))

    def _thinking_block(self) -> ThinkingBlock:
        if self.thinking is None:
            self.thinking = ThinkingBlock()
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.body), self.thinking)
        return self.thinking

    def set_outside_window(self, outside: bool) -> None:
        self.outside.setVisible(outside)
        self.setProperty("outside", outside)
        self.style().unpolish(self)
        self.style().polish(self)

    def _copy(self) -> None:
        """The answer only: the thought has its own button."""
        QGuiApplication.clipboard().setText(self.body.text)
        self.copy_button.setText(self.tr("Copied"))
        self.copy_done.emit()

    def _copy_thinking(self) -> None:
        QGuiApplication.clipboard().setText(self.thinking.text if self.thinking else "")
        self.copy_thinking_button.setText(self.tr("Copied"))
        self.copy_done.emit()
