"""The icon set: every icon the window names is a glyph of the bundled font, drawn in the
palette's text colour, paler when disabled, and sharp at a high-DPI scale."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QApplication

from deskchat.gui import icons
from deskchat.gui.look import apply_theme


def ink(image: QImage) -> list[QColor]:
    """The colours of the pixels the glyph covers fully."""
    return [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    ]


def test_every_named_icon_draws_its_glyph(qapp: QApplication) -> None:
    apply_theme(qapp, "light")
    drawn = {}
    for name in icons.NAMES:
        image = icons.icon(name).pixmap(QSize(32, 32)).toImage()
        covered = ink(image)
        assert len(covered) > 12, f"{name} draws nothing"
        drawn[name] = image
    # different meanings, different glyphs (a missing glyph would draw the same box)
    assert drawn["copy"] != drawn["send"] != drawn["pin"]


def test_icons_take_the_theme_colours_and_look_disabled(qapp: QApplication) -> None:
    for theme in ("light", "dark"):
        apply_theme(qapp, theme)
        palette = qapp.palette()
        glyph = icons.icon("copy")
        normal = ink(glyph.pixmap(QSize(32, 32)).toImage())
        disabled = ink(glyph.pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage())
        text = palette.color(palette.ColorGroup.Active, palette.ColorRole.ButtonText)
        assert {c.name() for c in normal} == {text.name()}, theme
        assert {c.name() for c in disabled} != {text.name()}, theme
    apply_theme(qapp, "light")


def test_an_icon_is_sharp_on_a_high_dpi_screen(qapp: QApplication) -> None:
    pixmap = icons.icon("send").pixmap(QSize(16, 16), 2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert (pixmap.width(), pixmap.height()) == (32, 32)
