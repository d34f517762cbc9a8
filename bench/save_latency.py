"""Save-to-durable-commit latency of a log entry, against a bare sqlite3 insert.

Both write to the same disk in the same run, interleaved one by one, each
with WAL and synchronous=FULL: pap-guide through the logbook (checks, the
session context, sqlite-utils, the commit), the baseline a plain
``INSERT`` and ``COMMIT`` on a one-table database.

    python bench/save_latency.py [--n 500] [--dir PATH]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from common import ratio, summary

from pap_guide.config.locations import Locations
from pap_guide.core.clock import SystemClock
from pap_guide.core.controller import SessionController
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.protocol import load_catalog
from pap_guide.core.recorder import Recorder
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_database
from pap_guide.store.entries import EntryRepository
from pap_guide.store.sessions import SessionRepository


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--dir", type=Path, help="folder on the disk to test (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        db = open_database(folder / "app.db")
        locations = Locations(folder / "none")
        catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
        clock = SystemClock()
        controller = SessionController(
            clock, SessionRepository(db), catalog.protocols, Recorder(ActionRepository(db))
        )
        controller.start("standard-6h")
        book = LogBook(
            clock,
            EntryRepository(db),
            lambda: Context(controller.session.id, controller.protocol, controller.state(), None),
            controller.recorder,
        )
        bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=FULL")
        bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, utc TEXT, text TEXT)")
        app_times, bare_times = [], []
        for i in range(args.n):
            start = time.perf_counter()
            book.note(f"note {i}: patient resting, breathing slow", "Monitor")
            app_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            bare.execute("BEGIN")
            bare.execute(
                "INSERT INTO t (utc, text) VALUES (datetime('now'), ?)",
                (f"note {i}: patient resting, breathing slow",),
            )
            bare.execute("COMMIT")
            bare_times.append(time.perf_counter() - start)
    print(f"pap-guide note save:   {summary(app_times)}")
    print(f"bare sqlite3 + commit: {summary(bare_times)}")
    print(f"ratio of medians: {ratio(app_times, bare_times):.2f}x")


if __name__ == "__main__":
    main()
