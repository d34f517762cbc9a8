"""Open and show a session of 10,000 entries, against the same window with an empty one.

Two data folders are made first: one with a session of ``--entries`` entries
(notes, observations, vitals every fifth, some corrections: as
bench/save_growth.py fills them), one with a session just started. Each run is
a new process that imports everything first, then times ``create_window`` on
the folder (the session restored from the database), the window shown at
1366x768 and painted with the log's rows. Runs alternate between the two.

    python bench/open_session.py [--entries 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, ratio, summary

PROBE = """
import os, sys, time
sys.path.insert(0, {bench!r})
from PySide6.QtWidgets import QApplication
import pap_guide.app, pap_guide.ui.vitals_chart, tests.helpers.asker
app = QApplication([])
start = time.perf_counter()
window = pap_guide.app.create_window(["--data-dir", {folder!r}, "--audio-output", "null"])
window.resize(1366, 768)
window.show()
tree = window.log_panel.log.tree
while not window.isVisible() or (window.log_panel.book.lines() and tree.topLevelItemCount() == 0):
    app.processEvents()
window.repaint()
app.processEvents()
print(time.perf_counter() - start, tree.topLevelItemCount(), flush=True)
window.ticker.stop()
os._exit(0)
"""


def make(folder: Path, entries: int) -> None:
    """A data folder whose session holds ``entries`` entries (filled in a process of its own)."""
    script = f"""
import sys
sys.path.insert(0, {str(ROOT / "bench")!r})
import save_growth
from PySide6.QtWidgets import QApplication
from pap_guide.app import create_window
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin
app = QApplication([])
window = create_window(["--data-dir", {str(folder)!r}, "--audio-output", "null"])
window.asker = AutoAsker()
begin(window)
save_growth.fill(window, {entries})
window.ticker.stop()
"""
    run(script)


def run(script: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return done.stdout


def once(folder: Path) -> tuple[float, int]:
    out = run(PROBE.format(bench=str(ROOT / "bench"), folder=str(folder))).split()
    return float(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp) / "full", Path(tmp) / "empty"
        make(full, args.entries)
        make(empty, 0)
        ours, baseline, rows = [], [], 0
        for _ in range(args.runs):
            took, rows = once(full)
            ours.append(took)
            baseline.append(once(empty)[0])
    print(f"session of {args.entries} entries ({rows} rows made): {summary(ours)}")
    print(f"the same window, empty session:      {summary(baseline)}")
    print(f"ratio of medians: {ratio(ours, baseline):.2f}x")


if __name__ == "__main__":
    main()
