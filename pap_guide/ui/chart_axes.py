"""The vitals chart's three axes: hours across, mmHg · /min · % left, °C right.

Both value axes share one grid: chart_style keeps their steps equal, and the
tick count is the largest the plot's height has room for on a whole step of
both, so no label is elided.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCharts import QChart, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from pap_guide.core.protocol import SessionProtocol
from pap_guide.export.chart_style import (
    PRESSURE_AXIS,
    TEMPERATURE_AXIS,
    sign_colour,
    value_axes,
)
from pap_guide.ui.chart_trace import Point
from pap_guide.ui.theme import Theme

LEFT_TITLE = "mmHg · /min · %"


class ChartAxes:
    """The axes of ``chart``, added to it: ``x`` (hours), ``left`` and ``right``."""

    def __init__(self, chart: QChart, font_pixels: int) -> None:
        self.chart, self.font_pixels = chart, font_pixels
        self.x = self._axis("hours after the dose", "%d h", Qt.AlignmentFlag.AlignBottom)
        self.x.setTickType(QValueAxis.TickType.TicksDynamic)
        self.x.setTickAnchor(0)
        self.left = self._axis(LEFT_TITLE, "%d", Qt.AlignmentFlag.AlignLeft)
        self.right = self._axis("°C", "%d", Qt.AlignmentFlag.AlignRight)
        self.right.setGridLineVisible(False)  # its ticks sit on the left axis's grid
        self._steps = 1
        self.set_value_axes(PRESSURE_AXIS, TEMPERATURE_AXIS)

    def all(self) -> tuple[QValueAxis, QValueAxis, QValueAxis]:
        return self.x, self.left, self.right

    def _axis(self, title: str, form: str, side: Qt.AlignmentFlag) -> QValueAxis:
        axis = QValueAxis()
        axis.setTitleText(title)
        axis.setLabelFormat(form)
        font = QFont()
        font.setPixelSize(self.font_pixels)
        axis.setLabelsFont(font)
        axis.setTitleFont(font)
        self.chart.addAxis(axis, side)
        return axis

    def apply_theme(self, theme: Theme) -> None:
        for axis in self.all():
            axis.setLabelsColor(QColor(theme.text))
            axis.setTitleBrush(QColor(theme.muted))
            axis.setGridLineColor(QColor(theme.surface))
            axis.setLinePenColor(QColor(theme.muted))
        dark = theme.name == "night"
        temperature = QColor(sign_colour("temperature_c", dark))
        self.right.setLabelsColor(temperature.lighter(130) if dark else temperature.darker(140))

    def set_value_axes(self, left: tuple[float, float], right: tuple[float, float]) -> None:
        """Both value axes with one tick per grid line (chart_style keeps their steps equal)."""
        self._steps = max(1, round((left[1] - left[0]) / 30))
        for axis, span in ((self.left, left), (self.right, right)):
            axis.setRange(*span)
        self.fit_ticks()

    def fit_value_axes(
        self, points: Mapping[str, list[Point]], protocol: SessionProtocol | None
    ) -> None:
        """Ranges that hold every point and the protocol's limits."""
        limits = protocol.monitor.alerts.limits if protocol else {}
        values = [(key, y) for key, pts in points.items() for _, y in pts]
        values += [(key, v) for key, pair in limits.items() for v in pair if v is not None]
        left, right = value_axes(
            (v for key, v in values if key != "temperature_c"),
            (v for key, v in values if key == "temperature_c"),
        )
        self.set_value_axes(left, right)

    def _line_height(self) -> float:
        return QFontMetricsF(self.left.labelsFont()).height()

    def tick_room(self) -> float:
        """The height one value label needs: QtCharts elides labels given less."""
        return max(1.5 * self._line_height(), self._line_height() + 10)

    def fit_ticks(self) -> None:
        """As many ticks as the plot's height has room for, each on a whole step of both axes."""
        height = self.chart.plotArea().height()
        counts = [parts + 1 for parts in range(self._steps, 0, -1) if self._steps % parts == 0]
        count = next((c for c in counts if height / c >= self.tick_room()), 2)
        for axis in (self.left, self.right):
            if axis.tickCount() != count:
                axis.setTickCount(count)

    def show_titles(self, shown: bool) -> None:
        for axis in self.all():
            axis.setTitleVisible(shown)

    def holds(self, name: str, value: float) -> bool:
        """The sign's axis has ``value`` in its range."""
        axis = self.right if name == "temperature_c" else self.left
        return axis.min() <= value <= axis.max()

    def on_left(self, key: str, point: Point) -> Point:
        """A point in the left axis's units (the rings share one series on that axis)."""
        if key != "temperature_c":
            return point
        left, right = self.left, self.right
        share = (point[1] - right.min()) / (right.max() - right.min())
        return (point[0], left.min() + share * (left.max() - left.min()))
