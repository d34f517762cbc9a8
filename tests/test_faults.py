"""Faults a clinic laptop meets: a second instance, a database that cannot be written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from pap_guide.store.lock import DatabaseInUse, DatabaseLock
from tests.conftest import ROOT
from tests.helpers.ui import begin, child


def test_lock_refuses_a_second_holder_and_frees_on_release(tmp_path):
    first, second = DatabaseLock(tmp_path / "p.db"), DatabaseLock(tmp_path / "p.db")
    first.acquire()
    with pytest.raises(DatabaseInUse, match=f"process {os.getpid()}"):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


@pytest.mark.slow
def test_second_app_on_the_same_database_is_refused_and_the_lock_dies_with_the_first(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [
        sys.executable,
        "-m",
        "pap_guide",
        "--data-dir",
        str(tmp_path),
        "--audio-output",
        "null",
    ]
    first = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    lock = tmp_path / "pap-guide.db.lock"
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        assert time.monotonic() < deadline, "the first app never took the lock"
        time.sleep(0.1)
    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert second.returncode == 3
    assert (
        "pap-guide is open on this database" in second.stderr and "close it first" in second.stderr
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    again = DatabaseLock(tmp_path / "pap-guide.db")
    again.acquire()  # the kernel released the dead process's lock
    again.release()


@pytest.mark.slow
def test_a_start_refused_while_libvlc_loads_ends_plainly(tmp_path):
    """libVLC starts loading on its own thread as soon as Qt is up, before the
    lock is tried: a refused start waits for it and ends with its message and 3,
    never a crash or a hang at exit."""
    held = DatabaseLock(tmp_path / "pap-guide.db")
    held.acquire()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "pap_guide", "--data-dir", str(tmp_path)]
    try:
        for _ in range(3):
            refused = subprocess.run(
                [*command, "--audio-output", "dummy"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert refused.returncode == 3, refused.stderr
            assert "close it first" in refused.stderr
            assert "Traceback" not in refused.stderr and "Fatal" not in refused.stderr
    finally:
        held.release()


def test_an_error_that_is_not_the_disk_is_not_retried_and_the_queue_goes_on(make_window):
    import sqlite3 as sqlite

    window = make_window()
    begin(window)
    book = window.log_panel.book
    recorder = window.runner.recorder
    taken = recorder._ids["entries"] + 1
    with sqlite.connect(window.desk.controller.store.db.conn.execute("PRAGMA database_list")
                        .fetchone()[2]) as other:  # fmt: skip
        other.execute(
            "INSERT INTO entries (id, session_id, kind, utc, author, data, struck, flags) "
            "VALUES (?, ?, 'note', '2026-01-01T00:00:00+00:00', 'x', '{}', 0, '[]')",
            [taken, window.desk.session.id],
        )
    with pytest.raises(sqlite.IntegrityError):
        book.note("collides with a row written behind the app's back", "Ana")
    assert len(recorder.broken) == 1 and recorder.pending == []
    book.note("the next one is saved", "Ana")
    assert recorder.pending == []
    window.on_tick()
    assert "error in pap-guide" in child(window, "pendingLabel").text()
