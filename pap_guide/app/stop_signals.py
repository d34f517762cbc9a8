"""SIGTERM and SIGHUP: the desktop logging out, the computer shutting down, the
terminal pap-guide was started from closed.

Python's default for SIGTERM ends the process on the spot: the music cut, actions
the disk had not yet taken left unsaved, and the newest entries left in the
``-wal`` file beside the database (a copy of the ``.db`` alone held none of
them). Here the window closes as its close box closes it, without asking (no one
may be there to answer): the music stops, what the disk has not taken goes to
the recovery file, the chain's pin is kept, and the records are closed. The
session stays open, and comes back at the next start.

A signal during the start (the passphrase or the encryption question open)
closes those questions and the start stops before anything is opened. Once the
event loop has ended, later signals are ignored until the records are closed: a
second one (a logout and the terminal closing together) ended the process
before they were, or ran its handler on a window already gone.

Python runs a signal's handler only between bytecodes, and Qt's event loop runs
none while it waits; the signal's byte written to a pipe wakes it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

SIGNALS = (signal.SIGTERM, signal.SIGHUP)
NUMBERS = frozenset(int(number) for number in SIGNALS)


class StopSignals:
    """Installed as the app starts; ``close`` (the window's) is given once there is one."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.pending = ""  # the signal that came before there was a window to close
        self._arrived: list[int] = []  # the stop signals' numbers, in the order they came
        self._close: Callable[[str], None] | None = None
        # a pipe, not a socket pair: the socket module is some 10 ms of every start
        self._woken, self._wake = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._fd_before = signal.set_wakeup_fd(self._wake, warn_on_full_buffer=False)
        self._before = {number: signal.getsignal(number) for number in SIGNALS}
        self._notifier = QSocketNotifier(self._woken, QSocketNotifier.Type.Read, app)
        self._notifier.activated.connect(self._take_wakeups)
        for number in SIGNALS:
            signal.signal(number, self._handle)

    def close_with(self, close: Callable[[str], None]) -> None:
        """From now on a signal calls ``close`` with its name (at once, for one that
        came during the start)."""
        self._close = close
        if self.pending:
            QTimer.singleShot(0, self.app, self._deliver)

    def done(self) -> None:
        """The event loop has ended: later signals are ignored until ``restore``."""
        for number in SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        self._notifier.setEnabled(False)

    def restore(self) -> None:
        """Everything closed: the signals as they were before (ended by the next one)."""
        for number, handler in self._before.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._fd_before)
        os.close(self._wake)
        os.close(self._woken)

    def _handle(self, number: int, _frame: object) -> None:
        # signals that came together have their handlers run by number (SIGHUP's
        # before SIGTERM's); the pipe has them in the order they came
        self._take_wakeups()
        first = self._arrived[0] if self._arrived else number
        self.pending = self.pending or signal.Signals(first).name
        QTimer.singleShot(0, self.app, self._deliver)  # out of the handler: a plain turn

    def _deliver(self) -> None:
        if self._close is not None:
            self._close(self.pending)
            return
        modal = QApplication.activeModalWidget()  # still starting: its question closes,
        if modal is not None:  # and the start stops before anything is opened
            modal.close()

    def _take_wakeups(self) -> None:
        """What the pipe holds: a byte for each signal, its number, as it came."""
        try:
            while chunk := os.read(self._woken, 64):
                self._arrived.extend(number for number in chunk if number in NUMBERS)
        except (BlockingIOError, OSError):
            pass
