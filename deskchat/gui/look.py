"""The design system (spacing, type and colour tokens for a light and a dark theme), the
palette and style sheet made from them, fonts that cover Chinese, and the UI language
(English or Simplified Chinese through Qt's translation system)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from deskchat import paths
from deskchat.gui.design_tokens import BODY_PX, TEXT_PAIRS, Tokens, contrast, tokens
from deskchat.gui.style_sheet import style_sheet

__all__ = ["TEXT_PAIRS", "Tokens", "contrast", "tokens"]  # the tokens are read through look

LANGUAGES = {"": "System", "en": "English", "zh_CN": "简体中文"}
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
)


class _Applied:
    """The theme applied last (light before any)."""

    tokens = tokens(False)
    system_px: int | None = None  # the system font's size, read before the first theme


def current() -> Tokens:
    """The tokens of the theme applied last (light before any): what a widget that paints
    itself draws with."""
    return _Applied.tokens


def palette(t: Tokens) -> QPalette:
    """The application palette from the tokens, with a Disabled group that reads as
    disabled in either theme."""
    p = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: t.window,
        role.WindowText: t.text,
        role.Base: t.surface,
        role.AlternateBase: t.surface_alt,
        role.Text: t.text,
        role.Button: t.button,
        role.ButtonText: t.text,
        role.BrightText: t.accent_text,
        role.Highlight: t.accent,
        role.HighlightedText: t.accent_text,
        role.Link: t.accent,
        role.LinkVisited: t.accent,
        # Mid is what older style sheets used for secondary text: keep it readable
        role.Mid: t.text_secondary,
        role.Midlight: t.hover,
        role.Light: t.surface,
        role.Dark: t.border,
        role.Shadow: "#000000",
        role.ToolTipBase: t.surface,
        role.ToolTipText: t.text,
        role.PlaceholderText: t.text_secondary,
        role.Accent: t.accent,
    }
    for r, colour in colours.items():
        p.setColor(r, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        p.setColor(disabled, r, QColor(t.disabled_text))
    for r in (role.Button, role.Base):
        p.setColor(disabled, r, QColor(t.disabled_background))
    p.setColor(disabled, role.Highlight, QColor(t.border))
    p.setColor(disabled, role.HighlightedText, QColor(t.disabled_text))
    return p


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply the theme (again on a change: every widget restyles live); returns whether
    it is dark."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    dark = is_dark(theme)
    if _Applied.system_px is None:
        _Applied.system_px = QFontInfo(app.font()).pixelSize()
    t = _Applied.tokens = tokens(dark, max(BODY_PX, _Applied.system_px))
    app.setPalette(palette(t))
    app.setStyleSheet(style_sheet(t))
    font = QFont(app.font())
    font.setFamilies([font.families()[0], *CJK_FAMILIES])  # CJK glyphs come from a CJK font
    font.setPixelSize(t.font_body)
    app.setFont(font)
    return dark


def ui_language(setting: str) -> str:
    """'zh_CN' or 'en': the setting, or the system's language when it is empty."""
    if setting:
        return setting
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_translators(app: QApplication, setting: str) -> list[QTranslator]:
    """Load deskchat's and Qt's own Chinese translations when the UI language is Chinese."""
    language = ui_language(setting)
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(f"deskchat_{language}", str(paths.resources_dir() / "translations")):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
