"""The vitals figure's data: each sign's readings, alert limits, doses, the axis end.

Read from the core report model only; vitals_figure.py paints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from pap_guide.core.entries import LogLine
from pap_guide.core.report import Report
from pap_guide.core.vitals import VITAL_SIGNS, VitalSign
from pap_guide.export.chart_style import limit_text


@dataclass
class Series:
    sign: VitalSign
    points: list[QPointF] = field(default_factory=list)  # (hours, value)
    rings: list[QPointF] = field(default_factory=list)  # flagged points


def sign_series(report: Report) -> list[Series]:
    """Each vital sign's readings in hours after the dose, in VITAL_SIGNS order."""
    series = {sign.key: Series(sign) for sign in VITAL_SIGNS}
    limits = protocol_limits(report)
    for line in report.vitals():
        # a baseline before the dose is drawn at the dose rather than dropped; one
        # saved before a late-entered dose but after it was given, at its own time
        hours = report.placed(line.original) / 3600
        values = line.reading().values
        ringed = flagged_keys(line, values, limits) if line.flagged else set()
        for key, value in values.items():
            if key in series:
                series[key].points.append(QPointF(hours, value))
                if key in ringed:
                    series[key].rings.append(QPointF(hours, value))
    for one in series.values():
        one.points.sort(key=QPointF.x)  # corrections keep their original time
    return list(series.values())


def flagged_keys(
    line: LogLine, values: dict[str, float], limits: dict[str, tuple[float | None, float | None]]
) -> set[str]:
    """The values of a flagged reading that caused its flags, so only they are ringed.

    Flags name the sign by its label ("Systolic pressure 170 mmHg above 160");
    failing that, the protocol's limits say; failing both, every value is ringed.
    """
    labels = {sign.key: sign.label + " " for sign in VITAL_SIGNS}
    named = {
        key
        for key in values
        if key in labels and any(flag.startswith(labels[key]) for flag in line.current.flags)
    }
    if named:
        return named
    outside = {key for key, value in values.items() if outside(value, limits.get(key))}
    return outside or set(values)


def outside(value: float, limit: tuple[float | None, float | None] | None) -> bool:
    low, high = limit or (None, None)
    return (low is not None and value < low) or (high is not None and value > high)


def protocol_limits(report: Report) -> dict[str, tuple[float | None, float | None]]:
    return dict(report.protocol.monitor.alerts.limits) if report.protocol else {}


@dataclass(frozen=True)
class Limit:
    sign: VitalSign
    value: float
    text: str


def alert_limits(report: Report, series: Sequence[Series]) -> list[Limit]:
    """Alert limits of the signs that have readings (a lone line would have no legend)."""
    found: list[Limit] = []
    protocol = protocol_limits(report)
    for one in series:
        low, high = protocol.get(one.sign.key, (None, None))
        for word, value in (("max", high), ("min", low)):
            if value is not None:
                found.append(Limit(one.sign, value, limit_text(one.sign.key, word, value)))
    return found


def dose_hours(report: Report) -> list[float]:
    if report.dose_at is None:
        return []
    return [(seconds or 0.0) / 3600 for seconds in report.dose_times()]


def axis_end(report: Report, series: Sequence[Series]) -> float:
    """The axis end: the last phase's end, reading or dose, or the session's length."""
    ends = [span.end / 3600 for span in report.phases]
    ends += [point.x() for one in series for point in one.points]
    ends += [(report.length or 0.0) / 3600, *dose_hours(report)]
    end = max(ends, default=0.0)
    return end if end > 0 else 1.0  # an empty session still gets an hour of axis


def ticks(span: tuple[float, float], step: float) -> list[float]:
    """The axis ticks from one end of ``span`` to the other, ``step`` apart."""
    count = round((span[1] - span[0]) / step)
    return [span[0] + i * step for i in range(count + 1)]


def marker_path(shape: str, at: QPointF, r: float) -> QPainterPath:
    """A marker of ``shape`` centred ``at``, ``r`` across its middle."""
    path = QPainterPath()
    corners = {
        "down": [(-1.15, -0.8), (1.15, -0.8), (0, 1.2)],
        "up": [(-1.15, 0.8), (1.15, 0.8), (0, -1.2)],
        "square": [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
        "diamond": [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)],
    }
    if shape not in corners:
        path.addEllipse(at, r, r)
        return path
    path.moveTo(at + QPointF(corners[shape][0][0] * r, corners[shape][0][1] * r))
    for dx, dy in corners[shape][1:]:
        path.lineTo(at + QPointF(dx * r, dy * r))
    path.closeSubpath()
    return path


def paint_marker(
    painter: QPainter, shape: str, at: QPointF, r: float, colour: QColor, outline: QColor
) -> None:
    """A filled mark outlined in the background's colour, so overlapping marks stay apart.

    The cross is a thick x over a thicker one in the outline colour. Pens scale
    with ``r``, so the window's small marks and the paper's large ones match.
    """
    if shape == "cross":
        for pen in (QPen(outline, 0.75 * r), QPen(colour, 0.36 * r)):
            painter.setPen(pen)
            painter.drawLine(at + QPointF(-r, -r), at + QPointF(r, r))
            painter.drawLine(at + QPointF(-r, r), at + QPointF(r, -r))
        return
    painter.setPen(QPen(outline, 0.18 * r))
    painter.setBrush(colour)
    painter.drawPath(marker_path(shape, at, r))
