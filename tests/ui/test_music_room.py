"""The music panel's room is kept under the clock from the first frame.

libVLC starts after the first frame, and the panel it brings pushed the
clock, the timeline and the session's buttons up by its height at every start
(tests/test_start_structure.py measures that in a real start). Until the
music comes, a stand-in with the same rows holds its place, every control off.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QSlider, QWidget

from pap_guide.app.window import build_window
from tests.helpers.ui import child


def _top(window: QWidget, name: str) -> int:
    return child(window, name).mapTo(window, QPoint(0, 0)).y()


def _window(data_dir, *extra: str):  # type: ignore[no-untyped-def]
    window, finish = build_window(["--data-dir", str(data_dir), *extra])
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    return window, finish


def test_the_stand_in_holds_the_music_place_until_it_comes(qtbot, data_dir):
    window, finish = _window(data_dir, "--audio-output", "null")
    qtbot.addWidget(window)
    room = child(window, "musicWaiting")
    assert room.isVisible() and not room.isEnabled()
    assert room.findChild(QSlider).value() == 50  # the saved volume, never an alarming 0
    clock, button = _top(window, "sessionClock"), _top(window, "startSessionButton")
    finish()
    QApplication.processEvents()
    assert window.findChild(QWidget, "musicWaiting") is None
    assert child(window, "musicControls").isVisible()
    assert abs(_top(window, "sessionClock") - clock) <= 1
    assert abs(_top(window, "startSessionButton") - button) <= 1
    window.ticker.stop()
    window.close()


def test_no_stand_in_without_music_and_none_left_when_music_fails(qtbot, data_dir):
    window, _finish = _window(data_dir, "--audio-output", "off")
    qtbot.addWidget(window)
    assert window.findChild(QWidget, "musicWaiting") is None
    window.ticker.stop()
    window.close()
    window, _finish = _window(data_dir, "--audio-output", "null")
    qtbot.addWidget(window)
    window.attach_music(None)  # what the start does when libVLC cannot be loaded
    QApplication.processEvents()
    assert window.findChild(QWidget, "musicWaiting") is None
    window.ticker.stop()
    window.close()
