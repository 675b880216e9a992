"""The conversation: one widget per message, an answer streaming into the last one.

Streaming costs O(1) per token: deltas are only appended to a string; a timer renders at
most ~30 times a second, and each render touches only the answer's last block (a
reasoning model's thought: only its new text is appended to the thinking block). The view
follows the answer only while the reader is at the bottom.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from deskchat.gui.message_widget import MessageWidget
from deskchat.store.records import Message

PAGE = 40  # messages built when a chat opens; older ones on request
RENDER_INTERVAL_MS = 50  # 20 updates a second: smooth to read, cheap next to the engine


class ChatView(QScrollArea):
    edit_requested = Signal(object)  # Message
    regenerate_requested = Signal(int)
    version_requested = Signal(int)

    def __init__(self, dark: bool = False) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.dark = dark
        self._content = QWidget()
        self._content.setObjectName("chatContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setSpacing(4)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self.widgets: dict[int, MessageWidget] = {}
        self.conversation_id: int | None = None
        self._streaming: MessageWidget | None = None
        self._parts: list[str] = []
        self._rendered = 0
        self._thought: list[str] = []  # thought pieces not yet shown, and their tokens
        self._thought_tokens = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self._render_stream)
        self._stick = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self._layout.insertWidget(0, self.empty)
        self.earlier = QPushButton()
        self.earlier.setFlat(True)
        self.earlier.hide()
        self.earlier.clicked.connect(self.show_earlier)
        self._layout.insertWidget(1, self.earlier)
        self._messages: list[Message] = []
        self._versions: dict[int, list[int]] = {}
        self._first_shown = 0

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
        self._messages, self._versions = messages, versions
        start = max(0, len(messages) - PAGE)
        ids = [m.id for m in messages]
        if reveal in ids:
            start = min(start, ids.index(reveal))
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
        for message in messages:
            if streaming is None or message.id != streaming.message.id:
                self.add_message(message, versions.get(message.id, [message.id]))
        if streaming is not None and streaming.message.conversation_id == conversation_id:
            self._attach(streaming)
        self._update_earlier()
        self.empty.setVisible(not self.widgets)
        self._stick = True
        self.scroll_to_bottom()

    def add_message(self, message: Message, versions: list[int]) -> MessageWidget:
        widget = self._make(message, versions)
        self._attach(widget)
        return widget

    def show_earlier(self) -> None:
        """Prepend the previous page of messages, keeping the reader's place."""
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        start = max(0, self._first_shown - PAGE)
        for offset, message in enumerate(self._messages[start : self._first_shown]):
            widget = self._make(message, self._versions.get(message.id, [message.id]))
            self._layout.insertWidget(2 + offset, widget)  # after the hint and the button
            self.widgets[message.id] = widget
        self._first_shown = start
        self._update_earlier()
        self._stick = False
        QTimer.singleShot(0, lambda: bar.setValue(bar.maximum() - from_bottom))

    def _update_earlier(self) -> None:
        hidden = self._first_shown
        self.earlier.setVisible(hidden > 0)
        self.earlier.setText(self.tr("Show {n} earlier message(s)").format(n=min(hidden, PAGE)))

    def _make(self, message: Message, versions: list[int]) -> MessageWidget:
        widget = MessageWidget(message, versions, self.dark)
        widget.edit_requested.connect(self.edit_requested)
        widget.regenerate_requested.connect(self.regenerate_requested)
        widget.version_requested.connect(self.version_requested)
        return widget

    def _attach(self, widget: MessageWidget) -> None:
        self._layout.insertWidget(self._layout.count() - 1, widget)
        widget.show()
        self.widgets[widget.message.id] = widget
        self.empty.hide()

    def mark_outside_window(self, dropped: tuple[int, ...]) -> None:
        outside = set(dropped)
        for message_id, widget in self.widgets.items():
            widget.set_outside_window(message_id in outside)

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
        if message.conversation_id == self.conversation_id:
            self._attach(widget)

    def append(self, text: str) -> None:
        if self._streaming is None:
            return
        self._parts.append(text)
        if not self._timer.isActive():
            self._timer.start()

    def append_thought(self, text: str, tokens: int) -> None:
        """A piece of the thought (``tokens``: how many tokens it holds)."""
        if self._streaming is None:
            return
        self._thought.append(text)
        self._thought_tokens += tokens
        if not self._timer.isActive():
            self._timer.start()

    def finish_answer(self, message: Message) -> None:
        self._timer.stop()
        widget = self._streaming
        self._streaming = None
        if widget is None or widget.message.id != message.id:
            return
        if message.id in self.widgets:
            widget.update_message(message)
            if self._stick:
                self.scroll_to_bottom()
        else:  # its conversation is not on screen; it shows complete when reopened
            widget.deleteLater()

    def _drop_stream(self) -> None:
        if self._streaming is not None and self._streaming.message.id not in self.widgets:
            self._streaming.deleteLater()
        self._streaming = None

    def _render_stream(self) -> None:
        if self._streaming is None:
            return
        if self._thought or self._thought_tokens:
            self._streaming.stream_thought("".join(self._thought), self._thought_tokens)
            self._thought = []
            self._thought_tokens = 0
        if len(self._parts) == self._rendered:
            return
        text = "".join(self._parts)
        self._parts = [text]  # keep the join O(new text) next time
        self._rendered = 1
        self._streaming.stream_text(text)

    # -- scrolling ---------------------------------------------------------------------------

    def is_at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 8

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_scrolled(self, _value: int) -> None:
        self._stick = self.is_at_bottom()

    def _on_range_changed(self, _low: int, high: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(high)
