"""The chat column in the middle of the window: a bar with the sidebar's toggle, the
chat's title, the model picker, Show prompt, Tokens and the settings drawer's toggle; the
engine banner; the problem line; the conversation; the context meter; the composer."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from deskchat.gui.chat_view import ChatView
from deskchat.gui.composer import Composer
from deskchat.gui.context_meter import ContextMeter
from deskchat.gui.icons import icon_button
from deskchat.gui.indexing_bar import IndexingBar
from deskchat.gui.model_picker import ModelPicker


class TitleLabel(QLabel):
    """The chat's title, shortened with "…" to the room there is (never widening the
    window); ``text()`` is the whole title."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(min(super().sizeHint().width(), 240), super().sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignVCenter), shown)


class ChatColumn(QWidget):
    def __init__(self, dark: bool) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(self._top_bar())
        column.addWidget(self._engine_banner())
        self.error_label = QLabel()
        self.error_label.setObjectName("messageProblem")
        self.error_label.setWordWrap(True)
        self.error_label.setContentsMargins(12, 4, 12, 4)
        self.error_label.hide()
        column.addWidget(self.error_label)
        self.chat = ChatView(dark)
        column.addWidget(self.chat, 1)
        self.indexing = IndexingBar()  # shown while documents are indexed
        column.addWidget(self.indexing)
        self.meter = ContextMeter()
        column.addWidget(self.meter)
        self.composer = Composer()
        column.addWidget(self.composer)

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 6, 6, 6)
        self.sidebar_toggle = icon_button("chat", self.tr("Show or hide the chats (Ctrl+B)"))
        self.title = TitleLabel()
        self.title.setObjectName("chatTitle")
        self.picker = ModelPicker()
        self.prompt_button = icon_button("prompt", self.tr("Show prompt (Ctrl+P)"))
        self.tokens_button = icon_button("tokens", self.tr("Tokens (Ctrl+T)"))
        self.drawer_toggle = icon_button("settings", self.tr("Show or hide the settings (Ctrl+.)"))
        bar.addWidget(self.sidebar_toggle)
        # the title takes the room it needs (up to 240 px), the picker the rest; when the
        # bar is short both give way, the title to "…"
        bar.addWidget(self.title)
        bar.addWidget(self.picker, 1)
        for button in (self.prompt_button, self.tokens_button, self.drawer_toggle):
            bar.addWidget(button)
        return bar

    def _engine_banner(self) -> QWidget:
        """Shown when the engine process has died, with a button to load the model again."""
        self.engine_banner = QWidget()
        self.engine_banner.setObjectName("engineBanner")
        row = QHBoxLayout(self.engine_banner)
        self.engine_message = QLabel()
        self.engine_message.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Reload model"))
        self.restart_button = QPushButton(self.tr("Restart engine"))
        self.restart_button.setToolTip(
            self.tr("End the engine now, even a hung one; the model loads again")
        )
        row.addWidget(self.engine_message, 1)
        row.addWidget(self.restart_button)
        row.addWidget(self.reload_button)
        self.engine_banner.hide()
        return self.engine_banner
