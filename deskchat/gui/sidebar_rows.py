"""How the sidebar's rows are drawn: day headers, chats (the title elided to the width, a
pin icon on pinned ones), and search results grouped under their chat, each a snippet that
wraps to a few lines with the hit highlighted and kept in view however narrow the sidebar."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPixmap,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from deskchat.gui import icons, look
from deskchat.store.search import Span

KIND = Qt.ItemDataRole.UserRole + 2
SPANS = Qt.ItemDataRole.UserRole + 3
ICON = Qt.ItemDataRole.UserRole + 4  # the icons.NAMES name drawn on the row, if any
SNIPPET_LINES = 3
ICON_SIZE = 14
CACHED_SNIPPETS = 2000
Index = QModelIndex | QPersistentModelIndex


class Row(StrEnum):
    HEADER = "header"  # a day, or "Pinned"
    CHAT = "chat"
    GROUP = "group"  # a chat's title above its search hits
    HIT = "hit"
    NOTE = "note"  # "no message contains…"


def small_font(font: QFont, bold: bool = False) -> QFont:
    f = QFont(font)
    f.setPixelSize(look.current().font_small)
    f.setBold(bold)
    return f


def _layout(text: str, font: QFont, spans: list[Span], width: int, lines: int) -> QTextLayout:
    """``text`` broken into at most ``lines`` lines of ``width``, the spans in bold on the
    accent."""
    t = look.current()
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    ranges = []
    for start, end in spans:
        r = QTextLayout.FormatRange()
        r.start, r.length = start, end - start
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setBackground(QColor(t.accent))
        fmt.setForeground(QColor(t.accent_text))
        r.format = fmt
        ranges.append(r)
    layout.setFormats(ranges)
    layout.beginLayout()
    y = 0.0
    for _ in range(lines):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def _fits(text: str, spans: list[Span], font: QFont, width: int, lines: int) -> bool:
    return _layout(text, font, spans, width, lines + 1).lineCount() <= lines


def fit_snippet(
    text: str, spans: list[Span], font: QFont, width: int, lines: int = SNIPPET_LINES
) -> tuple[str, list[Span]]:
    """The part of ``text`` around its first span that fits ``lines`` lines of ``width``,
    "…" where it is cut, and the spans moved to match: the hit stays in view."""
    if not spans or _fits(text, spans, font, width, lines):
        return text, spans
    first_start, first_end = spans[0]

    def cut(radius: int) -> tuple[str, list[Span]]:
        a, b = max(0, first_start - radius), min(len(text), first_end + radius)
        head = "…" if a > 0 and not text[a:].startswith("…") else ""
        tail = "…" if b < len(text) and not text[:b].endswith("…") else ""
        shift = len(head) - a
        moved = [(max(s, a) + shift, min(e, b) + shift) for s, e in spans if e > a and s < b]
        return head + text[a:b] + tail, moved

    low, high = 0, len(text)
    while low < high:  # the widest cut that still fits
        mid = (low + high + 1) // 2
        if _fits(*cut(mid), font, width, lines):
            low = mid
        else:
            high = mid - 1
    return cut(low)


class RowDelegate(QStyledItemDelegate):
    """Paints every row of the sidebar's list from the design tokens."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view
        self._pins: dict[str, QPixmap] = {}
        # sizing and painting ask for the same snippet at the same width again and again
        self._fitted: dict[tuple[str, tuple[Span, ...], str, int], tuple[str, list[Span]]] = {}

    def _pin(self) -> QPixmap:
        """The pin in the list's text colour (made once a theme)."""
        palette = self.view.palette()
        colour = palette.color(QPalette.ColorRole.ButtonText).name()
        if colour not in self._pins:
            glyph = icons.icon("pin", palette)
            self._pins[colour] = glyph.pixmap(QSize(ICON_SIZE, ICON_SIZE))
        return self._pins[colour]

    @staticmethod
    def _indent(kind: object) -> int:
        t = look.current()
        return t.space_xs + t.space_s + (t.space_s if kind == Row.HIT else 0)

    def _width(self, kind: object) -> int:
        t = look.current()
        room = self.view.viewport().width() - self._indent(kind) - t.space_xs - t.space_s
        return max(room, 16)

    # geometry shared by painting, sizing and tests

    def chat_text_rect(self, rect: QRect, pinned: bool) -> QRect:
        t = look.current()
        inner = rect.adjusted(t.space_xs + t.space_s, 0, -(t.space_xs + t.space_s), 0)
        if pinned:
            inner.setLeft(inner.left() + ICON_SIZE + t.space_xs)
        return inner

    def shown_title(self, title: str, font: QFont, rect: QRect, pinned: bool) -> str:
        """The title as drawn: elided with "…" to the room there is."""
        width = self.chat_text_rect(rect, pinned).width()
        return QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight, width)

    def shown_snippet(self, index: Index, font: QFont) -> tuple[str, list[Span]]:
        """A hit's snippet as drawn: cut around the hit to the lines there is room for."""
        spans = list(index.data(SPANS) or [])
        text, width = index.data() or "", self._width(index.data(KIND))
        key = (text, tuple(spans), font.key(), width)
        if key not in self._fitted:
            if len(self._fitted) > CACHED_SNIPPETS:
                self._fitted.clear()
            self._fitted[key] = fit_snippet(text, spans, font, width)
        return self._fitted[key]

    # QStyledItemDelegate

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        t = look.current()
        kind = index.data(KIND)
        metrics = QFontMetrics(option.font)
        if kind == Row.HEADER:
            return QSize(1, QFontMetrics(small_font(option.font, True)).height() + t.space_m)
        if kind in (Row.HIT, Row.NOTE):
            text, spans = self.shown_snippet(index, option.font)
            layout = _layout(text, option.font, spans, self._width(kind), SNIPPET_LINES)
            lines = max(layout.lineCount(), 1)
            return QSize(1, lines * metrics.lineSpacing() + t.space_s + t.space_xs)
        return QSize(1, metrics.height() + 2 * t.space_s - 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        t = look.current()
        kind = index.data(KIND)
        rect = QRect(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        state = option.state
        if kind in (Row.CHAT, Row.GROUP, Row.HIT):
            fill = None
            if state & QStyle.StateFlag.State_Selected:
                fill = t.selection
            elif state & QStyle.StateFlag.State_MouseOver:
                fill = t.hover
            if fill:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(fill))
                painter.drawRoundedRect(rect.adjusted(t.space_xs, 1, -t.space_xs, -1), 6, 6)
        left = rect.left() + self._indent(kind)
        if kind == Row.HEADER:
            painter.setFont(small_font(option.font, True))
            painter.setPen(QColor(t.text_secondary))
            text_rect = QRect(left, rect.top() + t.space_s, rect.width() - 2 * left, rect.height())
            shown = painter.fontMetrics().elidedText(
                index.data() or "", Qt.TextElideMode.ElideRight, text_rect.width()
            )
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, shown
            )
        elif kind in (Row.CHAT, Row.GROUP):
            pinned = index.data(ICON) == "pin"
            font = QFont(option.font)
            font.setBold(kind == Row.GROUP)
            if pinned:
                y = rect.top() + (rect.height() - ICON_SIZE) // 2
                painter.drawPixmap(left, y, self._pin())
            painter.setFont(font)
            painter.setPen(QColor(t.text))
            text_rect = self.chat_text_rect(rect, pinned)
            shown = self.shown_title(index.data() or "", font, rect, pinned)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown
            )
        else:  # a hit or a note: wrapped, the hit highlighted
            colour = t.text if kind == Row.HIT else t.text_secondary
            text, spans = self.shown_snippet(index, option.font)
            layout = _layout(text, option.font, spans, self._width(kind), SNIPPET_LINES)
            painter.setPen(QColor(colour))
            layout.draw(painter, QPointF(left, rect.top() + t.space_xs))
        painter.restore()
