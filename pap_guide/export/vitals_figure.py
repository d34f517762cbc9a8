"""The vitals figure of the PDF report, painted with QPainter for paper.

It reads only the core report model, so the export package needs nothing
from the window (no widgets, no QtCharts): the same figure prints from the
command line as from the app. Pressures, heart and breathing rates and SpO2
share the left axis; temperature has its own °C axis on the right.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from pap_guide.core.report import Report
from pap_guide.core.session import PhaseSpan
from pap_guide.export.chart_style import (
    MARKERS,
    hour_axis_end,
    ink,
    sign_colour,
    value_axes,
)
from pap_guide.export.figure_axes import paint_axes, paint_grid
from pap_guide.export.figure_data import (
    Limit,
    Series,
    alert_limits,
    axis_end,
    dose_hours,
    paint_marker,
    sign_series,
)
from pap_guide.export.figure_frame import FRAME, MUTED, RING, TEXT, Frame, text_at

# 2000 px is the 640-px-wide <img> of report_html at the PDF's 300 DPI, so the
# figure prints one image pixel per printer dot. The shape is the old chart's
# (1280 x 560), so the report's pages break where they did.
WIDTH, HEIGHT = 2000, 875
FONT_SHARE = 0.041  # label height against the figure's: about 8.5 pt when printed
MARK_GAP = 30  # in Frame units: marks closer than this are thinned to stay apart
RING_RADIUS = 20  # in Frame units: round a flagged mark, clear of its own outline

# Colour, then marker shape (chart_style: the window's chart uses the same):
# the shapes tell series apart where colours do not (black-and-white copies).
STYLES = {key: (sign_colour(key), shape) for key, shape in MARKERS.items()}
BANDS = ("#e9eff5", "#f1ebf4", "#e8f3ee", "#f6f1e2", "#efece8")  # pale, for toner
HEADS = ("#d3dfea", "#e2d5e8", "#d0e6db", "#ebe0c0", "#ddd8d0")


def vitals_image(report: Report, width: int = WIDTH, height: int = HEIGHT) -> QImage:
    """The figure on white, ready to embed in the report."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    paint_vitals(painter, QRectF(0, 0, width, height), report)
    painter.end()
    return image


def paint_vitals(painter: QPainter, rect: QRectF, report: Report) -> None:
    """Phases, axes, limits, doses, the readings and a legend, inside ``rect``."""
    series = [s for s in sign_series(report) if s.points]
    limits = alert_limits(report, series)
    frame = _frame(rect, report, series, limits)
    painter.save()
    painter.setFont(frame.font)
    _phases(painter, frame, report.phases)
    _phase_key(painter, frame)
    paint_grid(painter, frame)
    if series:
        _limit_lines(painter, frame, limits)
    _doses(painter, frame, dose_hours(report))
    _plot_series(painter, frame, series)
    paint_axes(painter, frame)
    if series:
        _legend(painter, frame, rect, series)
    else:
        _note(painter, frame, "No vitals recorded")
    painter.restore()


# ---- the layout -------------------------------------------------------------


def _frame(
    rect: QRectF, report: Report, series: Sequence[Series], limits: Sequence[Limit]
) -> Frame:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(8, round(rect.height() * FONT_SHARE)))
    metrics = QFontMetricsF(font)
    line = metrics.height()
    values = [(p.y(), one.sign) for one in series for p in one.points]
    values += [(limit.value, limit.sign) for limit in limits]
    left, right = value_axes(
        (v for v, sign in values if sign.pressure_axis),
        (v for v, sign in values if not sign.pressure_axis),
    )
    margin = metrics.horizontalAdvance("000") + 1.95 * line  # tick, label, turned title
    outer_left, outer_right = rect.left() + margin, rect.right() - margin
    top = rect.top() + 0.3 * line
    doses = QRectF(outer_left, top, outer_right - outer_left, 1.3 * line if report.doses() else 0)
    top = doses.bottom()
    head = QRectF(outer_left, top, outer_right - outer_left, 1.5 * line if report.phases else 0)
    bottom = rect.bottom() - 4.45 * line  # hour labels, axis title, legend row
    # Limits are named beside the plot, not over it, so no label hides a reading.
    names = [metrics.horizontalAdvance(limit.text) for limit in limits]
    gutter = max(names) + 1.0 * line if names else 0.0
    plot = QRectF(outer_left, head.bottom(), head.width() - gutter, bottom - head.bottom())
    hours = hour_axis_end(axis_end(report, series))  # ends on a labelled hour
    unit = font.pixelSize() / 30
    frame = Frame(plot, head, hours, left, right, font, unit, gutter, doses)
    key = phase_labels(frame, report.phases)[1]
    if key:  # a row under the hours' title names them
        plot = plot.adjusted(0, 0, 0, -1.2 * line)
        frame = dataclasses.replace(frame, plot=plot, key=tuple(key))
    return frame


# ---- the painting -----------------------------------------------------------


@dataclass(frozen=True)
class Label:
    text: str
    box: QRectF


