"""WCAG contrast measured from rendered pixels.

The background of a patch is its most common colour; its text colour is the
pixel that differs most from that background (the core of a glyph stem,
which anti-aliasing leaves at the full text colour).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: int) -> float:
    """WCAG relative luminance of a 0xRRGGBB colour."""
    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: int | str | QColor, b: int | str | QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = luminance(_rgb(a)), luminance(_rgb(b))
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


def _rgb(colour: int | str | QColor) -> int:
    if isinstance(colour, int):
        return colour & 0xFFFFFF
    return QColor(colour).rgb() & 0xFFFFFF


@dataclass(frozen=True)
class Patch:
    """What a rectangle of pixels shows: its background, its strongest ink and their ratio."""

    background: int
    ink: int | None
    ratio: float

    def describe(self) -> str:
        ink = "none" if self.ink is None else f"#{self.ink:06x}"
        return f"{self.ratio:.2f}:1 (ink {ink} on #{self.background:06x})"


def colours(image: QImage, rect: QRect | None = None) -> Counter[int]:
    """How often each 0xRRGGBB colour occurs in ``rect`` of ``image`` (all of it by default)."""
    if rect is not None:
        image = image.copy(rect)
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    if width == 0 or height == 0:
        return Counter()
    data = memoryview(image.constBits()).cast("B")
    stride = image.bytesPerLine()
    found: Counter[int] = Counter()
    for y in range(height):
        row = data[y * stride : y * stride + width * 4].cast("I")
        found.update(row)
    rgb: Counter[int] = Counter()
    for key, n in found.items():
        rgb[key & 0xFFFFFF] += n
    return rgb


def measure(image: QImage, *rects: QRect) -> Patch:
    """The background, the ink of greatest contrast with it, and that contrast.

    Over the union of ``rects`` (all of ``image`` when none is given).
    """
    found: Counter[int] = Counter()
    for rect in rects or (image.rect(),):
        found.update(colours(image, rect))
    if not found:
        return Patch(0, None, 1.0)
    background = found.most_common(1)[0][0]
    best, ink = 1.0, None
    for colour in found:
        if colour != background:
            ratio = contrast(colour, background)
            if ratio > best:
                best, ink = ratio, colour
    return Patch(background, ink, best)
