"""A real full disk under the whole window: nothing typed is lost or restamped.

The database lives on a small tmpfs that the test mounts and fills to the
last byte; the monitor and the guide go on working through the real widgets.
When space comes back, every action is in the database exactly once, in the
order it was made, with the time it was made.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from pap_guide.app import create_window
from tests.conftest import ROOT
from tests.helpers.asker import AutoAsker
from tests.helpers.faults import fill, free, small_disk
from tests.helpers.ui import begin, child

pytestmark = pytest.mark.slow


@pytest.fixture
def disk():
    with small_disk(4096) as mounted:
        yield mounted


def open_window(qtbot, argv, clock=None):
    """The real window, its dialogs answered by the test's asker."""
    window = create_window(argv, clock=clock)
    window.asker = AutoAsker()
    qtbot.addWidget(window)
    return window


def note(qtbot, window, text):
    edit = child(window, "noteEdit")
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def vitals(qtbot, window, systolic, diastolic):
    qtbot.keyClicks(child(window, "systolicEdit"), systolic)
    qtbot.keyClicks(child(window, "diastolicEdit"), diastolic)
    qtbot.keyClick(child(window, "diastolicEdit"), Qt.Key.Key_Return)


def killed_after(driver, said, *args):
    """Run ``tests.helpers.<driver>`` as a real app, SIGKILL it once it prints a line
    starting ``said``; return that line."""
    proc = subprocess.Popen(
        [sys.executable, "-m", f"tests.helpers.{driver}", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.startswith(said), line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    return line


def rows(path, sql):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_a_full_disk_loses_nothing_and_restamps_nothing(qtbot, disk, fake_clock):
    data = disk / "data"
    window = open_window(
        qtbot, ["--data-dir", str(data), "--audio-output", "null"], clock=fake_clock
    )
    begin(window)
    window.ticker.stop()  # the test drives the ticks
    filler = fill(disk)
    typed = []
    for number in range(10):
        fake_clock.advance(60)
        note(qtbot, window, f"note {number}")
        typed.append((f"note {number}", window.desk.state().elapsed))
    assert child(window, "noteEdit").text() == ""  # the form stays usable
    for _ in range(3):
        fake_clock.advance(30)
        child(window, "observation_nausea").click()
    fake_clock.advance(60)
    vitals(qtbot, window, "150", "95")
    first_vitals_at = window.desk.state().elapsed
    fake_clock.advance(60)
    vitals(qtbot, window, "140", "90")
    child(window, "nextPhaseButton").click()
    child(window, "extendPhaseButton").click()
    child(window, "recordDoseButton").click()  # a supplemental dose
    window.on_tick()  # still full: tried again, all kept
    pending = child(window, "pendingLabel")
    assert not pending.isHidden() and "the disk is full" in pending.text()
    waiting = len(window.runner.recorder.pending)
    assert waiting >= 18
    record = sum(1 for a in window.runner.recorder.pending if a.events or a.entries)
    assert record >= 18  # the music's rows are counted apart, not as the monitor's entries
    assert pending.text().startswith(f"{record} entries")
    assert window.desk.state().phase_name != "Introspection"  # the move holds at once
    assert len(window.desk.facts().doses) == 2
    free(filler)
    fake_clock.advance(600)  # saved later, stamped as typed
    window.on_tick()
    assert window.runner.recorder.pending == []
    assert pending.isHidden()
    db = data / "pap-guide.db"
    notes = rows(
        db,
        "SELECT json_extract(data, '$.text'), session_seconds FROM entries "
        "WHERE kind = 'note' ORDER BY id",
    )
    assert notes == typed
    assert rows(db, "SELECT count(*) FROM entries WHERE kind = 'observation'") == [(3,)]
    saved_vitals = rows(db, "SELECT session_seconds FROM entries WHERE kind = 'vitals' ORDER BY id")
    assert [s for (s,) in saved_vitals] == [first_vitals_at, first_vitals_at + 60]
    kinds = [k for (k,) in rows(db, "SELECT kind FROM events ORDER BY id")]
    assert kinds.count("dose") == 2
    assert "phase_advanced" in kinds and "phase_extended" in kinds
    assert rows(db, "SELECT count(*) FROM actions") == rows(
        db, "SELECT count(DISTINCT key) FROM actions"
    )
    window.close()


def test_closing_with_entries_unsaved_keeps_them_for_the_next_start(qtbot, disk, fake_clock):
    data = disk / "data"
    argv = ["--data-dir", str(data), "--audio-output", "null"]
    window = open_window(qtbot, argv, clock=fake_clock)
    begin(window)
    window.ticker.stop()
    filler = fill(disk)
    typed = []
    for number in range(4):
        fake_clock.advance(90)
        note(qtbot, window, f"before close {number}")
        typed.append((f"before close {number}", window.desk.state().elapsed))
    assert window.runner.recorder.pending
    window.close()
    assert any("Close anyway?" in q for q in window.asker.questions)
    recovery = window.recovery.path
    assert recovery.exists() and recovery.stat().st_mode & 0o777 == 0o600  # kept all along
    assert not recovery.is_relative_to(disk)  # off the full disk
    free(filler)
    fake_clock.advance(3600)
    again = open_window(qtbot, argv, clock=fake_clock)
    qtbot.waitUntil(lambda: bool(again.asker.questions))  # offered once the window is up
    assert "Add them to the record now" in again.asker.questions[0]
    assert "added to the record with their original times" in child(again, "problemBanner").text()
    db = data / "pap-guide.db"
    notes = rows(
        db,
        "SELECT json_extract(data, '$.text'), session_seconds FROM entries "
        "WHERE kind = 'note' ORDER BY id",
    )
    assert notes == typed
    assert rows(db, "SELECT count(*) FROM events WHERE kind = 'actions_recovered'") == [(1,)]
    assert not recovery.exists()
    fake_clock.advance(100 * 60)
    child(again, "recordDoseButton").click()  # the next action after a recovery is saved too
    assert again.runner.recorder.broken == [] and again.runner.recorder.pending == []
    assert rows(db, "SELECT count(*) FROM events WHERE kind = 'dose'") == [(2,)]
    assert not list(recovery.parent.glob("*.json*"))  # no copy of the record lingers
    again.close()


def test_an_offer_taken_while_the_disk_is_still_full_holds_at_once(qtbot, disk, fake_clock):
    data = disk / "data"
    argv = ["--data-dir", str(data), "--audio-output", "off"]
    window = open_window(qtbot, argv, clock=fake_clock)
    begin(window)
    window.ticker.stop()
    filler = fill(disk)
    fake_clock.advance(60)
    note(qtbot, window, "typed while full")
    child(window, "nextPhaseButton").click()
    window.close()
    again = open_window(qtbot, argv, clock=fake_clock)  # the disk is still full
    again.ticker.stop()
    qtbot.waitUntil(lambda: bool(again.asker.questions))
    assert again.log_panel.book.lines()[0].current.data["text"] == "typed while full"
    assert again.desk.state().phase_name == "Peak"  # the phase move holds at once
    assert again.runner.recorder.pending
    free(filler)
    again.on_tick()
    db = data / "pap-guide.db"
    assert again.runner.recorder.pending == []
    assert rows(db, "SELECT json_extract(data, '$.text') FROM entries") == [("typed while full",)]
    assert rows(db, "SELECT count(*) FROM events WHERE kind = 'phase_advanced'") == [(1,)]
    again.close()


def test_a_kill_while_the_disk_is_full_loses_nothing(qtbot, disk, fake_clock):
    data = disk / "data"
    line = killed_after("queue_driver", "QUEUED", data, disk, "6")
    times = [float(t) for t in line.split()[1:]]
    for filler in disk.glob(".filler-*"):
        free(filler)
    window = open_window(qtbot, ["--data-dir", str(data), "--audio-output", "null"])
    qtbot.waitUntil(lambda: bool(window.asker.questions))
    assert "6 changes (note ×6) could not be saved" in window.asker.questions[0]
    notes = rows(
        data / "pap-guide.db",
        "SELECT json_extract(data, '$.text'), session_seconds FROM entries "
        "WHERE kind = 'note' ORDER BY id",
    )
    assert notes == [(f"typed while full {n}", t) for n, t in enumerate(times)]
    window.close()


def test_kills_on_a_full_disk_end_each_track_once(qtbot, disk):
    """Killed three times while the disk stayed full, the first version ended the
    first track once for each start (its end waited in a recovery file each time)
    and never ended the tracks started while the disk refused."""
    data = disk / "data"
    for mode in ("first", "again", "again"):
        killed_after("restart_driver", "WAITING", data, disk, mode)
    for filler in disk.glob(".filler-*"):
        free(filler)
    window = open_window(qtbot, ["--data-dir", str(data), "--audio-output", "null"])
    qtbot.waitUntil(lambda: bool(window.asker.questions))
    window.close()
    db = data / "pap-guide.db"
    starts = [s for (s,) in rows(db, "SELECT id FROM plays WHERE kind = 'start' ORDER BY id")]
    ends = [e for (e,) in rows(db, "SELECT start_id FROM plays WHERE kind = 'end'")]
    assert len(starts) >= 4  # one a run at least
    assert len(ends) == len(set(ends))  # no track ended twice
    assert set(starts) - set(ends) <= {starts[-1]}  # each ended but the one playing now
    assert rows(db, "SELECT json_extract(data, '$.text') FROM entries") == [("typed while full",)]
