"""Track loudness for the player: measured in the background, kept in the database.

Tracks are scanned on a worker thread (decoding is slow, and the clock and
the log must never wait for it); results come back through a queue that the
GUI thread drains, because the database connection belongs to that thread.
A track not yet measured plays with a safe cut until its scan is in, and a
track the player asks about is measured before the rest of the library. A
measurement holds only while the file is the one measured (its size and
modification time): a file replaced while the app runs is measured again.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Iterable
from itertools import count
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from pap_guide.core.loudness import Measurement
from pap_guide.store.track_levels import TrackLevels, file_key

DRAIN_MS = 200
log = logging.getLogger(__name__)


def measure(levels: TrackLevels, path: Path) -> Measurement | str:
    """Scan ``path`` now (on this thread) and keep the result; a failure says why."""
    key = file_key(path)
    if key is None:
        return "file not found"
    found = _scan(path)
    levels.put(path, key, found)
    return found


class LevelBook(QObject):
    """What each track measured, and a background queue of tracks still to measure.

    Signals:
        progress(int, int): tracks measured so far, and how many were asked for.
    """

    progress = Signal(int, int)

    def __init__(self, levels: TrackLevels, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.levels = levels
        # what each file measured, with the file key it was measured at
        self._known: dict[Path, tuple[tuple[int, int], Measurement | str]] = {}
        # (0 for a track about to play, 1 for the library; the order asked; the path)
        self._todo: queue.PriorityQueue[tuple[int, int, Path | None]] = queue.PriorityQueue()
        self._order = count()
        self._queued: dict[Path, int] = {}  # asked for and not yet measured: its priority
        self._done: queue.SimpleQueue[tuple[Path, tuple[int, int], Measurement | str]] = (
            queue.SimpleQueue()
        )
        self._asked = 0
        self._measured = 0
        self._worker: threading.Thread | None = None
        self._stopping = threading.Event()
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self._drain)

    def measurement(self, path: Path) -> Measurement | None:
        """The conductor's question: this track's measurement, if there is one yet.

        One not measured (or changed since) is queued ahead of the library."""
        key = file_key(path)
        if key is None:
            return None  # gone: the player will say it cannot play it
        known = self._known.get(path)
        if known is not None and known[0] == key:
            found: Measurement | str | None = known[1]
        elif self._queued.get(path) == 0:
            return None  # being measured first: a tick asks no SQL while it waits
        else:
            found = self.levels.get(path)  # None unless measured as the file is now
            if found is None:
                self._known.pop(path, None)
                self._queue([path], first=True)
            else:
                self._known[path] = (key, found)
        return found if isinstance(found, Measurement) else None

    def measure_missing(self, paths: Iterable[Path]) -> int:
        """Queue every track with no valid measurement; returns how many were queued."""
        missing = [p for p in dict.fromkeys(paths) if self.levels.get(p) is None]
        return self._queue(missing, first=False)

    def _queue(self, paths: list[Path], first: bool) -> int:
        """Queue ``paths``; ``first``: ahead of the library, even if it asked already."""
        priority = 0 if first else 1
        fresh = [p for p in paths if self._queued.get(p, 2) > priority]
        for path in fresh:
            self._known.pop(path, None)
            self._queued[path] = priority
            self._todo.put((priority, next(self._order), path))
        self._asked += len(fresh)
        if fresh:
            self._start()
            self.progress.emit(self._measured, self._asked)
        return len(fresh)

    def busy(self) -> bool:
        return self._measured < self._asked

    def stop(self) -> None:
        """The app is closing: the worker ends after the track it is on."""
        self._stopping.set()
        self._todo.put((-1, -1, None))
        self._timer.stop()
        if self._worker is not None:
            self._worker.join(timeout=5)  # a daemon thread inside FFmpeg at exit can crash

    def _start(self) -> None:
        if not self._timer.isActive():
            self._timer.start()
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, name="loudness", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        """Worker thread: scan, hand the result over; no Qt and no database here."""
        scanned: dict[Path, tuple[tuple[int, int], Measurement | str]] = {}  # this thread's
        while True:
            _, _, path = self._todo.get()
            if path is None or self._stopping.is_set():
                return
            key = file_key(path)
            if key is None:
                self._done.put((path, (0, 0), "file not found"))
                continue
            before = scanned.get(path)  # asked for twice (the library, then the player)
            found = before[1] if before is not None and before[0] == key else _scan(path)
            scanned[path] = (key, found)
            self._done.put((path, key, found))

    def _drain(self) -> None:
        got = False
        while True:
            try:
                path, key, found = self._done.get_nowait()
            except queue.Empty:
                break
            if key != (0, 0):
                try:
                    self.levels.put(path, key, found)
                except sqlite3.Error as exc:  # a full disk: kept for this run only
                    log.warning("Loudness of %s not kept: %s", path.name, exc)
            self._known[path] = (key, found)
            self._queued.pop(path, None)
            self._measured += 1
            got = True
        if got:
            self.progress.emit(self._measured, self._asked)
        if not self.busy():
            self._timer.stop()


def _scan(path: Path) -> Measurement | str:
    """The loudness scan, imported when the first track is measured (PyAV loads slowly)."""
    from pap_guide.playback.loudness_scan import scan_or_reason

    return scan_or_reason(path)
