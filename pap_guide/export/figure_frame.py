"""The vitals figure's frame: where things go on paper, its inks, and placed text."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from pap_guide.core.vitals import VitalSign

TEXT, MUTED, FRAME, RING = "#2b2b2b", "#5c5c5c", "#9a9a9a", "#111111"
GRID = QColor(0, 0, 0, 26)


@dataclass(frozen=True)
class Frame:
    """Where things go: the plot area and its two value axes."""

    plot: QRectF
    head: QRectF  # the phase-name strip above the plot
    hours: float
    left: tuple[float, float]
    right: tuple[float, float]
    font: QFont
    unit: float  # pens and marks scale with the text: a thirtieth of its pixel size
    gutter: float = 0.0  # room right of the last hour for the alert limits' names
    doses: QRectF = field(default_factory=QRectF)  # the dose names' strip above the phase names
    key: tuple[str, ...] = ()  # phases too long for their band, named under the plot

    def x(self, hours: float) -> float:
        return self.plot.left() + self.plot.width() * hours / self.hours

    def y(self, value: float, pressure: bool = True) -> float:
        low, high = self.left if pressure else self.right
        return self.plot.bottom() - self.plot.height() * (value - low) / (high - low)

    def at(self, point: QPointF, sign: VitalSign) -> QPointF:
        return QPointF(self.x(point.x()), self.y(point.y(), sign.pressure_axis))

    @property
    def line(self) -> float:
        return QFontMetricsF(self.font).height()

    @property
    def edge(self) -> float:
        """The frame's right side, where the °C axis is."""
        return self.plot.right() + self.gutter


def text_at(painter: QPainter, anchor: QPointF, text: str, colour: str, side: str) -> None:
    """Text placed by one point: its top centre, or the middle of its left or right end."""
    big = 4000.0
    align = Qt.AlignmentFlag
    boxes = {
        "top": (QRectF(anchor.x() - big / 2, anchor.y(), big, big), align.AlignHCenter),
        "left": (QRectF(anchor.x(), anchor.y() - big / 2, big, big), align.AlignLeft),
        "right": (QRectF(anchor.x() - big, anchor.y() - big / 2, big, big), align.AlignRight),
    }
    box, horizontal = boxes[side]
    vertical = align.AlignTop if side == "top" else align.AlignVCenter
    painter.setPen(QColor(colour))
    painter.drawText(box, horizontal | vertical, text)
