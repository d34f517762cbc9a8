"""The vitals chart's time cursor: a line at a time and the reading it falls in.

Moved by the mouse, or by Left and Right from one reading to the next, as an
anaesthesia record is read: the label shows every value of the reading at
or before the time under the line.
"""

from __future__ import annotations

import bisect

from PySide6.QtCharts import QChartView, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QLabel

from pap_guide.core.entries import LATE_DOSE_MARK, Dose, Entry, after_dose
from pap_guide.export.chart_style import reading_text
from pap_guide.ui.theme import Theme
from pap_guide.ui.widgets import named

Reading = tuple[float, dict[str, float], str]  # session seconds, values, when it was taken


class ChartCursor:
    """The cursor over ``view``'s plot, along its time axis ``x_axis`` (hours)."""

    def __init__(self, view: QChartView, x_axis: QValueAxis, font_pixels: int) -> None:
        self.view, self.x_axis, self.font_pixels = view, x_axis, font_pixels
        self.readings: list[Reading] = []  # oldest first
        self.hours: float | None = None  # where it is shown; None while hidden
        self.line = QGraphicsLineItem()
        self.line.setZValue(20)
        self.line.hide()
        view.scene().addItem(self.line)
        self.label = named(QLabel(view), "chartCursorLabel", "Chart cursor reading")
        self.label.hide()

    def apply_theme(self, theme: Theme) -> None:
        self.line.setPen(QPen(QColor(theme.text), 1, Qt.PenStyle.DashLine))
        self.label.setStyleSheet(
            f"background: {theme.surface}; color: {theme.text}; border: 1px solid "
            f"{theme.muted}; border-radius: 3px; padding: 3px 6px; "
            f"font-size: {self.font_pixels}px;"
        )

    def reading_before(self, hours: float) -> Reading | None:
        """The reading at or nearest before ``hours`` after the dose."""
        times = [seconds for seconds, _, _ in self.readings]
        index = bisect.bisect_right(times, hours * 3600 + 1e-6) - 1
        return self.readings[index] if index >= 0 else None

    def again(self) -> None:
        """Shown again where it was: the plot or the readings changed under it."""
        if self.hours is not None:
            self.show(self.hours)

    def show(self, hours: float) -> None:
        """A vertical line at ``hours`` and a label with the reading it falls in."""
        view, axis = self.view, self.x_axis
        hours = min(max(hours, axis.min()), axis.max())
        self.hours = hours
        chart = view.chart()
        plot = chart.plotArea()
        x = plot.left() + plot.width() * (hours - axis.min()) / (axis.max() - axis.min())
        top = chart.mapToScene(QPointF(x, plot.top()))
        bottom = chart.mapToScene(QPointF(x, plot.bottom()))
        self.line.setLine(top.x(), top.y(), bottom.x(), bottom.y())
        self.line.show()
        reading = self.reading_before(hours)
        label = self.label
        label.setText(
            reading_text(reading[0], reading[1], reading[2])
            if reading
            else f"No reading before {hours:.1f} h"
        )
        label.adjustSize()
        where = view.mapFromScene(top)
        left = where.x() + 8
        if left + label.width() > view.width():  # keep it inside the view
            left = max(0, where.x() - 8 - label.width())
        label.move(left, where.y() + 4)
        label.show()
        label.raise_()

    def hide(self) -> None:
        self.hours = None
        self.line.hide()
        self.label.hide()

    def follow_mouse(self, at: QPointF) -> None:
        """The mouse at ``at`` (chart coordinates): the cursor under it, or none outside."""
        plot = self.view.chart().plotArea()
        if not plot.contains(at):
            self.hide()
            return
        axis = self.x_axis
        span = axis.max() - axis.min()
        self.show(axis.min() + span * (at.x() - plot.left()) / plot.width())

    def step(self, step: int) -> bool:
        """To the reading before (-1) or after (+1) the cursor; False with no readings."""
        if not self.readings:
            return False
        times = [seconds / 3600 for seconds, _, _ in self.readings]
        if self.hours is None:
            index = len(times) - 1 if step < 0 else 0
        elif step < 0:
            index = max(bisect.bisect_left(times, self.hours - 1e-6) - 1, 0)
        else:
            index = min(bisect.bisect_right(times, self.hours + 1e-6), len(times) - 1)
        self.show(times[index])
        return True


def taken(entry: Entry, dose: Dose = (None, None)) -> str:
    """When a reading was taken, as the log says it: "T+0:31", "pre-dose 01:17", or
    "T+0:05†" when saved before a dose that was entered later (``dose``: the first
    dose as given and as entered)."""
    seconds, mark = entry.session_seconds, ""
    if seconds is None:
        seconds, mark = after_dose(entry, *dose), LATE_DOSE_MARK
    if seconds is None:
        return "pre-dose " + entry.utc.astimezone().strftime("%H:%M")
    whole = int(max(seconds, 0.0) // 60)
    return f"T+{whole // 60}:{whole % 60:02d}{mark}"
