"""Crash survival: SIGKILL the app at random moments, restart it, count losses.

A rehearsal (x200) writes a note every 20 ms through the window; the app
prints the id of each entry once the window has taken it (TYPED) and once it
is on disk (SAVED). The database lives on a small tmpfs this script mounts
(root only); in every ``--full-every``-th run the script fills that disk while
the app writes, so the kill lands while entries wait in the queue, then frees
it before the restart. After all kills it checks that every entry the window
took is in the database (those typed while the disk was full come back from
the unsaved-entries file the next start offers), that ``PRAGMA
integrity_check`` passes, and that the resumed session clock and phase match
the time that really passed.

    sudo python bench/crash_survival.py [--kills 50] [--full-every 3]
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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from common import ROOT

from pap_guide.config.locations import Locations
from pap_guide.core.clock import FakeClock, RehearsalClock
from pap_guide.core.controller import SessionController
from pap_guide.core.protocol import load_catalog
from pap_guide.core.recorder import Recorder
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_database
from pap_guide.store.sessions import SessionRepository
from tests.helpers.faults import fill, free, small_disk


@dataclass
class Run:
    typed: list[int]
    saved: list[int]
    wait: float
    ready: float


def run_once(data: Path, low: float, high: float, disk: Path | None, env: dict[str, str]) -> Run:
    """One app run killed at a random moment; with ``disk``, filled to the brim first."""
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
    filler = None
    if disk is not None:
        time.sleep(wait / 3)
        filler = fill(disk)
        time.sleep(wait * 2 / 3)
    else:
        time.sleep(wait)
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait()
    if filler is not None:
        free(filler)
    lines = rest.splitlines()
    return Run(_ids(lines, "TYPED"), _ids(lines, "SAVED"), wait, ready)


def _ids(lines: list[str], tag: str) -> list[int]:
    return [int(line.split()[1]) for line in lines if line.startswith(tag + " ")]


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
        RehearsalClock(base, record.speed, record.anchor),
        repository,
        catalog.protocols,
        Recorder(ActionRepository(repository.db)),
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
    parser.add_argument("--full-every", type=int, default=3, help="0: never fill the disk")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)
    with tempfile.TemporaryDirectory() as cache, small_disk(32768) as disk:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        env["XDG_CACHE_HOME"] = cache  # unsaved entries go off the small disk
        data = disk / "data"
        typed: list[int] = []
        saved: list[int] = []
        full_runs = 0
        started = time.monotonic()
        dosed_at = 0.0
        for kill in range(args.kills):
            full = bool(args.full_every) and kill % args.full_every == args.full_every - 1
            run = run_once(data, 0.3, 1.5, disk if full else None, env)
            full_runs += full
            dosed_at = dosed_at or run.ready
            typed += run.typed
            saved += run.saved
            print(
                f"kill {kill + 1:>3}: after {run.wait:.2f} s{' (disk full)' if full else ''}, "
                f"{len(run.typed)} typed, {len(run.saved)} on disk when killed",
                flush=True,
            )
        run_once(data, 1.0, 1.0, None, env)  # a last start takes in what the full runs kept
        database = Locations(data).database
        conn = sqlite3.connect(database)
        present = {row[0] for row in conn.execute("SELECT id FROM entries")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        lost = sorted(set(typed) - present)
        shown, expected, error = check_clock(data, dosed_at)
    waited = len(set(typed) - set(saved))
    took = time.monotonic() - started
    print(f"kills: {args.kills} ({full_runs} with the disk full) in {took:.0f} s")
    print(
        f"entries typed: {len(typed)}; on disk when killed: {len(saved)}; waiting when "
        f"killed: {waited}; in the database at the end: {len(present)}; lost: {len(lost)}"
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
