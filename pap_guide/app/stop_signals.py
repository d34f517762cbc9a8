"""SIGTERM and SIGHUP: the desktop logging out, the computer shutting down, the
terminal pap-guide was started from closed.

Python's default for SIGTERM ends the process on the spot: the music cut, actions
the disk had not yet taken left unsaved, and the newest entries left in the
``-wal`` file beside the database (a copy of the ``.db`` alone held none of
them). Here the window closes as its close box closes it, without asking (no one
may be there to answer): the music stops, what the disk has not taken goes to
the recovery file, the chain's pin is kept, and the records are closed. The
session stays open, and comes back at the next start.

Python runs a signal's handler only between bytecodes, and Qt's event loop runs
none while it waits; the signal's byte written to a socket wakes it.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def close_on_signals(owner: QObject, close: Callable[[str], None]) -> None:
    """Call ``close`` with the signal's name, on the event loop, for each of SIGNALS."""
    wake, woken = socket.socketpair()
    for end in (wake, woken):
        end.setblocking(False)
    signal.set_wakeup_fd(wake.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(woken.fileno(), QSocketNotifier.Type.Read, owner)

    def drain() -> None:
        try:
            while woken.recv(64):
                pass
        except BlockingIOError:
            pass

    notifier.activated.connect(drain)

    def handler(number: int, _frame: object) -> None:
        name = signal.Signals(number).name
        QTimer.singleShot(0, owner, lambda: close(name))  # out of the handler: a plain turn

    for number in SIGNALS:
        signal.signal(number, handler)
    _KEPT.append((wake, woken, notifier))  # closed sockets would wake nothing


_KEPT: list[tuple[socket.socket, socket.socket, QSocketNotifier]] = []
