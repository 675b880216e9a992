"""The application's style sheet, written from the design tokens: rounded buttons and
inputs, thin scroll bars, underlined tabs, the primary and icon buttons, and the named
widgets (secondary text, problems, banners, bubbles, code blocks)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette

from deskchat import paths
from deskchat.gui import icons

if TYPE_CHECKING:
    from deskchat.gui.design_tokens import Tokens

log = logging.getLogger(__name__)

TEMPLATE = """
QToolTip {{ background: {surface}; color: {text}; border: 1px solid {border};
    border-radius: {radius_s}px; padding: {space_xs}px {space_s}px; }}

QPushButton {{ background: {button}; color: {text}; border: 1px solid {border};
    border-radius: {radius_m}px; padding: {space_xs}px {space_m}px; min-height: 18px; }}
QPushButton:hover {{ background: {hover}; }}
QPushButton:pressed, QPushButton:checked {{ background: {surface_alt}; border-color: {accent}; }}
QPushButton:focus {{ border-color: {accent}; }}
QPushButton:disabled {{ background: {disabled_background}; color: {disabled_text};
    border-color: {disabled_background}; }}
QPushButton#primaryButton {{ background: {accent}; color: {accent_text};
    border-color: {accent}; font-weight: 600; }}
QPushButton#primaryButton:hover {{ background: {accent_hover}; border-color: {accent_hover}; }}
QPushButton#primaryButton:focus {{ border-color: {text}; }}
QPushButton#primaryButton:disabled {{ background: {disabled_background};
    color: {disabled_text}; border-color: {disabled_background}; }}

QToolButton#iconButton {{ background: transparent; border: 1px solid transparent;
    border-radius: {radius_s}px; padding: {space_xs}px; }}
QToolButton#iconButton:hover {{ background: {hover}; }}
QToolButton#iconButton:pressed, QToolButton#iconButton:checked {{ background: {surface_alt}; }}
QToolButton#iconButton:focus {{ border-color: {accent}; }}

QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QComboBox {{
    background: {surface}; color: {text}; border: 1px solid {border};
    border-radius: {radius_m}px; selection-background-color: {accent};
    selection-color: {accent_text}; }}
QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox {{ padding: 3px {space_s}px; min-height: 18px; }}
QPlainTextEdit, QTextEdit {{ padding: {space_xs}px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus,
QDoubleSpinBox:focus, QComboBox:focus {{ border-color: {accent}; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QSpinBox:disabled,
QDoubleSpinBox:disabled, QComboBox:disabled {{ background: {disabled_background};
    color: {disabled_text}; }}
QComboBox::drop-down {{ border: none; width: 20px; }}
QComboBox::down-arrow {{ image: url({down}); width: 12px; height: 12px; }}
QComboBox::down-arrow:disabled {{ image: url({down_disabled}); }}
QSpinBox, QDoubleSpinBox {{ padding-right: 18px; }}
QSpinBox::up-button, QDoubleSpinBox::up-button, QSpinBox::down-button,
QDoubleSpinBox::down-button {{ subcontrol-origin: border; width: 18px; border: none;
    background: transparent; }}
QSpinBox::up-button, QDoubleSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button, QDoubleSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-button:hover, QDoubleSpinBox::up-button:hover, QSpinBox::down-button:hover,
QDoubleSpinBox::down-button:hover {{ background: {hover}; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ image: url({up}); width: 10px; height: 10px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{ image: url({down}); width: 10px;
    height: 10px; }}
QSpinBox::up-arrow:disabled, QDoubleSpinBox::up-arrow:disabled {{ image: url({up_disabled}); }}
QSpinBox::down-arrow:disabled, QDoubleSpinBox::down-arrow:disabled {{
    image: url({down_disabled}); }}
QComboBox QAbstractItemView {{ background: {surface}; color: {text};
    border: 1px solid {border}; selection-background-color: {selection};
    selection-color: {text}; outline: 0; }}

QCheckBox {{ spacing: {space_s}px; }}
QCheckBox::indicator {{ width: 14px; height: 14px; border: 1px solid {text_secondary};
    border-radius: {radius_s}px; background: {surface}; }}
QCheckBox::indicator:hover {{ border-color: {accent}; }}
QCheckBox::indicator:checked {{ background: {accent}; border-color: {accent};
    image: url({check}); }}
QCheckBox::indicator:disabled {{ border-color: {disabled_text};
    background: {disabled_background}; }}
QCheckBox::indicator:checked:disabled {{ background: {disabled_text}; }}
QCheckBox:disabled {{ color: {disabled_text}; }}

QAbstractItemView {{ selection-background-color: {selection}; selection-color: {text};
    alternate-background-color: {surface_alt}; }}
QListView, QTreeView, QTableView {{ background: {surface}; border: 1px solid {border};
    border-radius: {radius_m}px; outline: 0; }}
QHeaderView::section {{ background: {window}; color: {text_secondary}; border: none;
    border-bottom: 1px solid {border}; padding: {space_xs}px {space_s}px; }}

QMenu {{ background: {surface}; color: {text}; border: 1px solid {border};
    border-radius: {radius_m}px; padding: {space_xs}px; }}
QMenu::item {{ padding: {space_xs}px {space_l}px; border-radius: {radius_s}px; }}
QMenu::item:selected {{ background: {hover}; }}
QMenu::item:disabled {{ color: {disabled_text}; }}
QMenu::separator {{ height: 1px; background: {border}; margin: {space_xs}px {space_s}px; }}

QSlider::groove:horizontal {{ height: 4px; background: {border}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {accent}; border-radius: 2px; }}
QSlider::handle:horizontal {{ background: {surface}; border: 2px solid {accent};
    width: 12px; height: 12px; margin: -6px 0; border-radius: 8px; }}
QSlider::sub-page:horizontal:disabled, QSlider::handle:horizontal:disabled {{
    background: {disabled_background}; border-color: {disabled_text}; }}

QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 0; }}
QScrollBar::handle:vertical {{ background: {border}; min-height: 24px; border-radius: 3px;
    margin: 2px; }}
QScrollBar::handle:horizontal {{ background: {border}; min-width: 24px; border-radius: 3px;
    margin: 2px; }}
QScrollBar::handle:hover {{ background: {text_secondary}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}

QTabWidget::pane {{ border: none; border-top: 1px solid {border}; top: -1px; }}
QTabBar::tab {{ background: transparent; color: {text_secondary}; border: none;
    border-bottom: 2px solid transparent; padding: {space_s}px {space_m}px; }}
QTabBar::tab:hover {{ color: {text}; background: {hover}; }}
QTabBar::tab:selected {{ color: {text}; border-bottom-color: {accent}; }}
QTabBar::tab:disabled {{ color: {disabled_text}; }}

QProgressBar {{ background: {surface_alt}; color: {text}; border: none;
    border-radius: {radius_s}px; text-align: center; min-height: 8px; }}
QProgressBar::chunk {{ background: {accent}; border-radius: {radius_s}px; }}

QGroupBox {{ border: 1px solid {border}; border-radius: {radius_m}px;
    margin-top: {space_m}px; padding-top: {space_s}px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: {space_s}px; padding: 0 {space_xs}px;
    color: {text_secondary}; }}
QStatusBar {{ color: {text_secondary}; }}
QStatusBar::item {{ border: none; }}

#userMessage {{ background: {surface_alt}; border-radius: {radius_l}px; }}
#assistantMessage[outside="true"], #userMessage[outside="true"] {{ color: {text_secondary}; }}
#messageStats, #contextLabel, #explanation, #backendLabel, #serverLabel {{
    color: {text_secondary}; font-size: {font_small}px; }}
#messageProblem, #formError {{ color: {danger}; }}
#outsideWindow {{ color: {warning}; font-size: {font_small}px; }}
#editBanner {{ color: {warning}; }}
#codeBlock {{ background: {code_background}; border: 1px solid {border};
    border-radius: {radius_m}px; }}
