"""Data stays on the laptop: permissions, and no network sockets at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from pap_guide.store.database import open_database
from tests.conftest import ROOT


def test_data_folder_and_database_are_private(tmp_path):
    path = tmp_path / "clinic" / "pap-guide.db"
    open_database(path).close()
    assert path.parent.stat().st_mode & 0o777 == 0o700
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            assert candidate.stat().st_mode & 0o777 == 0o600, candidate


@pytest.mark.slow
def test_the_running_app_opens_no_network_socket(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.helpers.app_driver",
            "--data-dir",
            str(tmp_path),
            "--audio-output",
            "dummy",
            "--speed",
            "600",
            "--records",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().startswith("READY")
        process = psutil.Process(proc.pid)
        seen = []
        for _ in range(20):  # four seconds of a session with music, log and clock
            seen += process.net_connections(kind="inet")
            time.sleep(0.2)
        assert seen == []
        assert process.is_running()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
