"""Three dots that pulse in turn: the answer is on its way (shown until its first piece)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from deskchat.gui import look

STEP_MS = 160  # one dot brightens after the other, a cycle about every second
DOT_PX = 7
GAP_PX = 5
PHASES = 6  # three dots lit in turn, then a rest


class TypingIndicator(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("typingIndicator")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.phase = 0
        self._timer = QTimer(self)
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self._step)
        self.setAccessibleName(self.tr("The answer is being written"))
        self.setToolTip(self.accessibleName())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(3 * DOT_PX + 2 * GAP_PX + 4, DOT_PX + 12)

    def is_running(self) -> bool:
        return self._timer.isActive()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().hideEvent(event)

    def _step(self) -> None:
        self.phase = (self.phase + 1) % PHASES
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        base = QColor(look.current().text_secondary)
        top = (self.height() - DOT_PX) / 2
        for dot in range(3):
            colour = QColor(base)
            colour.setAlphaF(1.0 if dot == self.phase else 0.35)
            painter.setBrush(colour)
            painter.drawEllipse(QRectF(2 + dot * (DOT_PX + GAP_PX), top, DOT_PX, DOT_PX))
        painter.end()
