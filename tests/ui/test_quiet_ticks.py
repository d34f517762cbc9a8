"""A tick with nothing new repaints only the text that changed and asks the store nothing.

The window is shown (offscreen) with a session running; the Qt ticker is
stopped and the runner ticked by hand with the fake clock a second on, so
each tick is the same every run. Nothing here measures time: paint events
and SQL statements are counted.
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from pap_guide.ui.theme import DAY, NIGHT, stylesheet
from pap_guide.ui.timeline import PhaseTimeline
from pap_guide.ui.widgets import SteadyLabel, same_but_digits
from tests.helpers.sql_trace import statements_during
from tests.helpers.ui import begin, child

TICKING = ("sessionClock", "phaseDetail", "overrunLabel", "nowPlaying", "remindersLabel")


class Events(QObject):
    """Counts paint and layout events per widget, for the whole application."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: Counter[QWidget] = Counter()
        self.laid_out: Counter[QWidget] = Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if isinstance(watched, QWidget):
            if event.type() == QEvent.Type.Paint:
                self.painted[watched] += 1
            elif event.type() == QEvent.Type.LayoutRequest:
                self.laid_out[watched] += 1
        return False


def settle() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QApplication.processEvents()


@pytest.fixture
def running(make_window, qtbot):  # type: ignore[no-untyped-def]
    """The shown window a minute into a session, ticked by hand, no text field focused."""
    window = begin(make_window())
    window.ticker.stop()
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    # a focused line edit blinks its cursor: Qt's own timer, not a tick
    child(window, "themeButton").setFocus()
    window.refresh()
    settle()
    return window


def tick_and_count(window, fake_clock, ticks: int = 6):  # type: ignore[no-untyped-def]
    """Tick ``ticks`` times a second apart; the widgets each tick painted, and the texts."""
    app = QApplication.instance()
    events = Events()
    timeline = window.findChild(PhaseTimeline, "phaseTimeline")
    rounds = []
    for _ in range(ticks):
        before = {name: child(window, name).text() for name in TICKING}
        marker = timeline.now_x()
        app.installEventFilter(events)
        fake_clock.advance(1)
        window.runner.tick()
        settle()
        app.removeEventFilter(events)
        changed = {name for name in TICKING if child(window, name).text() != before[name]}
        moved = int(timeline.now_x() or 0) != int(marker or 0)
        rounds.append((dict(events.painted), dict(events.laid_out), changed, moved))
        events.painted.clear()
        events.laid_out.clear()
    return rounds


def test_a_tick_repaints_only_the_labels_whose_text_changed(running, fake_clock):
    rounds = tick_and_count(running, fake_clock)
    clock_repainted = 0
    for painted, _, changed, moved in rounds:
        allowed = set(changed) | ({"phaseTimeline"} if moved else set())
        names = {widget.objectName() or type(widget).__name__ for widget in painted}
        assert names <= allowed, f"repainted {names - allowed}; text changed in {changed}"
        clock_repainted += "sessionClock" in names
    assert clock_repainted == len(rounds)  # the clock itself did tick, and was drawn


def test_a_tick_lays_out_nothing(running, fake_clock):
    """A new second is no relayout: no layout above the labels is asked again."""
    for _, laid_out, changed, _ in tick_and_count(running, fake_clock):
        assert "sessionClock" in changed
        asked = {widget.objectName() or type(widget).__name__ for widget in laid_out}
        assert not asked & {"mainWindow", "mainSplitter", "SessionPanel", "MusicPanel"}, asked


def test_ticks_with_nothing_new_run_no_sql(running, fake_clock):
    desk = running.desk
    assert desk.minimum_seconds() is not None or desk.protocol is not None

    def ticks() -> None:
        for _ in range(5):
            fake_clock.advance(1)
            running.runner.tick()

    assert statements_during(ticks) == []


def test_the_minimum_length_reads_the_patients_sessions_once_a_session(make_window):
    window = begin(make_window())
    desk = window.desk
    store = desk.controller.store
    asked: list[str] = []
    real = store.patient_sessions
    store.patient_sessions = lambda patient: asked.append(patient) or real(patient)
    for _ in range(5):
        desk.reminders(desk.clock.now())
        desk.minimum_seconds()
    assert len(asked) <= 1


# -- the label holder itself


@pytest.fixture
def styled(qtbot):  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    sheet = app.styleSheet()
    app.setStyleSheet(stylesheet(NIGHT))
    yield app
    app.setStyleSheet(sheet)


def column(*widgets: QWidget) -> QWidget:
    host = QWidget()
    layout = QVBoxLayout(host)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)  # each widget at the height it asks for
    host.resize(400, 300)
    return host


def on_screen(window: QWidget, widget: QWidget) -> QImage:
    """What the window shows where ``widget`` is."""
    shot = window.grab(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))
    return shot.toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_a_held_label_looks_like_a_plain_one(styled, qtbot):
    plain, held = QLabel("T+01:02:03"), QLabel("T+01:02:03")
    for label in (plain, held):
        label.setObjectName("sessionClock")
    box = SteadyLabel(held)
    window = column(plain, box)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    box.set_text("T+01:02:04")
    plain.setText("T+01:02:04")
    for theme in (DAY, NIGHT):  # a theme switch re-polishes: the label stays opaque
        styled.setStyleSheet(stylesheet(theme))
        box.set_text("T+01:02:05" if theme is DAY else "T+01:02:06")
        plain.setText(held.text())
        settle()
        assert held.size() == plain.size()
        assert on_screen(window, held) == on_screen(window, plain)
        assert held.autoFillBackground()


def test_a_new_second_repaints_the_label_alone_and_a_longer_text_takes_its_room(styled, qtbot):
    label = QLabel("In the room for 9 min")
    label.setWordWrap(True)
    box = SteadyLabel(label)
    above = QLabel("above")
    window = column(above, box)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle()
    events = Events()
    app = QApplication.instance()
    app.installEventFilter(events)
    box.set_text("In the room for 8 min")
    settle()
    app.removeEventFilter(events)
    assert set(events.painted) == {label}
    assert not events.laid_out.get(window)
    height = box.height()
    box.set_text("In the room for 10 min, " + "and a much longer line that wraps " * 4)
    settle()
    assert box.height() > height  # more lines: the layout gave it their room
    assert label.size() == box.size()


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("T+00:00:09", "T+00:00:10", True),
        ("9 min", "10 min", False),
        ("♪ Tide · 3:21 left", "♪ Tide · 3:20 left", True),
        ("Music paused", "No music playing", False),
        ("T+00:00:09", "T+00:00:X9", False),
        ("T+00:00:09", "T+00:00:\u0669\u0669", False),  # other digits: the layout decides
    ],
)
def test_only_a_change_of_digits_keeps_the_room(old, new, same):
    assert same_but_digits(old, new) is same
