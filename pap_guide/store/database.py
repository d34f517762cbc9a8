"""Opening the database: durable settings first, then migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from pap_guide.store.migrations import migrations


def open_database(path: Path | str) -> Database:
    """Open (creating if needed) the database at ``path``, migrated and durable.

    WAL keeps readers and the writer apart, ``synchronous=FULL`` makes every
    commit reach the disk before it returns, and foreign keys are enforced.
    """
    if str(path) != ":memory:":
        folder = Path(path).parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    conn = sqlite3.connect(str(path), timeout=5.0, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db)
    if str(path) != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(f"{path}{suffix}")
            if candidate.exists():
                os.chmod(candidate, 0o600)
    return db
