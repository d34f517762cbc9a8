"""Redraw of the vitals chart with six hours of one-second vitals.

Three series of 21,600 points each (systolic, diastolic, heart rate), set and
painted by pap-guide's VitalsChart, against a bare QtCharts view with the
same three line series, in the same run.

    python bench/chart_redraw.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import os
import time

from common import ratio, summary

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from pap_guide.ui.vitals_chart import VitalsChart

SECONDS = 6 * 3600


def data() -> dict[str, list[QPointF]]:
    return {
        "systolic": [QPointF(s / 3600, 120 + 15 * math.sin(s / 900)) for s in range(SECONDS)],
        "diastolic": [QPointF(s / 3600, 80 + 8 * math.sin(s / 700)) for s in range(SECONDS)],
        "heart_rate": [QPointF(s / 3600, 75 + 10 * math.sin(s / 500)) for s in range(SECONDS)],
    }


def bare_view() -> tuple[QChartView, list[QLineSeries]]:
    chart = QChart()
    x, y = QValueAxis(), QValueAxis()
    x.setRange(0, 6)
    y.setRange(30, 210)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series = []
    for _ in range(3):
        line = QLineSeries()
        chart.addSeries(line)
        line.attachAxis(x)
        line.attachAxis(y)
        series.append(line)
    view = QChartView(chart)
    return view, series


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QApplication([])  # noqa: F841 (must exist while the charts live)
    points = data()
    ours = VitalsChart()
    ours.resize(700, 400)
    ours.x_axis.setRange(0, 6)
    bare, series = bare_view()
    bare.resize(700, 400)
    app_times, bare_times = [], []
    for _ in range(args.repeat):
        app_times.append(timed(lambda: (ours.set_points(points, []), ours.grab())))
        bare_times.append(
            timed(
                lambda: (
                    [s.replace(p) for s, p in zip(series, points.values(), strict=True)],
                    bare.grab(),
                )
            )
        )
    print(f"VitalsChart, 3 x {SECONDS} points: {summary(app_times)}")
    print(f"bare QChartView, same data:       {summary(bare_times)}")
    print(f"ratio of medians: {ratio(app_times, bare_times):.2f}x")


if __name__ == "__main__":
    main()
