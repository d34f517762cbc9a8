"""GUI-thread stalls while music plays and notes are typed, around track changes.

pap-guide's window (offscreen, 1366x768) plays the demo playlists through
libVLC into a private PulseAudio null sink, a rehearsal at x120 of the MDMA
protocol so that phases (and crossfades) come every few minutes of music,
while a note is saved every 33 ms (thirty a second, as fast as xdotool
typed in the walkthrough that found the stall). A 10 ms heartbeat timer on
the GUI thread and a watchdog thread that samples its stack whenever the
heartbeat is more than 60 ms late find each stall and where it was spent.
The baseline is a bare PySide6 window with the same heartbeat and watchdog,
run side by side.

    python bench/music_stall.py [--seconds 100]
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from common import ROOT, null_sink

LATE = 0.06  # a heartbeat this late is a stall a typist feels


def watch(
    main: int, beat: list[float], t0: float
) -> tuple[list[tuple[float, float]], collections.Counter[str]]:
    """Start the watchdog; its lists fill as stalls happen."""
    stalls: list[tuple[float, float]] = []
    where: collections.Counter[str] = collections.Counter()

    def run() -> None:
        began = None
        while True:
            time.sleep(0.01)
            if time.monotonic() - beat[0] > LATE:
                frame = sys._current_frames().get(main)
                if frame is not None:
                    where["".join(traceback.format_stack(frame, limit=6)[-3:])] += 1
                began = began or beat[0]  # the stall began at the last beat
            elif began is not None:
                stalls.append((began - t0, time.monotonic() - began))
                began = None

    threading.Thread(target=run, daemon=True).start()
    return stalls, where


def probe(mode: str, seconds: float, data: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    starts: list[float] = []
    if mode == "bare":
        window = QMainWindow()
        window.resize(1366, 768)
        window.show()
    else:
        from pap_guide.app import create_window
        from tests.helpers.asker import AutoAsker
        from tests.helpers.ui import begin, child

        window = create_window(["--data-dir", data, "--speed", "120", "--protocol", "mdma"])
        window.asker = AutoAsker()
        window.resize(1366, 768)
        window.show()
        begin(window)
        note, add = child(window, "noteEdit"), child(window, "addNoteButton")
        typed = [0]

        def type_note() -> None:
            typed[0] += 1
            note.setText(f"note {typed[0]}")
            add.click()

        typer = QTimer()
        typer.timeout.connect(type_note)
        typer.start(33)
        if window.music is not None:
            window.music.player.track_started.connect(lambda _p: starts.append(time.monotonic()))
    t0 = time.monotonic()
    beat = [t0]
    heart = QTimer()
    heart.timeout.connect(lambda: beat.__setitem__(0, time.monotonic()))
    heart.start(10)
    stalls, where = watch(threading.main_thread().ident or 0, beat, t0)

    def done() -> None:
        longest = max((length for _, length in stalls), default=0.0)
        print(f"STALLS {len(stalls)} longest {longest * 1000:.0f} ms", flush=True)
        for at, length in stalls:
            after = [at - (s - t0) for s in starts if s - t0 <= at]
            since = f", {min(after):.1f} s after a track began" if after else ""
            print(f"  at {at:.1f} s: {length * 1000:.0f} ms{since}")
        for stack, count in where.most_common(1):
            print(f"  most samples ({count}) in:\n{stack}")
        app.quit()

    QTimer.singleShot(int(seconds * 1000), done)
    app.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=100)
    parser.add_argument("--probe", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args.probe, args.seconds, args.data)
        return
    with tempfile.TemporaryDirectory() as tmp, null_sink(Path(tmp)) as server:
        env = {**os.environ, "PULSE_SERVER": server, "QT_QPA_PLATFORM": "offscreen"}
        env["PYTHONPATH"] = str(ROOT)
        runs = {
            name: subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--probe",
                    name,
                    "--seconds",
                    str(args.seconds),
                    "--data",
                    str(Path(tmp) / "data"),
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            for name in ("app", "bare")
        }
        for name, run in runs.items():
            out, _ = run.communicate(timeout=args.seconds + 120)
            print(f"{'pap-guide, typing' if name == 'app' else 'bare window'}:")
            print(out.rstrip() or "  (no report)")


if __name__ == "__main__":
    main()
