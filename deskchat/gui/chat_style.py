"""The conversation's own style sheet, written from the design tokens and set on the chat
view (so a theme change rebuilds it with the view): your bubble, the answer's quiet
line and badges, code blocks and their header, the action buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskchat.gui.design_tokens import Tokens

TEMPLATE = """
QScrollArea#chatView {{ background: {surface}; border: none; }}
QWidget#chatContent {{ background: {surface}; }}
#userMessage {{ background: {surface_alt}; border: none; border-radius: {bubble_radius}px; }}
#assistantMessage {{ background: transparent; border: none; }}
#userText {{ color: {text}; }}
#chatMessage[outside="true"] #userText {{ color: {text_secondary}; }}
#chatMessage[outside="true"] QLabel {{ color: {text_secondary}; }}
#outsideWindow {{ color: {warning}; font-size: {font_small}px; }}
#messageProblem {{ color: {danger}; }}
#messageStats {{ color: {text_secondary}; font-size: {font_small}px; }}
#badge {{ background: {surface_alt}; color: {text_secondary}; border: none;
    border-radius: {badge_radius}px; padding: 1px {space_s}px; font-size: {font_small}px; }}
#versionLabel {{ color: {text_secondary}; font-size: {font_small}px; padding: 0 2px; }}
#messageActions QToolButton#iconButton, #versionSwitch QToolButton#iconButton {{
    padding: 3px; border-radius: {radius_s}px; }}
#messageActions QToolButton#iconButton:disabled {{ background: transparent; }}
#codeBlock {{ background: {code_background}; border: 1px solid {border};
    border-radius: {radius_m}px; }}
#codeHeader {{ background: transparent; border: none; border-bottom: 1px solid {border}; }}
#codeLanguage {{ color: {text_secondary}; font-size: {font_small}px; }}
#codeScroll, #codeScroll > QWidget, #codeText {{ background: transparent; border: none; }}
#codeText {{ color: {text}; }}
#thinkingBlock {{ background: transparent; border: 1px solid {border};
    border-radius: {radius_m}px; }}
#thinkingToggle {{ color: {text_secondary}; border: none; background: transparent; }}
#summaryNote {{ background: transparent; border: 1px dashed {border};
    border-radius: {radius_m}px; }}
#summaryHeading {{ color: {text_secondary}; font-size: {font_small}px; }}
#summaryText {{ color: {text_secondary}; font-style: italic; }}
QPushButton#summaryButton {{ background: transparent; border: none; color: {accent};
    padding: 0 {space_s}px 0 0; }}
QPushButton#summaryButton:hover {{ text-decoration: underline; }}
#emptyState {{ padding: {space_xl}px; color: {text_secondary}; }}
QPushButton#earlierButton {{ background: transparent; border: none; color: {accent}; }}
QPushButton#earlierButton:hover {{ text-decoration: underline; }}
"""


def chat_style(t: Tokens) -> str:
    """The conversation's style sheet for the theme whose tokens are ``t``."""
    return TEMPLATE.format(
        **vars(t), bubble_radius=t.radius_l + t.space_xs, badge_radius=t.radius_m + 1
    )
