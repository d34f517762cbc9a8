"""Crash survival: SIGKILL the app at random moments, restart it, count losses.

A rehearsal (x200) writes a note every 20 ms through the window; the app
prints the id of each entry once it is committed (what the screen confirms).
This script kills it with SIGKILL at a random moment, starts it again on the
same database, and after all kills checks that every confirmed entry is in
the database, that ``PRAGMA integrity_check`` passes, and that the resumed
session clock and phase match the time that really passed.

    python bench/crash_survival.py [--kills 50]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import ROOT

from pap_guide.config.locations import Locations
from pap_guide.core.clock import FakeClock, RehearsalClock
from pap_guide.core.controller import SessionController
from pap_guide.core.protocol import load_catalog
from pap_guide.store.database import open_database
from pap_guide.store.sessions import SessionRepository


def run_once(data: Path, low: float, high: float) -> tuple[list[int], float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "crash_writer.py"), str(data)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if not first.startswith("READY"):
        raise SystemExit(f"the app did not start: {first!r}")
    ready = time.time()
    wait = random.uniform(low, high)
    time.sleep(wait)
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait()
    saved = [int(line.split()[1]) for line in rest.splitlines() if line.startswith("SAVED")]
    return saved, wait, ready


def check_clock(data: Path, dosed_at: float) -> tuple[str, str, float]:
    """The phase a restart shows, the phase real time says, and the clock error.

    ``dosed_at`` is the real time the first run reported ready (its dose was
    given just before), so the expectation does not come from the app itself.
    """
    locations = Locations(data)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    repository = SessionRepository(open_database(locations.database))
    record = repository.open_session()
    assert record is not None and record.anchor is not None
    base = FakeClock(wall=datetime.now(UTC))
    controller = SessionController(
        RehearsalClock(base, record.speed, record.anchor), repository, catalog.protocols
    )
    controller.resume()
    state = controller.state()
    assert state is not None and controller.timeline is not None
    expected = (time.time() - dosed_at) * record.speed
    protocol = catalog.protocols[record.protocol_key]
    phase = [p.name for p in protocol.phases if p.start <= expected][-1]
    return state.phase_name, phase, abs(state.elapsed - expected) / record.speed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        confirmed: list[int] = []
        started = time.monotonic()
        dosed_at = 0.0
        for kill in range(args.kills):
            saved, wait, ready = run_once(data, 0.2, 1.5)
            dosed_at = dosed_at or ready
            confirmed += saved
            print(
                f"kill {kill + 1:>3}: after {wait:.2f} s, {len(saved)} entries confirmed",
                flush=True,
            )
        database = Locations(data).database
        conn = sqlite3.connect(database)
        present = {row[0] for row in conn.execute("SELECT id FROM entries")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        lost = sorted(set(confirmed) - present)
        shown, expected, error = check_clock(data, dosed_at)
    print(f"kills: {args.kills} in {time.monotonic() - started:.0f} s")
    print(
        f"entries confirmed by the window: {len(confirmed)}; in the database: "
        f"{len(present)}; lost: {len(lost)}"
    )
    print(f"integrity_check: {integrity}")
    print(
        f"after the last restart: phase {shown} (real time says {expected}); clock off by "
        f"{error:.2f} real seconds against the wall clock (the first dose is up to a "
        "start-up before READY)"
    )
    sys.exit(1 if lost or integrity != "ok" or error > 2.0 else 0)


if __name__ == "__main__":
    main()
