"""Real faults for tests: a full disk, a read-only disk, a kill inside fsync, a shifted clock.

Nothing here is simulated in Python: the kernel fills a real tmpfs, remounts it read-only,
strace delivers SIGKILL on entry to a real fsync/fdatasync, and libfaketime shifts a child's
wall clock. When a tool is missing the test is skipped with the reason, except in CI
(CI=true), where a missing tool fails the test so that fault coverage cannot vanish quietly.
"""

from __future__ import annotations

import errno
import functools
import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest

Command = Sequence[str | os.PathLike[str]]

# Only calls that make data durable; strace's when= counter is kept per syscall name.
SYNC_SYSCALLS = ("fsync", "fdatasync")

# fill() is meant for small_disk(); this stops it from filling a developer's real disk.
FILL_LIMIT_BYTES = 64 * 1024 * 1024


def missing(reason: str) -> NoReturn:
    """Skip for a missing tool, but fail in CI, where the tools are installed on purpose."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def need_tool(name: str, package: str) -> str:
    """The tool's path; a skip without it, a failure in CI."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed (Debian: apt-get install {package})")
    return path


# --- disks ----------------------------------------------------------------------------------


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


@contextmanager
def small_disk(size_kb: int) -> Iterator[Path]:
    """Mount a real tmpfs of ``size_kb`` KiB at a fresh temporary directory; yield its Path.

    Skips the test when mounting is impossible (not root, or a container without
    CAP_SYS_ADMIN). The tmpfs is unmounted afterwards, lazily if something still holds it.
    """
    mount = need_tool("mount", "util-linux")
    umount = need_tool("umount", "util-linux")
    if os.geteuid() != 0:
        pytest.skip("small_disk needs root to mount a tmpfs (running as a normal user)")
    mountpoint = Path(tempfile.mkdtemp(prefix="pap-guide-disk-"))
    done = _mount(
        mount, "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(mountpoint)
    )
    if done.returncode != 0:
        mountpoint.rmdir()
        pytest.skip(
            "small_disk could not mount a tmpfs (missing CAP_SYS_ADMIN / mount permission "
            f"in this container?): {done.stderr.strip()}"
        )
    try:
        yield mountpoint
    finally:
        # A child killed mid-test may still hold a file open: detach lazily then.
        if _mount(umount, str(mountpoint)).returncode != 0:
            _mount(umount, "-l", str(mountpoint))
        mountpoint.rmdir()


def fill(path: Path) -> Path:
    """Fill the filesystem holding ``path`` until the kernel says ENOSPC; return the filler.

    Writes through os.write so a short write or ENOSPC is seen at once, not at close.
    Refuses (ValueError) when more than FILL_LIMIT_BYTES are free: use it on small_disk().
    """
    folder = path if path.is_dir() else path.parent
    stat = os.statvfs(folder)
    if stat.f_bavail * stat.f_frsize > FILL_LIMIT_BYTES:
        raise ValueError(f"{folder} has more than {FILL_LIMIT_BYTES} bytes free; use small_disk()")
    fd, name = tempfile.mkstemp(prefix=".filler-", dir=folder)
    chunk = b"\0" * 65536
    try:
        while True:
            os.write(fd, chunk)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            os.close(fd)
            os.unlink(name)
            raise
    # fsync so a filesystem with delayed allocation really hands the blocks out now.
    os.fsync(fd)
    os.close(fd)
    return Path(name)


def free(filler: Path) -> None:
    """Delete a filler written by fill(), so its space comes back."""
    filler.unlink()


def _remount(mountpoint: Path, mode: str) -> None:
    done = _mount(need_tool("mount", "util-linux"), "-o", f"remount,{mode}", str(mountpoint))
    if done.returncode != 0:
        # EBUSY here usually means a file is still open for writing on that mount.
        raise RuntimeError(f"mount -o remount,{mode} {mountpoint} failed: {done.stderr.strip()}")


def remount_read_only(mountpoint: Path) -> None:
    """Remount ``mountpoint`` read-only (writes then fail with EROFS)."""
    _remount(mountpoint, "ro")


def remount_read_write(mountpoint: Path) -> None:
    """Remount ``mountpoint`` read-write again."""
    _remount(mountpoint, "rw")


# --- kill at the Nth fsync ------------------------------------------------------------------


