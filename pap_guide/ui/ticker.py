"""The ticker: drives the session runner once a second, aligned to the second.

It never counts time itself: the clock on screen is computed from the dose
time at every tick, so a late or missed tick changes nothing. Close to a
phase boundary it also wakes exactly at the boundary, not up to a second late.
"""

from __future__ import annotations

import math
import sys
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
        self._last_error: tuple[type[BaseException], str] | None = None

    def start(self) -> None:
        self._running = True
        self._arm()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        self._boundary.stop()

    def _tick(self) -> None:
        try:
            tick = self.runner.tick()
            wait = self.runner.seconds_to_boundary(tick.state)
        except Exception as error:  # a panel's bug: said once, and the clock goes on
            self._said(error)
            wait = None
        else:
            self._last_error = None
        finally:
            self._arm()  # re-armed whatever happened: a tick that raised stopped the clock
        if wait is not None and wait <= BOUNDARY_WINDOW:
            self._boundary.start(max(0, math.ceil(wait * 1000)) + 1)

    def _said(self, error: Exception) -> None:
        """To the app's error hook (the log, the status line), once while it repeats."""
        key = (type(error), str(error))
        if key != self._last_error:
            self._last_error = key
            sys.excepthook(type(error), error, error.__traceback__)

    def _arm(self) -> None:
        if self._running:
            into = time.time() % 1.0  # wake just after the next whole second
            self._timer.start(int((1.0 - into) * 1000) + 5)
