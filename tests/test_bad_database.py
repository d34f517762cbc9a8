"""A database the app cannot use: one plain message, exit status 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.helpers.faults import remount_read_only, remount_read_write, small_disk
from tests.helpers.scripted import scripted_session

pytestmark = pytest.mark.slow


def run(data, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "pap_guide", "--data-dir", str(data), "--audio-output", "null",
         *args],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip


def flip_header_byte(path):
    data = bytearray(path.read_bytes())
    data[5] ^= 0xFF  # 'SQLite format 3' becomes something else
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(tmp_path):
    data = tmp_path / "data"
    scripted_session(data)
    for suffix in ("-wal", "-shm"):
        (data / f"pap-guide.db{suffix}").unlink(missing_ok=True)
    flip_header_byte(data / "pap-guide.db")
    return data


@pytest.mark.parametrize("args", [(), ("sessions",), ("export", "--session", "1", "--format",
                                                        "csv", "--out", "x.csv")])  # fmt: skip
def test_a_flipped_header_byte_is_one_plain_message(damaged, args):
    done = run(damaged, *args, env={"PAP_GUIDE_PASSPHRASE": "anything at all"})
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert "cannot open" in done.stderr.lower() or "damaged" in done.stderr


def test_doctor_is_not_ready_for_a_flipped_header_byte(damaged):
    done = run(damaged, "doctor")
    assert done.returncode == 1 and "Ready for a session" not in done.stdout
    assert "Traceback" not in done.stderr


def test_a_read_only_disk_is_said_plainly_and_doctor_is_not_ready(tmp_path):
    """The app, which writes, refuses a read-only disk plainly; the readers read it
    (an audit's or a backup's copy), and change nothing there."""
    with small_disk(8192) as disk:
        data = disk / "data"
        session = scripted_session(data)
        before = sorted(p.name for p in data.iterdir())
        remount_read_only(disk)
        try:
            app = run(data)
            sessions = run(data, "sessions")
            out = tmp_path / "record.csv"
            export = run(data, "export", "--session", str(session), "--format", "csv",
                         "--out", str(out))  # fmt: skip
            doctor = run(data, "doctor")
        finally:
            remount_read_write(disk)
        after = sorted(p.name for p in data.iterdir())
    assert app.returncode == 2 and "Traceback" not in app.stderr, app.stderr
    assert "read-only" in app.stderr
    assert sessions.returncode == 0 and "P-0142" in sessions.stdout, sessions.stderr
    assert export.returncode == 0, export.stderr
    assert "jaw tension, water given" in out.read_text(encoding="utf-8-sig")
    assert after == before
    assert doctor.returncode == 1 and "Ready for a session" not in doctor.stdout
    assert "does not take a file" in doctor.stdout


def test_a_full_disk_at_start_is_called_full_not_damaged():
    from tests.helpers.faults import fill, free

    with small_disk(8192) as disk:
        data = disk / "data"
        scripted_session(data)
        filler = fill(disk)
        try:
            sessions = run(data, "sessions")
        finally:
            free(filler)
    assert sessions.returncode == 2 and "Traceback" not in sessions.stderr, sessions.stderr
    assert "damaged" not in sessions.stderr
    assert "full" in sessions.stderr, sessions.stderr


def test_a_read_only_copy_with_its_wal_is_read_whole(tmp_path):
    """On a read-only disk the file was read as immutable, which ignores the -wal:
    a session only the -wal held was left out of 'sessions' without a word."""
    import shutil

    from pap_guide.config.locations import Locations
    from pap_guide.core.clinical import SessionDesk
    from pap_guide.core.clock import SystemClock
    from pap_guide.core.controller import SessionController
    from pap_guide.core.protocol import load_catalog
    from pap_guide.core.recorder import Recorder
    from pap_guide.store.actions import ActionRepository
    from pap_guide.store.database import open_database
    from pap_guide.store.sessions import SessionRepository

    data = tmp_path / "data"
    scripted_session(data)
    locations = Locations(data)
    catalog = load_catalog(locations.protocol_folders, locations.playlist_folders)
    db = open_database(locations.database)
    db.execute("PRAGMA wal_autocheckpoint=0")  # what follows stays in the -wal
    repo = SessionRepository(db)
    recorder = Recorder(ActionRepository(db))
    desk = SessionDesk(SessionController(SystemClock(), repo, catalog.protocols, recorder))
    desk.start("standard-6h", "P-0999", "dosing", {"Mara": "guide"}, reason="test")
    with small_disk(8192) as disk:
        copy = disk / "copy"
        copy.mkdir()
        for name in ("pap-guide.db", "pap-guide.db-wal"):  # copied as the app runs
            shutil.copyfile(data / name, copy / name)
        db.conn.close()
        assert (copy / "pap-guide.db-wal").stat().st_size > 0
        remount_read_only(disk)
        try:
            done = run(copy, "sessions")
        finally:
            remount_read_write(disk)
        left = sorted(p.name for p in copy.iterdir())
    assert done.returncode == 0, done.stderr
    assert "P-0999" in done.stdout and "P-0142" in done.stdout, done.stdout
    assert left == ["pap-guide.db", "pap-guide.db-wal"]
