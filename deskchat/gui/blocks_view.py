"""A message body: markdown blocks as widgets. While an answer streams, finished blocks are
rendered once and frozen; only the last block is re-rendered, so each update costs the
size of one paragraph, not of the whole answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from deskchat.gui.markdown_html import Block, code_html, split_blocks, text_html


class FrozenLabel(QLabel):
    """A rich-text label whose text never changes once shown. Laying out rich text is the
    expensive part of a relayout, so its height for a given width is computed only once:
    a long answer then costs the same per update as a short one."""

    def __init__(self) -> None:
        super().__init__()
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setText(text)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height


def _label(html: str) -> QLabel:
    label = FrozenLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(html)
    return label


class CodeBlock(QFrame):
    """Fenced code: language, a Copy button, highlighted text."""

    def __init__(self, block: Block, dark: bool) -> None:
        super().__init__()
        self.setObjectName("codeBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.code = block.text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        header = QHBoxLayout()
        header.addWidget(QLabel(block.language or self.tr("code")))
        header.addStretch(1)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setFlat(True)
        self.copy_button.clicked.connect(self._copy)
        header.addWidget(self.copy_button)
        layout.addLayout(header)
        self.body = _label(code_html(block.text, block.language, dark))
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.body)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code)
        self.copy_button.setText(self.tr("Copied"))


class BlocksView(QWidget):
    def __init__(self, dark: bool = False, plain: bool = False) -> None:
        super().__init__()
        self._dark = dark
        self._plain = plain  # user messages are shown as typed, not as markdown
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._frozen_upto = 0  # characters of the text already rendered into frozen blocks
        self._tail: QWidget | None = None
        self._tail_block: Block | None = None
        self.text = ""
        self.streamed = False  # rendered piece by piece: redo it whole when it is finished

    def set_text(self, text: str) -> None:
        """Render a whole message (a finished answer, or history)."""
        self._clear()
        self.text = text
        self.streamed = False
        if self._plain:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._layout.addWidget(label)
            return
        for block in split_blocks(text):
            self._layout.addWidget(self._render(block))

    def stream(self, text: str) -> None:
        """Show ``text`` (the whole answer so far): freeze finished blocks, redo the last."""
        self.text = text
        self.streamed = True
        tail = text[self._frozen_upto :]
        blocks = split_blocks(tail)
        if not blocks:
            return
        if len(blocks) > 1:
            self._drop_tail()
            for block in blocks[:-1]:
                self._layout.addWidget(self._render(block))
            self._frozen_upto += blocks[-1].start
            blocks = split_blocks(text[self._frozen_upto :])
        last = blocks[-1]
        if (
            self._tail is not None
            and isinstance(self._tail, QLabel)
            and last.kind == "text"
            and self._tail_block is not None
            and self._tail_block.kind == "text"
        ):
            self._tail.setText(text_html(last.text))
        else:
            self._drop_tail()
            self._tail = self._render(last)
            self._layout.addWidget(self._tail)
        self._tail_block = last

    def block_count(self) -> int:
        return self._layout.count()

    def _render(self, block: Block) -> QWidget:
        if block.kind == "code":
            return CodeBlock(block, self._dark)
        return _label(text_html(block.text))

    def _drop_tail(self) -> None:
        if self._tail is not None:
            self._layout.removeWidget(self._tail)
            self._tail.deleteLater()
            self._tail = None
            self._tail_block = None

    def _clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()
        self._tail = None
        self._tail_block = None
        self._frozen_upto = 0
