"""The fault helpers really reach the kernel: a full disk, a read-only disk, kills, a clock."""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.helpers.faults import (
    SYNC_SYSCALLS,
    faketime_env,
    fill,
    free,
    fsync_kill_points,
    missing,
    remount_read_only,
    remount_read_write,
    run_killed_at,
    small_disk,
)

KILLED = -signal.SIGKILL


def write_kb(path: Path, kb: int) -> None:
    with path.open("wb") as file:
        file.write(b"x" * (kb * 1024))


def script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "child.py"
    path.write_text(textwrap.dedent(body))
    return path


# --- missing tools ----------------------------------------------------------------------------


def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no such tool"):
        missing("no such tool")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no such tool"):
        missing("no such tool")


# --- disks ------------------------------------------------------------------------------------


def test_small_disk_is_a_real_tmpfs_of_that_size_and_goes_away():
    with small_disk(512) as disk:
        mounts = Path("/proc/mounts").read_text().splitlines()
        assert any(line.split()[1] == str(disk) and line.split()[2] == "tmpfs" for line in mounts)
        stat = os.statvfs(disk)
        assert stat.f_blocks * stat.f_frsize == 512 * 1024
    assert str(disk) not in Path("/proc/mounts").read_text()
    assert not disk.exists()


def test_a_full_disk_refuses_writes_with_enospc_until_freed():
    with small_disk(512) as disk:
        filler = fill(disk)
        with pytest.raises(OSError) as refused:
            write_kb(disk / "note", 10)
        assert refused.value.errno == errno.ENOSPC
        free(filler)
        write_kb(disk / "note", 10)
        assert (disk / "note").stat().st_size == 10 * 1024


def test_sqlite_on_a_full_disk_says_full_and_keeps_what_it_had():
    with small_disk(512) as disk:
        db = sqlite3.connect(disk / "p.db")
        db.execute("CREATE TABLE t (body BLOB)")
        db.execute("INSERT INTO t VALUES (x'00')")
        db.commit()
        filler = fill(disk)
        with pytest.raises(sqlite3.OperationalError, match="full"):
            db.execute("INSERT INTO t VALUES (?)", (b"y" * 100_000,))
            db.commit()
        db.rollback()
        free(filler)
        assert db.execute("SELECT count(*) FROM t").fetchone() == (1,)
        db.close()


def test_a_read_only_remount_refuses_writes_with_erofs_and_rw_brings_them_back():
    with small_disk(512) as disk:
        write_kb(disk / "before", 1)
        remount_read_only(disk)
        with pytest.raises(OSError) as refused:
            write_kb(disk / "after", 1)
        assert refused.value.errno == errno.EROFS
        assert (disk / "before").stat().st_size == 1024
        remount_read_write(disk)
        write_kb(disk / "after", 1)
        assert (disk / "after").stat().st_size == 1024


# --- kill at the Nth fsync --------------------------------------------------------------------

SYNCS_AND_PRINTS = """
    import os, sys
    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)
    for n in range(1, 4):
        os.fdatasync(fd)
        print(n, flush=True)
"""


def test_the_kill_lands_on_the_nth_call_before_it_returns(tmp_path):
    child = [sys.executable, str(script(tmp_path, SYNCS_AND_PRINTS)), str(tmp_path / "f")]
    assert fsync_kill_points(child) == 3
    assert fsync_kill_points(child, syscall="fsync") == 0
    killed = run_killed_at(child, 2)
    assert killed.returncode == KILLED
    assert killed.stdout.split() == ["1"]
    assert run_killed_at(child, 4).returncode == 0


TWO_THREADS = """
    import os, sys, threading
    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)
    def syncs():
        for _ in range(3):
            os.fdatasync(fd)
    for _ in range(2):
        thread = threading.Thread(target=syncs)
        thread.start()
        thread.join()
"""


