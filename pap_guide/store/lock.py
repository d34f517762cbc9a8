"""One writer per database file: a lock the kernel holds on the file itself.

An advisory ``flock`` on the database file (not on a name beside it), so every
path that leads to the same file, a symlink, a hard link or a relative path,
meets the same lock. The kernel releases it when the process ends in any way
(a crash or SIGKILL included), so a stale lock never blocks the next start.
flock and SQLite's own POSIX locks do not interact on Linux; the locking
descriptor stays open for the life of the process, since closing any
descriptor of a file would drop SQLite's POSIX locks on it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from pap_guide.core.private_files import private_dir


class DatabaseInUse(RuntimeError):
    """Another pap-guide (or pap-guide encrypt) has this database open."""


class DatabaseLock:
    def __init__(self, database: Path) -> None:
        self.database = Path(database)
        self.note = Path(f"{database}.lock")  # who holds it, for the message only
        self._fd: int | None = None

    def acquire(self) -> None:
        private_dir(self.database.parent)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.database, flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DatabaseInUse(
                f"pap-guide is open on this database ({self.database}, {self._holder()}): "
                "close it first."
            ) from None
        self._fd = fd
        note = os.open(self.note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(note, "w") as handle:
            handle.write(str(os.getpid()))

    def _holder(self) -> str:
        try:
            pid = self.note.read_text().strip()
        except OSError:
            return "another process"
        return f"process {pid}" if pid.isdigit() else "another process"

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
