"""Delay from a scheduled phase boundary to the start of its crossfade.

Runs the real window (offscreen) with libVLC's dummy output in fast
rehearsals of the standard protocol and notes, for every phase boundary, how
late the conductor asked the player to crossfade. Side by side, in the same
event loop, a precise Qt timer armed for the same moment gives the baseline:
how late anything in this event loop can be.

    python bench/phase_latency.py [--runs 4] [--speed 3600]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import timedelta

from common import summary

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pap_guide.app import create_window
from pap_guide.core.clock import SystemClock
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin


def one_run(app: QApplication, speed: float) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        window = create_window(
            ["--data-dir", tmp, "--audio-output", "dummy", "--speed", str(speed)],
            clock=SystemClock(),
        )
        player = window.music.player
        crossfades: list[float] = []
        original = player.play

        def play(path, target, fade):  # type: ignore[no-untyped-def]
            crossfades.append(time.time())
            original(path, target, fade)

        player.play = play
        window.asker = AutoAsker()
        begin(window)
        controller = window.desk
        anchor = controller.session.anchor
        dose = controller.timeline.dose_at
        boundaries = []
        baseline: list[float] = []
        timers = []
        for start in controller.state().phase_starts[1:]:
            virtual = dose + timedelta(seconds=start)
            real = (anchor + (virtual - anchor) / speed).timestamp()
            boundaries.append(real)
            timer = QTimer()
            timer.setSingleShot(True)
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.timeout.connect(lambda real=real: baseline.append(time.time() - real))
            timer.start(max(0, round((real - time.time()) * 1000)))
            timers.append(timer)
        end = boundaries[-1] + 1.0
        while time.time() < end:
            app.processEvents()
            time.sleep(0.001)
        delays = [min(t for t in crossfades if t >= b - 0.5) - b for b in boundaries]
        window.close()
        return delays, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--speed", type=float, default=3600)
    args = parser.parse_args()
    app = QApplication([])
    delays: list[float] = []
    baseline: list[float] = []
    for _ in range(args.runs):
        got, base = one_run(app, args.speed)
        delays += got
        baseline += base
    print(f"phase boundary -> crossfade start: {summary(delays)}")
    print(f"precise Qt timer (baseline):       {summary(baseline)}")
    median = sorted(delays)[len(delays) // 2]
    base_median = max(sorted(baseline)[len(baseline) // 2], 1e-4)
    print(
        f"ratio of medians: {median / base_median:.1f}x ({args.runs} rehearsals at x{args.speed:g})"
    )


if __name__ == "__main__":
    main()
