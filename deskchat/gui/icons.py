"""The one icon set (Phosphor, MIT: resources/icons/LICENSE-phosphor.txt), by what an icon
means rather than what it looks like. The glyphs deskchat uses are cut out of the Phosphor
font (packaging/make_icon_font.py, a few KB) and drawn in the palette's colours, sharp at
any scale. Icons follow a theme change live: a button made here, or handed to ``attach``,
re-tints itself when the application's palette changes."""

from __future__ import annotations

import json
from functools import cache

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractButton, QApplication, QToolButton, QWidget

from deskchat import paths

FONT_FILE = "phosphor-subset.ttf"
# each icon's meaning -> its glyph's code point in the font (made with the font)
NAMES: dict[str, int] = json.loads(
    (paths.resources_dir() / "icons" / "icons-codepoints.json").read_text(encoding="utf-8")
)
SIZE = QSize(16, 16)


@cache
def _family() -> str:
    """The icon font's family, loaded into the application once."""
    font_id = QFontDatabase.addApplicationFont(str(paths.resources_dir() / "icons" / FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:  # a damaged install: a bug to log, not a person's mistake
        raise RuntimeError(f"the icon font {FONT_FILE} could not be loaded")
    return families[0]


class _Glyph(QIconEngine):
    """One glyph of the icon font, in a colour for each of the icon's modes."""

    def __init__(self, char: str, colours: dict[QIcon.Mode, QColor]) -> None:
        super().__init__()
        self.char = char
        self.colours = colours

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        font = QFont(_family())
        font.setPixelSize(max(1, rect.height()))
        painter.setFont(font)
        painter.setPen(self.colours.get(mode, self.colours[QIcon.Mode.Normal]))
        painter.drawText(QRectF(rect), int(Qt.AlignmentFlag.AlignCenter), self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(  # noqa: N802 - Qt's name
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        """Drawn at the screen's pixel density, so it stays sharp on a high-DPI screen."""
        pixmap = QPixmap(size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _Glyph(self.char, dict(self.colours))


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon called ``name`` in the palette's text colour (a paler one when disabled)."""
    palette = palette or QApplication.palette()
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    colours = {
        QIcon.Mode.Normal: text,
        QIcon.Mode.Active: text,
        QIcon.Mode.Disabled: palette.color(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText
        ),
        QIcon.Mode.Selected: palette.color(
            QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText
        ),
    }
    return QIcon(_Glyph(chr(NAMES[name]), colours))


class _Retint(QObject):
    """Puts a fresh icon on its button whenever the palette changes."""

    def __init__(self, button: QAbstractButton, name: str) -> None:
        super().__init__(button)
        self.name = name
        button.installEventFilter(self)
        button.setIcon(icon(name, button.palette()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.PaletteChange and isinstance(watched, QAbstractButton):
            watched.setIcon(icon(self.name, watched.palette()))
        return False


def attach(button: QAbstractButton, name: str) -> None:
    """Give ``button`` the icon ``name``, kept in the theme's colours; calling it again
    changes the icon."""
    for child in button.children():
        if isinstance(child, _Retint):
            child.name = name
            button.setIcon(icon(name, button.palette()))
            return
    _Retint(button, name)


def icon_name(button: QAbstractButton) -> str | None:
    """The name of the icon ``attach`` gave ``button`` (tests and accessibility checks)."""
    for child in button.children():
        if isinstance(child, _Retint):
            return child.name
    return None


def icon_button(name: str, tip: str, parent: QWidget | None = None) -> QToolButton:
    """A flat icon-only button with a tooltip and the same text as its accessible name,
    so a screen reader and the keyboard reach what the mouse does."""
    button = QToolButton(parent)
    attach(button, name)
    button.setIconSize(SIZE)
    button.setAutoRaise(True)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setObjectName("iconButton")
    return button
