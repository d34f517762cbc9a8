"""The ticker: drives the session runner once a second, aligned to the second.

It never counts time itself: the clock on screen is computed from the dose
time at every tick, so a late or missed tick changes nothing. Close to a
phase boundary it also wakes exactly at the boundary, not up to a second late.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, Qt, QTimer

from pap_guide.core.runner import SessionRunner

BOUNDARY_WINDOW = 1.5  # seconds: closer than this, arm a precise timer for the boundary


class Ticker(QObject):
    """Calls ``runner.tick()`` on each whole second while running.

    Signals: none (the runner's subscribers get each tick).
    """

    def __init__(self, runner: SessionRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._boundary = QTimer(self)
        self._boundary.setSingleShot(True)
        self._boundary.setTimerType(Qt.TimerType.PreciseTimer)
        self._boundary.timeout.connect(self.runner.tick)
        self._running = False

    def start(self) -> None:
        self._running = True
        self._arm()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        self._boundary.stop()

    def _tick(self) -> None:
        tick = self.runner.tick()
        wait = self.runner.seconds_to_boundary(tick.state)
        if wait is not None and wait <= BOUNDARY_WINDOW:
            self._boundary.start(max(0, math.ceil(wait * 1000)) + 1)
        self._arm()

    def _arm(self) -> None:
        if self._running:
            into = time.time() % 1.0  # wake just after the next whole second
            self._timer.start(int((1.0 - into) * 1000) + 5)
