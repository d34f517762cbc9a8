"""The command line works on a laptop where Qt cannot load at all.

Each subcommand runs in a real process in which ``import PySide6`` fails, as
it does when the package or its system libraries are missing. ``doctor``
names Qt as the problem, with its fix, instead of dying.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.helpers.scripted import scripted_session

pytestmark = pytest.mark.slow


@pytest.fixture
def no_qt_env(tmp_path):
    broken = tmp_path / "broken"
    for name in ("PySide6", "shiboken6"):
        (broken / name).mkdir(parents=True)
        (broken / name / "__init__.py").write_text(
            f"raise ImportError('{name} is not installed (simulated)')\n"
        )
    path = os.pathsep.join([str(broken), str(ROOT)])
    return {**os.environ, "PYTHONPATH": path, "PAP_GUIDE_PASSPHRASE": "correct horse battery"}


def run(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "pap_guide", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_qt_really_cannot_load(no_qt_env):
    done = subprocess.run(
        [sys.executable, "-c", "import PySide6"], env=no_qt_env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "simulated" in done.stderr


def test_every_subcommand_runs_without_qt(no_qt_env, tmp_path):
    data = tmp_path / "data"
    session = scripted_session(data)
    base = ("--data-dir", str(data))
    for args in (
        ("protocols",),
        ("sessions",),
        ("playlists", "check", "--protocol", "standard-6h"),
        ("export", "--session", str(session), "--format", "csv", "--out", str(tmp_path / "a.csv")),
        (
            "export",
            "--session",
            str(session),
            "--format",
            "fhir",
            "--out",
            str(tmp_path / "a.json"),
        ),
    ):
        done = run(no_qt_env, *base, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr, args
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").startswith("utc,")
    assert '"resourceType": "Bundle"' in (tmp_path / "a.json").read_text()
    done = run(no_qt_env, *base, "encrypt")
    assert done.returncode == 0 and "now encrypted" in done.stdout, done.stderr
    done = run(no_qt_env, *base, "sessions")  # reads the encrypted records, still no Qt
    assert done.returncode == 0 and "P-0142" in done.stdout, done.stderr


def test_doctor_names_a_missing_qt_with_its_fix(no_qt_env, tmp_path):
    done = run(no_qt_env, "--data-dir", str(tmp_path / "data"), "doctor")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert "PROBLEM Qt (PySide6) does not load" in done.stdout
    assert "fix: reinstall" in done.stdout
