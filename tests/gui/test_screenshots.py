"""Key screens rendered offscreen at fixed sizes and compared with committed references
(tests/data/screens), so a layout regression fails the run. After an intended change to the
look, make the references again with ``python -m tests.gui.update_screens`` and look at
them. A failing screen leaves the actual image and a red difference map in the test's
temporary folder, named in the failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tests.gui.screen_diff import MAX_CHANGED, compare, difference_image
from tests.gui.screens import REFERENCES, SCREENS, Screen, grab_screen, opened


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_a_key_screen_looks_as_its_reference(
    qapp: QApplication, screen: Screen, tmp_path: Path
) -> None:
    reference_path = REFERENCES / f"{screen.name}.png"
    assert reference_path.exists(), "make it with python -m tests.gui.update_screens"
    with opened(qapp, screen) as widget:
        actual = grab_screen(qapp, widget)
    reference = QImage(str(reference_path))
    difference = compare(actual, reference)
    if not difference.acceptable:
        actual.save(str(tmp_path / f"{screen.name}-actual.png"))
        difference_image(actual, reference).save(str(tmp_path / f"{screen.name}-diff.png"))
    assert difference.size_matches, (
        f"{screen.name}: {actual.width()}×{actual.height()} rendered, reference is "
        f"{reference.width()}×{reference.height()} (see {tmp_path})"
    )
    assert difference.changed <= MAX_CHANGED, (
        f"{screen.name}: {difference.changed:.1%} of pixels differ from the reference "
        f"(at most {MAX_CHANGED:.0%}); the actual image and a difference map are in {tmp_path}"
    )


def test_the_comparison_catches_a_moved_layout(qapp: QApplication) -> None:
    """The tolerance lets anti-aliasing through but not a panel that moved."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QPainter

    base = QImage(400, 300, QImage.Format.Format_RGB32)
    base.fill(QColor("white"))
    shifted = base.copy()
    for image, left in ((base, 20), (shifted, 120)):
        painter = QPainter(image)
        painter.fillRect(QRect(left, 20, 150, 200), QColor("#335"))
        painter.end()
    nudged = base.copy()
    nudged.setPixelColor(25, 25, QColor("#446"))  # one pixel a little off
    assert compare(nudged, base).acceptable
    assert not compare(shifted, base).acceptable
    assert not compare(base.scaled(401, 300), base).acceptable
