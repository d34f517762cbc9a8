"""The window's vitals chart: lines with marks, a safe palette, whole hours, a cursor."""

import itertools

import pytest
from PySide6.QtCharts import QLineSeries
from PySide6.QtCore import QPoint, Qt

from pap_guide.ui.theme import DAY, NIGHT
from pap_guide.ui.vitals_chart import DENSE_POINTS, VitalsChart
from tests.export.colour import difference
from tests.export.conftest import _report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("scripted"))


@pytest.fixture
def chart(qtbot):
    view = VitalsChart()
    view.resize(660, 330)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def shown(chart, report):
    """The chart of the scripted report, as the window shows it (newest line first)."""
    chart.show_data(report.protocol, None, list(reversed(report.lines)), [0.0, 1.5])


def test_few_readings_are_lines_with_marks_many_are_bare_lines(chart):
    few = [(i / 60, 120.0) for i in range(10)]
    chart.set_points({"systolic": few}, [])
    assert chart.series["systolic"].count() == 10
    assert chart.series["systolic"].pointsVisible()
    many = [(i / 3600, 120.0) for i in range(DENSE_POINTS + 1)]
    chart.set_points({"systolic": many, "heart_rate": many}, [many[0]])
    assert chart.series["systolic"].count() == DENSE_POINTS + 1
    assert not chart.series["systolic"].pointsVisible()
    assert chart.flagged.count() == 1


def test_blood_pressure_is_two_lines_with_visible_marks(chart, report):
    shown(chart, report)
    for key in ("systolic", "diastolic"):
        series = chart.series[key]
        assert type(series) is QLineSeries
        assert series.count() == 3
        assert series.pointsVisible()
        assert not series.lightMarker().isNull()  # the caret mark, not QtCharts' dot
        assert series.pen().style() == Qt.PenStyle.SolidLine and series.pen().widthF() >= 1.5


@pytest.mark.parametrize("theme", [NIGHT, DAY], ids=lambda t: t.name)
def test_series_colours_are_pairwise_distinct_and_shown_on_the_background(chart, theme):
    chart.apply_theme(theme)
    colours = {key: series.pen().color().name() for key, series in chart.series.items()}
    for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
        assert difference(ca, cb) > 20, (a, b, ca, cb)
    for key, colour in colours.items():
        assert difference(colour, theme.background) > 25, key
    marks = {series.lightMarker().pixelColor(22, 26).name() for series in chart.series.values()}
    assert len(marks) == len(chart.series)  # each mark is drawn, each in its own colour


@pytest.mark.parametrize("theme", [NIGHT, DAY], ids=lambda t: t.name)
def test_legend_marks_and_text_stand_out_from_the_background(chart, report, theme):
    chart.apply_theme(theme)
    shown(chart, report)
    legend = chart.chart().legend()
    assert difference(legend.labelColor().name(), theme.background) > 40
    flagged = next(m for m in legend.markers() if m.series() is chart.flagged)
    assert flagged.brush().color().alpha() == 0  # a ring, not a filled square
    assert difference(flagged.pen().color().name(), theme.background) > 40
    for axis in (chart.x_axis, chart.left, chart.right):
        assert axis.labelsFont().pixelSize() >= 12
        assert difference(axis.labelsColor().name(), theme.background) > 30


@pytest.mark.parametrize("hours", [0.5, 3, 6, 8, 12])
def test_time_ticks_fall_on_whole_hours(chart, hours):
    chart.set_hours(hours)
    axis = chart.x_axis
    assert axis.min() == 0 and axis.max() == int(axis.max()) >= hours
    assert axis.tickType() == axis.TickType.TicksDynamic
    assert axis.tickAnchor() == 0
    assert axis.tickInterval() == (1 if hours <= 8 else 2)
    assert axis.max() % axis.tickInterval() == 0
    assert axis.labelFormat() == "%d h"


def test_the_temperature_axis_shares_the_pressure_grid(chart, report):
    shown(chart, report)
    assert not chart.right.isGridLineVisible()
    assert chart.left.isGridLineVisible()
    assert chart.left.tickCount() == chart.right.tickCount()


def test_limit_lines_are_named_in_their_colour(chart, report):
    shown(chart, report)
    assert {"SBP max 160", "HR max 100", "Temp max 38 °C"} <= set(chart.limit_labels())
    for label, line in chart.layers.labels:
        assert label.isVisible(), label.text()
        assert difference(label.brush().color().name(), line.pen().color().name()) < 25


def cursor_text(chart):
    label = chart.findChild(type(chart.cursor_label), "chartCursorLabel")
    assert label is not None and label.isVisible()
    return label.text()


def test_the_mouse_cursor_shows_the_reading_at_or_before_it(chart, report, qtbot):
    shown(chart, report)
    plot = chart.chart().plotArea()
    at_hour = plot.left() + plot.width() * 1.0 / chart.x_axis.max()  # between 0:31 and 1:31
    qtbot.mouseMove(chart.viewport(), QPoint(round(at_hour), round(plot.center().y())))
    text = cursor_text(chart)
    assert text.startswith("T+0:31")
    for part in ("SBP 168", "DBP 96", "HR 104", "SpO2 –", "RR –", "Temp 38.0"):
        assert part in text
    assert chart.cursor_line.isVisible()
    assert abs(chart.cursor_line.line().x1() - chart.chart().mapToScene(at_hour, 0).x()) < 2


def test_left_and_right_step_the_cursor_from_reading_to_reading(chart, report, qtbot):
    shown(chart, report)
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert cursor_text(chart).startswith("pre-dose ")  # the baseline, before the dose
    assert "SBP 124" in cursor_text(chart) and "Temp –" in cursor_text(chart)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert "SBP 130" in cursor_text(chart) and "DBP 80" in cursor_text(chart)
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert cursor_text(chart).startswith("T+0:31") and "HR 104" in cursor_text(chart)


def test_a_corrected_reading_shows_its_current_values(chart, report):
    shown(chart, report)
    assert chart.reading_before(1.6)[1]["systolic"] == 130  # typed 210, corrected to 130
    assert chart.reading_before(-0.1) is None
