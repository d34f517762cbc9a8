"""The window's chart in little room, its rings, its pre-dose cursor and its theme."""

import itertools

import pytest
from PySide6.QtCharts import QAreaSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetricsF

from pap_guide.export.figure_data import sign_series
from pap_guide.ui.theme import DAY, NIGHT
from pap_guide.ui.vitals_chart import VitalsChart
from tests.export.conftest import _report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("scripted"))


def drawn(qtbot, report, width, height, theme=NIGHT):
    view = VitalsChart()
    view.apply_theme(theme)
    view.resize(width, height)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.show_data(report.protocol, None, list(reversed(report.lines)), [0.0, 1.5])
    qtbot.wait(10)
    return view


@pytest.mark.parametrize("size", [(600, 150), (510, 120), (660, 330)], ids=str)
def test_small_charts_keep_every_label_whole_and_apart(qtbot, report, size):
    view = drawn(qtbot, report, *size)
    plot = view.chart().plotArea()
    line = QFontMetricsF(view.left.labelsFont()).height()
    for axis in (view.left, view.right):
        assert plot.height() / axis.tickCount() >= 1.5 * line, axis.tickCount()
        assert plot.height() / axis.tickCount() >= view.axes.tick_room()
    assert view.left.tickCount() == view.right.tickCount()  # one grid for both
    titled = view.left.isTitleVisible()
    if titled:  # a turned title is elided when longer than the plot is high
        title = QFontMetricsF(view.left.titleFont()).horizontalAdvance(view.left.titleText())
        assert title < plot.height()
    else:
        assert "°C" in view.toolTip()
    assert titled == (size[1] >= 260)
    boxes = view.limit_label_boxes()
    assert boxes
    for a, b in itertools.combinations(boxes, 2):
        assert not a.intersects(b), (a, b)
    assert all(plot.contains(box) for box in boxes)
    legend = view.chart().legend()
    if legend.isVisible():
        assert legend.geometry().height() < 3 * line  # one row (two would be taller)


def test_only_the_values_that_broke_a_limit_are_ringed_as_on_paper(qtbot, report):
    view = drawn(qtbot, report, 660, 330)
    ringed = {(round(p.x(), 3), p.y()) for p in view.ringed()}
    paper = {(round(p.x(), 3), p.y()) for one in sign_series(report) for p in one.rings}
    assert paper and ringed == paper  # no temperature on paper's list here
    assert (round(31 / 60, 3), 96) not in ringed  # DBP 96 was within its limit


def test_the_cursor_names_a_baseline_by_its_clock_time(qtbot, report):
    view = drawn(qtbot, report, 660, 330)
    baseline = next(ln for ln in report.lines if ln.original.session_seconds is None
                    and ln.original.kind == "vitals")  # fmt: skip
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    text = view.cursor_label.text()
    clock = baseline.original.utc.astimezone().strftime("%H:%M")
    assert text.startswith(f"pre-dose {clock}"), text
    assert "T+0:00" not in text


def colours(view):
    image = view.grab().toImage()
    plot = view.chart().plotArea()
    ground = QColor(image.pixel(1, 1)).getRgb()[:3]
    band = QColor(image.pixel(round(plot.left() + plot.width() * 0.4), round(plot.top() + 4)))
    bands = [s.color().name() for s in view.chart().series() if isinstance(s, QAreaSeries)]
    return ground, band.getRgb()[:3], bands


def test_switching_to_day_draws_the_day_chart_at_once(qtbot, report):
    fresh = colours(drawn(qtbot, report, 660, 330, DAY))
    view = drawn(qtbot, report, 660, 330, NIGHT)
    night = colours(view)
    view.apply_theme(DAY)  # Ctrl+T: no new data comes before the chart is seen
    qtbot.wait(10)
    switched = colours(view)
    assert switched == fresh
    assert night[1] != fresh[1]
