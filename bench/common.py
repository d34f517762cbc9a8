"""Shared helpers for the benchmarks: CPU time of a process, a private sound server."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.pulse import null_sink  # noqa: E402  (the tests' own sound server)

__all__ = ["ROOT", "cpu_seconds", "made_session", "null_sink", "probe_times", "ratio", "summary"]

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main_thread_seconds(pid: int) -> float:
    """CPU seconds run by a live process's main thread, from its /proc schedstat.

    libVLC's decoders and outputs and PulseAudio's loop run on threads of
    their own, Qt and Python on the main one. A player's threads end with its
    track, and their time leaves /proc/PID/task with them, so the other
    threads' share is the process's total (cpu_seconds) less this.
    """
    return int(Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[0]) / 1e9


def made_session(probe: str, data: str, options: list[str], env: dict[str, str]) -> None:
    """A session in progress in ``data``, made by ``probe`` (a bench/start_probe.py)."""
    made = subprocess.run(
        [sys.executable, probe, "setup", data, *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if "SETUP" not in made.stdout:
        raise SystemExit(f"no session made: {made.stdout!r} {made.stderr[-2000:]}")


def probe_times(stdout: str, start: float) -> dict[str, float]:
    """Seconds from ``start`` to each FRAME and READY line bench/start_probe.py printed."""
    found = {}
    for line in stdout.splitlines():
        word, _, when = line.partition(" ")
        if word in ("FRAME", "READY"):
            found[word] = float(when) - start
    return found


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered) * 1000:.2f} ms, "
        f"p99 {p99 * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms (n={len(ordered)})"
    )


def ratio(ours: list[float], baseline: list[float]) -> float:
    """Ratio of the medians: how many times the baseline pap-guide takes."""
    return statistics.median(ours) / max(statistics.median(baseline), 1e-9)