def phase_labels(frame: Frame, phases: Sequence[PhaseSpan]) -> tuple[list[Label], list[str]]:
    """Each phase's name whole in its band's head, or, where it does not fit, the
    phase's number there and "number name" in a key under the plot: never cut."""
    metrics = QFontMetricsF(frame.font)
    labels: list[Label] = []
    key: list[str] = []
    for index, span in enumerate(phases):
        left, right = frame.x(span.start / 3600), frame.x(min(span.end / 3600, frame.hours))
        if right <= left:
            continue
        head = QRectF(left, frame.head.top(), right - left, frame.head.height())
        room = head.width() - 0.5 * frame.line
        if metrics.horizontalAdvance(span.name) <= room:
            labels.append(Label(span.name, head))
            continue
        number = str(index + 1)
        key.append(f"{number} {span.name}")
        if metrics.horizontalAdvance(number) <= room:
            labels.append(Label(number, head))
    return labels, key


def _phase_key(painter: QPainter, frame: Frame) -> None:
    if frame.key:
        tick = 0.35 * frame.line
        at = QPointF(frame.plot.left(), frame.plot.bottom() + tick + 2.8 * frame.line)
        text_at(painter, at, "Phases: " + "   ".join(frame.key), TEXT, "left")


def _phases(painter: QPainter, frame: Frame, phases: Sequence[PhaseSpan]) -> None:
    """Tinted bands, each named in the strip above the plot (phase_labels)."""
    for index, span in enumerate(phases):
        left, right = frame.x(span.start / 3600), frame.x(min(span.end / 3600, frame.hours))
        if right <= left:
            continue
        band = QRectF(left, frame.plot.top(), right - left, frame.plot.height())
        head = QRectF(left, frame.head.top(), right - left, frame.head.height())
        painter.fillRect(band, QColor(BANDS[index % len(BANDS)]))
        painter.fillRect(head, QColor(HEADS[index % len(HEADS)]))
        if index:  # a hairline between phases, for copies without colour
            painter.setPen(QPen(QColor(FRAME), 1.2 * frame.unit))
            painter.drawLine(QPointF(left, frame.head.top()), QPointF(left, frame.plot.bottom()))
    painter.setPen(QColor(TEXT))
    for label in phase_labels(frame, phases)[0]:
        painter.drawText(label.box, Qt.AlignmentFlag.AlignCenter, label.text)


def _limit_lines(painter: QPainter, frame: Frame, limits: Sequence[Limit]) -> None:
    """Dashed lines in their series' colour, each named in the gutter at its right end.

    Names too close to another's are moved apart; a short leader then joins
    the line to its moved name.
    """
    places = _spread([frame.y(lim.value, lim.sign.pressure_axis) for lim in limits], frame)
    start = frame.plot.right() + 0.45 * frame.line
    for limit, label_y in zip(limits, places, strict=True):
        colour = QColor(STYLES[limit.sign.key][0])
        y = frame.y(limit.value, limit.sign.pressure_axis)
        pen = QPen(colour, 2.5 * frame.unit, Qt.PenStyle.CustomDashLine)
        pen.setDashPattern([5, 3])
        painter.setPen(pen)
        painter.drawLine(QPointF(frame.plot.left(), y), QPointF(frame.plot.right(), y))
        painter.setPen(QPen(colour, 2 * frame.unit))
        joint = QPointF(start - 0.15 * frame.line, label_y)
        painter.drawLine(QPointF(frame.plot.right(), y), joint)
        text_at(painter, QPointF(start, label_y), limit.text, ink(limit.sign.key), "left")


