"""The music panel's room is kept under the clock from the first frame.

The music joins the window after the first frame, and its panel pushed the
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


def test_the_real_panel_is_on_screen_the_moment_the_stand_in_goes(qtbot, data_dir):
    """Added to a shown layout, the panel waited for the event loop's next turn
    to show: the music's place was blank for 100-200 ms at every start."""
    window, finish = _window(data_dir, "--audio-output", "null")
    qtbot.addWidget(window)
    finish()  # no turn of the event loop after it
    assert window.findChild(QWidget, "musicWaiting") is None
    assert child(window, "musicControls").isVisible()
    window.ticker.stop()
    window.close()


PROBE = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

app = QApplication(sys.argv[:1])

def look():
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"), None)
    banner = window.findChild(QLabel, "problemBanner") if window is not None else None
    if banner is None or "Music is off" not in banner.text():
        QTimer.singleShot(50, look)
        return
    QTimer.singleShot(200, lambda: report(window, banner))  # what follows the music

def report(window, banner):
    waiting = window.findChild(QWidget, "musicWaiting")
    made = window.log_panel._chart is not None  # made after the music, not asked for here
    print(json.dumps({"waiting": waiting is not None, "banner": banner.text(), "chart": made}),
          flush=True)
    app.quit()

QTimer.singleShot(0, look)
QTimer.singleShot(20000, app.quit)
from pap_guide.app.gui import run_gui
raise SystemExit(run_gui(sys.argv[1:]))
"""


def test_music_that_fails_to_start_leaves_no_stand_in_and_says_so(data_dir):
    """libVLC that cannot be loaded made the music start fail with an unexpected
    error: "Music is starting…" stayed for good, and the chart and the FHIR
    pushes after it never came. python-vlc ends the process for a library path
    it cannot load (on libVLC's own thread, as the command starts it): that is
    said as libVLC not loading, with how to fix it."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env["PYTHON_VLC_LIB_PATH"] = "/nonexistent/libvlc.so.5"  # python-vlc cannot load it
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), "--audio-output", "dummy"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, (done.stdout, done.stderr[-3000:])
    seen = json.loads(lines[-1])
    assert seen["waiting"] is False
    assert "Music is off: libVLC could not be loaded" in seen["banner"]
    assert "libvlc5" in seen["banner"] and "The clock and the log work as usual" in seen["banner"]
    assert seen["chart"] is True