#thinkingBlock {{ border: 1px solid {border}; border-radius: {radius_m}px; }}
#thinkingText {{ background: transparent; border: none; color: {text_secondary}; }}
#toolCallBlock {{ border: 1px solid {border}; border-radius: {radius_m}px; }}
#toolCallBlock[problem="true"] {{ border-color: {danger}; }}
#toolCallLine {{ color: {text_secondary}; font-size: {font_small}px; }}
#toolCallLine[problem="true"] {{ color: {danger}; }}
#toolCallName {{ font-weight: 600; }}
#toolCallArguments, #toolCallResult {{ color: {text_secondary}; }}
#emptyState {{ padding: {space_xl}px; font-size: {font_body}px; color: {text_secondary}; }}
#engineBanner {{ background: {warning_surface}; color: {warning_text}; padding: {space_s}px;
    border-radius: {radius_m}px; }}
#chatTitle {{ font-size: {font_title}px; font-weight: 600; }}

#sidebar {{ background: {window}; }}
#sidebar QListView {{ background: transparent; border: none; }}
#sidebarHeader {{ color: {text_secondary}; font-size: {font_small}px; font-weight: 600; }}
"""


ARROWS = {"down": "expand", "up": "collapse"}
IMAGE_KEYS = (*ARROWS, *(f"{key}_disabled" for key in ARROWS), "check")


def arrow_images(t: Tokens, folder: Path | None = None) -> dict[str, str]:
    """The combo and spin box arrows and the check box's tick as image files in the theme's
    colours (a style sheet draws a sub-control's picture only from a file); the keys are
    ``IMAGE_KEYS``."""
    try:
        folder = paths.ensure(folder or paths.cache_dir() / "look")
    except OSError:  # no cache to write to: boxes without arrows rather than no window
        log.warning("no folder for the style sheet's arrows", exc_info=True)
        return dict.fromkeys(IMAGE_KEYS, "")
    tint = QPalette()
    tint.setColor(QPalette.ColorRole.ButtonText, QColor(t.text_secondary))
    tint.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(t.disabled_text)
    )
    tick = QPalette()
    tick.setColor(QPalette.ColorRole.ButtonText, QColor(t.accent_text))
    files: dict[str, str] = {}
    for key, name in ARROWS.items():
        glyph = icons.icon(name, tint)
        files[key] = _image(folder, key, t.text_secondary, glyph, QIcon.Mode.Normal)
        files[f"{key}_disabled"] = _image(folder, key, t.disabled_text, glyph, QIcon.Mode.Disabled)
    files["check"] = _image(folder, "check", t.accent_text, icons.icon("copied", tick))
    return files


def _image(
    folder: Path, key: str, colour: str, glyph: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal
) -> str:
    path = folder / f"{key}-{colour.lstrip('#')}.png"
    if not path.is_file():
        # written whole, then renamed: another deskchat may be writing it too
        partial = path.with_suffix(f".{os.getpid()}.png")
        glyph.pixmap(QSize(24, 24), mode).save(str(partial))
        partial.replace(path)
    return path.as_posix()


def style_sheet(t: Tokens, images: dict[str, str] | None = None) -> str:
    """The style sheet for the theme whose tokens are ``t``."""
    return TEMPLATE.format(**vars(t), **(images or arrow_images(t)))
