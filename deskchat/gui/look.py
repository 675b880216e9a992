"""Theme (follows the OS, or forced light/dark), fonts that cover Chinese, and the UI
language (English or Simplified Chinese through Qt's translation system)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from deskchat import paths

LANGUAGES = {"": "System", "en": "English", "zh_CN": "简体中文"}
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
)

STYLE = """
#userMessage { background: palette(alternate-base); border-radius: 8px; }
#assistantMessage[outside="true"], #userMessage[outside="true"] { color: palette(mid); }
#messageStats, #contextLabel, #explanation, #backendLabel { color: palette(mid); font-size: 11px; }
#messageProblem, #formError { color: #c0392b; }
#outsideWindow { color: #b9770e; font-size: 11px; }
#editBanner { color: #b9770e; }
#codeBlock { border: 1px solid palette(mid); border-radius: 6px; }
#emptyState { padding: 24px; font-size: 14px; }
#engineBanner { background: #fdebd0; color: #6e2c00; padding: 6px; border-radius: 6px; }
"""


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply the theme; returns whether it is dark (for code highlighting)."""
    app.setStyle("Fusion")
    dark = is_dark(theme)
    if dark:
        palette = QPalette()
        base, text = QColor(30, 30, 32), QColor(230, 230, 230)
        palette.setColor(QPalette.ColorRole.Window, QColor(37, 37, 40))
        palette.setColor(QPalette.ColorRole.WindowText, text)
        palette.setColor(QPalette.ColorRole.Base, base)
        palette.setColor(QPalette.ColorRole.AlternateBase, QColor(48, 48, 54))
        palette.setColor(QPalette.ColorRole.Text, text)
        palette.setColor(QPalette.ColorRole.Button, QColor(45, 45, 50))
        palette.setColor(QPalette.ColorRole.ButtonText, text)
        palette.setColor(QPalette.ColorRole.Highlight, QColor(64, 110, 190))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        palette.setColor(QPalette.ColorRole.Mid, QColor(140, 140, 150))
        palette.setColor(QPalette.ColorRole.ToolTipBase, base)
        palette.setColor(QPalette.ColorRole.ToolTipText, text)
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(140, 140, 150))
        app.setPalette(palette)
    else:
        app.setPalette(app.style().standardPalette())
    app.setStyleSheet(STYLE)
    font = QFont(app.font())
    font.setFamilies([font.family(), *CJK_FAMILIES])  # CJK glyphs come from a CJK font
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
