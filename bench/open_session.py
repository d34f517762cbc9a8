"""Open and show a session of 10,000 entries, against the same window with an empty one.

Two data folders are made first: one with a session of ``--entries`` entries
(notes, observations, vitals every fifth, some corrections: as
bench/save_growth.py fills them), one with a session just started. Each run is
a new process that imports everything first, then opens the folder as
``pap-guide`` does (``build_window``: the session restored from the
database), shows the window at 1366x768 and times its first frame with the
log's rows painted ("shown"); then the rest that ``pap-guide`` does after the
first frame (the hash chain checked whole, the chart made, the music: here
the null output) and times that too ("finished"). Runs alternate.

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
from PySide6.QtWidgets import QApplication
import pap_guide.app.window, pap_guide.ui.vitals_chart
app = QApplication([])
start = time.perf_counter()
window, finish = pap_guide.app.window.build_window(
    ["--data-dir", {folder!r}, "--audio-output", "null"]
)
window.resize(1366, 768)
window.show()
window.repaint()
tree = window.log_panel.log.tree
assert tree.topLevelItemCount() or not window.log_panel.book.lines()
shown = time.perf_counter() - start
finish()
app.processEvents()
print(shown, time.perf_counter() - start, tree.topLevelItemCount(), flush=True)
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


def once(folder: Path) -> tuple[float, float, int]:
    out = run(PROBE.format(folder=str(folder))).split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp) / "full", Path(tmp) / "empty"
        make(full, args.entries)
        make(empty, 0)
        shown, finished, shown_empty, finished_empty, rows = [], [], [], [], 0
        for _ in range(args.runs):
            first, done, rows = once(full)
            shown.append(first)
            finished.append(done)
            first, done, _ = once(empty)
            shown_empty.append(first)
            finished_empty.append(done)
    print(f"{args.entries} entries ({rows} rows made), shown: {summary(shown)}")
    print(f"empty session, shown:            {summary(shown_empty)}")
    print(f"ratio of medians, shown: {ratio(shown, shown_empty):.2f}x")
    print(f"{args.entries} entries, finished: {summary(finished)}")
    print(f"empty session, finished:          {summary(finished_empty)}")
    print(f"ratio of medians, finished: {ratio(finished, finished_empty):.2f}x")


if __name__ == "__main__":
    main()
