"""The vitals chart: the whole session's vitals against phases and doses.

Colours, marker shapes, hour ticks and axes come from export's chart_style,
so the chart and the PDF's figure look alike. A time cursor (mouse, or Left
and Right when the chart has focus) shows every value of the reading at or
before the time under it, as an anaesthesia record is read.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from pap_guide.core.entries import Dose, LogLine
from pap_guide.core.logbook import LogBook
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionState
from pap_guide.export.chart_style import (
    MARKERS,
    NAMES,
    hour_axis_end,
    hour_step,
    sign_colour,
)
from pap_guide.ui.chart_axes import LEFT_TITLE, ChartAxes
from pap_guide.ui.chart_cursor import ChartCursor, Reading, taken
from pap_guide.ui.chart_layers import StaticLayers
from pap_guide.ui.chart_points import appended, gather, mark_image, ringed
from pap_guide.ui.chart_trace import Point, Trace
from pap_guide.ui.theme import NIGHT, Theme
from pap_guide.ui.widgets import named

DENSE_POINTS = 1000  # above this, a series is a bare line (QtCharts draws each mark)
MIN_COLUMNS = 100  # pixel columns a trace is thinned to, however narrow the plot
MARK_SIZE = 13  # pixels across a mark
FONT_PIXELS = 13  # axis, legend and label text: as large as the window's small print
TITLED_HEIGHT = 260  # below this the axis titles go (the tick labels keep the room)
LEGEND_HEIGHT = 200  # below this the legend goes (the cursor names every value)
# show_data's protocol, state, lines and dose hours
Shown = tuple[SessionProtocol | None, SessionState | None, list[LogLine], list[float]]


class VitalsChart(QChartView):
    """QtCharts view of vitals over session hours. Redrawn by :meth:`show_data`.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "vitalsChart", "Vitals chart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Left and Right move the cursor
        self.setMouseTracking(True)
        self.theme: Theme = NIGHT
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        chart.setMargins(chart.margins() * 0)
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setBackgroundRoundness(0)
        self.setChart(chart)
        self.axes = ChartAxes(chart, FONT_PIXELS)
        self.x_axis, self.left, self.right = self.axes.all()
        self.series: dict[str, QLineSeries] = {}
        self.traces: dict[str, Trace] = {key: Trace() for key in MARKERS}
        self._frame: tuple[object, ...] | None = None  # what follow() last drew, with...
        self._version = 0  # ...the logbook's version it showed
        for key in MARKERS:
            series = QLineSeries()
            series.setName(NAMES[key])  # short, so six fit a narrow window's legend
            series.setMarkerSize(MARK_SIZE)
            self.series[key] = series
        self.flagged = QScatterSeries()
        self.flagged.setName("Flagged")
        self.flagged.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeCircle)
        self.flagged.setMarkerSize(17)
        self.flagged.setColor(QColor(0, 0, 0, 0))
        self.layers = StaticLayers(chart, self.scene())  # bands, dose and limit lines
        self.time_cursor = ChartCursor(self, self.x_axis, FONT_PIXELS)
        self.cursor_line, self.cursor_label = self.time_cursor.line, self.time_cursor.label
        self._key: tuple[object, ...] = ()
        self._shown: Shown | None = None  # show_data's arguments, for a new theme
        self._dose: Dose = (None, None)  # what placed the readings shown (show_data's dose)
        chart.plotAreaChanged.connect(lambda _area: self._place_overlays())
        self.apply_theme(NIGHT)

    def _fit_layout(self) -> None:
        """Axis titles and the legend only where there is room for them, so nothing is elided.

        Without titles the view's tooltip names the axes' units.
        """
        titled = self.height() >= TITLED_HEIGHT
        self.axes.show_titles(titled)
        self.setToolTip("" if titled else f"Left axis: {LEFT_TITLE}. Right axis: °C.")
        metrics = QFontMetricsF(self.chart().legend().font())
        names = [*NAMES.values(), "Flagged"]
        needed = sum(metrics.horizontalAdvance(name) + MARK_SIZE + 24 for name in names)
        self.chart().legend().setVisible(self.height() >= LEGEND_HEIGHT and needed <= self.width())

    def apply_theme(self, theme: Theme) -> None:
        """Recolour everything now, the phase bands and limit lines too.

        The bands, dose and limit lines are built in the theme's colours when
        the data is drawn, so they are drawn again here: waiting for the next
        redraw left the old theme's bands on the new background.
        """
        self.theme = theme
        dark = theme.name == "night"
        chart = self.chart()
        self.setBackgroundBrush(QBrush(QColor(theme.background)))
        chart.setBackgroundBrush(QColor(theme.background))
        chart.setPlotAreaBackgroundBrush(QColor(theme.background))
        chart.setPlotAreaBackgroundVisible(True)
        legend = chart.legend()
        legend.setLabelColor(QColor(theme.text))
        font = QFont()
        font.setPixelSize(FONT_PIXELS)
        legend.setFont(font)
        self.axes.apply_theme(theme)
        for key, series in self.series.items():
            colour = QColor(sign_colour(key, dark))
            series.setPen(QPen(colour, 2))
            series.setLightMarker(mark_image(key, colour, QColor(self.theme.background), MARK_SIZE))
        self.flagged.setBorderColor(QColor(theme.text))
        self.flagged.setPen(QPen(QColor(theme.text), 2))
        self.time_cursor.apply_theme(theme)
        self._key, self._frame = (), None
        if self._shown is not None:
            self.show_data(*self._shown, dose=self._dose)

    def follow(
        self,
        protocol: SessionProtocol | None,
        state: SessionState | None,
        book: LogBook,
        dose_hours: list[float],
    ) -> None:
        """Show the logbook: a new reading is added to its series, the rest redrawn only
        when what is drawn changed (an amended reading, phases, doses, theme)."""
        version = book.version  # first: the logbook takes the session's dose as it reads
        frame = (
            id(protocol),
            state.phase_starts if state else None,
            state.planned_end if state else None,
            tuple(dose_hours),
            book.dose,  # entered, the dose moves what was saved before it onto its clock
            self.theme,
        )
        if frame == self._frame and version == self._version:
            return
        changed = book.changed_since(self._version) if frame == self._frame else None
        self._version = version
        if changed is not None and self._append(changed, protocol, state):
            return
        self._frame = frame
        lines = book.lines()
        self.show_data(protocol, state, lines, dose_hours, key=(*frame, version), dose=book.dose)

    def show_data(
        self,
        protocol: SessionProtocol | None,
        state: SessionState | None,
        lines: list[LogLine],
        dose_hours: list[float],
        key: tuple[object, ...] | None = None,
        dose: Dose = (None, None),
    ) -> None:
        """Redraw when what is shown changed (entries, phases, doses, theme).

        ``key`` says what is shown when the caller knows (the logbook's version);
        otherwise it is made from every line. ``dose``: the first dose as given and
        as entered, which places the readings saved before it was entered.
        """
        if key is None:
            key = (
                id(protocol),
                state.phase_starts if state else None,
                state.planned_end if state else None,
                tuple((ln.current.id, ln.struck) for ln in lines),
                tuple(dose_hours),
                dose,
                self.theme,
            )
        if key == self._key:
            return
        self._key = key
        self._shown, self._dose = (protocol, state, lines, dose_hours), dose
        limits = dict(protocol.monitor.alerts.limits) if protocol else {}
        points, rings, self.time_cursor.readings = gather(lines, self.series, limits, dose)
        self.axes.fit_value_axes(points, protocol)
        self._draw_static(protocol, state, dose_hours)  # first, so it stays behind
        end = state.planned_end if state else protocol.planned_length if protocol else 21600
        last = max((x for pts in points.values() for x, _ in pts), default=0)
        self.set_hours(max(end / 3600, last), refit=False)  # first: thinning needs the span
        self.set_points(points, [self.axes.on_left(name, point) for name, point in rings])
        self.time_cursor.again()

    def _append(
        self, changed: list[LogLine], protocol: SessionProtocol | None, state: SessionState | None
    ) -> bool:
        """New readings added at the end of their series; False when only a redraw shows
        the change (an amended or earlier reading, a value off the axes)."""
        readings = self.time_cursor.readings
        latest = readings[-1][0] if readings else -1.0
        new = appended(changed, self._dose, latest, self.axes.holds)
        if new is None:
            return False
        latest = new[-1][1] if new else latest
        limits = dict(protocol.monitor.alerts.limits) if protocol else {}
        for line, seconds, values in new:
            readings.append((seconds, values, taken(line.original, self._dose)))
            hours = seconds / 3600
            for name, value in values.items():
                if name in self.traces:
                    self._add_point(name, hours, value)
            for name in ringed(line, values, limits, self.series):
                x, y = self.axes.on_left(name, (hours, values[name]))
                self.flagged.append(QPointF(x, y))
        if new:
            end = state.planned_end if state else self.x_axis.max() * 3600
            self.set_hours(max(end / 3600, latest / 3600))
        return True

    def _add_point(self, name: str, hours: float, value: float) -> None:
        """One more point; the series told only of the points that differ (QtCharts
        recomputes the whole series on every call, so one call a reading, not three)."""
        trace, series = self.traces[name], self.series[name]
        at = trace.add(hours, value)
        if at is None:  # earlier than the last: not expected here, drawn again whole
            trace.set([*zip(trace.xs, trace.ys, strict=True), (hours, value)])
            series.replace([QPointF(x, y) for x, y in trace.drawn])
        else:
            count, tail = series.count(), trace.drawn[at:]
            if at + len(tail) < count:
                series.removePoints(at + len(tail), count - at - len(tail))
            for index, (x, y) in enumerate(tail, start=at):
                if index >= count:
                    series.append(x, y)
                elif series.at(index) != QPointF(x, y):
                    series.replace(index, x, y)
        self._show_marks(name)

    def _show_marks(self, name: str) -> None:
        """Marks on each reading, unless there are too many to draw one by one."""
        trace, series = self.traces[name], self.series[name]
        marks = not trace.decimated and len(trace) <= DENSE_POINTS
        if series.pointsVisible() != marks:
            series.setPointsVisible(marks)

    def set_hours(self, hours: float, refit: bool = True) -> None:
        """The time axis from the dose to ``hours``, rounded up to a labelled whole hour."""
        end = hour_axis_end(hours)
        if (self.x_axis.min(), self.x_axis.max()) != (0, end):
            self.x_axis.setRange(0, end)
            self.x_axis.setTickInterval(hour_step(end))
        self._place_overlays(refit)

    def _columns(self) -> int:
        return max(MIN_COLUMNS, int(self.chart().plotArea().width()))

    def _refit(self) -> None:
        """Thin the traces again for the plot's width and the time axis's span."""
        for name, trace in self.traces.items():
            if trace.fit(self._columns(), self.x_axis.max()):
                self.series[name].replace([QPointF(x, y) for x, y in trace.drawn])
                self._show_marks(name)

    def ringed(self) -> list[QPointF]:
        return self.flagged.points()

    def set_points(self, points: dict[str, list[Point]], flagged: list[Point]) -> None:
        """Replace every series' points at once, each thinned to what the plot can show.

        The series stay in the chart: each is added and attached to its axes
        once (again only after the static series were rebuilt, so it is drawn
        over the bands), and a redraw only replaces its points.
        """
        added = False
        pairs: list[tuple[str, QLineSeries | QScatterSeries]] = [
            *self.series.items(),
            ("flagged", self.flagged),
        ]
        for name, series in pairs:
            if series.chart() is None:
                self._attach(series, self.right if name == "temperature_c" else self.left)
                added = True
        columns, span = self._columns(), self.x_axis.max()
        for name, series in self.series.items():
            trace = self.traces[name]
            trace.fit(columns, span)
            trace.set(points.get(name, []))
            series.replace([QPointF(x, y) for x, y in trace.drawn])
            self._show_marks(name)
        self.flagged.replace([QPointF(x, y) for x, y in flagged])
        if added:
            self._style_legend()

    def _attach(self, series: QLineSeries | QScatterSeries, axis: QValueAxis) -> None:
        """Into the chart first: QtCharts crashes on marks of a detached series."""
        self.chart().addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(axis)

    def _style_legend(self) -> None:
        """Legend marks on the background: the flagged ring outlined, never a filled square."""
        for marker in self.chart().legend().markers():
            if marker.series() in self.layers.series:
                marker.setVisible(False)
            elif marker.series() is self.flagged:
                marker.setBrush(QColor(0, 0, 0, 0))
                marker.setPen(QPen(QColor(self.theme.text), 2))

    def _draw_static(
        self, protocol: SessionProtocol | None, state: SessionState | None, dose_hours: list[float]
    ) -> None:
        """The bands, dose and limit lines, built again only when what they show changed."""
        axes = (self.x_axis, self.left, self.right)
        if self.layers.draw(protocol, state, dose_hours, self.theme, axes):
            for series in self._data_series():  # put back over the new bands by set_points
                if series.chart() is not None:
                    self.chart().removeSeries(series)

    def _data_series(self) -> list[QLineSeries | QScatterSeries]:
        return [*self.series.values(), self.flagged]

    def static_series(self) -> list[QLineSeries | QAreaSeries]:
        """The bands, dose and limit lines now in the chart (for tests)."""
        return list(self.layers.series)

    # ---- labels and the cursor over the plot --------------------------------

    def limit_labels(self) -> list[str]:
        return [label.text() for label, _ in self.layers.labels]

    def limit_label_boxes(self) -> list[QRectF]:
        """Where the shown limit names are, in chart coordinates."""
        return [
            self.chart().mapFromScene(label.sceneBoundingRect()).boundingRect()
            for label, _ in self.layers.labels
            if label.isVisible()
        ]

    def _place_overlays(self, refit: bool = True) -> None:
        """Ticks, thinning, limit names and the cursor, for the plot as it is now."""
        self.axes.fit_ticks()
        if refit:
            self._refit()
        self.layers.place_labels(self.x_axis.max())
        self.time_cursor.again()

    def reading_before(self, hours: float) -> Reading | None:
        return self.time_cursor.reading_before(hours)

    def show_cursor(self, hours: float) -> None:
        self.time_cursor.show(hours)

    def hide_cursor(self) -> None:
        self.time_cursor.hide()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self.time_cursor.follow_mouse(
            self.chart().mapFromScene(self.mapToScene(event.position().toPoint()))
        )

    def leaveEvent(self, event: QEvent) -> None:
        self.time_cursor.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left and Right step the cursor from one reading to the one before or after."""
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None or not self.time_cursor.step(step):
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_layout()
        super().resizeEvent(event)
        self._place_overlays()
