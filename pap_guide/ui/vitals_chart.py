"""The vitals chart: the whole session's vitals against phases and doses."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from pap_guide.core import entries as kinds
from pap_guide.core.entries import LogLine
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionState, plan_spans
from pap_guide.core.vitals import SIGNS
from pap_guide.ui.theme import NIGHT, Theme
from pap_guide.ui.widgets import named

SERIES = {  # colour and marker on the dark screen; names come from VITAL_SIGNS
    "systolic": ("#c98f6b", QScatterSeries.MarkerShape.MarkerShapeTriangle),
    "diastolic": ("#9c7a62", QScatterSeries.MarkerShape.MarkerShapeRectangle),
    "heart_rate": ("#8fa7b8", None),
    "spo2": ("#86a98c", None),
    "temperature_c": ("#b7a06a", None),
}


DENSE_POINTS = 1000  # above this, pressure marks become lines (QtCharts draws each mark)


class VitalsChart(QChartView):
    """QtCharts view of vitals over session hours. Redrawn by :meth:`show_data`.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "vitalsChart", "Vitals chart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.theme: Theme = NIGHT
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(chart.margins() * 0)
        self.setChart(chart)
        self.x_axis = QValueAxis()
        self.x_axis.setTitleText("hours after the dose")
        self.left = QValueAxis()
        self.left.setRange(30, 210)
        self.left.setTitleText("mmHg · /min · %")
        self.left.setLabelFormat("%d")
        self.right = QValueAxis()
        self.right.setRange(34, 42)
        self.right.setTitleText("°C")
        self.right.setLabelFormat("%d")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.left, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.right, Qt.AlignmentFlag.AlignRight)
        self.series: dict[str, QLineSeries | QScatterSeries] = {}
        self.dense: dict[str, QLineSeries] = {}
        for name, (colour, marker) in SERIES.items():
            label = f"{SIGNS[name].label} ({SIGNS[name].unit})"
            series: QLineSeries | QScatterSeries
            if marker is not None:
                series = QScatterSeries()
                series.setMarkerShape(marker)
                series.setMarkerSize(9)
                series.setColor(QColor(colour))
                series.setBorderColor(QColor(colour))
            else:
                series = QLineSeries()
                series.setPen(QPen(QColor(colour), 2))
            series.setName(label)
            self.series[name] = series
            if marker is not None:  # too many marks to draw one by one: a line instead
                dense = QLineSeries()
                dense.setPen(QPen(QColor(colour), 1))
                dense.setName(label)
                self.dense[name] = dense
        self.flagged = QScatterSeries()
        self.flagged.setName("Flagged")
        self.flagged.setMarkerSize(15)
        self.flagged.setColor(QColor(0, 0, 0, 0))
        self._static: list[QLineSeries | QAreaSeries] = []
        self._edges: list[QLineSeries] = []
        self._key: tuple[object, ...] = ()
        self.apply_theme(NIGHT)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        chart = self.chart()
        chart.setBackgroundBrush(QColor(theme.background))
        chart.setPlotAreaBackgroundBrush(QColor(theme.background))
        chart.setPlotAreaBackgroundVisible(True)
        chart.legend().setLabelColor(QColor(theme.muted))
        for axis in (self.x_axis, self.left, self.right):
            axis.setLabelsColor(QColor(theme.muted))
            axis.setTitleBrush(QColor(theme.muted))
            axis.setGridLineColor(QColor(theme.surface))
            axis.setLinePenColor(QColor(theme.muted))
        self.flagged.setBorderColor(QColor(theme.alert))
        self._key = ()

    def show_data(
        self,
        protocol: SessionProtocol | None,
        state: SessionState | None,
        lines: list[LogLine],
        dose_hours: list[float],
    ) -> None:
        """Redraw when what is shown changed (entries, phases, doses, theme)."""
        key = (
            id(protocol),
            state.phase_starts if state else None,
            state.planned_end if state else None,
            tuple((ln.current.id, ln.struck) for ln in lines),
            tuple(dose_hours),
            self.theme,
        )
        if key == self._key:
            return
        self._key = key
        points: dict[str, list[QPointF]] = {name: [] for name in SERIES}
        flagged: list[QPointF] = []
        for line in reversed(lines):  # oldest first
            if line.original.kind != kinds.VITALS or line.struck:
                continue
            hours = (line.original.session_seconds or 0.0) / 3600
            values = line.reading().values
            for name in SERIES:
                if name in values:
                    points[name].append(QPointF(hours, values[name]))
            if line.flagged:
                flagged.extend(
                    QPointF(hours, values[name])
                    for name in values
                    if name != "temperature_c" and name in SERIES
                )
        self._draw_static(protocol, state, dose_hours)  # first, so it stays behind
        self.set_points(points, flagged)
        end = state.planned_end if state else protocol.planned_length if protocol else 21600
        self.x_axis.setRange(
            0,
            max(end, max((p.x() * 3600 for pts in points.values() for p in pts), default=0)) / 3600,
        )

    def set_points(self, points: dict[str, list[QPointF]], flagged: list[QPointF]) -> None:
        """Replace every series' points at once (fast path for large data)."""
        chart = self.chart()
        shown: dict[str, list[QPointF]] = {}
        for name in self.series:
            values = points.get(name, [])
            many = name in self.dense and len(values) > DENSE_POINTS
            shown[name] = [] if many else values
            if name in self.dense:
                shown[f"{name}:dense"] = values if many else []
        pairs: list[tuple[str, QLineSeries | QScatterSeries]] = [
            *self.series.items(),
            *((f"{n}:dense", s) for n, s in self.dense.items()),
            ("flagged", self.flagged),
        ]
        for name, series in pairs:
            if series.chart() is not None:  # re-added so it is drawn over the bands
                chart.removeSeries(series)
            values = flagged if name == "flagged" else shown[name]
            series.replace(values)
            if not values and name.endswith(":dense"):
                continue  # an empty stand-in stays out of the legend
            chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.right if name == "temperature_c" else self.left)

    def _draw_static(
        self, protocol: SessionProtocol | None, state: SessionState | None, dose_hours: list[float]
    ) -> None:
        chart = self.chart()
        for series in self._static:
            chart.removeSeries(series)
        self._static = []
        self._edges = []
        if protocol is None:
            return
        spans = plan_spans(protocol, state)
        end = spans[-1].end if spans else protocol.planned_length
        for index, phase in enumerate(spans):
            start, stop = phase.start, phase.end
            upper, lower = QLineSeries(), QLineSeries()
            upper.append([QPointF(start / 3600, 210), QPointF(stop / 3600, 210)])
            lower.append([QPointF(start / 3600, 30), QPointF(stop / 3600, 30)])
            band = QAreaSeries(upper, lower)
            self._edges += [upper, lower]  # the area series does not own its edges
            colour = QColor(self.theme.phase_colours[index % len(self.theme.phase_colours)])
            colour.setAlpha(70)
            band.setColor(colour)
            band.setBorderColor(colour)
            band.setName(phase.name)
            self._add_static(band, self.left)
        for hours in dose_hours:
            self._add_static(
                self._line(
                    [(hours, 30), (hours, 210)], self.theme.accent, Qt.PenStyle.SolidLine, "Dose"
                ),
                self.left,
            )
        for name, (low, high) in protocol.monitor.alerts.limits.items():
            axis = self.right if name == "temperature_c" else self.left
            for value in (low, high):
                if value is not None:
                    self._add_static(
                        self._line(
                            [(0, value), (end / 3600, value)],
                            self.theme.alert,
                            Qt.PenStyle.DashLine,
                            f"limit {SIGNS[name].label if name in SIGNS else name}",
                        ),
                        axis,
                    )
        for marker in chart.legend().markers():
            if marker.series() in self._static:
                marker.setVisible(False)

    @staticmethod
    def _line(
        points: list[tuple[float, float]], colour: str, style: Qt.PenStyle, name: str
    ) -> QLineSeries:
        series = QLineSeries()
        series.append([QPointF(x, y) for x, y in points])
        series.setPen(QPen(QColor(colour), 1, style))
        series.setName(name)
        return series

    def _add_static(self, series: QLineSeries | QAreaSeries, axis: QValueAxis) -> None:
        self.chart().addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(axis)
        self._static.append(series)
