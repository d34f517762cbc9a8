"""Privacy and the one-writer lock, tried as someone with the laptop would."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from pap_guide.core.private_files import TEMP_PREFIX, TEMP_SUFFIX, write_private
from pap_guide.store.lock import DatabaseLock
from tests.conftest import ROOT
from tests.helpers.scripted import scripted_session

pytestmark = pytest.mark.slow
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def start_app(*args, umask=None):
    proc = subprocess.Popen(
        [sys.executable, "-m", "pap_guide", "--audio-output", "null", *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )
    return proc


def wait_for_lock(database, proc):
    note = database.with_name(database.name + ".lock")
    deadline = time.monotonic() + 30
    while not (note.exists() and note.read_text().strip() not in ("", str(os.getpid()))):
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "the app never took the lock"
        time.sleep(0.1)


def stop(proc):
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "pap_guide", "--audio-output", "null", *args],
        cwd=ROOT,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("how", ["symlink", "hardlink", "relative"])
def test_a_second_app_through_another_path_to_the_same_file_is_refused(tmp_path, how):
    data = tmp_path / "data"
    database = data / "pap-guide.db"
    first = start_app("--data-dir", str(data))
    try:
        wait_for_lock(database, first)
        other = tmp_path / "elsewhere"
        other.mkdir()
        alias = other / "clinic.db"
        if how == "symlink":
            alias.symlink_to(database)
        elif how == "hardlink":
            os.link(database, alias)
        else:
            alias = os.path.relpath(database, tmp_path)
        second = subprocess.run(
            [sys.executable, "-m", "pap_guide", "--audio-output", "null", "--db", str(alias)],
            cwd=tmp_path if how == "relative" else ROOT,
            env={**ENV, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 3, second.stderr
        assert "pap-guide is open on this database" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        stop(first)


def big_database(tmp_path):
    data = tmp_path / "data"
    scripted_session(data)
    database = data / "pap-guide.db"
    conn = sqlite3.connect(database)
    with conn:  # settings are not chained: padding, so the encrypt has work to do
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            ((f"padding-{n}", os.urandom(48 * 1024).hex()) for n in range(200)),
        )
    conn.close()
    return data, database


def test_encrypt_refuses_while_the_app_runs(tmp_path):
    data, database = big_database(tmp_path)
    app = start_app("--data-dir", str(data))
    try:
        wait_for_lock(database, app)
        done = run(
            "--data-dir", str(data), "encrypt", env={"PAP_GUIDE_PASSPHRASE": "a long passphrase"}
        )
        assert done.returncode == 3 and "close it first" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        stop(app)
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"  # nothing was changed


def test_the_app_refuses_while_encrypt_runs(tmp_path):
    data, database = big_database(tmp_path)
    # a slow disk: every sync of the encrypt takes 0.3 s, so it runs for seconds
    slow = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=fsync,fdatasync",
            "-e", "inject=fsync,fdatasync:delay_enter=300000"]  # fmt: skip
    encrypting = subprocess.Popen(
        [*slow, sys.executable, "-m", "pap_guide", "--data-dir", str(data), "encrypt"],
        cwd=ROOT,
        env={**ENV, "PAP_GUIDE_PASSPHRASE": "a long passphrase"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_lock(database, encrypting)
    app = run("--data-dir", str(data))
    assert encrypting.poll() is None, "encrypt ended before the app tried: nothing was shown"
    out, err = encrypting.communicate(timeout=120)
    assert encrypting.returncode == 0, err
    assert app.returncode == 3 and "close it first" in app.stderr, app.stderr
    assert database.read_bytes()[:16] != b"SQLite format 3\x00"  # encrypted, whole


def test_a_first_start_under_umask_000_keeps_everything_private(tmp_path):
    data = tmp_path / "fresh" / "data"
    app = start_app("--data-dir", str(data), umask=0)
    try:
        wait_for_lock(data / "pap-guide.db", app)
        time.sleep(1.0)
    finally:
        stop(app)
    for path in [data, *data.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_an_export_never_follows_a_planted_symlink(tmp_path):
    data = tmp_path / "data"
    session = scripted_session(data)
    out = tmp_path / "exports"
    out.mkdir()
    stolen = tmp_path / "attacker.csv"
    (out / "record.csv").symlink_to(stolen)
    done = run("--data-dir", str(data), "export", "--session", str(session), "--format", "csv",
               "--out", str(out / "record.csv"))  # fmt: skip
    assert done.returncode == 1 and "symbolic link" in done.stderr
    assert not stolen.exists()
    assert not list(out.glob(f"{TEMP_PREFIX}*"))  # nothing half-written is left


def test_a_crash_leftover_is_removed_by_the_next_write(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    leftover = folder / f"{TEMP_PREFIX}abc-record.pdf{TEMP_SUFFIX}"
    leftover.write_bytes(b"a whole report, half-written")
    write_private(folder / "record.csv", b"x")
    assert not leftover.exists()
    assert stat.S_IMODE((folder / "record.csv").stat().st_mode) == 0o600


def test_the_lock_is_the_file_itself(tmp_path):
    database = tmp_path / "data" / "pap-guide.db"
    first = DatabaseLock(database)
    first.acquire()
    link = tmp_path / "link.db"
    link.symlink_to(database)
    with pytest.raises(Exception, match="close it first"):
        DatabaseLock(link).acquire()
    first.release()
