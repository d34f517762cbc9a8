"""Cold start: pap-guide's first frame and its restored session, against a bare window.

Each run is a new process on the offscreen platform, interleaved (app, bare,
app, bare ...), timed from spawn by bench/start_probe.py's reports:

- first frame: the main window painted (pap-guide: clock and timeline);
- restored and usable (pap-guide only): a session in progress, made once
  before the runs by ``start_probe.py setup``, restored from the database,
  its log showing its entries and its music started.

Both pap-guide figures are ratios against the bare PySide6 window's first
frame in the same run. A third window, ``store``, is the bare one drawing its
clock from the same records through sqlite-utils (the store's library): the
least any first frame costs that shows the session's clock from the record
through the store's library. A fourth, ``timeline``, reads the clock with the
standard library's sqlite3 and draws pap-guide's own phase timeline at the
session's place (its protocol parsed by pap-guide): the least a first frame
drawn before the store and the rest are imported would cost. A fifth,
``music``, is the bare window and then libVLC started as pap-guide starts it,
playing the session's track into the same output: the least "restored and
usable" would cost. A sixth, ``look``, is ``timeline`` with what pap-guide's
start could not leave out of such a first look (its arguments, folders, style
sheet, protocol catalog and top line).
pap-guide's modules are compiled first and the runs may use their bytecode,
as an installed app's starts do (pip and the .deb install it compiled;
PySide6's own is compiled too): a shell with
PYTHONDONTWRITEBYTECODE set would otherwise have every run compile the
sources again, some 60 ms that no clinic's start spends.

Music plays through libVLC into a private PulseAudio null sink
(bench/common.null_sink, as bench/music_cpu.py); ``--dummy`` uses libVLC's
dummy output instead (no PulseAudio needed).

    python bench/cold_start.py [--runs 10] [--dummy]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from common import ROOT, made_session, null_sink, probe_times, ratio, summary

PROBE = str(ROOT / "bench" / "start_probe.py")


def once(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawn to each line the probe reported (FRAME, READY)."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    found = probe_times(proc.stdout, start)
    if "FRAME" not in found or (args[0] in ("app", "music") and "READY" not in found):
        raise SystemExit(f"probe {args[0]} said {proc.stdout!r}; {proc.stderr[-2000:]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--dummy", action="store_true", help="libVLC's dummy audio output")
    args = parser.parse_args()
    frame, ready, bare, store, line, music, look = [], [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "pap_guide")],
            env=env,
            check=True,
        )
        output = "dummy" if args.dummy else "pulse"
        if not args.dummy:
            env["PULSE_SERVER"] = stack.enter_context(null_sink(Path(tmp)))
        data = str(Path(tmp) / "data")
        options = ["--audio-output", output]
        made_session(PROBE, data, options, env)
        for _ in range(args.runs):
            app = once(["app", data, *options], env)
            frame.append(app["FRAME"])
            ready.append(app["READY"])
            bare.append(once(["bare"], env)["FRAME"])
            store.append(once(["store", data], env)["FRAME"])
            line.append(once(["timeline", data], env)["FRAME"])
            look.append(once(["look", data], env)["FRAME"])
            music.append(once(["music", data, *options], env)["READY"])
    print(f"music through libVLC: --audio-output {output}")
    print(f"bare PySide6 window, first frame:   {summary(bare)}")
    print(f"bare window, clock from the records: {summary(store)}")
    print(f"bare window, clock and timeline, sqlite3: {summary(line)}")
    print(f"bare window, then libVLC playing: {summary(music)}")
    print(f"first look before the store:       {summary(look)}")
    print(f"pap-guide, first frame:              {summary(frame)}")
    print(f"pap-guide, restored and usable:      {summary(ready)}")
    print(f"first frame / bare:          {ratio(frame, bare):.2f}x (goal <= 1.5x)")
    print(f"restored and usable / bare:  {ratio(ready, bare):.2f}x (goal <= 2.5x)")
    print(f"clock from the records / bare: {ratio(store, bare):.2f}x")
    print(f"clock and timeline, sqlite3 / bare: {ratio(line, bare):.2f}x")
    print(f"first look before the store / bare: {ratio(look, bare):.2f}x")
    print(f"bare window, then libVLC playing / bare: {ratio(music, bare):.2f}x")
    print(f"restored and usable / bare window then libVLC: {ratio(ready, music):.2f}x")
    print(f"first frame / clock from the records: {ratio(frame, store):.2f}x")


if __name__ == "__main__":
    main()
