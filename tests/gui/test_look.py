"""The design system: readable secondary text, disabled buttons that look disabled, and a
theme change that restyles the widgets already on screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from deskchat.gui import look
from deskchat.gui.look import TEXT_PAIRS, apply_theme, contrast, tokens
from deskchat.gui.style_sheet import IMAGE_KEYS, arrow_images, style_sheet

THEMES = [pytest.param(False, id="light"), pytest.param(True, id="dark")]


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, "light")  # what the other tests expect


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
    # a published pair: #767676 on white is the palest grey that passes AA
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize("dark", THEMES)
@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_every_text_colour_reaches_aa_on_its_backgrounds(dark: bool, fg: str, bg: str) -> None:
    t = tokens(dark)
    ratio = contrast(getattr(t, fg), getattr(t, bg))
    assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}"


def test_the_pairs_cover_secondary_text_on_every_surface() -> None:
    backgrounds = {bg for fg, bg in TEXT_PAIRS if fg == "text_secondary"}
    assert {"window", "surface", "surface_alt", "hover", "code_background"} <= backgrounds


@pytest.mark.parametrize("dark", THEMES)
def test_the_scales(dark: bool) -> None:
    t = tokens(dark)
    assert (t.space_xs, t.space_s, t.space_m, t.space_l, t.space_xl) == (4, 8, 12, 16, 24)
    assert t.font_small < t.font_body < t.font_title
    assert t.radius_s < t.radius_m < t.radius_l
    assert t.dark is dark


def _text_colour(image: QImage) -> tuple[QColor, QColor]:
    """The button's background (just inside its left edge) and the mean colour of the
    pixels that are clearly not background: its label."""
    bg = image.pixelColor(6, image.height() // 2)
    r = g = b = n = 0
    for y in range(4, image.height() - 4):
        for x in range(4, image.width() - 4):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - bg.red()) + abs(c.green() - bg.green()) + abs(c.blue() - bg.blue())
                > 60
            ):
                r, g, b, n = r + c.red(), g + c.green(), b + c.blue(), n + 1
    assert n > 20, "no label drawn"
    return bg, QColor(r // n, g // n, b // n)


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


@pytest.mark.parametrize(("theme", "dark"), [("light", False), ("dark", True)])
def test_disabled_buttons_look_disabled(
    app: QApplication, qtbot: QtBot, theme: str, dark: bool
) -> None:
    apply_theme(app, theme)
    palette = app.palette()
    role = QPalette.ColorRole.ButtonText
    active = palette.color(QPalette.ColorGroup.Active, role)
    disabled = palette.color(QPalette.ColorGroup.Disabled, role)
    assert contrast(active.name(), disabled.name()) > 2.0

    box = QWidget()
    qtbot.addWidget(box)
    enabled_button = QPushButton("Regenerate", box)
    disabled_button = QPushButton("Regenerate", box)
    disabled_button.move(0, 60)
    disabled_button.setEnabled(False)
    box.show()
    qtbot.waitExposed(box)
    on_bg, on_text = _text_colour(enabled_button.grab().toImage())
    off_bg, off_text = _text_colour(disabled_button.grab().toImage())
    assert _distance(on_text, off_text) > 90, (on_text.name(), off_text.name())
    # the label of the disabled one stands out less from its background
    assert contrast(off_text.name(), off_bg.name()) < contrast(on_text.name(), on_bg.name()) / 2
    assert (QColor(tokens(dark).window).lightness() < 80) is dark


def test_a_theme_change_restyles_what_is_on_screen(app: QApplication, qtbot: QtBot) -> None:
    label = QLabel("62 prompt + 15 completion = 77 tokens")
    label.setObjectName("messageStats")
    button = QPushButton("Send")
    button.setObjectName("primaryButton")
    box = QWidget()
    qtbot.addWidget(box)
    label.setParent(box)
    button.setParent(box)
    button.move(0, 40)
    box.show()
    qtbot.waitExposed(box)

    for theme, dark in (("dark", True), ("light", False), ("dark", True)):
        assert apply_theme(app, theme) is dark
        t = tokens(dark)
        assert look.current() == t
        assert app.palette().color(QPalette.ColorRole.Window) == QColor(t.window)
        assert app.palette().color(QPalette.ColorRole.Mid) == QColor(t.text_secondary)
        secondary = QColor(t.text_secondary)

        def restyled(secondary: QColor = secondary) -> bool:
            return label.palette().color(QPalette.ColorRole.WindowText) == secondary

        qtbot.waitUntil(restyled)
        image = button.grab().toImage()
        centre_left = image.pixelColor(8, image.height() // 2)
        assert _distance(centre_left, QColor(t.accent)) < 12, centre_left.name()
        assert label.font().pixelSize() == t.font_small


def test_the_named_widgets_keep_their_styles() -> None:
    sheet = style_sheet(tokens(True), dict.fromkeys(IMAGE_KEYS, ""))
    for name in (
        "userMessage",
        "messageStats",
        "contextLabel",
        "explanation",
        "backendLabel",
        "messageProblem",
        "formError",
        "outsideWindow",
        "editBanner",
        "codeBlock",
        "emptyState",
        "engineBanner",
        "chatTitle",
        "primaryButton",
        "iconButton",
    ):
        assert f"#{name}" in sheet
    assert tokens(True).text_secondary in sheet and tokens(False).text_secondary not in sheet


def test_the_box_arrows_are_drawn_in_the_theme_colour(qapp: QApplication, tmp_path: Path) -> None:
    files = arrow_images(tokens(True), tmp_path)
    assert set(files) == {"down", "up", "down_disabled", "up_disabled", "check"}
    down = QImage(files["down"])
    assert not down.isNull()
    pixels = [down.pixelColor(x, y) for x in range(down.width()) for y in range(down.height())]
    strongest = max(pixels, key=QColor.alpha)
    assert strongest.alpha() > 200
    assert _distance(strongest, QColor(tokens(True).text_secondary)) < 30, strongest.name()


def test_a_larger_system_font_is_kept_and_the_scale_grows_with_it(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_theme(app, "light")
    assert app.font().pixelSize() == tokens(False).font_body == 13  # offscreen: a 12 px system
    monkeypatch.setattr(look._Applied, "system_px", 17)
    apply_theme(app, "light")
    t = look.current()
    assert app.font().pixelSize() == t.font_body == 17
    assert t.font_small < 17 < t.font_title
    monkeypatch.undo()
    apply_theme(app, "light")
    assert app.font().pixelSize() == 13
