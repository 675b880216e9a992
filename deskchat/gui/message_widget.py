"""One message in the conversation: yours in a bubble on the right, the answer in the
column with its badges and numbers under it, and what can be done with it as icon buttons
that show when the pointer is over the message or the keyboard is in it."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFocusEvent,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui import icons, look
from deskchat.gui.blocks_view import BlocksView
from deskchat.gui.code_block import show_copied
from deskchat.gui.json_answer import as_json_block
from deskchat.gui.rich_label import ShrinkLabel
from deskchat.gui.stats_line import StatsLine
from deskchat.gui.thinking_block import ThinkingBlock
from deskchat.gui.tool_call_block import ToolCalls
from deskchat.gui.typing_indicator import TypingIndicator
from deskchat.gui.words import say
from deskchat.store.records import Message

BUBBLE_SHARE = 0.75  # your message's bubble takes at most this share of the column
FLASH_MS = 1600  # a revealed message glows, then fades back to its normal look
FLASH_ALPHA = 0.22
UNFINISHED = ("cancelled", "length", "context", "crash")


class Bubble(QFrame):
    """Your message's bubble: as wide as its text on one line (``natural``), at most its
    maximum width, and never a minimum that would keep the column from narrowing."""

    def __init__(self) -> None:
        super().__init__()
        self.natural = 0

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        return QSize(self.natural, hint.height()) if self.natural else hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().minimumSizeHint().height())


def shown_text(message: Message) -> str:
    """The text to show. An answer that was stopped or cut may end in U+FFFD where a
    character was split between tokens (older versions stored it so): that half
    character is not shown."""
    text = message.content
    ended_early = message.finish_reason in UNFINISHED or message.status in (
        "interrupted",
        "error",
        "streaming",
    )
    return text.rstrip("\ufffd") if ended_early else text


class MessageWidget(QFrame):
    copy_done = Signal()
    edit_requested = Signal(object)  # Message
    regenerate_requested = Signal(int)
    version_requested = Signal(int)  # message id of the version to show

    def __init__(self, message: Message, versions: list[int], dark: bool = False) -> None:
        super().__init__()
        self.message = message
        self.versions = versions
        self.user = message.role == "user"
        self.setObjectName("chatMessage")
        self.setProperty("role", message.role)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches a message, then its buttons
        self.setAccessibleName(self.tr("Your message") if self.user else self.tr("Answer"))
        self.streaming = False  # this answer is being written
        self.busy = False  # some answer is being written (this one or another)
        self.pinned = False  # the last answer keeps its buttons shown
        self._hovered = False
        self._natural_width = 0  # your message's text on one line (the bubble's widest)
        self._flash = 0.0
        self._flash_animation: QVariantAnimation | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(4)
        self._frame(layout, dark)
        self.stats = StatsLine()
        self.stats.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addLayout(self._footer())
        self.update_message(message)

    def _frame(self, layout: QVBoxLayout, dark: bool) -> None:
        """Yours: a bubble on the right; the answer: the column itself. In it the
        typing dots, the thought (made when there is one), the text and its notes."""
        self.frame = Bubble() if self.user else QFrame()
        self.frame.setObjectName("userMessage" if self.user else "assistantMessage")
        # the bubble is as wide as its text (``_fit_bubble``); the answer takes the column
        across = QSizePolicy.Policy.Preferred if self.user else QSizePolicy.Policy.Ignored
        self.frame.setSizePolicy(across, QSizePolicy.Policy.Preferred)
        inner = QVBoxLayout(self.frame)
        inner.setSpacing(8)
        self._inner = inner
        if self.user:
            inner.setContentsMargins(16, 10, 16, 10)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addStretch(1)
            row.addWidget(self.frame)
            layout.addLayout(row)
        else:
            inner.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.frame)
        self.thinking: ThinkingBlock | None = None
        self.typing = TypingIndicator()
        self.typing.hide()
        inner.addWidget(self.typing)
        self.body = BlocksView(dark=dark, plain=self.user)
        inner.addWidget(self.body)
        self.tools = ToolCalls()  # the calls the answer made, each in its block
        inner.addWidget(self.tools)
        self.outside = ShrinkLabel(
            self.tr("Outside the context window: the model will not see this.")
        )
        self.outside.setObjectName("outsideWindow")
        self.outside.hide()
        self.problem = ShrinkLabel()
        self.problem.setObjectName("messageProblem")
        self.problem.hide()
        if self.user:
            self.outside.setAlignment(Qt.AlignmentFlag.AlignRight)
            layout.addWidget(self.outside)
            layout.addWidget(self.problem)
        else:
            inner.addWidget(self.outside)
            inner.addWidget(self.problem)

    # -- the footer: numbers, versions and actions ---------------------------------------------

    def _footer(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        if self.user:
            row.addStretch(1)
            self.stats.hide()
        else:
            row.addWidget(self.stats, 1, Qt.AlignmentFlag.AlignVCenter)
        if len(self.versions) > 1:
            row.addWidget(self._version_switch())
        self.action_bar = QWidget()
        self.action_bar.setObjectName("messageActions")
        actions = QHBoxLayout(self.action_bar)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(2)
        self._copy_tip = self.tr("Copy")
        self.copy_button = icons.icon_button("copy", self._copy_tip)
        self.copy_button.clicked.connect(self._copy)
        actions.addWidget(self.copy_button)
        self.copy_thinking_button = icons.icon_button("thinking", self.tr("Copy thinking"))
        self.copy_thinking_button.clicked.connect(self._copy_thinking)
        self.copy_thinking_button.hide()
        actions.addWidget(self.copy_thinking_button)
        if self.user:
            self.edit_button = icons.icon_button("edit", self.tr("Edit and resend"))
            self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.message))
            actions.addWidget(self.edit_button)
        else:
            self.regenerate_button = icons.icon_button("regenerate", self.tr("Regenerate"))
            self.regenerate_button.clicked.connect(
                lambda: self.regenerate_requested.emit(self.message.id)
            )
            actions.addWidget(self.regenerate_button)
        policy = self.action_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the line does not jump when they show
        self.action_bar.setSizePolicy(policy)
        row.addWidget(self.action_bar, 0, Qt.AlignmentFlag.AlignTop)
        for button in self.action_bar.findChildren(QAbstractButton):
            button.installEventFilter(self)
        return row

    def _version_switch(self) -> QWidget:
        index = self.versions.index(self.message.id) if self.message.id in self.versions else 0
        switch = QWidget()
        switch.setObjectName("versionSwitch")
        row = QHBoxLayout(switch)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.previous = icons.icon_button("previous", self.tr("Previous version"))
        self.previous.setEnabled(index > 0)
        self.previous.clicked.connect(lambda: self.version_requested.emit(self.versions[index - 1]))
        self.version_label = QLabel(f"{index + 1}/{len(self.versions)}")
        self.version_label.setObjectName("versionLabel")
        self.version_label.setAccessibleName(
            self.tr("Version {n} of {count}").format(n=index + 1, count=len(self.versions))
        )
        self.next = icons.icon_button("next", self.tr("Next version"))
        self.next.setEnabled(index < len(self.versions) - 1)
        self.next.clicked.connect(
            lambda: self.version_requested.emit(
                self.versions[min(index + 1, len(self.versions) - 1)]
            )
        )
        self._version_index = index
        for w in (self.previous, self.version_label, self.next):
            row.addWidget(w)
            w.installEventFilter(self)
        return switch

    # -- content ---------------------------------------------------------------------------------

    def update_message(self, message: Message) -> None:
        """Refresh after the answer finished (final text, numbers, status)."""
        text = shown_text(message) if self.user else as_json_block(shown_text(message))
        if text != self.body.text or self.body.streamed:
            self.body.set_text(text)  # the final text, rendered as one piece
            self._measure()
        self.message = message
        if message.reasoning and not self.user:
            self._thinking_block().show_message(message)
        elif self.thinking is not None:
            self.thinking.show_message(message)
        self.copy_thinking_button.setVisible(self.thinking is not None and bool(self.thinking.text))
        if not self.user:
            self.tools.show_calls(message.calls)
            self.stats.show_message(message)
            self.stats.setVisible(bool(self.stats.text()))
        problem = ""
        if message.status in ("interrupted", "error"):
            problem = (
                say(message.error) if message.error else self.tr("This answer was interrupted.")
            )
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if message.status != "streaming":
            self.set_streaming(False)

    def show_tool_message(self, message: Message) -> None:
        """The result of one of this answer's calls (a stored ``tool`` message)."""
        self.tools.show_tool_message(message)

    def set_streaming(self, streaming: bool) -> None:
        """This answer is being written: the dots until its first piece, no actions."""
        self.streaming = streaming
        if streaming:
            self.typing.setVisible(not self.body.text and self.thinking is None)
            self.stats.set_badges(self.message.model, self.message.persona)
            self.stats.set_facts([])
            self.stats.show()
        else:
            self.typing.hide()
        self._update_actions()

    def set_busy(self, busy: bool) -> None:
        """An answer is being written somewhere: what would start another waits for it."""
        self.busy = busy
        self._update_actions()

    def set_pinned(self, pinned: bool) -> None:
        """The last answer shows its buttons without a hover."""
        if pinned != self.pinned:
            self.pinned = pinned
            self._reveal_actions()

    def stream_text(self, text: str) -> None:
        """The answer so far (the whole of it); its first words fold the thought away."""
        if text.strip() and self.thinking is not None:
            self.thinking.answer_started()
        self.typing.hide()
        self.body.stream(text)

    def stream_stats(self, tokens: int, rate: float | None) -> None:
        """The live numbers of the answer being written: tokens so far and their speed."""
        count = self.tr("1 token") if tokens == 1 else self.tr("{n} tokens").format(n=f"{tokens:,}")
        parts = [count]
        if rate is not None:
            parts.append(self.tr("{rate} tok/s").format(rate=f"{rate:.1f}"))
        self.stats.set_facts(parts)

    def stream_thought(self, text: str, tokens: int) -> None:
        """More of the thought (only the new text): appended to the thinking block."""
        self.typing.hide()
        block = self._thinking_block()
        block.append(text, tokens)
        self.copy_thinking_button.setVisible(bool(block.text))

    def set_dark(self, dark: bool) -> None:
        """Re-colour what the palette does not reach (the code)."""
        self.body.set_dark(dark)
        self.update()

    def _thinking_block(self) -> ThinkingBlock:
        if self.thinking is None:
            self.thinking = ThinkingBlock()
            self._inner.insertWidget(self._inner.indexOf(self.body), self.thinking)
        return self.thinking

    def set_outside_window(self, outside: bool) -> None:
        self.outside.setVisible(outside)
        for widget in (self, self.frame):
            widget.setProperty("outside", outside)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    # -- your bubble's width ---------------------------------------------------------------------

    def _measure(self) -> None:
        if not self.user:
            return
        metrics = self.body.fontMetrics()
        lines = self.body.text.split("\n") or [""]
        self._natural_width = max(metrics.horizontalAdvance(line) for line in lines) + 4
        self._fit_bubble()

    def _fit_bubble(self) -> None:
        if not isinstance(self.frame, Bubble):
            return
        margins = self._inner.contentsMargins()
        self.frame.natural = self._natural_width + margins.left() + margins.right()
        widest = max(48, int(self.width() * BUBBLE_SHARE))
        if self.frame.maximumWidth() != widest:
            self.frame.setMaximumWidth(widest)
        self.frame.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_bubble()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._measure()

    # -- showing the actions: hover, keyboard focus, the last answer -----------------------------

    def _update_actions(self) -> None:
        waiting = self.busy or self.streaming
        self.copy_button.setEnabled(not self.streaming)
        if self.user:
            self.edit_button.setEnabled(not waiting)
        else:
            self.regenerate_button.setEnabled(not waiting)
            self.regenerate_button.setToolTip(
                self.tr("Regenerate (when the answer is finished)")
                if waiting
                else self.tr("Regenerate")
            )
        if hasattr(self, "previous"):
            self.previous.setEnabled(not waiting and self._version_index > 0)
            self.next.setEnabled(not waiting and self._version_index < len(self.versions) - 1)
        self._reveal_actions()

    def actions_shown(self) -> bool:
        """Whether a person sees the action buttons now."""
        return self.action_bar.isVisibleTo(self)

    def _focus_within(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and (focused is self or self.isAncestorOf(focused))

    def _reveal_actions(self) -> None:
        shown = not self.streaming and (self._hovered or self.pinned or self._focus_within())
        # hidden, not transparent: the keyboard reaches them through the message itself
        if self.action_bar.isVisibleTo(self) != shown:
            self.action_bar.setVisible(shown)

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 - Qt override
        self._hovered = True
        self._reveal_actions()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._hovered = False
        self._reveal_actions()
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        self._reveal_actions()
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self._reveal_actions()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._reveal_actions()
        return False

    # -- a brief glow when a search opens this message -------------------------------------------

    def flash(self) -> None:
        """Glow in the accent colour, fading back to the normal look."""
        if self._flash_animation is not None:
            self._flash_animation.stop()
        self._set_flash(1.0)  # at once, not at the animation's first step
        animation = QVariantAnimation(self)
        animation.setStartValue(1.0)
        animation.setEndValue(0.0)
        animation.setDuration(FLASH_MS)
        animation.setEasingCurve(QEasingCurve.Type.InQuad)
        animation.valueChanged.connect(self._set_flash)
        animation.finished.connect(lambda: self._set_flash(0.0))
        self._flash_animation = animation
        animation.start()

    def flash_level(self) -> float:
        """How strongly it glows now (0.0: its normal look)."""
        return self._flash

    def _set_flash(self, value: object) -> None:
        self._flash = float(value) if isinstance(value, (int, float)) else 0.0
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        t = look.current()
        glow = self._flash > 0.0
        ring = self.hasFocus()
        if not glow and not ring:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(1, 1, -1, -1)
        radius = float(t.radius_l)
        if glow:
            colour = QColor(t.accent)
            colour.setAlphaF(FLASH_ALPHA * self._flash)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, radius, radius)
        if ring:  # the message itself has the keyboard: say so
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QColor(t.accent))
            painter.drawRoundedRect(rect, radius, radius)
        painter.end()

    # -- copying -----------------------------------------------------------------------------------

    def _copy(self) -> None:
        """The answer only: the thought has its own button."""
        QGuiApplication.clipboard().setText(shown_text(self.message))  # as written
        show_copied(self.copy_button, "copy", self._copy_tip, self.tr("Copied"))
        self.copy_done.emit()

    def _copy_thinking(self) -> None:
        QGuiApplication.clipboard().setText(self.thinking.text if self.thinking else "")
        tip = self.tr("Copy thinking")
        show_copied(self.copy_thinking_button, "thinking", tip, self.tr("Copied"))
        self.copy_done.emit()