@functools.cache
def _strace() -> str:
    path = need_tool("strace", "strace")
    # ptrace is often forbidden in containers; find that out once, with a clear reason.
    probe = subprocess.run([path, "-o", os.devnull, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        missing(f"strace cannot trace here (ptrace not permitted?): {probe.stderr.strip()}")
    return path


def _check_syscall(syscall: str) -> None:
    # strace counts when=N separately for each syscall name, so a set such as
    # "fsync,fdatasync" would not mean "the Nth call of either": take one name at a time.
    if syscall not in SYNC_SYSCALLS:
        raise ValueError(f"syscall must be one of {SYNC_SYSCALLS}, not {syscall!r}")


def _run(
    command: list[str], env: Mapping[str, str] | None, cwd: Path | str | None, timeout: float
) -> tuple[str, str, int]:
    # A new session so a hung run can be killed together with its tracees.
    with subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return out, err, process.returncode


def fsync_kill_points(
    argv: Command,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    syscall: str = "fdatasync",
    timeout: float = 60.0,
) -> int:
    """Run ``argv`` to completion under strace and return how many ``syscall`` calls it makes.

    The number is the most calls made by any single thread, because strace's when=N counter
    is kept per thread: run_killed_at(argv, n) kills for every n in 1..this number (for a
    single-threaded writer, such as sqlite3 in one thread, it is simply the total).
    Raises RuntimeError if the complete run does not exit 0, TimeoutExpired if it hangs.
    """
    _check_syscall(syscall)
    with tempfile.TemporaryDirectory(prefix="pap-guide-strace-") as folder:
        # -ff writes one trace file per thread: the per-thread count falls out of it.
        prefix = os.path.join(folder, "trace")
        command = [_strace(), "-ff", "-qq", "-e", "signal=none", "-e", f"trace={syscall}"]
        _, err, code = _run([*command, "-o", prefix, *map(os.fspath, argv)], env, cwd, timeout)
        if code != 0:
            raise RuntimeError(f"{argv} exited {code} under strace: {err}")
        call = re.compile(rf"^{syscall}\(", re.MULTILINE)
        counts = [len(call.findall(Path(f).read_text())) for f in glob.glob(prefix + ".*")]
        return max(counts, default=0)


def run_killed_at(
    argv: Command,
    n: int,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    timeout: float = 60.0,
    syscall: str = "fdatasync",
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` and SIGKILL it on entry to its ``n``-th ``syscall`` call (1-based).

    Returns the completed process with text stdout/stderr. Its returncode is -9 when the
    kill happened (strace re-raises the tracee's SIGKILL on itself; a 137 from a shell in
    between is normalised to -9 too), or the program's own code if it made fewer than n
    calls. The whole thread group dies before the call returns to user space; n counts
    per thread (see fsync_kill_points).
    """
    _check_syscall(syscall)
    if n < 1:
        raise ValueError(f"n counts from 1, not {n}")
    # Not --seccomp-bpf: with strace 6.1 it silently skips the injection.
    command = [
        _strace(),
        "-f",
        "-qq",
        "-o",
        os.devnull,
        "-e",
        f"trace={syscall}",
        "-e",
        f"inject={syscall}:signal=SIGKILL:when={n}",
        *map(os.fspath, argv),
    ]
    out, err, code = _run(command, env, cwd, timeout)
    if code == 128 + signal.SIGKILL:
        code = -signal.SIGKILL
    return subprocess.CompletedProcess(command, code, out, err)


# --- a shifted wall clock -------------------------------------------------------------------

# libfaketime's relative form: a sign is required, else "1h" would be read as a date.
_OFFSET = re.compile(r"[+-]\d+(\.\d+)?[smhdy]?")


@functools.cache
def libfaketime_path() -> str:
    """Path of libfaketime.so.1, found through dpkg first, then the usual places."""
    candidates: list[str] = []
    if shutil.which("dpkg"):
        # Debian ships the library in libfaketime; faketime (the command) depends on it.
        listed = subprocess.run(
            ["dpkg", "-L", "libfaketime", "faketime"], capture_output=True, text=True
        )
        candidates += [
            line for line in listed.stdout.splitlines() if line.endswith("/libfaketime.so.1")
        ]
    for pattern in (
        "/usr/lib/*/faketime/libfaketime.so.1",
        "/usr/lib*/faketime/libfaketime.so.1",
        "/usr/local/lib/faketime/libfaketime.so.1",
    ):
        candidates += sorted(glob.glob(pattern))
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    missing("libfaketime is not installed (Debian: apt-get install faketime)")


def faketime_env(offset: str, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment (a copy of ``base`` or os.environ) that shifts a child's wall clock.

    ``offset`` is libfaketime's relative form, e.g. "-1h", "+5h", "+90s". Only the wall
    clock moves: FAKETIME_DONT_FAKE_MONOTONIC=1 keeps CLOCK_MONOTONIC and CLOCK_BOOTTIME
    real (without it libfaketime 0.9.10 sets them to the faked wall time, a huge jump).
    """
    if not _OFFSET.fullmatch(offset):
        raise ValueError(f"offset must look like '-1h' or '+90s', not {offset!r}")
    env = dict(os.environ if base is None else base)
    preload = env.get("LD_PRELOAD", "")
    env["LD_PRELOAD"] = f"{libfaketime_path()} {preload}".strip()
    env["FAKETIME"] = offset
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    return env


def moving_clock_env(offset_file: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment whose child's wall clock is shifted by what ``offset_file`` holds
    ("+0", then "+3h": the clock jumps while the child runs), read again each second.
    As :func:`faketime_env`, CLOCK_MONOTONIC and CLOCK_BOOTTIME stay real."""
    env = dict(os.environ if base is None else base)
    preload = env.get("LD_PRELOAD", "")
    env["LD_PRELOAD"] = f"{libfaketime_path()} {preload}".strip()
    env.pop("FAKETIME", None)
    env["FAKETIME_TIMESTAMP_FILE"] = str(offset_file)
    env["FAKETIME_CACHE_DURATION"] = "1"
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    return env
