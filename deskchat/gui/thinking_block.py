"""A reasoning model's thought, above its answer: live while it streams, then one line.

While the model thinks, the block reads "Thinking… 3.2 s" (the clock redrawn four times a
second) and new text is appended to its end, never laid out again whole: each piece costs
its own length. When the answer starts it collapses to "Thought for 12 s · 340 tokens";
the line is a button (mouse, Tab + Space) that shows or hides the thought again. The
thought is plain text in its own box: it never enters the answer's markdown.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QToolButton, QVBoxLayout

from deskchat.gui.words import say
from deskchat.services.stats import seconds_text, thought_sentence, thought_summary
from deskchat.store.records import Message

CLOCK_INTERVAL_MS = 250  # the "Thinking… 3.2 s" clock: a few redraws a second
BODY_MAX_HEIGHT = 240  # a long thought scrolls inside its box, the chat stays readable
# Qt lays a paragraph out whole whenever text is added to it: a thought written as one
# endless paragraph is shown in paragraphs of about this many characters (broken at a
# space), so appending stays as cheap at its end as at its start. "Copy thinking" copies
# the thought as it was written.
PARAGRAPH_CHARS = 1000


class ThinkingBlock(QFrame):
    """The thought of one answer. ``append`` while it streams, ``answer_started`` when the
    answer begins, ``show_message`` for a finished (or stored) answer."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("thinkingBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        self.toggle = QToolButton()
        self.toggle.setObjectName("thinkingToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.toggled.connect(self._set_expanded)
        layout.addWidget(self.toggle)
        self.body = QPlainTextEdit()
        self.body.setObjectName("thinkingText")
        self.body.setReadOnly(True)
        self.body.setUndoRedoEnabled(False)  # appended text is never undone: keep no history
        self.body.setMaximumHeight(BODY_MAX_HEIGHT)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(self.body)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_INTERVAL_MS)
        self._clock.timeout.connect(self._show_clock)
        self._started: float | None = None
        self._seconds: float | None = None  # how long the thought took, once it ended
        self._tokens = 0
        self._parts: list[str] = []  # the thought so far (what "Copy thinking" copies)
        self.thinking = False  # the thought is streaming now
        self.hide()

    # -- streaming -----------------------------------------------------------------------------

    def append(self, text: str, tokens: int) -> None:
        """More of the thought: appended at the end (the box follows it while it streams)."""
        if not self.thinking and not self.text:
            self._begin()
        self._tokens += tokens
        if not text:
            return
        self._parts.append(text)
        self._insert(text)
        self._fit()
        if self.thinking:
            bar = self.body.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _insert(self, text: str) -> None:
        cursor = self.body.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        while True:
            room = PARAGRAPH_CHARS - cursor.block().length()
            cut = text.find(" ", max(room, 0)) if len(text) > room else -1
            if cut < 0:
                break
            cursor.insertText(text[:cut])
            cursor.insertBlock()
            text = text[cut + 1 :]
        cursor.insertText(text)

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def _fit(self) -> None:
        """As tall as its lines, up to BODY_MAX_HEIGHT (then it scrolls)."""
        lines = max(1, int(self.body.document().size().height()))
        margins = self.body.contentsMargins()
        frame = 2 * self.body.document().documentMargin() + margins.top() + margins.bottom()
        height = int(lines * self.body.fontMetrics().lineSpacing() + frame + 2)
        self.body.setFixedHeight(min(height, BODY_MAX_HEIGHT))

    def answer_started(self) -> None:
        """The answer begins: the thought is over; fold it to its one line."""
        if not self.thinking:
            return
        self.thinking = False
        self._clock.stop()
        if self._started is not None:
            self._seconds = time.monotonic() - self._started
        self._line(say(thought_summary(self._seconds, self._tokens)))
        self.toggle.setChecked(False)
        self._set_expanded(False)

    def _begin(self) -> None:
        self.thinking = True
        self._started = time.monotonic()
        self.show()
        self.toggle.setChecked(True)
        self._set_expanded(True)
        self._show_clock()
        self._clock.start()

    def _show_clock(self) -> None:
        elapsed = time.monotonic() - self._started if self._started is not None else 0.0
        self._line(self.tr("Thinking… {seconds} s").format(seconds=seconds_text(elapsed)))

    def _line(self, text: str) -> None:
        self.toggle.setText(text)
        self.toggle.setAccessibleName(text)

    # -- a finished answer -----------------------------------------------------------------------

    def show_message(self, message: Message) -> None:
        """The stored thought of ``message``, folded (hidden when it has none). A thought
        already streamed into the box is kept as it is; only its line is rewritten."""
        self.thinking = False
        self._clock.stop()
        line = thought_sentence(message)
        if line is None:
            self.hide()
            return
        shown = self.text
        if message.reasoning.startswith(shown):  # what streamed, and the last of it
            rest = message.reasoning[len(shown) :]
            if rest:
                self._parts.append(rest)
                self._insert(rest)
        else:
            self._parts = []
            self.body.clear()
            self._parts.append(message.reasoning)
            self._insert(message.reasoning)
        self._fit()
        self._line(say(line))
        self.toggle.setChecked(False)
        self._set_expanded(False)
        self.show()

    # -- folding -----------------------------------------------------------------------------------

    def is_expanded(self) -> bool:
        return self.body.isVisibleTo(self)

    def _set_expanded(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.toggle.setToolTip(
            self.tr("Hide the thinking") if expanded else self.tr("Show the thinking")
        )
        self.body.setVisible(expanded)
        if expanded:
            self._fit()
