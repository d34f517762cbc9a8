"""Killed at each fdatasync of a whole session, the database holds whole actions only.

The driver (tests/helpers/action_driver.py) runs the real app through a set-up, a first dose
with the checklist open, a supplemental dose and an early end. It is run once to the end
under strace to count its fdatasync calls, then once for every n of them with SIGKILL
injected at the n-th. After each kill the database is opened with plain sqlite3: it must be
intact, every committed action must have all the rows it declares and no row may be there
without its action, and the actions there must be the first ones of the complete run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers.asker import PEOPLE
from tests.helpers.faults import fsync_kill_points, run_killed_at

pytestmark = pytest.mark.slow

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
RECORD_TABLES = ("sessions", "events", "entries", "plays")
PROTOCOL = tomllib.loads((ROOT / "pap_guide/protocols/mdma.toml").read_text(encoding="utf-8"))
CHECKLIST = PROTOCOL["checklist"]
DISCHARGE = PROTOCOL["discharge"]
# What the driver's clicks make (its music is off, so no track rows come in between).
CLICKS = ["session set-up", "dose", "dose", "session end"]
MIN_KILL_POINTS = 8
TIMEOUT = 60.0


def driver(folder: Path) -> list[str]:
    return [sys.executable, "-m", "tests.helpers.action_driver", "--data-dir", str(folder)]


@dataclass(frozen=True)
class Held:
    """What a database holds after a run: its actions in commit order, and its sessions."""

    actions: list[str]
    sessions: int
    ended: int


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _count(conn: sqlite3.Connection, tables: set[str], table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in tables else 0


def read_database(path: Path) -> Held:
    """Open the database as any tool would and check it holds whole actions only."""
    assert path.exists(), f"{path} is missing"
    conn = sqlite3.connect(path)  # read-write: a killed WAL database is recovered on open
    try:
        # (a) the file is a sound database
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = _table_names(conn)
        if "actions" not in tables:
            # killed while the schema was being made: no record row may exist yet
            assert sum(_count(conn, tables, t) for t in RECORD_TABLES) == 0
            return Held([], 0, 0)
        conn.row_factory = sqlite3.Row
        actions = conn.execute("SELECT * FROM actions ORDER BY rowid").fetchall()
        sessions = conn.execute("SELECT * FROM sessions ORDER BY id").fetchall()
        events = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
        plays = conn.execute("SELECT * FROM plays ORDER BY id").fetchall()
        entries = _count(conn, tables, "entries")
    finally:
        conn.close()

    # (b) every declared row is there, and no row is there without its action
    declared = sum(a["rows"] for a in actions)
    held = len(sessions) + len(events) + entries + len(plays)
    assert declared == held, f"actions declare {declared} rows, the tables hold {held}"

    # Each action's record rows carry its stamp: the events (and a new session) of the
    # actions stamped at one moment are exactly the rows those actions declare.
    declared_at: Counter[tuple[int, str]] = Counter()
    tracks = Counter()
    for a in actions:
        if a["what"].startswith("track "):
            tracks[a["what"]] += a["rows"]
        else:
            declared_at[(a["session_id"], a["utc"])] += a["rows"]
    held_at: Counter[tuple[int, str]] = Counter()
    for s in sessions:
        held_at[(s["id"], s["created_utc"])] += 1
    for e in events:
        held_at[(e["session_id"], e["utc"])] += 1
    assert held_at == declared_at, "events without their action, or an action without events"
    plays_by_kind = Counter(p["kind"] for p in plays)
    assert plays_by_kind["start"] == tracks["track start"], "track starts"
    assert plays_by_kind["end"] == tracks["track end"], "track ends"

    # (c) no half action
    by_moment: dict[tuple[int, str], list[sqlite3.Row]] = defaultdict(list)
    for e in events:
        by_moment[(e["session_id"], e["utc"])].append(e)
    ended = 0
    for s in sessions:
        setup = by_moment[(s["id"], s["created_utc"])]
        kinds = Counter(e["kind"] for e in setup)
        assert kinds["session_started"] == 1, f"session {s['id']} has no session_started"
        people = {json.loads(e["data"])["name"] for e in setup if e["kind"] == "person_joined"}
        assert people == set(PEOPLE), f"session {s['id']} has people {people}"
        ticked: set[str] = set()
        for e in (e for e in events if e["session_id"] == s["id"]):
            data = json.loads(e["data"])
            together = by_moment[(s["id"], e["utc"])]
            overrides = [json.loads(o["data"])["what"] for o in together if o["kind"] == "override"]
            if e["kind"] == "checklist_ticked":
                ticked.add(data["item"])
            elif e["kind"] == "dose" and data["first"] and set(CHECKLIST) - ticked:
                assert any(w.startswith("dose with open checklist") for w in overrides), (
                    f"first dose {e['id']} without its override"
                )
            elif e["kind"] == "session_ended":
                ended += 1
                assert any(w.startswith("ended:") for w in overrides), (
                    f"session_ended {e['id']} without its override"
                )
                items = {
                    json.loads(d["data"])["item"]
                    for d in together
                    if d["kind"] == "discharge_ticked"
                }
                assert items == set(DISCHARGE), f"session_ended {e['id']} with ticks {items}"
    return Held([a["what"] for a in actions], len(sessions), ended)


def printed(stdout: str) -> list[str]:
    """The actions the driver reported committed (its commit had returned)."""
    return [line[len("DONE ") :] for line in stdout.splitlines() if line.startswith("DONE ")]


def test_killed_at_every_fdatasync_the_database_holds_whole_actions_only(tmp_path):
    began = time.monotonic()
    full_dir = tmp_path / "full"
    points = fsync_kill_points(driver(full_dir), env=ENV, cwd=ROOT, timeout=TIMEOUT)
    complete = read_database(full_dir / "pap-guide.db")
    full = complete.actions
    assert [w for w in full if not w.startswith("track ")] == CLICKS, full
    assert complete.sessions == 1 and complete.ended == 1
    assert points >= MIN_KILL_POINTS, f"only {points} fdatasync calls: the sweep proves little"

    table: list[tuple[int, int, int]] = []  # n, actions held, actions reported committed
    partial = 0
    for n in range(1, points + 1):
        folder = tmp_path / f"kill-{n}"
        run = run_killed_at(driver(folder), n, env=ENV, cwd=ROOT, timeout=TIMEOUT)
        assert run.returncode == -signal.SIGKILL, (
            f"n={n}: exited {run.returncode}, not killed: {run.stderr}"
        )
        held = read_database(folder / "pap-guide.db")
        got = held.actions
        # (d) the actions held are the first ones of the complete run ...
        assert got == full[: len(got)], f"n={n}: {got} is not a prefix of {full}"
        # ... including every one whose commit had returned; at most one more was in flight
        # (killed in its fdatasync, its WAL frames were already written).
        said = printed(run.stdout)
        table.append((n, len(got), len(said)))
        assert got[: len(said)] == said, f"n={n}: reported {said}, the database holds {got}"
        assert len(got) - len(said) in (0, 1), f"n={n}: reported {said}, held {got}"
        if held.sessions and 0 < len(got) < len(full):
            partial += 1

    assert partial >= 1, f"no kill left a partly recorded session: {table}"
    held_counts = [k for _, k, _ in table]
    assert held_counts == sorted(held_counts), f"a later kill held fewer actions: {table}"
    # Every action's own commit was a kill point: killed there, it had not been reported.
    in_flight = {k for _, k, r in table if k == r + 1}
    missed = [full[k - 1] for k in range(1, len(full) + 1) if k not in in_flight]
    assert not missed, f"no kill landed inside the commit of {missed}: {table}"
    print(
        f"\n{points} kill points in {time.monotonic() - began:.1f} s; "
        f"full run: {full}\n"
        + "\n".join(f"n={n:3d} -> {k} held, {r} reported" for n, k, r in table)
    )
