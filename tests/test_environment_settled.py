"""Once the app runs threads, nothing changes its environment.

glibc 2.36 may free the array getenv walks when another thread calls setenv,
putenv or unsetenv; libVLC's threads call getenv while music plays. The app
crashed (SIGSEGV in getenv) when NumPy, imported on the loudness thread, set
and unset OPENBLAS_MAIN_FREE as a libVLC thread read the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_the_environment_is_not_changed_while_music_and_the_loudness_scan_run(data_dir):
    run = subprocess.run(
        [sys.executable, "-m", "tests.helpers.environment_driver", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = run.stdout.splitlines()
    assert lines and lines[-1] == "DONE yes", (lines, run.stderr[-2000:])
    assert [line for line in lines if line.startswith("CHANGE")] == []
