"""The conversation: one widget per message, an answer streaming into the last one.

The messages stand in one column of a readable width (about ``COLUMN_CHARS`` characters
of the body font), centred in a wide window; nothing in it can make it wider than the
window (text wraps, code scrolls inside its block), so the view never scrolls sideways.

Streaming costs O(1) per token: deltas are only appended to a string; a timer renders at
most ~20 times a second, and each render touches only the answer's last block (a
reasoning model's thought: only its new text is appended to the thinking block). The view
follows the answer only while the reader is at the bottom. While any answer is being
written, what needs a finished answer (Regenerate, Edit, another version) waits.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.tools import ToolCall
from deskchat.gui import look
from deskchat.gui.chat_style import chat_style
from deskchat.gui.design_tokens import tokens
from deskchat.gui.markdown_html import warm_up
from deskchat.gui.message_widget import MessageWidget
from deskchat.gui.tool_call_block import ToolCallBlock
from deskchat.store.records import Message

PAGE = 40  # messages built when a chat opens; older ones on request
RENDER_INTERVAL_MS = 50  # 20 updates a second: smooth to read, cheap next to the engine
COLUMN_CHARS = 76  # the answer's line length, in characters of the body font
WARM_UP_MS = 50  # just after the window is up: the highlighter loads before any answer
REVEAL_HOLD_MS = 1000  # a revealed message is kept in view while its page is laid out
GUTTER = 16  # the least room either side of the column
SAMPLE = "The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun."


class ChatView(QScrollArea):
    edit_requested = Signal(object)  # Message
    regenerate_requested = Signal(int)
    version_requested = Signal(int)
    shown = Signal()  # a branch was shown anew (its widgets made again)
    paged = Signal()  # an earlier page of the branch was shown above the others

    def __init__(self, dark: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.setObjectName("chatView")
        self._clock = clock  # seconds, for the live tokens/s
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._revealing: MessageWidget | None = None  # a message being scrolled to
        self.dark = dark
        self._content = QWidget()
        self._content.setObjectName("chatContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setSpacing(14)
        # the column is never shorter than its messages need, even for the one frame
        # before a resize or a new page is laid out (else they draw squeezed)
        self._layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self.widgets: dict[int, MessageWidget] = {}
        self.conversation_id: int | None = None
        self._streaming: MessageWidget | None = None
        self._parts: list[str] = []
        self._rendered = 0
        self._thought: list[str] = []  # thought pieces not yet shown, and their tokens
        self._thought_tokens = 0
        self._generating = False  # the controller says an answer is being written
        self._tokens = 0  # the streaming answer's tokens so far (thought included)
        self._first_piece: float | None = None  # when its first and last pieces came
        self._last_piece = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self._render_stream)
        self._stick = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        self._empty_state()
        self.earlier = self._earlier_button()
        self._layout.insertWidget(2, self.earlier)
        self._messages: list[Message] = []
        self._versions: dict[int, list[int]] = {}
        self._first_shown = 0
        self.viewport().installEventFilter(self)
        self._restyle()
        QTimer.singleShot(WARM_UP_MS, self, warm_up)

    def _earlier_button(self) -> QPushButton:
        button = QPushButton()
        button.setObjectName("earlierButton")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.hide()
        button.clicked.connect(self.show_earlier)
        return button

    def _empty_state(self) -> None:
        """What an empty chat says, and a row for buttons under it (the first start's)."""
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self._layout.insertWidget(0, self.empty)
        self.empty_actions = QWidget()
        row = QHBoxLayout(self.empty_actions)
        pad = look.current().space_xl  # under the words (#emptyState's padding)
        row.setContentsMargins(pad, 0, pad, 0)
        row.addStretch(1)  # buttons are inserted before it, left-aligned
        self._layout.insertWidget(1, self.empty_actions)

    # -- look ----------------------------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        """The theme changed: restyle the conversation and re-colour every code block."""
        self.dark = dark
        self._restyle()
        shown = list(self.widgets.values())
        if self._streaming is not None and self._streaming not in shown:
            shown.append(self._streaming)
        for widget in shown:
            widget.set_dark(dark)

    def _restyle(self) -> None:
        applied = look.current()
        t = applied if applied.dark == self.dark else tokens(self.dark)
        self.setStyleSheet(chat_style(t))

    def readable_width(self) -> int:
        """The column's width: ``COLUMN_CHARS`` characters of running text in the body font."""
        metrics = self._content.fontMetrics()
        return round(metrics.horizontalAdvance(SAMPLE) * COLUMN_CHARS / len(SAMPLE))

    def _centre(self) -> None:
        width = self.viewport().width()
        column = min(self.readable_width(), width - 2 * GUTTER)
        side = max(GUTTER, (width - column) // 2)
        margins = self._layout.contentsMargins()
        if (margins.left(), margins.right()) != (side, side):
            self._layout.setContentsMargins(side, 20, side, 28)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._centre()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._centre()

    # -- whole conversation ----------------------------------------------------------------

    def show_messages(
        self,
        messages: list[Message],
        versions: dict[int, list[int]],
        conversation_id: int | None,
        reveal: int | None = None,
    ) -> None:
        """Show a branch: its last ``PAGE`` messages (more on request, and always down to
        ``reveal``). An answer still streaming stays alive across this: it is shown again
        at the end when its conversation is the one displayed."""
        self.conversation_id = conversation_id
        self._revealing = None
        self._messages, self._versions = messages, versions
        start = max(0, len(messages) - PAGE)
        ids = [m.id for m in messages]
        if reveal in ids:
            start = min(start, ids.index(reveal))
        while start > 0 and messages[start].role == "tool":  # a result goes with its call
            start -= 1
        self._first_shown = start
        messages = messages[start:]
        streaming = self._streaming
        if streaming is not None:
            self._layout.removeWidget(streaming)
            streaming.hide()
        for message_id, widget in list(self.widgets.items()):
            if widget is not streaming:
                self._layout.removeWidget(widget)
                widget.deleteLater()
            del self.widgets[message_id]
        answer: MessageWidget | None = None  # the last answer: tool results go in it
        for message in messages:
            if message.role == "tool":
                if answer is not None:
                    answer.show_tool_message(message)
            elif streaming is None or message.id != streaming.message.id:
                answer = self.add_message(message, versions.get(message.id, [message.id]))
            else:
                answer = streaming
        if streaming is not None and streaming.message.conversation_id == conversation_id:
            self._attach(streaming)
        self._update_earlier()
        self.empty.setVisible(not self.widgets)
        self.empty_actions.setVisible(not self.widgets)
        self._mark_last()
        self._stick = True
        self._settle()
        self.scroll_to_bottom()
        self.shown.emit()

    def tool_block(self, call: ToolCall, answer_id: int | None = None) -> ToolCallBlock | None:
        """The block of ``call`` in the answer that made it (made there if new): the answer
        ``answer_id``, else one that shows the call, else the one streaming; None when
        none of them is here (the chat is not on screen)."""
        answers = list(self.widgets.values())
        if self._streaming is not None:
            answers.append(self._streaming)
        for widget in answers:
            if call.id in widget.tools.blocks and answer_id in (None, widget.message.id):
                return widget.tools.blocks[call.id]
        for widget in answers:
            if answer_id is not None and widget.message.id == answer_id:
                return widget.tools.block(call)
        if self._streaming is not None and not self._streaming.user:
            return self._streaming.tools.block(call)
        return None

    def add_message(self, message: Message, versions: list[int]) -> MessageWidget:
        widget = self._make(message, versions)
        self._attach(widget)
        return widget

    def show_earlier(self) -> None:
        """Prepend the previous page of messages, keeping the reader's place."""
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        start = max(0, self._first_shown - PAGE)
        while start > 0 and self._messages[start].role == "tool":
            start -= 1
        offset, answer = 0, None
        for message in self._messages[start : self._first_shown]:
            if message.role == "tool":
                if answer is not None:
                    answer.show_tool_message(message)
                continue
            answer = self._make(message, self._versions.get(message.id, [message.id]))
            self._layout.insertWidget(2 + offset, answer)  # after the hint and the button
            self.widgets[message.id] = answer
            offset += 1
        self._first_shown = start
        self._update_earlier()
        self._stick = False
        self.paged.emit()
        self._settle()
        QTimer.singleShot(0, self, lambda: bar.setValue(bar.maximum() - from_bottom))

    def _settle(self) -> None:
        """Lay out the messages just added and size the column for them now, before
        anything is painted: else one frame shows them squeezed into the old height."""
        for widget in self.widgets.values():
            widget.ensurePolished()
        self._content.ensurePolished()
        self._layout.activate()
        QApplication.sendEvent(self, QEvent(QEvent.Type.LayoutRequest))  # resizes the column

    def _update_earlier(self) -> None:
        n = min(self._first_shown, PAGE)
        self.earlier.setVisible(n > 0)
        self.earlier.setText(
            self.tr("Show 1 earlier message")
            if n == 1
            else self.tr("Show {n} earlier messages").format(n=n)
        )

    def _make(self, message: Message, versions: list[int]) -> MessageWidget:
        widget = MessageWidget(message, versions, self.dark)
        widget.edit_requested.connect(self.edit_requested)
        widget.regenerate_requested.connect(self.regenerate_requested)
        widget.version_requested.connect(self.version_requested)
        widget.set_busy(self.is_busy())
        return widget

    def _attach(self, widget: MessageWidget) -> None:
        self._layout.insertWidget(self._layout.count() - 1, widget)
        widget.show()
        self.widgets[widget.message.id] = widget
        self.empty.hide()
        self.empty_actions.hide()
        self._mark_last()

    def _mark_last(self) -> None:
        """The last answer shows its buttons without a hover, as chat apps do."""
        shown = [
            w
            for i in range(self._layout.count())
            if (item := self._layout.itemAt(i)) is not None
            and isinstance(w := item.widget(), MessageWidget)
        ]
        last = shown[-1] if shown and not shown[-1].user else None
        for widget in shown:
            widget.set_pinned(widget is last)

    def place_after(self, message_id: int, widget: QWidget) -> bool:
        """Put ``widget`` (a summary note) right after the message ``message_id`` (a tool
        result: after the answer that shows it); False, and hidden, when that message is
        not on screen (on an earlier page, or another branch)."""
        self._layout.removeWidget(widget)
        shown = self.widgets.get(self._shown_in(message_id))
        if shown is None or self._layout.indexOf(shown) < 0:
            widget.hide()
            return False
        widget.setParent(self._content)
        self._layout.insertWidget(self._layout.indexOf(shown) + 1, widget)
        widget.show()
        return True

    def mark_outside_window(self, dropped: tuple[int, ...]) -> None:
        outside = set(dropped)
        for message_id, widget in self.widgets.items():
            widget.set_outside_window(message_id in outside)

    # -- busy: an answer is being written ------------------------------------------------------

    def set_generating(self, generating: bool) -> None:
        """The controller says whether an answer is being written (in any chat)."""
        self._generating = generating
        self._show_busy()

    def is_busy(self) -> bool:
        return self._generating or self._streaming is not None

    def _show_busy(self) -> None:
        busy = self.is_busy()
        for widget in self.widgets.values():
            widget.set_busy(busy)

    # -- streaming ---------------------------------------------------------------------------

    def begin_answer(self, message: Message) -> None:
        """A new answer starts streaming; it is drawn only in its own conversation."""
        self._drop_stream()
        # a fast answer may be saved whole before its start is shown: the stream replaces it
        shown = self.widgets.pop(message.id, None)
        if shown is not None:
            self._layout.removeWidget(shown)
            shown.hide()
            shown.deleteLater()
        widget = self._make(message, [message.id])
        widget.setParent(self._content)
        widget.hide()
        self._streaming = widget
        self._parts = []
        self._rendered = 0
        self._thought = []
        self._thought_tokens = 0
        self._tokens = 0
        self._first_piece = None
        widget.set_streaming(True)
        if message.conversation_id == self.conversation_id:
            self._attach(widget)
        self._show_busy()

    def append(self, text: str, tokens: int = 1) -> None:
        """A piece of the answer (``tokens``: how many tokens it holds; 1 when unknown)."""
        if self._streaming is None:
            return
        self._parts.append(text)
        self._count(tokens or 1)
        if not self._timer.isActive():
            self._timer.start()

    def append_thought(self, text: str, tokens: int) -> None:
        """A piece of the thought (``tokens``: how many tokens it holds)."""
        if self._streaming is None:
            return
        self._thought.append(text)
        self._thought_tokens += tokens
        self._count(tokens)
        if not self._timer.isActive():
            self._timer.start()

    def _count(self, tokens: int) -> None:
        now = self._clock()
        if self._first_piece is None:
            self._first_piece = now
        self._last_piece = now
        self._tokens += tokens

    def live_rate(self) -> float | None:
        """Tokens a second since the first piece (None until two pieces are apart in time)."""
        if self._first_piece is None or self._tokens < 2:
            return None
        elapsed = self._last_piece - self._first_piece
        return (self._tokens - 1) / elapsed if elapsed > 0 else None

    def finish_answer(self, message: Message) -> None:
        self._timer.stop()
        widget = self._streaming
        self._streaming = None
        if widget is not None and widget.message.id == message.id:
            if message.id in self.widgets:
                widget.update_message(message)  # the final numbers replace the live ones
                widget.set_streaming(False)
                if self._stick:
                    self.scroll_to_bottom()
            else:  # its conversation is not on screen; it shows complete when reopened
                widget.deleteLater()
        self._mark_last()
        self._show_busy()

    def _drop_stream(self) -> None:
        if self._streaming is not None and self._streaming.message.id not in self.widgets:
            self._streaming.deleteLater()
        self._streaming = None

    def _render_stream(self) -> None:
        if self._streaming is None:
            return
        self._streaming.stream_stats(self._tokens, self.live_rate())
        if self._thought or self._thought_tokens:
            self._streaming.stream_thought("".join(self._thought), self._thought_tokens)
            self._thought = []
            self._thought_tokens = 0
        if len(self._parts) == self._rendered:
            return
        text = "".join(self._parts)
        self._parts = [text]  # keep the join O(new text) next time
        self._rendered = 1
        # a character split between two pieces reads as U+FFFD until its last byte comes:
        # never show that half character at the end of what has arrived
        self._streaming.stream_text(text.rstrip("\ufffd"))

    # -- scrolling ---------------------------------------------------------------------------

    def reveal(self, message_id: int) -> bool:
        """Scroll to the message (showing earlier pages when it is among them) and make it
        glow briefly; False when the message is not in the branch shown."""
        message_id = self._shown_in(message_id)
        if message_id not in self.widgets:
            if message_id not in (m.id for m in self._messages):
                return False
            while message_id not in self.widgets and self._first_shown > 0:
                self.show_earlier()
        widget = self.widgets.get(message_id)
        if widget is None:
            return False
        self._stick = False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        widget.flash()
        # the pages just added are laid out later: keep the message in place until then
        self._revealing = widget
        QTimer.singleShot(0, widget, lambda: self._scroll_to(widget))
        QTimer.singleShot(REVEAL_HOLD_MS, widget, lambda: self._stop_revealing(widget))
        return True

    def _shown_in(self, message_id: int) -> int:
        """The message that shows ``message_id``: a tool's result is in the answer that
        made the call."""
        owner = message_id
        for message in self._messages:
            owner = owner if message.role == "tool" else message.id
            if message.id == message_id:
                return owner
        return message_id

    def _stop_revealing(self, widget: MessageWidget) -> None:
        if self._revealing is widget:
            self._revealing = None

    def _scroll_to(self, widget: MessageWidget) -> None:
        """Centre ``widget`` in the view (its top, when it is taller than the view)."""
        self._layout.activate()
        top = widget.mapTo(self._content, QPoint(0, 0)).y()
        room = self.viewport().height() - widget.height()
        target = top - room // 2 if room > 0 else top - GUTTER
        self._stick = False
        self.verticalScrollBar().setValue(max(0, target))

    def is_at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 8

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_scrolled(self, _value: int) -> None:
        self._stick = self.is_at_bottom()

    def _on_range_changed(self, _low: int, high: int) -> None:
        if self._revealing is not None:
            self._scroll_to(self._revealing)
        elif self._stick:
            self.verticalScrollBar().setValue(high)
