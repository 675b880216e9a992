"""How far a rendered screen is from its reference: the share of pixels that changed by
more than a small amount (anti-aliasing and font hinting move a few pixels a little; a
broken layout moves many a lot)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QImage

CHANNEL_TOLERANCE = 48  # of 255: a pixel "changed" when one channel moved further
MAX_CHANGED = 0.02  # the share of changed pixels a screen may have


def pixels(image: QImage) -> np.ndarray:
    """The image as a height × width × 4 array of bytes (BGRA, Format_RGB32)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]


@dataclass(frozen=True)
class Difference:
    changed: float  # share of pixels changed beyond the tolerance
    size_matches: bool

    @property
    def acceptable(self) -> bool:
        return self.size_matches and self.changed <= MAX_CHANGED


def compare(actual: QImage, reference: QImage) -> Difference:
    if actual.size() != reference.size():
        return Difference(1.0, False)
    delta = np.abs(pixels(actual).astype(np.int16) - pixels(reference).astype(np.int16))
    changed = float((delta.max(axis=2) > CHANNEL_TOLERANCE).mean())
    return Difference(changed, True)


def difference_image(actual: QImage, reference: QImage) -> QImage:
    """The actual screen with every changed pixel painted red, to look at."""
    marked = actual.convertToFormat(QImage.Format.Format_RGB32).copy()
    if actual.size() != reference.size():
        return marked
    delta = np.abs(pixels(actual).astype(np.int16) - pixels(reference).astype(np.int16))
    ys, xs = np.nonzero(delta.max(axis=2) > CHANNEL_TOLERANCE)
    for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
        marked.setPixel(x, y, 0xFFFF0000)
    return marked
