"""Cold start to a shown window: pap-guide against a bare PySide6 window.

Each run is a new process (interleaved app, bare, app, bare ...), timed from
spawn to the window being shown, on the offscreen platform.

    python bench/cold_start.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

from common import ROOT, ratio, summary


def once(args: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "start_probe.py"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    took = time.perf_counter() - start
    proc.wait()
    if not line.startswith("SHOWN"):
        raise SystemExit(f"no window: {line!r}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    app, bare = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            app.append(once(["app", tmp]))
            bare.append(once(["bare"]))
    print(f"pap-guide window:   {summary(app)}")
    print(f"bare PySide6 window: {summary(bare)}")
    print(f"ratio of medians: {ratio(app, bare):.2f}x")


if __name__ == "__main__":
    main()
