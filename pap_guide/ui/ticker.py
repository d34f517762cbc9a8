"""The ticker: asks for a redraw a few times a second.

It never counts time itself. The clock on screen is computed from the dose
time at every redraw, so a late or missed tick changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal


class Ticker(QObject):
    """Emits ``ticked`` every ``interval_ms`` while running.

    Signals:
        ticked(): time to redraw.
    """

    ticked = Signal()

    def __init__(self, interval_ms: int = 250, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.ticked)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
