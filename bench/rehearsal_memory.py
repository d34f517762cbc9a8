"""Memory over a six-hour session: vitals every minute and a note every five, against
the same session with nothing logged.

Each run is a new process with the real window (offscreen, shown at 1366x768)
on a clock the run moves itself, a minute at a time, ticking the window after
each minute as its ticker would. The logging run types vitals into the
window's fields each minute and a note into the note field every fifth; every
half hour it looks at the vitals chart and back at the log, as a monitor does.
The quiet run does the same but logs nothing. The figure is the resident size
at the end less the resident size after the first minute, in each run.

    python bench/rehearsal_memory.py [--hours 6] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT

PROBE = """
import os, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from pap_guide.app import create_window
from pap_guide.core.clock import FakeClock
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin, child

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

app = QApplication([])
clock = FakeClock()
window = create_window(["--data-dir", {folder!r}, "--audio-output", "null"], clock=clock)
window.asker = AutoAsker()
window.ticker.stop()  # the run ticks the window itself, a minute at a time
window.resize(1366, 768)
window.show()
begin(window)
tabs = child(window, "logTabs")
names = ("systolicEdit", "diastolicEdit", "heartRateEdit")
fields = {{name: child(window, name) for name in names}}
start = None
for minute in range({minutes}):
    clock.advance(60)
    window.on_tick()
    if {logging}:
        for n, field in enumerate(fields.values()):
            field.setText(str((128, 82, 70 + minute % 30)[n]))
        child(window, "saveVitalsButton").click()
        if minute % 5 == 0:
            child(window, "noteEdit").setText(f"minute {{minute}}: resting, breathing slow")
            child(window, "addNoteButton").click()
    if minute % 30 == 29:
        tabs.setCurrentIndex(1)
        app.processEvents()
        tabs.setCurrentIndex(0)
    app.processEvents()
    if minute == 0:
        start = rss()
print(rss() - start, len(window.log_panel.book.lines()), flush=True)
os._exit(0)
"""


def once(minutes: int, logging: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        script = PROBE.format(folder=str(Path(tmp) / "data"), minutes=minutes, logging=logging)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    grown, lines = done.stdout.split()
    return float(grown), int(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=6)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    minutes = int(args.hours * 60)
    logged, quiet, lines = [], [], 0
    for _ in range(args.runs):
        grown, lines = once(minutes, True)
        logged.append(grown)
        quiet.append(once(minutes, False)[0])
    more = statistics.median(logged) - statistics.median(quiet)
    print(f"{args.hours:g} h, {lines} entries logged: RSS grew {statistics.median(logged):.1f} MB")
    print(f"the same session, nothing logged:  RSS grew {statistics.median(quiet):.1f} MB")
    print(f"logging costs {more:+.1f} MB ({more * 1024 / max(lines, 1):.1f} kB an entry)")


if __name__ == "__main__":
    main()
