"""CPU used by pap-guide while music plays, against a bare player of the same files.

The baseline and pap-guide play the demo playlists into the same private
PulseAudio null sink at the same time, so both see the same machine: on
shared cores a player's CPU moves by a third from one minute to the next,
which one-after-the-other runs took for a difference between them.
pap-guide runs its whole window (offscreen), shown at 1366x768
(bench/music_probe.py), with a session open and the music started, so its
figure includes painting the clock, the timeline and the panels; ``--hidden``
adds the same window never shown, as this benchmark first measured. Each
waits until its music has faded in and the library's first loudness scan is
done, so only the music's steady state is measured.

pap-guide crossfades from track to track (three seconds of two decoders and
two audio streams; the demo tracks last 45 s, so that is every 45 s), which
a looping player never does. A second baseline, bench/bare_crossfade.py,
runs beside them: libVLC alone crossfading the same files as pap-guide's
player does, so the figure against it is what the window and the records
cost on top of the music as pap-guide plays it. A third, bench/bare_clock.py,
is the same crossfading beside a bare PySide6 window showing what pap-guide's
window changes each second (an 80 px clock and the track's countdown, plain
QLabels): the least any window playing this music with a clock costs, so the
figure against it is what pap-guide's own code costs.

The measurement is split into windows of ``--window`` seconds: each window
gives a ratio (pap-guide's CPU over the baseline's in the same seconds); the
figure is the ratio over the whole time, with the windows' median and range
beside it to show how steady it was.

Last, each process's CPU is split between its main thread (Python and Qt:
the ticks, the painting, the crossfades' volume steps) and its other threads
(libVLC's decoders and outputs, PulseAudio's loop): the main thread's time
from its /proc schedstat, the others' as the rest of the process's.

    python bench/music_cpu.py [--seconds 60] [--window 15] [--hidden]

Needs PulseAudio, and cvlc (Debian: apt-get install vlc-bin) for the
baseline; as root, where VLC will not run, a bare libVLC player
(bench/bare_vlc.py) playing the same files is the baseline instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, cpu_seconds, main_thread_seconds, null_sink


def start(cmd: list[str], env: dict[str, str], ready: str | None) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    if ready is not None:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith(ready):
            proc.kill()
            raise SystemExit(f"{cmd[0]} did not start: {line!r}")
    return proc


def sample(procs: dict[str, subprocess.Popen[str]]) -> dict[str, float]:
    return {name: cpu_seconds(proc.pid) for name, proc in procs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--window", type=float, default=15.0)
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
    probe = [sys.executable, str(ROOT / "bench" / "music_probe.py")]
    options = ["--audio-output", "pulse"]
    procs: dict[str, subprocess.Popen[str]] = {}
    with tempfile.TemporaryDirectory() as tmp, null_sink(Path(tmp)) as server:
        env = {**os.environ, "PULSE_SERVER": server, "QT_QPA_PLATFORM": "offscreen"}
        try:
            procs["shown"] = start([*probe, *data_dir(tmp, "shown"), *options], env, "READY")
            if args.hidden:
                hidden = [*probe, "--hidden", *data_dir(tmp, "hidden"), *options]
                procs["hidden"] = start(hidden, env, "READY")
            procs["baseline"] = start([*baseline_cmd, *files], env, ready)
            crossfade = [sys.executable, str(ROOT / "bench" / "bare_crossfade.py"), *files]
            procs["crossfading"] = start(crossfade, env, "READY")
            clock = [sys.executable, str(ROOT / "bench" / "bare_clock.py"), *files]
            procs["clock"] = start(clock, env, "READY")
            time.sleep(2.0)  # the baseline's first second: opening the sink, buffering
            windows: list[dict[str, float]] = []
            first = last = sample(procs)
            main_first = {k: main_thread_seconds(p.pid) for k, p in procs.items()}
            began = time.monotonic()
            while time.monotonic() - began < args.seconds:
                time.sleep(min(args.window, args.seconds - (time.monotonic() - began)))
                now = sample(procs)
                windows.append({k: now[k] - last[k] for k in now})
                last = now
            wall = time.monotonic() - began
            main_last = {k: main_thread_seconds(p.pid) for k, p in procs.items()}
        finally:
            for proc in procs.values():
                proc.kill()
                proc.wait()
    total = {k: last[k] - first[k] for k in last}
    print(f"{name} (baseline): {total['baseline'] / wall * 100:6.2f} % of one core")
    print(
        f"libVLC crossfading as pap-guide: {total['crossfading'] / wall * 100:6.2f} % of one core"
    )
    print(
        f"a bare window ticking a clock, libVLC crossfading: {total['clock'] / wall * 100:6.2f} %"
        f" of one core ({total['clock'] / total['baseline']:.2f}x the {name})"
    )
    for kind in [k for k in ("shown", "hidden") if k in total]:
        print(f"pap-guide, window {kind}: {total[kind] / wall * 100:6.2f} % of one core")
        for base, label in (
            ("baseline", name),
            ("crossfading", "libVLC crossfading"),
            ("clock", "bare ticking window, crossfading"),
        ):
            ratios = [w[kind] / w[base] for w in windows if w[base] > 0]
            spread = (
                f"windows of {args.window:g} s: median {statistics.median(ratios):.2f}x, "
                f"{min(ratios):.2f}x to {max(ratios):.2f}x"
                if ratios
                else "no window long enough"
            )
            print(
                f"ratio {kind} / {label}: {total[kind] / total[base]:.2f}x over {wall:.0f} s, "
                f"side by side ({spread})"
            )
    print("ms of CPU a second, by thread (main: Python and Qt; others: libVLC, PulseAudio):")
    for kind in procs:
        main_s = main_last[kind] - main_first[kind]
        rest_s = total[kind] - main_s
        print(f"  {kind:12s} main {main_s / wall * 1000:5.2f}   others {rest_s / wall * 1000:5.2f}")


def data_dir(tmp: str, name: str) -> list[str]:
    folder = Path(tmp) / name
    folder.mkdir()
    return ["--data-dir", str(folder)]


if __name__ == "__main__":
    main()
