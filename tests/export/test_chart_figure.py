"""The PDF's vitals figure and what it shares with the window's chart."""

import dataclasses
import itertools

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from pap_guide.export import vitals_figure
from pap_guide.export.chart_style import (
    DARK,
    LIGHT,
    hour_axis_end,
    hour_ticks,
    ink,
    limit_text,
    reading_text,
    value_axes,
)
from pap_guide.export.figure_data import alert_limits, sign_series
from pap_guide.export.vitals_figure import FONT_SHARE, HEIGHT, STYLES, WIDTH, vitals_image
from tests.export.colour import difference

IMAGE_INCHES = 640 / 96  # report_html's <img width='640'>, in the document's screen points


@pytest.mark.parametrize(
    ("hours", "ticks"),
    [
        (0.5, [0, 1]),
        (3, [0, 1, 2, 3]),
        (5.3, [0, 1, 2, 3, 4, 5, 6]),
        (6, [0, 1, 2, 3, 4, 5, 6]),
        (8, list(range(9))),
        (8.2, [0, 2, 4, 6, 8, 10]),
        (12, [0, 2, 4, 6, 8, 10, 12]),
    ],
)
def test_hour_ticks_are_whole_hours_and_end_the_axis(hours, ticks):
    assert hour_ticks(hours) == ticks
    assert hour_axis_end(hours) == ticks[-1] >= hours


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_palette_colours_are_pairwise_distinct(palette):
    for (a, ca), (b, cb) in itertools.combinations(palette.items(), 2):
        assert difference(ca, cb) > 20, (a, b)


def test_figure_text_prints_at_8_pt_or_more():
    pixels = round(HEIGHT * FONT_SHARE)
    assert pixels / (WIDTH / IMAGE_INCHES) * 72 >= 8


def test_figure_series_use_the_shared_palette_and_text_reads_on_white():
    assert {key: colour for key, (colour, _) in STYLES.items()} == LIGHT
    assert len({shape for _, shape in STYLES.values()}) == len(STYLES)  # a shape each
    for key in LIGHT:
        assert difference(ink(key), "#ffffff") > 45, key


def test_limit_labels_name_the_sign_and_value(report):
    texts = [limit.text for limit in alert_limits(report, sign_series(report))]
    assert "SBP max 160" in texts
    assert "Temp max 38 °C" in texts
    assert limit_text("spo2", "min", 92) == "SpO2 min 92"


@pytest.mark.parametrize(
    ("pressures", "temperatures"), [([], []), ([235], []), ([], [42.4]), ([20, 250], [33.2])]
)
def test_temperature_ticks_stay_on_the_pressure_grid(pressures, temperatures):
    left, right = value_axes(pressures, temperatures)
    assert (left[1] - left[0]) / 30 == right[1] - right[0]  # as many steps, one grid
    assert all(left[0] <= v <= left[1] for v in pressures)
    assert all(right[0] <= v <= right[1] for v in temperatures)


@pytest.mark.parametrize("hours", [0.5, 3, 6, 8, 12])
def test_figure_time_axis_ends_on_a_whole_hour(qapp, report, hours):
    longer = dataclasses.replace(report, length=hours * 3600, phases=())
    series = [s for s in sign_series(longer) if s.points]
    frame = vitals_figure._frame(QRectF(0, 0, WIDTH, HEIGHT), longer, series, [])
    assert frame.hours == hour_axis_end(max(hours, 1.52))  # the last reading is at 1.5 h


def test_cursor_text_has_every_value():
    text = reading_text(5460, {"systolic": 130, "diastolic": 80, "temperature_c": 37.25})
    assert text.split("  ") == [
        "T+1:31",
        "SBP 130",
        "DBP 80",
        "HR –",
        "SpO2 –",
        "RR –",
        "Temp 37.25",
    ]  # fmt: skip  (as the reading holds it: two decimals, not rounded to one)
    assert reading_text(60, {"temperature_c": 37.0}).endswith("Temp 37.0")


def test_figure_frame_is_thin_and_grey(qapp, report):
    image = vitals_image(report)
    series = [s for s in sign_series(report) if s.points]
    frame = vitals_figure._frame(QRectF(0, 0, WIDTH, HEIGHT), report, series, [])
    row, left = round(frame.y(45)), round(frame.plot.left())  # below every reading
    shades = [QColor(image.pixel(x, row)).lightness() for x in range(left - 8, left + 9)]
    assert sum(shade < 200 for shade in shades) <= 4, shades  # about 0.3 mm at 300 DPI
    assert min(shades) > 80, shades  # grey, not black
