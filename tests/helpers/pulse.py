"""A private PulseAudio server with a null sink, started by the tests themselves."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import pytest

SINK = "pap_test"
RATE = 44100


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is not installed (Debian: apt-get install pulseaudio pulseaudio-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"audio tests must run in CI: {message}")
        pytest.skip(message)
    return found


@contextmanager
def null_sink(folder: Path) -> Iterator[str]:
    """Run PulseAudio with one null sink; yields the server address.

    The sink does no rewinds: with rewinds, a second stream joining the sink
    makes it re-render buffered audio, libVLC finds the first stream "way too
    late" and flushes it, and the recording shows a half-second hole that
    comes from the null sink's rewinding, not from pap-guide's fades.
    """
    binary = need("pulseaudio")
    need("parec")
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    socket = runtime / "native"
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(folder),
        "PULSE_RUNTIME_PATH": str(runtime / "pulse"),
    }
    proc = subprocess.Popen(
        [
            binary,
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--disallow-exit",
            "--log-target=stderr",
            "--log-level=error",
            "-L",
            f"module-native-protocol-unix auth-anonymous=1 socket={socket}",
            "-L",
            f"module-null-sink sink_name={SINK} rate={RATE} channels=2 norewinds=1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while not socket.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            pytest.fail(f"PulseAudio did not start: {err.strip()[-500:]}")
        time.sleep(0.05)
    try:
        yield f"unix:{socket}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def recording(server: str, target: Path) -> Iterator[Path]:
    """Record what the null sink plays, as raw 16-bit stereo, while inside."""
    env = {**os.environ, "PULSE_SERVER": server}
    with target.open("wb") as out:
        proc = subprocess.Popen(
            [
                need("parec"),
                "-d",
                f"{SINK}.monitor",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=2",
                "--latency-msec=20",
            ],
            env=env,
            stdout=out,
        )
        time.sleep(0.4)
        try:
            yield target
        finally:
            proc.terminate()
            proc.wait(timeout=5)


def window_levels(raw: Path, window: float = 0.05) -> list[tuple[float, float, int]]:
    """(start second, RMS of the left channel 0..1, zero crossings) per window."""
    samples = array("h")
    samples.frombytes(raw.read_bytes()[: (raw.stat().st_size // 4) * 4])
    left = samples[0::2]
    size = int(RATE * window)
    levels = []
    for start in range(0, len(left) - size, size):
        chunk = left[start : start + size]
        rms = (sum(v * v for v in chunk) / size) ** 0.5 / 32768
        crossings = sum(1 for a, b in pairwise(chunk) if (a < 0) != (b < 0))
        levels.append((start / RATE, rms, crossings))
    return levels
