"""A fenced code block: a header (the language, Wrap, Copy) over highlighted code that
scrolls sideways inside the block, so a long line never widens the conversation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from deskchat.gui import icons
from deskchat.gui.markdown_html import Block, code_html

COPIED_MS = 1500  # how long a Copy button says "Copied"


def show_copied(button: QToolButton, name: str, tip: str, copied: str) -> None:
    """The icon button turns into a tick saying ``copied`` for a moment, then back to the
    icon ``name`` and its ``tip``."""
    icons.attach(button, "copied")
    button.setToolTip(copied)
    button.setAccessibleName(copied)

    def back() -> None:
        icons.attach(button, name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)

    QTimer.singleShot(COPIED_MS, button, back)


class CodeBlock(QFrame):
    """Fenced code: the language, a wrap toggle and a Copy button above the code.
    ``set_dark`` re-colours it for a theme; ``set_block`` shows more of a streaming fence."""

    def __init__(self, block: Block, dark: bool) -> None:
        super().__init__()
        self.setObjectName("codeBlock")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.code = block.text
        self.language = block.language
        self.dark = dark
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QFrame()
        header.setObjectName("codeHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(10, 2, 4, 2)
        row.setSpacing(2)
        self.language_label = QLabel(block.language or self.tr("code"))
        self.language_label.setObjectName("codeLanguage")
        row.addWidget(self.language_label)
        row.addStretch(1)
        self.wrap_button = icons.icon_button("wrap", self.tr("Wrap long lines"))
        self.wrap_button.setCheckable(True)
        self.wrap_button.toggled.connect(self._set_wrap)
        row.addWidget(self.wrap_button)
        self._copy_tip = self.tr("Copy code")
        self.copy_button = icons.icon_button("copy", self._copy_tip)
        self.copy_button.clicked.connect(self._copy)
        row.addWidget(self.copy_button)
        layout.addWidget(header)
        # a plain label: at its full width, so the block scrolls rather than squeezing it
        self.body = QLabel(code_html(block.text, block.language, dark))
        self.body.setObjectName("codeText")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("codeScroll")
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidgetResizable(True)
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroller.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.scroller.setWidget(self.body)
        self.scroller.viewport().setAutoFillBackground(False)
        self.body.setAutoFillBackground(False)
        self.body.setContentsMargins(12, 8, 12, 8)
        self.scroller.horizontalScrollBar().rangeChanged.connect(lambda *_: self._fit())
        self.scroller.installEventFilter(self)
        layout.addWidget(self.scroller)
        self._fit()

    @property
    def wrapped(self) -> bool:
        return self.wrap_button.isChecked()

    def set_block(self, block: Block) -> None:
        """The same fence with more code (it is still streaming)."""
        if block.text == self.code and block.language == self.language:
            return
        self.code, self.language = block.text, block.language
        self._render()

    def set_dark(self, dark: bool) -> None:
        if dark != self.dark:
            self.dark = dark
            self._render()

    def _render(self) -> None:
        self.body.setText(code_html(self.code, self.language, self.dark, self.wrapped))
        self._fit()

    def _set_wrap(self, wrap: bool) -> None:
        self.body.setWordWrap(wrap)
        self.scroller.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if wrap else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        tip = self.tr("Scroll long lines") if wrap else self.tr("Wrap long lines")
        self.wrap_button.setToolTip(tip)
        self.wrap_button.setAccessibleName(tip)
        self._render()

    def _fit(self) -> None:
        """As tall as the code, plus the scroll bar when a line is wider than the block."""
        width = self.scroller.viewport().width()
        if self.wrapped:
            height = self.body.heightForWidth(max(width, 1))
        else:
            height = self.body.sizeHint().height()
        bar = self.scroller.horizontalScrollBar()
        if not self.wrapped and bar.maximum() > 0:
            height += bar.sizeHint().height()
        if self.scroller.height() != height:
            self.scroller.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.scroller and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code)
        show_copied(self.copy_button, "copy", self._copy_tip, self.tr("Copied"))
