"""What the vitals chart draws from the log: each sign's points, the rings on
readings over a limit, and the readings the time cursor steps through; and
each sign's mark, drawn once as an image."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from pap_guide.core import entries as kinds
from pap_guide.core.entries import Dose, LogLine, placed_seconds
from pap_guide.export.chart_style import MARKERS
from pap_guide.export.figure_data import flagged_keys, paint_marker
from pap_guide.ui.chart_cursor import Reading, taken
from pap_guide.ui.chart_trace import Point

Limits = dict[str, tuple[float | None, float | None]]


def ringed(
    line: LogLine, values: dict[str, float], limits: Limits, signs: Iterable[str]
) -> list[str]:
    """The signs of a reading ringed on the chart: only those that broke a limit, as on
    paper (none unless the reading is flagged)."""
    if not line.flagged:
        return []
    broke = flagged_keys(line, values, limits)
    drawn = set(signs)
    return [name for name in values if name in broke and name in drawn]


def gather(
    lines: list[LogLine], signs: Iterable[str], limits: Limits, dose: Dose = (None, None)
) -> tuple[dict[str, list[Point]], list[tuple[str, Point]], list[Reading]]:
    """From the log's lines (newest first): each sign's points in hours, oldest first,
    the ringed ones, and every reading with when it was taken (``dose``: the first
    dose as given and as entered, which places what was saved before it was entered)."""
    names = list(signs)
    points: dict[str, list[Point]] = {name: [] for name in names}
    rings: list[tuple[str, Point]] = []
    readings: list[Reading] = []
    for line in reversed(lines):  # oldest first
        if line.original.kind != kinds.VITALS or line.struck:
            continue
        # a baseline before the dose has no session time: drawn at the dose
        seconds = placed_seconds(line.original, *dose)
        values = line.reading().values
        readings.append((seconds, values, taken(line.original, dose)))
        for name in names:
            if name in values:
                points[name].append((seconds / 3600, values[name]))
        rings += [
            (name, (seconds / 3600, values[name])) for name in ringed(line, values, limits, names)
        ]
    readings.sort(key=lambda reading: reading[0])
    return points, rings, readings


def appended(
    changed: list[LogLine], dose: Dose, latest: float, holds: Callable[[str, float], bool]
) -> list[tuple[LogLine, float, dict[str, float]]] | None:
    """Of the log's changed lines, the new readings to add at the end of their series,
    each with its place (seconds) and values; None when only a redraw shows the change
    (an amended or earlier reading, a value off the axes: ``holds`` says)."""
    new = []
    for line in changed:
        if line.original.kind != kinds.VITALS:
            continue  # a note or a rating: nothing drawn changes
        seconds = placed_seconds(line.original, *dose)
        if len(line.history) > 1 or line.struck or seconds < latest:
            return None
        values = line.reading().values
        if not all(holds(name, value) for name, value in values.items()):
            return None
        new.append((line, seconds, values))
        latest = seconds
    return new


def mark_image(key: str, colour: QColor, background: QColor, across: int) -> QImage:
    """The sign's mark as an image (QtCharts scales it to ``across`` pixels)."""
    size = 4 * across  # drawn large, so the scaled mark stays smooth
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_marker(
        painter, MARKERS[key], QPointF(size / 2, size / 2), size * 0.38, colour, background
    )
    painter.end()
    return image
