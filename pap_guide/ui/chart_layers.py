"""What the vitals chart draws behind and beside the readings: the phases as
bands, the doses as lines, each protocol limit as a dashed line named at its
right end.

They are made again only when what they show changes (phases, doses, theme,
the value axis), and the old ones are deleted, not only removed: a chart that
rebuilt them on every redraw grew by about 75 kB a redraw.
"""

from __future__ import annotations

from PySide6.QtCharts import QAreaSeries, QChart, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionState, plan_spans
from pap_guide.export.chart_style import MARKERS, hour_axis_end, limit_text, sign_colour
from pap_guide.ui.theme import Theme

LABEL_PIXELS = 12  # a limit's name: a pixel smaller than the axis text

Axes = tuple[QValueAxis, QValueAxis, QValueAxis]  # time, left (mmHg, /min, %), right (°C)


class StaticLayers:
    """The chart's bands, dose and limit lines, and the limits' names in its scene."""

    def __init__(self, chart: QChart, scene: QGraphicsScene) -> None:
        self.chart, self.scene = chart, scene
        self.series: list[QLineSeries | QAreaSeries] = []
        self.labels: list[tuple[QGraphicsSimpleTextItem, QLineSeries]] = []
        self._edges: list[QLineSeries] = []  # an area series does not own its edges
        self._key: tuple[object, ...] | None = None  # what they show

    def draw(
        self,
        protocol: SessionProtocol | None,
        state: SessionState | None,
        dose_hours: list[float],
        theme: Theme,
        axes: Axes,
    ) -> bool:
        """Made again if what they show changed; True when they were."""
        x_axis, left, _right = axes
        key = (
            id(protocol),
            plan_spans(protocol, state) if protocol else (),
            tuple(dose_hours),
            theme,
            (left.min(), left.max()),
        )
        if key == self._key:
            return False
        self._key = key
        self.clear()
        if protocol is None:
            return True
        spans = plan_spans(protocol, state)
        end = spans[-1].end if spans else protocol.planned_length
        low, high = left.min(), left.max()
        for index, phase in enumerate(spans):
            start, stop = phase.start / 3600, phase.end / 3600
            upper, lower = QLineSeries(), QLineSeries()
            upper.append([QPointF(start, high), QPointF(stop, high)])
            lower.append([QPointF(start, low), QPointF(stop, low)])
            band = QAreaSeries(upper, lower)
            self._edges += [upper, lower]
            colour = QColor(theme.phase_colours[index % len(theme.phase_colours)])
            colour.setAlpha(70)
            band.setColor(colour)
            band.setBorderColor(colour)
            band.setName(phase.name)
            self._add(band, x_axis, left)
        for hours in dose_hours:
            dose = _line([(hours, low), (hours, high)], theme.accent, Qt.PenStyle.SolidLine)
            dose.setName("Dose")
            self._add(dose, x_axis, left)
        self._limit_lines(protocol, max(end / 3600, hour_axis_end(end / 3600)), theme, axes)
        return True

    def clear(self) -> None:
        """Out of the chart and deleted: removeSeries hands a series back, it does not free it."""
        for series in self.series:
            self.chart.removeSeries(series)
            series.deleteLater()
        for edge in self._edges:
            edge.deleteLater()
        for label, _ in self.labels:
            self.scene.removeItem(label)  # its Python wrapper owns it now, and frees it
        self.series, self._edges, self.labels = [], [], []

    def _limit_lines(self, protocol: SessionProtocol, end: float, theme: Theme, axes: Axes) -> None:
        """Dashed lines in their sign's colour, each named at its right end."""
        x_axis, left, right = axes
        dark = theme.name == "night"
        for key, (low, high) in protocol.monitor.alerts.limits.items():
            if key not in MARKERS:
                continue
            colour = sign_colour(key, dark)
            axis = right if key == "temperature_c" else left
            for word, value in (("max", high), ("min", low)):
                if value is None:
                    continue
                line = _line([(0, value), (end, value)], colour, Qt.PenStyle.DashLine)
                line.setName(limit_text(key, word, value))
                self._add(line, x_axis, axis)
                label = QGraphicsSimpleTextItem(line.name())
                font = QFont()
                font.setPixelSize(LABEL_PIXELS)
                label.setFont(font)
                text = QColor(colour).lighter(135) if dark else QColor(colour).darker(130)
                label.setBrush(text)
                label.setZValue(10)
                self.scene.addItem(label)
                self.labels.append((label, line))

    def place_labels(self, end_hours: float) -> None:
        """Limit names by their lines' right ends (at ``end_hours``), inside the plot:
        above the line, or below it, or left of a name in the way; or not at all (the
        line stays)."""
        chart = self.chart
        plot = chart.plotArea()
        taken: list[QRectF] = []
        for label, line in self.labels:
            at = chart.mapToPosition(QPointF(end_hours, line.at(0).y()), line)
            place = free_place(label.boundingRect(), at, plot, taken)
            label.setVisible(place is not None)
            if place is not None:
                taken.append(place)
                label.setPos(chart.mapToScene(place.topLeft()))

    def _add(self, series: QLineSeries | QAreaSeries, x_axis: QValueAxis, axis: QValueAxis) -> None:
        self.chart.addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(axis)
        self.series.append(series)


def _line(points: list[tuple[float, float]], colour: str, style: Qt.PenStyle) -> QLineSeries:
    series = QLineSeries()
    series.append([QPointF(x, y) for x, y in points])
    series.setPen(QPen(QColor(colour), 1.5, style))
    return series


def free_place(box: QRectF, at: QPointF, plot: QRectF, taken: list[QRectF]) -> QRectF | None:
    """Room for a label of ``box``'s size ending at ``at``, clear of ``taken``."""
    ends = [at.x() - 4, *(other.left() - 12 for other in taken)]
    for right in ends:
        for top in (at.y() - box.height() - 1, at.y() + 1):
            place = QRectF(right - box.width(), top, box.width(), box.height())
            if plot.contains(place) and not any(place.intersects(o) for o in taken):
                return place
    return None
