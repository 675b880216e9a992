"""A message body: markdown blocks as widgets. While an answer streams, finished blocks are
rendered once and frozen; only the last block is re-rendered, so each update costs the
size of one paragraph, not of the whole answer. No block ever makes the body wider than
the column it is given: text wraps (long runs too), code scrolls inside its block."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from deskchat.gui.code_block import CodeBlock
from deskchat.gui.markdown_html import Block, breakable, split_blocks, text_html
from deskchat.gui.rich_label import ShrinkLabel, rich_label


class BlocksView(QWidget):
    def __init__(self, dark: bool = False, plain: bool = False) -> None:
        super().__init__()
        self._dark = dark
        self._plain = plain  # user messages are shown as typed, not as markdown
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
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
            label = ShrinkLabel(breakable(text, is_html=False))
            label.setObjectName("userText")
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
        before = self._tail_block
        if (
            isinstance(self._tail, QLabel)
            and last.kind == "text"
            and before
            and before.kind == "text"
        ):
            self._tail.setText(text_html(last.text))
        elif isinstance(self._tail, CodeBlock) and last.kind == "code":
            self._tail.set_block(last)  # the fence goes on: keep its block (and its wrap)
        else:
            self._drop_tail()
            self._tail = self._render(last)
            self._layout.addWidget(self._tail)
        self._tail_block = last

    def set_dark(self, dark: bool) -> None:
        """Re-colour the code for the other theme (text follows the palette by itself)."""
        self._dark = dark
        for block in self.code_blocks():
            block.set_dark(dark)

    def _widgets(self) -> list[QWidget]:
        items = (self._layout.itemAt(i) for i in range(self._layout.count()))
        return [w for item in items if item is not None and (w := item.widget()) is not None]

    def code_blocks(self) -> list[CodeBlock]:
        return [w for w in self._widgets() if isinstance(w, CodeBlock)]

    def labels(self) -> list[QLabel]:
        """The text shown, block by block (code blocks' code included)."""
        shown: list[QLabel] = []
        for widget in self._widgets():
            if isinstance(widget, CodeBlock):
                shown.append(widget.body)
            elif isinstance(widget, QLabel):
                shown.append(widget)
        return shown

    def block_count(self) -> int:
        return self._layout.count()

    def _render(self, block: Block) -> QWidget:
        if block.kind == "code":
            return CodeBlock(block, self._dark)
        return rich_label(text_html(block.text))

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
