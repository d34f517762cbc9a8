"""CPU and memory over a whole six-hour rehearsal at high speed.

pap-guide runs a rehearsal (x360 by default: six hours in a minute) with
libVLC's dummy output, a note and a set of vitals every real second, the
chart and the log live; side by side in the same run, a bare PySide6 window
redraws a label four times a second for as long. Memory is sampled every
second: the resident size at the end of each third of the run shows whether
it grows.

    python bench/rehearsal_soak.py [--speed 360]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

import psutil
from common import ROOT


def soak(args: list[str], seconds: float) -> tuple[float, list[float]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "soak_probe.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    if not proc.stdout.readline().startswith("READY"):
        raise SystemExit("the probe did not start")
    process = psutil.Process(proc.pid)
    cpu_start, start = sum(process.cpu_times()[:2]), time.monotonic()
    rss = []
    while time.monotonic() - start < seconds:
        rss.append(process.memory_info().rss / 1024**2)
        time.sleep(1)
    cpu = (sum(process.cpu_times()[:2]) - cpu_start) / (time.monotonic() - start)
    proc.kill()
    proc.wait()
    return cpu, rss


def thirds(rss: list[float]) -> str:
    n = len(rss)
    return " / ".join(f"{max(rss[i * n // 3 : (i + 1) * n // 3]):.0f}" for i in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=360)
    args = parser.parse_args()
    seconds = 6 * 3600 / args.speed + 5
    with tempfile.TemporaryDirectory() as tmp:
        app_cpu, app_rss = soak(["app", tmp, str(args.speed)], seconds)
    with tempfile.TemporaryDirectory() as tmp:
        quiet_cpu, quiet_rss = soak(["app-quiet", tmp, str(args.speed)], seconds)
    bare_cpu, bare_rss = soak(["bare"], seconds)
    print(
        f"pap-guide, 6 h rehearsal x{args.speed:g} ({seconds:.0f} s): CPU {app_cpu:.1%} of "
        f"a core; RSS MB by thirds {thirds(app_rss)}"
    )
    print(
        f"pap-guide, same rehearsal with nothing logged: CPU {quiet_cpu:.1%}; RSS MB by "
        f"thirds {thirds(quiet_rss)}"
    )
    print(
        f"bare PySide6 window, same time: CPU {bare_cpu:.1%}; RSS MB by thirds {thirds(bare_rss)}"
    )
    third = len(app_rss) // 3
    growth = max(app_rss[-third:]) - max(app_rss[:third])
    print(
        f"CPU ratio: {app_cpu / max(bare_cpu, 1e-4):.1f}x; pap-guide memory growth from "
        f"the first to the last third: {growth:+.1f} MB"
    )


if __name__ == "__main__":
    main()
