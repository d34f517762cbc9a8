"""Kill the real app with SIGKILL; the next start brings the session back."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QWidget

from pap_guide.core.clock import SystemClock
from pap_guide.store.plays import PlayRepository
from tests.conftest import ROOT


def start_app(data_dir, *extra):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.app_driver", "--data-dir", str(data_dir), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.startswith("READY"), line
    return proc, int(line.split()[1])


def kill(proc):
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def parse_clock(text):
    assert text.startswith("T+"), text
    h, m, s = (int(part) for part in text[2:].split(":"))
    return h * 3600 + m * 60 + s


@pytest.mark.slow
def test_real_session_survives_sigkill(data_dir, make_window):
    proc, session_id = start_app(data_dir)
    started = datetime.now(UTC)
    time.sleep(random.uniform(0.2, 1.5))
    kill(proc)
    time.sleep(1.0)
    window = make_window(clock=SystemClock())
    assert window.desk.session.id == session_id
    shown = parse_clock(window.findChild(QWidget, "sessionClock").text())
    real = (datetime.now(UTC) - started).total_seconds()
    assert abs(shown - real) <= 2
    assert window.findChild(QWidget, "phaseName").text() == "Introspection"


@pytest.mark.slow
def test_rehearsal_with_a_phase_move_survives_repeated_sigkills(data_dir, make_window):
    speed = 120.0
    proc, session_id = start_app(data_dir, "--speed", str(speed), "--advance")
    for _ in range(3):
        time.sleep(random.uniform(0.1, 0.8))
        kill(proc)
        proc, again = start_app(data_dir)  # no --speed: the rehearsal resumes itself
        assert again == session_id
    kill(proc)
    window = make_window(clock=SystemClock())
    controller = window.desk
    assert controller.session.rehearsal and controller.session.speed == speed
    state = controller.state()
    # The phase move happened within a few real seconds of the start: Peak now
    # began at that moment, so we are still in Peak (75 planned minutes long).
    assert state.phase_name == "Peak"
    assert [e.kind for e in controller.events].count("phase_advanced") == 1
    expected = (datetime.now(UTC) - controller.session.anchor).total_seconds() * speed
    dose_offset = (controller.timeline.dose_at - controller.session.anchor).total_seconds()
    assert abs(state.elapsed - (expected - dose_offset)) <= 2 * speed


@pytest.mark.slow
def test_the_clinical_record_survives_sigkill(data_dir, make_window):
    proc, session_id = start_app(data_dir, "--records")
    time.sleep(random.uniform(0.1, 0.6))
    kill(proc)
    window = make_window(clock=SystemClock())
    facts = window.desk.facts()
    assert window.desk.session.id == session_id
    assert window.desk.session.patient == "P-T001"
    assert facts.people == {"Mara": "guide", "Jon": "co-guide", "Ana": "monitor"}
    assert [d.amount for d in facts.doses] == [25.0, 5.0]
    assert list(facts.out) == ["Mara"] and facts.out["Mara"].cover == "Jon"
    assert window.desk.protocol.setup.checklist[-1] in facts.checklist
    assert any(what.startswith("dose with open checklist") for what, _, _ in facts.overrides)
    lines = window.log_panel.book.lines()
    assert lines[0].original.data["values"] == {"systolic": 150, "diastolic": 90}


@pytest.mark.slow
def test_a_restart_brings_back_the_room_and_records_itself(data_dir, make_window, qtbot):
    proc, session_id = start_app(data_dir, "--protocol", "mdma", "--records")
    time.sleep(random.uniform(0.3, 0.8))
    kill(proc)
    window = make_window(clock=SystemClock())
    assert window.desk.session.id == session_id
    people = [b.text() for b in window.log_panel.author_group.buttons()]
    assert people == ["Mara", "Jon", "Ana"]  # not "Monitor"
    assert window.log_panel.author() == "Ana"  # the last one logging (the vitals)
    combo = window.findChild(QWidget, "protocolCombo")
    assert combo.currentData() == "mdma"
    assert list(window.desk.facts().out) == ["Mara"]  # still stepped out
    kinds = [e.kind for e in window.desk.events]
    assert kinds.count("resumed") == 1
    history = PlayRepository(window.desk.controller.store.db).history(session_id)
    starts = [r for r in history if r["kind"] == "start"]
    ends = {r["start_id"]: r for r in history if r["kind"] == "end"}
    assert starts and all(s["id"] in ends for s in starts[:-1])  # the new start plays on
    assert "interrupted" in {e["reason"] for e in ends.values()}


@pytest.mark.slow
def test_music_hushed_before_a_sigkill_stays_hushed_after_the_restart(data_dir, make_window):
    from pap_guide.core.conductor import HUSH

    proc, session_id = start_app(data_dir, "--audio-output", "null", "--hush")
    kill(proc)
    window = make_window(clock=SystemClock())
    assert window.desk.session.id == session_id
    music = window.music
    assert music is not None
    window.refresh()
    assert music.conductor.held == HUSH  # not faded back in over the conversation
    assert music.player.state != "playing"
    assert "Hushed" in window.findChild(QWidget, "nowPlaying").text()
    with sqlite3.connect(data_dir / "pap-guide.db") as conn:
        rows = conn.execute("SELECT kind, reason FROM plays ORDER BY id").fetchall()
    assert rows == [("start", None), ("end", "hush")], rows  # nothing started again


@pytest.mark.slow
def test_a_track_killed_mid_play_ends_near_when_the_app_stopped(data_dir, make_window):
    """Nothing logged while a piece plays, then a SIGKILL: its end is not put at its own
    start (the last saved action), and the restart does not count the quiet as away."""
    from pap_guide.core.alive import ALIVE_SECONDS

    proc, session_id = start_app(data_dir, "--audio-output", "null")
    began = time.monotonic()
    time.sleep(ALIVE_SECONDS + 3)
    kill(proc)
    ran = time.monotonic() - began
    window = make_window(clock=SystemClock())
    assert window.desk.session.id == session_id
    with sqlite3.connect(data_dir / "pap-guide.db") as conn:
        first, end = conn.execute(
            "SELECT s.session_seconds, e.session_seconds FROM plays s JOIN plays e"
            " ON e.start_id = s.id AND e.reason = 'interrupted' ORDER BY s.id LIMIT 1"
        ).fetchone()
        (resumed,) = conn.execute("SELECT data FROM events WHERE kind = 'resumed'").fetchone()
    played = end - first
    assert ran - ALIVE_SECONDS - 2 <= played <= ran, (played, ran)
    assert json.loads(resumed)["away_seconds"] <= ALIVE_SECONDS + 3
