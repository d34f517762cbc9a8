"""CPU used by pap-guide while music plays, against cvlc playing the same files.

Both play the demo playlists into the same private PulseAudio null sink for
the same wall time, in the same run, one after the other. pap-guide runs its
whole window (offscreen), shown at 1366x768 (bench/music_probe.py), with a
session open and the music started, so its figure includes painting the
clock, the timeline and the panels; ``--hidden`` also measures the same
window never shown, as this benchmark first did. Both wait until the
library's first loudness scan is done, so only the music's steady state is
measured.

    python bench/music_cpu.py [--seconds 30] [--hidden]

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
    parser.add_argument("--hidden", action="store_true", help="also the window never shown")
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
        options = ["--audio-output", "pulse"]
        probe = [sys.executable, str(ROOT / "bench" / "music_probe.py")]
        shown = measure(
            [*probe, *data_dir(tmp, "shown"), *options],
            env,
            args.seconds,
            "READY",
        )
        hidden = None
        if args.hidden:
            hidden = measure(
                [*probe, "--hidden", *data_dir(tmp, "hidden"), *options], env, args.seconds, "READY"
            )
    print(f"{name} (baseline): {baseline * 100:6.2f} % of one core")
    print(f"pap-guide, window shown: {shown * 100:6.2f} % of one core")
    print(f"ratio shown / {name}: {shown / baseline:.2f}x over {args.seconds:g} s each")
    if hidden is not None:
        print(f"pap-guide, window hidden: {hidden * 100:6.2f} % of one core")
        print(f"ratio hidden / {name}: {hidden / baseline:.2f}x")


def data_dir(tmp: str, name: str) -> list[str]:
    folder = Path(tmp) / name
    folder.mkdir()
    return ["--data-dir", str(folder)]


if __name__ == "__main__":
    main()
