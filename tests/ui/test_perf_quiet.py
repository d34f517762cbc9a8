"""Quiet ticks and a chart that does not leak: behaviour, never timings."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from shiboken6 import Shiboken

from pap_guide.ui.timeline import PhaseTimeline
from pap_guide.ui.vitals_chart import VitalsChart
from tests.export.conftest import _report
from tests.helpers.sql_trace import statements_during
from tests.helpers.ui import begin


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_idle_record_panel_refreshes_ask_no_sql_and_leave_the_checklist_alone(
    make_window, monkeypatch
):
    window = begin(make_window())
    panel = window.record_panel
    # SessionDesk.reminders still asks the store for the patient's sessions (the
    # minimum length's first-at-centre rule): that is the desk's, not the panel's
    reminders = window.desk.reminders(window.desk.clock.now())
    monkeypatch.setattr(window.desk, "reminders", lambda now: reminders)
    panel.refresh()
    changes: list[object] = []
    panel.checklist.itemChanged.connect(changes.append)
    summary = panel.summary.text()

    def ticks() -> None:
        for _ in range(10):
            panel.refresh()

    assert statements_during(ticks) == []
    assert changes == []
    assert panel.summary.text() == summary


def test_a_recorded_step_out_is_shown_at_the_next_refresh(make_window):
    window = begin(make_window())
    panel = window.record_panel
    panel.refresh()
    person = next(iter(window.desk.facts().people))
    window.desk.step_out(person, "someone")
    panel.refresh()
    assert person in panel.reminders.text()
    assert panel.step_back_button.isEnabled()


def test_the_timeline_repaints_only_when_the_marker_moves_a_pixel(make_window, qtbot, fake_clock):
    window = begin(make_window())
    timeline = window.findChild(PhaseTimeline, "phaseTimeline")
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    state = window.desk.state()
    timeline.show_state(window.desk.protocol, state)
    qtbot.wait(20)
    painted = Painted()
    timeline.installEventFilter(painted)
    seconds_a_pixel = state.planned_end / (timeline.width() - 16)
    start = timeline.now_x()
    for step in range(1, 8):  # less than a pixel in all
        moved = replace(state, elapsed=state.elapsed + step * seconds_a_pixel / 10)
        timeline.show_state(window.desk.protocol, moved)
        qtbot.wait(5)
    if int(timeline.now_x()) == int(start):
        assert painted.count == 0
    timeline.show_state(
        window.desk.protocol, replace(state, elapsed=state.elapsed + 3 * seconds_a_pixel)
    )
    qtbot.waitUntil(lambda: painted.count > 0, timeout=2000)
    timeline.removeEventFilter(painted)


def test_chart_redraws_keep_their_series_and_delete_the_replaced_ones(qtbot, tmp_path):
    report = _report(tmp_path)
    lines = list(reversed(report.lines))
    view = VitalsChart()
    qtbot.addWidget(view)
    view.resize(660, 330)
    view.show_data(report.protocol, None, lines, [0.0])
    series = list(view.chart().series())
    statics = view.static_series()
    for i in range(20):  # the log changes, the phases and doses do not
        view.show_data(report.protocol, None, lines[i % 2 :], [0.0])
    assert view.chart().series() == series  # the same objects, none removed and re-added
    assert view.static_series() == statics
    count = len(series)
    for i in range(21):  # a dose more, or not: bands, dose and limit lines made again
        view.show_data(report.protocol, None, lines, [0.0, *([1.5] * (i % 2))])
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(view.chart().series()) == count  # the last with one dose again
    assert not any(Shiboken.isValid(old) for old in statics)  # deleted, not only removed
    static = view.static_series()
    hidden = [m for m in view.chart().legend().markers() if m.series() in static]
    assert len(hidden) == len(static) and not any(m.isVisible() for m in hidden)