def _spread(ys: Sequence[float], frame: Frame) -> list[float]:
    """Label heights near ``ys`` but at least a line apart, kept inside the plot."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = list(ys)
    floor = frame.plot.top() + frame.line / 2
    for i in order:
        placed[i] = max(ys[i], floor)
        floor = placed[i] + frame.line
    overflow = max((placed[i] - (frame.plot.bottom() - frame.line / 2) for i in order), default=0)
    return [y - max(overflow, 0.0) for y in placed]


def dose_labels(frame: Frame, hours: Sequence[float]) -> list[tuple[float, Label]]:
    """Each dose's x and its name, centred over it in the strip above the plot, where
    no mark can be; a name that would touch the one before moves right of it."""
    metrics = QFontMetricsF(frame.font)
    placed: list[tuple[float, Label]] = []
    for number, hour in enumerate(hours, start=1):
        x = frame.x(min(max(hour, 0.0), frame.hours))
        text = "Dose" if number == 1 else f"Dose {number}"
        width = metrics.horizontalAdvance(text) + 0.5 * frame.line
        left = min(max(x - width / 2, frame.doses.left()), frame.edge - width)
        if placed and left < placed[-1][1].box.right():
            left = placed[-1][1].box.right()
        box = QRectF(left, frame.doses.top(), width, frame.doses.height() - 0.2 * frame.line)
        placed.append((x, Label(text, box)))
    return placed


def _doses(painter: QPainter, frame: Frame, hours: Sequence[float]) -> None:
    """A solid dark line at each dose, from its name above the phases to the hours."""
    for x, label in dose_labels(frame, hours):
        painter.setPen(QPen(QColor(TEXT), 2.5 * frame.unit))
        painter.drawLine(QPointF(x, label.box.bottom()), QPointF(x, frame.plot.bottom()))
        painter.setPen(QColor(TEXT))
        painter.drawText(label.box, Qt.AlignmentFlag.AlignCenter, label.text)


def _plot_series(painter: QPainter, frame: Frame, series: Sequence[Series]) -> None:
    """Every line first, then every mark, then the rings, so no line hides a mark."""
    painter.save()
    painter.setClipRect(frame.plot.adjusted(-20 * frame.unit, 0, 20 * frame.unit, 0))
    for one in series:
        colour = QColor(STYLES[one.sign.key][0])
        painter.setPen(QPen(colour, 3 * frame.unit))
        points = [frame.at(point, one.sign) for point in one.points]
        painter.drawPolyline(points)
    for one in series:
        for point in one.points[:: _mark_step(frame, one)]:
            _marker(painter, frame, one.sign.key, frame.at(point, one.sign))
    painter.setPen(QPen(QColor(RING), 3 * frame.unit))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for one in series:
        for point in one.rings:
            radius = RING_RADIUS * frame.unit
            painter.drawEllipse(frame.at(point, one.sign), radius, radius)
    painter.restore()


def _mark_step(frame: Frame, one: Series) -> int:
    """Draw every n-th mark of a crowded series: the line carries the detail, and
    the marks stay far enough apart for their shapes to be told apart."""
    if len(one.points) < 3:
        return 1
    spread = frame.x(one.points[-1].x()) - frame.x(one.points[0].x())
    average = spread / (len(one.points) - 1)
    return max(1, math.ceil(MARK_GAP * frame.unit / max(average, 1e-6)))


def _marker(painter: QPainter, frame: Frame, key: str, at: QPointF) -> None:
    """One series' mark, outlined in white so overlapping marks stay apart."""
    colour, shape = STYLES[key]
    paint_marker(painter, shape, at, 11 * frame.unit, QColor(colour), QColor("white"))


def _legend(painter: QPainter, frame: Frame, rect: QRectF, series: Sequence[Series]) -> None:
    """One centred row along the bottom: a sample of each series, then the ring."""
    metrics = QFontMetricsF(frame.font)
    sample, gap = 1.8 * frame.line, 0.9 * frame.line
    names = _legend_names(series, metrics, rect.width(), sample + gap)
    rings = any(one.rings for one in series)
    items = [*names, "Flagged"] if rings else names
    total = sum(sample + 0.3 * frame.line + metrics.horizontalAdvance(n) + gap for n in items)
    x, y = rect.center().x() - (total - gap) / 2, rect.bottom() - 0.95 * frame.line
    for index, name in enumerate(items):
        middle = QPointF(x + sample / 2, y)
        if index < len(series):
            _sample(painter, frame, series[index].sign.key, middle, sample)
        else:
            painter.setPen(QPen(QColor(RING), 3 * frame.unit))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(middle, RING_RADIUS * frame.unit, RING_RADIUS * frame.unit)
        text_at(painter, QPointF(x + sample + 0.3 * frame.line, y), name, TEXT, "left")
        x += sample + 0.3 * frame.line + metrics.horizontalAdvance(name) + gap


def _legend_names(
    series: Sequence[Series], metrics: QFontMetricsF, room: float, extra: float
) -> list[str]:
    """The longest names the row has room for: labels with units, labels, short names."""
    tiers = (
        [f"{s.sign.label} ({s.sign.unit})" for s in series],
        [s.sign.label for s in series],
        [f"{s.sign.short} ({s.sign.unit})" for s in series],
    )
    for names in tiers:
        needed = sum(metrics.horizontalAdvance(name) + extra for name in [*names, "Flagged"])
        if needed < room * 0.96:
            return names
    return [s.sign.short for s in series]


def _sample(painter: QPainter, frame: Frame, key: str, middle: QPointF, length: float) -> None:
    painter.setPen(QPen(QColor(STYLES[key][0]), 3 * frame.unit))
    painter.drawLine(middle - QPointF(length / 2, 0), middle + QPointF(length / 2, 0))
    _marker(painter, frame, key, middle)


def _note(painter: QPainter, frame: Frame, text: str) -> None:
    """A note in the middle of the plot, a size up from the labels."""
    font = QFont(frame.font)
    font.setPixelSize(round(font.pixelSize() * 1.3))
    painter.setFont(font)
    box = QFontMetricsF(font).boundingRect(text)
    box.adjust(-frame.line, -frame.line / 3, frame.line, frame.line / 3)
    box.moveCenter(frame.plot.center())
    painter.fillRect(box, QColor("white"))  # over the band edges and grid lines
    painter.setPen(QColor(MUTED))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.setFont(frame.font)
