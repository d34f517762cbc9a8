"""The PDF figure's dose and phase names: clear of the marks, and never cut."""

import dataclasses

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from pap_guide.core.session import phase_spans
from pap_guide.export import vitals_figure
from pap_guide.export.figure_data import alert_limits, dose_hours, sign_series
from pap_guide.export.vitals_figure import HEIGHT, WIDTH, dose_labels, phase_labels


def frame_of(report):
    series = [s for s in sign_series(report) if s.points]
    rect = QRectF(0, 0, WIDTH, HEIGHT)
    return vitals_figure._frame(rect, report, series, alert_limits(report, series)), series


def test_dose_names_sit_above_the_plot_clear_of_every_mark(qapp, report):
    frame, series = frame_of(report)
    placed = dose_labels(frame, dose_hours(report))
    assert [label.text for _, label in placed] == ["Dose", "Dose 2"]
    radius = vitals_figure.RING_RADIUS * frame.unit
    for _, label in placed:
        assert label.box.bottom() <= frame.head.top() <= frame.plot.top()
        for one in series:
            for point in one.points:
                at = frame.at(point, one.sign)
                mark = QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius)
                assert not label.box.intersects(mark), (label.text, point)
    assert not placed[0][1].box.intersects(placed[1][1].box)


def test_every_phase_is_named_whole_in_its_band_or_under_the_plot(qapp, report):
    # every phase as planned (the report has those it ran): Return to calm's band is narrow
    state = report.state
    planned = phase_spans(report.protocol, state.phase_starts, state.planned_end)
    report = dataclasses.replace(report, phases=planned)
    frame, _ = frame_of(report)
    labels, key = phase_labels(frame, report.phases)
    metrics = QFontMetricsF(frame.font)
    for label in labels:
        assert "…" not in label.text
        assert metrics.horizontalAdvance(label.text) <= label.box.width()
    named = {label.text for label in labels} | {entry.split(" ", 1)[1] for entry in key}
    assert {span.name for span in report.phases} <= named
    assert "4 Return to calm" in key and frame.key == tuple(key)


def test_wide_bands_need_no_key(qapp, report):
    wide = dataclasses.replace(report, phases=report.phases[:1])
    frame, _ = frame_of(wide)
    assert phase_labels(frame, wide.phases)[1] == [] and frame.key == ()
