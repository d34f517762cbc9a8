"""Track loudness for the player: measured in the background, kept in the database.

Tracks are scanned on a worker thread (decoding is slow, and the clock and
the log must never wait for it); results come back through a queue that the
GUI thread drains, because the database connection belongs to that thread.
A track not yet measured plays with a safe cut until its scan is in.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Iterable
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
        self._known: dict[Path, Measurement | str] = {}
        self._todo: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
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
        """The conductor's question: this track's measurement, if there is one yet."""
        found = self._known.get(path)
        if found is None:
            found = self.levels.get(path)
            if found is not None:
                self._known[path] = found
        return found if isinstance(found, Measurement) else None

    def measure_missing(self, paths: Iterable[Path]) -> int:
        """Queue every track with no valid measurement; returns how many were queued."""
        missing = [p for p in dict.fromkeys(paths) if self.levels.get(p) is None]
        for path in missing:
            self._known.pop(path, None)
            self._todo.put(path)
        self._asked += len(missing)
        if missing:
            self._start()
            self.progress.emit(self._measured, self._asked)
        return len(missing)

    def busy(self) -> bool:
        return self._measured < self._asked

    def stop(self) -> None:
        """The app is closing: the worker ends after the track it is on."""
        self._stopping.set()
        self._todo.put(None)
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
        while True:
            path = self._todo.get()
            if path is None or self._stopping.is_set():
                return
            key = file_key(path)
            if key is None:
                self._done.put((path, (0, 0), "file not found"))
            else:
                self._done.put((path, key, _scan(path)))

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
            self._known[path] = found
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
