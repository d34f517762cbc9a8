"""A label that draws its one line of text from images of its characters.

The session clock is 80 px high. Qt's raster engine caches glyph images only
up to about 64 px; larger text is filled as outlines, every curve of every
character on every repaint: once a second, for hours, the largest part of
what painting the window cost while music played. Here each character is
drawn once, into an image at the label's font, colour and pixel ratio, and a
repaint places those images. The line is placed as ``QLabel`` places it (its
alignment, contents rectangle, margin and indent; the frame and background
are still the style's), each character after the one before by its own
advance (the clock's monospaced font has no kerning), so it looks the same;
anything else (several lines, word wrap, rich text) is left to ``QLabel``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QStyle

from pap_guide.ui.widgets import ANY_DIGIT, even_digits

CACHE_LIMIT = 256  # images kept; a clock uses a dozen characters, each at a few offsets
STEPS = 4  # a glyph's place within its pixel, to a quarter of one
PAD = 16  # pixels either side of a glyph's advance, for strokes that reach past it


def _step(fraction: float) -> float:
    return round(fraction * STEPS) / STEPS


Glyph = tuple[str, float, float]  # a character, and where it starts within its pixel
Placed = tuple[int, QPointF, float, float]  # which character, where, and within its pixel


class GlyphLabel(QLabel):
    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self._look: tuple[QFont, int, float] | None = None  # font, colour, pixel ratio
        self._glyphs: dict[Glyph, QPixmap] = {}
        self._advances: dict[str, float] = {}
        self._digits_even: bool | None = None
        self._placed: tuple[tuple[object, ...], list[Placed]] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        text = self.text()
        if (
            not text
            or "\n" in text
            or self.wordWrap()
            or self.textFormat() != Qt.TextFormat.PlainText
            or not self.isEnabled()
        ):
            super().paintEvent(event)
            return
        QFrame.paintEvent(self, event)  # the style's frame and background, as QLabel's
        font = self.font()
        colour = self.palette().color(self.foregroundRole()).rgba()
        ratio = self.devicePixelRatioF()
        look = self._look
        if look is None or look[0] != font or look[1] != colour or look[2] != ratio:
            self._look, self._glyphs, self._placed = (QFont(font), colour, ratio), {}, None
            self._advances, self._digits_even = {}, None
        painter = QPainter(self)
        for index, point, dx, dy in self._place(text, font):
            key = (text[index], dx, dy)
            glyph = self._glyphs.get(key)
            if glyph is None:
                glyph = self._draw(key, font, QColor.fromRgba(colour), ratio)
            painter.drawPixmap(point, glyph)
        painter.end()

    def _place(self, text: str, font: QFont) -> list[Placed]:
        """Where each character's image goes, worked out again only when the line moves.

        A clock's next second changes digits only; where the font's digits are
        all as wide, the places are the same as the last second's.
        """
        shape = text.translate(ANY_DIGIT) if self._tabular(font) else text
        rect = self.contentsRect()
        where = (
            *(shape, rect.x(), rect.y(), rect.width(), rect.height(), int(self.alignment())),
            *(self.margin(), self.indent(), self.layoutDirection()),
        )
        if self._placed is not None and self._placed[0] == where:
            return self._placed[1]
        metrics = QFontMetricsF(font)  # only now: making one looks the font up
        advances = [self._advance(char, metrics) for char in text]
        left, top = self._origin(sum(advances), metrics.height())
        row = math.floor(top)
        placed = []
        x = left
        for index, (char, advance) in enumerate(zip(text, advances, strict=True)):
            if char != " ":
                column = math.floor(x)
                # where in its pixel the glyph starts, to a quarter: edges shaded as QLabel's
                placed.append(
                    (index, QPointF(column - PAD, row), _step(x - column), _step(top - row))
                )
            x += advance
        self._placed = (where, placed)
        return placed

    def _tabular(self, font: QFont) -> bool:
        """Are the font's ten digits all as wide (looked at once per font)?"""
        if self._digits_even is None:
            self._digits_even = even_digits(QFontMetricsF(font))
        return self._digits_even

    def _advance(self, char: str, metrics: QFontMetricsF) -> float:
        """A character's width, measured once per font (a clock's font has no kerning)."""
        found = self._advances.get(char)
        if found is None:
            found = self._advances[char] = metrics.horizontalAdvance(char)
        return found

    def _origin(self, width: float, height: float) -> tuple[float, float]:
        """Where the line's box goes: QLabel's contents rectangle, margin, indent, alignment."""
        area = QRectF(self.contentsRect())
        margin = self.margin()
        area.adjust(margin, margin, -margin, -margin)
        align = QStyle.visualAlignment(self.layoutDirection(), self.alignment())
        indent = self.indent()
        if indent > 0 and align & Qt.AlignmentFlag.AlignLeft:
            area.adjust(indent, 0, 0, 0)
        elif indent > 0 and align & Qt.AlignmentFlag.AlignRight:
            area.adjust(0, 0, -indent, 0)
        if align & Qt.AlignmentFlag.AlignRight:
            left = area.right() - width
        elif align & Qt.AlignmentFlag.AlignHCenter:
            left = area.left() + (area.width() - width) / 2
        else:
            left = area.left()
        if align & Qt.AlignmentFlag.AlignBottom:
            top = area.bottom() - height
        elif align & Qt.AlignmentFlag.AlignTop:
            top = area.top()
        else:
            top = area.top() + (area.height() - height) / 2
        return left, top

    def _draw(self, key: Glyph, font: QFont, colour: QColor, ratio: float) -> QPixmap:
        if len(self._glyphs) >= CACHE_LIMIT:
            self._glyphs = {}
        char, dx, dy = key
        metrics = QFontMetricsF(font)
        size = QSizeF(metrics.horizontalAdvance(char) + 2 * PAD + 1, metrics.height() + 1)
        glyph = QPixmap((size * ratio).toSize())
        glyph.setDevicePixelRatio(ratio)
        glyph.fill(Qt.GlobalColor.transparent)
        painter = QPainter(glyph)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QPointF(PAD + dx, dy + metrics.ascent()), char)
        painter.end()
        self._glyphs[key] = glyph
        return glyph
