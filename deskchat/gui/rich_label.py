"""Labels for the conversation that never widen it: their minimum width is zero, so a
word longer than the column (a URL, a hash) can never push the conversation sideways.
Long unbroken runs also get break opportunities (``markdown_html.breakable``), so they
wrap rather than being cut."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class ShrinkLabel(QLabel):
    """A word-wrapped label that the layout may make narrower than its longest word."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().minimumSizeHint().height())


class FrozenLabel(ShrinkLabel):
    """A rich-text label whose text never changes once shown. Laying out rich text is the
    expensive part of a relayout, so its height for a given width is computed only once:
    a long answer then costs the same per update as a short one."""

    def __init__(self) -> None:
        super().__init__()
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._heights.clear()
        super().setText(text)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height


def rich_label(html: str) -> FrozenLabel:
    """A selectable rich-text paragraph group (links are not followed)."""
    label = FrozenLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(html)
    return label
