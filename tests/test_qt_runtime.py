"""Guards against known faults in the Qt binding this project runs on."""

import gc
import sys

import PySide6
import pytest

BROKEN = ((6, 12, 0),)  # processEvents() released a reference to None on every call


def test_the_installed_binding_is_not_a_known_broken_release():
    assert tuple(PySide6.__version_info__[:3]) not in BROKEN


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: nothing to count"
)
def test_process_events_keeps_its_references(qapp):
    # On 6.12.0 the interpreter aborted ("deallocating None") after enough calls.
    # The windows' cycle collector (app/gui_gc.py) runs on a timer that
    # processEvents fires: what it frees of earlier tests' windows gives back
    # their references to None too (337 once, in the whole suite), so it waits.
    from pap_guide.app import gui_gc

    timers = [collector.timer for collector in gui_gc._INSTALLED]
    for timer in timers:
        timer.stop()
    gc.collect()
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            qapp.processEvents()
        assert sys.getrefcount(None) - before > -100
    finally:
        for timer in timers:
            timer.start()
