"""Redraw of the vitals chart with six hours of one-second vitals.

Three series of 21,600 points each (systolic, diastolic, heart rate), set and
painted by pap-guide's VitalsChart, against a bare QtCharts view with the
same three line series, in the same run. Then memory: the whole redraw
(``show_data``, the bands, dose and limit lines included) of the scripted
test record, ``--redraws`` times with the log changing each time, and as many
times with the doses changing (the static series rebuilt each time): the
chart's series, its QObject children, the scene's items and the resident
size before and after (tracemalloc does not see Qt's objects).

    python bench/chart_redraw.py [--repeat 5] [--redraws 200]
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from pathlib import Path

from common import ratio, summary

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

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
    parser.add_argument("--redraws", type=int, default=200)
    args = parser.parse_args()
    app = QApplication([])  # noqa: F841 (must exist while the charts live)
    points = data()
    ours = VitalsChart()
    ours.resize(700, 400)
    ours.x_axis.setRange(0, 6)
    bare, series = bare_view()
    bare.resize(700, 400)
    plain = {name: [(p.x(), p.y()) for p in pts] for name, pts in points.items()}
    app_times, bare_times = [], []
    for _ in range(args.repeat):
        app_times.append(timed(lambda: (ours.set_points(plain, []), ours.grab())))
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
    adding(ours, bare, series, points)
    memory(args.redraws)


def adding(ours: VitalsChart, bare: QChartView, series: list[QLineSeries], points) -> None:  # type: ignore[no-untyped-def]
    """One more reading at the end of six hours of them, and the chart painted again."""
    ours.set_hours(7)
    bare.chart().axes(Qt.Orientation.Horizontal)[0].setRange(0, 7)
    add, add_paint, bare_paint = [], [], []
    for i in range(200):
        hours = 6 + i / 3600

        def ours_add(hours: float = hours) -> None:
            for key in points:
                ours._add_point(key, hours, 100.0)

        def bare_add(hours: float = hours) -> None:
            for line in series:
                line.append(QPointF(hours, 100.0))

        add.append(timed(ours_add))
        add_paint.append(timed(lambda: (ours_add(hours + 0.5 / 3600), ours.grab())))  # noqa: B023
        bare_paint.append(timed(lambda: (bare_add(), bare.grab())))
    print(f"adding a reading (3 points), chart's series only: {summary(add)}")
    print(f"adding a reading and painting the chart: {summary(add_paint)}")
    print(f"bare QChartView, appending and painting:  {summary(bare_paint)}")
    print(f"ratio of medians (painted): {ratio(add_paint, bare_paint):.2f}x")


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def counts(view: VitalsChart) -> str:
    chart = view.chart()
    return (
        f"{len(chart.series())} series, {len(chart.children())} chart children, "
        f"{len(view.scene().items())} scene items, RSS {rss_kb() / 1024:.1f} MB"
    )


def memory(redraws: int) -> None:
    from tests.export.conftest import _report  # the tests' scripted record

    with tempfile.TemporaryDirectory() as tmp:
        report = _report(Path(tmp))
    lines = list(reversed(report.lines))
    view = VitalsChart()
    view.resize(700, 400)
    view.show_data(report.protocol, None, lines, [0.0])
    view.grab()
    for what, vary in (
        ("log changes", lambda i: (lines[i % 2 :], [0.0])),
        ("doses change", lambda i: (lines, [0.0, 1.0 + i % 2])),
    ):
        before = counts(view), rss_kb()
        made: dict[int, object] = {}  # every static series the chart made, by address
        for i in range(redraws):
            shown, doses = vary(i)
            view.show_data(report.protocol, None, shown, doses)
            view.grab()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            made.update((id(series), series) for series in view.static_series())
        grown = (rss_kb() - before[1]) / redraws
        alive = sum(Shiboken.isValid(series) for series in made.values())
        print(f"{redraws} redraws, {what}: before {before[0]}")
        print(f"  after: {counts(view)}; {grown:+.1f} kB a redraw")
        print(
            f"  static series made {len(made)}, still alive {alive}, "
            f"in the chart {len(view.static_series())}"
        )


if __name__ == "__main__":
    main()
