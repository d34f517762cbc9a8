"""One vital sign's points, and the few of them the chart draws.

A screen cannot show more than one value per pixel column, and QtCharts
spends its time on every point it is given: six hours of one-second
readings are 21,600 points a sign. Above two points per column a trace keeps
a column's lowest and highest value (a min/max pair), which draws the same
picture as every point. A reading added at the end changes only the last
column, so the chart replaces one or two points, not the whole series.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Point = tuple[float, float]


class Trace:
    """The points of one series, in time order, and what of them is drawn.

    ``columns`` is how many pixel columns the time axis has, ``span`` how many
    hours it shows (from 0): together they say how wide a column is.
    """

    def __init__(self, columns: int = 600, span: float = 6.0) -> None:
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.drawn: list[Point] = []
        self._columns, self._span = max(1, columns), max(span, 1e-9)
        self._last: tuple[int, int, Point, Point] | None = None  # column, at, lowest, highest

    def __len__(self) -> int:
        return len(self.xs)

    @property
    def decimated(self) -> bool:
        return len(self.xs) > 2 * self._columns

    def fit(self, columns: int, span: float) -> bool:
        """A new width or time span; True when the drawn points were made again."""
        columns, span = max(1, columns), max(span, 1e-9)
        if (columns, span) == (self._columns, self._span):
            return False
        self._columns, self._span = columns, span
        self._draw()
        return True

    def set(self, points: Sequence[Point]) -> None:
        """All the points at once, sorted by time here (readings of one second keep the
        order they were taken in)."""
        ordered = sorted(points, key=_time)
        self.xs = [x for x, _ in ordered]
        self.ys = [y for _, y in ordered]
        self._draw()

    def add(self, x: float, y: float) -> int | None:
        """One point at the end; the index in ``drawn`` from which points changed.

        None when the point is earlier than the last one: call :meth:`set`.
        """
        if self.xs and x < self.xs[-1]:
            return None
        was = self.decimated
        self.xs.append(x)
        self.ys.append(y)
        if not self.decimated:
            self.drawn.append((x, y))
            return len(self.drawn) - 1
        if not was or self._last is None:
            self._draw()
            return 0
        column, at, low, high = self._last
        if self._column(x) != column:
            self._last = (self._column(x), len(self.drawn), (x, y), (x, y))
            self.drawn.append((x, y))
            return len(self.drawn) - 1
        low, high = min(low, (x, y), key=_value), max(high, (x, y), key=_value)
        self._last = (column, at, low, high)
        self.drawn[at:] = _pair(low, high)
        return at

    def _column(self, x: float) -> int:
        return int(x / self._span * self._columns)

    def _draw(self) -> None:
        self._last = None
        if not self.decimated:
            self.drawn = list(zip(self.xs, self.ys, strict=True))
            return
        xs, ys = np.asarray(self.xs), np.asarray(self.ys)
        columns = (xs / self._span * self._columns).astype(np.int64)
        starts = np.flatnonzero(np.diff(columns, prepend=columns[0] - 1))
        ends = np.append(starts[1:], len(xs))
        drawn: list[Point] = []
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            part = ys[start:end]
            low, high = start + int(part.argmin()), start + int(part.argmax())
            pair = _pair((self.xs[low], self.ys[low]), (self.xs[high], self.ys[high]))
            at = len(drawn)
            drawn += pair
        self.drawn = drawn
        last = self._column(self.xs[-1])
        low_point, high_point = min(self.drawn[at:], key=_value), max(self.drawn[at:], key=_value)
        self._last = (last, at, low_point, high_point)


def _time(point: Point) -> float:
    return point[0]


def _value(point: Point) -> float:
    return point[1]


def _pair(low: Point, high: Point) -> list[Point]:
    """A column's lowest and highest point in time order (one point when they are one)."""
    if low == high:
        return [low]
    return sorted((low, high))
