"""The design tokens: a spacing scale, a type scale, corner radii and the colours of a
light and a dark theme, with the WCAG contrast they are checked by. Qt-free but for
QColor's parsing, so the style sheet and the look both read them without a cycle."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True)
class Tokens:
    """One theme's design tokens. Sizes are pixels; colours are ``#rrggbb``.
    Every text colour reaches WCAG AA (4.5:1) on the backgrounds it is drawn on
    (``TEXT_PAIRS``; the tests check each)."""

    dark: bool
    # spacing scale
    space_xs: int
    space_s: int
    space_m: int
    space_l: int
    space_xl: int
    # type scale
    font_small: int
    font_body: int
    font_title: int
    # corner radii
    radius_s: int
    radius_m: int
    radius_l: int
    # colours
    window: str  # the window, the sidebar
    surface: str  # inputs, the conversation, lists
    surface_alt: str  # your message's bubble, a selected chat
    border: str
    text: str
    text_secondary: str  # stats, help, day headers, "tokens free"
    accent: str  # the primary button, focus, the search hit's background
    accent_hover: str
    accent_text: str  # text on the accent
    danger: str
    warning: str
    warning_surface: str  # a banner's background
    warning_text: str  # a banner's text
    code_background: str
    hover: str  # under the pointer: icon buttons, list rows
    selection: str  # a selected row (text keeps its colour on it)
    button: str  # an ordinary button's background
    disabled_text: str
    disabled_background: str
    success: str


LIGHT = {
    "window": "#f5f6f8",
    "surface": "#ffffff",
    "surface_alt": "#eaeef3",
    "border": "#d0d7de",
    "text": "#1f2328",
    "text_secondary": "#59636e",
    "accent": "#1a64d6",
    "accent_hover": "#1553b3",
    "accent_text": "#ffffff",
    "danger": "#c62828",
    "warning": "#8a5a00",
    "warning_surface": "#fff3d6",
    "warning_text": "#5c3b00",
    "code_background": "#f6f8fa",
    "hover": "#e6e9ee",
    "selection": "#dbe7fb",
    "button": "#ffffff",
    "disabled_text": "#a3aab3",
    "disabled_background": "#eef0f3",
    "success": "#18733a",
}
DARK = {
    "window": "#1e1f22",
    "surface": "#26282c",
    "surface_alt": "#33363c",
    "border": "#43464d",
    "text": "#e6e7e9",
    "text_secondary": "#a2a8b0",
    "accent": "#8ab4f8",
    "accent_hover": "#a8c7fa",
    "accent_text": "#0b1a33",
    "danger": "#ff7b72",
    "warning": "#e3b341",
    "warning_surface": "#3b2f12",
    "warning_text": "#f0d58c",
    "code_background": "#18191c",
    "hover": "#3a3d44",
    "selection": "#293a57",
    "button": "#33363c",
    "disabled_text": "#686d75",
    "disabled_background": "#2a2c30",
    "success": "#56d364",
}

# Each text colour and the backgrounds it is drawn on (checked for 4.5:1 in both themes).
_PAGES = ("window", "surface", "surface_alt", "code_background")
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    *(("text", bg) for bg in (*_PAGES, "hover", "button", "selection")),
    *(("text_secondary", bg) for bg in (*_PAGES, "hover", "button", "selection")),
    *(("danger", bg) for bg in _PAGES),
    *(("warning", bg) for bg in _PAGES),
    *(("success", bg) for bg in _PAGES),
    *(("accent", bg) for bg in _PAGES),  # links
    ("accent_text", "accent"),
    ("accent_text", "accent_hover"),
    ("warning_text", "warning_surface"),
)


BODY_PX = 13


def tokens(dark: bool, body: int = BODY_PX) -> Tokens:
    """The design tokens of the dark or the light theme; the type scale grows from
    ``body`` (the text size in pixels: a person's larger system font is kept)."""
    return Tokens(
        dark=dark,
        space_xs=4,
        space_s=8,
        space_m=12,
        space_l=16,
        space_xl=24,
        font_small=body - 1,
        font_body=body,
        font_title=body + 3,
        radius_s=4,
        radius_m=8,
        radius_l=12,
        **(DARK if dark else LIGHT),
    )


def _luminance(colour: str) -> float:
    c = QColor(colour)

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF())


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1.0 to 21.0 (AA text needs 4.5)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
