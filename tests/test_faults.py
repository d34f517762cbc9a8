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
    assert "already running with this database" in second.stderr
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    again = DatabaseLock(tmp_path / "pap-guide.db")
    again.acquire()  # the kernel released the dead process's lock
    again.release()
