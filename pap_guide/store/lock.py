"""One app per database: a real lock, held by the operating system.

An advisory ``flock`` on a file beside the database. The kernel releases it
when the process ends in any way (a crash or SIGKILL included), so a stale
lock never blocks the next start.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class DatabaseInUse(RuntimeError):
    """Another pap-guide has this database open."""


class DatabaseLock:
    def __init__(self, database: Path) -> None:
        self.path = Path(f"{database}.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        handle = os.fdopen(fd, "r+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read().strip() or "another process"
            handle.close()
            raise DatabaseInUse(
                f"pap-guide is already running with this database ({self.path.with_suffix('')}"
                f", process {holder}). Use that window, or close it first."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
