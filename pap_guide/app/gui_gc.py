"""Python's cycle collector, run on the GUI thread only.

Python collects reference cycles in whichever thread happens to allocate when
a generation fills up: the loudness scanner's, or a libVLC thread running a
callback. A QObject in such a cycle was then destroyed on that thread: its
destructor took Qt's connection lock and waited for the interpreter lock,
which the GUI thread held while it waited for that same lock to connect a
signal. The window hung for good (seen making the vitals chart while the
scanner ran). Automatic collection is turned off, and a timer on the GUI thread
collects as Python would have, at the same thresholds.

The ``pap-guide`` command turns collection off before it imports the window
(``pap_guide.main``): the start then spends nothing on collections (some 30 ms
of 70 small ones before). The first collection here is a whole one, after
which everything the start made and kept is frozen out of later collections:
the window's objects live as long as the app, and walking them again once a
minute is CPU the music's laptop spends for nothing.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer

EVERY_MS = 1000  # as often as the clock ticks: a second of garbage is little
# a whole collection walks every object (tens of ms on the GUI thread): Python
# spaces them out by how much survived; here, by time
OLDEST_EVERY_S = 60.0


class GuiThreadCollector:
    """Collects each generation once its count passes Python's own threshold."""

    def __init__(self, app: QCoreApplication) -> None:
        self.thresholds = gc.get_threshold()
        self.oldest_at = time.monotonic()
        self.frozen = False
        gc.disable()
        self.timer = QTimer(app)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        if not self.frozen:  # a second after the start: what it kept, it keeps
            self.frozen = True
            gc.collect()
            gc.freeze()
            return
        counts = gc.get_count()
        for generation in (2, 1, 0):  # the oldest that is due takes the younger with it
            if counts[generation] <= self.thresholds[generation]:
                continue
            if generation == 2:
                if time.monotonic() - self.oldest_at < OLDEST_EVERY_S:
                    continue
                self.oldest_at = time.monotonic()
            gc.collect(generation)
            return


_INSTALLED: list[GuiThreadCollector] = []


def collect_on_gui_thread() -> None:
    """Once per process, with the application made: every later collection on its thread."""
    app = QCoreApplication.instance()
    if app is not None and not _INSTALLED:
        _INSTALLED.append(GuiThreadCollector(app))