def test_calls_are_counted_per_thread_as_strace_counts_them(tmp_path):
    child = [sys.executable, str(script(tmp_path, TWO_THREADS)), str(tmp_path / "f")]
    assert fsync_kill_points(child) == 3
    assert run_killed_at(child, 3).returncode == KILLED
    assert run_killed_at(child, 4).returncode == 0


SLEEPS = """
    import os, sys, time
    with open(sys.argv[1], "w") as file:
        file.write(str(os.getpid()))
    time.sleep(60)
"""


def test_a_hung_run_times_out_and_its_tracee_is_killed(tmp_path):
    pid_file = tmp_path / "pid"
    child = [sys.executable, str(script(tmp_path, SLEEPS)), str(pid_file)]
    with pytest.raises(subprocess.TimeoutExpired):
        run_killed_at(child, 1, timeout=2.0)
    status = Path(f"/proc/{pid_file.read_text()}/status")

    def stopped() -> bool:  # gone, or a zombie waiting for a reaper: it no longer runs
        try:
            return "State:\tZ" in status.read_text()
        except FileNotFoundError:
            return True

    # SIGKILL is sent by then; on a loaded machine the kernel may take a moment to end it
    deadline = time.monotonic() + 5
    while not stopped() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stopped(), status.read_text()


SQLITE_CHILD = """
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (n INTEGER)")
    for n in range(1, 6):
        db.execute("INSERT INTO t VALUES (?)", (n,))
    db.close()
"""


def rows_after_crash(path: Path) -> list[int]:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 't'").fetchone():
            return []
        return [n for (n,) in db.execute("SELECT n FROM t ORDER BY rowid")]
    finally:
        db.close()


def test_sqlite_killed_at_every_sync_keeps_a_prefix_of_its_commits(tmp_path):
    child = script(tmp_path, SQLITE_CHILD)
    runs = iter(range(1_000_000))

    def fresh_run() -> tuple[list[str], Path]:
        # Every run starts from no database, so each makes the same calls in the same order.
        folder = tmp_path / f"run-{next(runs)}"
        folder.mkdir()
        return [sys.executable, str(child), str(folder / "p.db")], folder / "p.db"

    counts = {name: fsync_kill_points(fresh_run()[0], syscall=name) for name in SYNC_SYSCALLS}
    assert sum(counts.values()) > 0, counts

    for name, count in counts.items():
        kept = []
        for n in range(1, count + 1):
            argv, db = fresh_run()
            done = run_killed_at(argv, n, syscall=name)
            assert done.returncode == KILLED, (name, n, done.stderr)
            rows = rows_after_crash(db)
            assert rows == list(range(1, len(rows) + 1)), (name, n, rows)
            kept.append(len(rows))
        # A later kill never keeps fewer commits than an earlier one.
        assert kept == sorted(kept), (name, kept)
        argv, db = fresh_run()
        assert run_killed_at(argv, count + 1, syscall=name).returncode == 0
        assert rows_after_crash(db) == [1, 2, 3, 4, 5]


# --- a shifted wall clock ---------------------------------------------------------------------

CLOCKS = (
    "import json, time; print(json.dumps([time.time(), time.clock_gettime(time.CLOCK_BOOTTIME)]))"
)


def test_faketime_moves_the_wall_clock_back_an_hour_and_leaves_boottime_alone():
    wall_before, boot_before = time.time(), time.clock_gettime(time.CLOCK_BOOTTIME)
    done = subprocess.run(
        [sys.executable, "-c", CLOCKS],
        env=faketime_env("-1h"),
        capture_output=True,
        text=True,
        check=True,
    )
    wall_after, boot_after = time.time(), time.clock_gettime(time.CLOCK_BOOTTIME)
    wall, boot = json.loads(done.stdout)
    assert wall_before - 3600 - 2 <= wall <= wall_after - 3600 + 2
    assert boot_before - 2 <= boot <= boot_after + 2


def test_faketime_wants_a_signed_offset():
    with pytest.raises(ValueError, match="offset"):
        faketime_env("1h")
