"""The vitals figure's grid and axes: hours below, mmHg · /min · % left, °C right."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from pap_guide.export.chart_style import (
    PRESSURE_STEP,
    TEMPERATURE_STEP,
    hour_text,
    hour_ticks,
    ink,
)
from pap_guide.export.figure_data import ticks
from pap_guide.export.figure_frame import FRAME, GRID, MUTED, Frame, text_at


def paint_grid(painter: QPainter, frame: Frame) -> None:
    """Light lines for the left axis only, so none cross the right axis's labels."""
    painter.setPen(QPen(GRID, 1.5 * frame.unit))
    for value in ticks(frame.left, PRESSURE_STEP)[1:-1]:  # the frame draws the outer two
        y = frame.y(value)
        painter.drawLine(QPointF(frame.plot.left(), y), QPointF(frame.edge, y))


def paint_axes(painter: QPainter, frame: Frame) -> None:
    """A thin grey frame, hour ticks below, mmHg ticks left and °C ticks right."""
    plot = frame.plot
    painter.setPen(QPen(QColor(FRAME), 2 * frame.unit))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(frame.head.topLeft(), QPointF(frame.edge, plot.bottom())))
    painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(frame.edge, plot.top()))
    _hour_axis(painter, frame)
    _value_axis(painter, frame, True)
    _value_axis(painter, frame, False)


def _hour_axis(painter: QPainter, frame: Frame) -> None:
    """Whole hours after the dose, labelled; half hours too on short sessions."""
    plot, tick = frame.plot, 0.35 * frame.line
    painter.setPen(QPen(QColor(FRAME), 2 * frame.unit))
    if frame.hours <= 4:  # short sessions: unlabelled half hours between the hours
        for half in range(1, math.floor(2 * frame.hours + 1e-9) + 1, 2):
            x = frame.x(half / 2)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tick / 2))
    for hour in hour_ticks(frame.hours):
        x = frame.x(hour)
        painter.setPen(QPen(QColor(FRAME), 2 * frame.unit))
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tick))
        text_at(painter, QPointF(x, plot.bottom() + tick), hour_text(hour), MUTED, "top")
    below = QPointF(plot.center().x(), plot.bottom() + tick + 1.1 * frame.line)
    text_at(painter, below, "hours after the dose", MUTED, "top")


def _value_axis(painter: QPainter, frame: Frame, pressure: bool) -> None:
    """Ticks, labels and a turned title on one side; the °C side in temperature's colour."""
    tick, colour = 0.35 * frame.line, MUTED if pressure else ink("temperature_c")
    edge, out = (frame.plot.left(), -1.0) if pressure else (frame.edge, 1.0)
    span, step = (frame.left, PRESSURE_STEP) if pressure else (frame.right, TEMPERATURE_STEP)
    for value in ticks(span, step):
        y = frame.y(value, pressure)
        painter.setPen(QPen(QColor(FRAME), 2 * frame.unit))
        painter.drawLine(QPointF(edge, y), QPointF(edge + out * tick, y))
        anchor = QPointF(edge + out * (tick + 0.2 * frame.line), y)
        text_at(painter, anchor, f"{value:g}", colour, "right" if pressure else "left")
    widest = QFontMetricsF(frame.font).horizontalAdvance("000")
    x = edge + out * (tick + 0.2 * frame.line + widest + 0.75 * frame.line)
    painter.save()
    painter.translate(x, frame.plot.center().y())
    painter.rotate(-90)  # read bottom to top, as axis titles are
    painter.setPen(QColor(colour))
    size = frame.plot.height()
    title = "mmHg · /min · %" if pressure else "°C"
    box = QRectF(-size / 2, -frame.line / 2, size, frame.line)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, title)
    painter.restore()
