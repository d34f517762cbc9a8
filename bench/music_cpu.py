"""CPU used by pap-guide while music plays, against cvlc playing the same files.

Both play the demo playlists into the same private PulseAudio null sink for
the same wall time, in the same run, one after the other. pap-guide runs its
whole window (offscreen) with a session open, so its figure includes the
clock, the timeline and the fades.

    python bench/music_cpu.py [--seconds 30]

Needs PulseAudio, and cvlc (Debian: apt-get install vlc-bin) for the
baseline; as root, where VLC will not run, a bare libVLC player
(bench/bare_vlc.py) playing the same files is the baseline instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, cpu_seconds, null_sink


def measure(cmd: list[str], env: dict[str, str], seconds: float, ready: str | None) -> float:
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    if ready is not None:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith(ready):
            proc.kill()
            raise SystemExit(f"{cmd[0]} did not start: {line!r}")
    start_cpu, start = cpu_seconds(proc.pid), time.monotonic()
    time.sleep(seconds)
    used = cpu_seconds(proc.pid) - start_cpu
    wall = time.monotonic() - start
    proc.kill()
    proc.wait()
    return used / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    cvlc = shutil.which("cvlc")
    if os.geteuid() == 0 or cvlc is None:
        # VLC refuses to run as root; the same libVLC looping the files is the baseline
        baseline_cmd, ready, name = (
            [sys.executable, str(ROOT / "bench" / "bare_vlc.py")],
            "READY",
            "bare libVLC player",
        )
    else:
        baseline_cmd, ready, name = [cvlc, "--aout=pulse", "--loop", "--no-video"], None, "cvlc"
    files = [str(p) for p in sorted((ROOT / "assets" / "music").glob("introspection-*.ogg"))]
    with tempfile.TemporaryDirectory() as tmp, null_sink(Path(tmp)) as server:
        env = {**os.environ, "PULSE_SERVER": server, "QT_QPA_PLATFORM": "offscreen"}
        baseline = measure([*baseline_cmd, *files], env, args.seconds, ready)
        data = Path(tmp) / "data"
        data.mkdir()
        app = measure(
            [
                sys.executable,
                "-m",
                "tests.helpers.app_driver",
                "--data-dir",
                str(data),
                "--audio-output",
                "pulse",
            ],
            env,
            args.seconds,
            "READY",
        )
    print(f"{name} (baseline): {baseline * 100:6.2f} % of one core")
    print(f"pap-guide (music): {app * 100:6.2f} % of one core")
    print(f"ratio pap-guide / {name}: {app / baseline:.2f}x over {args.seconds:g} s each")


if __name__ == "__main__":
    main()
