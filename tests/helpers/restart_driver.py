"""A real app that plays music on a disk that fills, then waits to be killed.

    python -m tests.helpers.restart_driver DATA_DIR MOUNTPOINT first|again

``first`` sets up a session, waits for the first track's start to be saved,
fills the disk and types a note; ``again`` opens the session left open (the disk
still full), adds back what the last run kept and waits for its track's start.
Each prints ``WAITING <n>`` once ``n`` actions wait for the disk.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from pap_guide.app import create_window
from tests.helpers.asker import AutoAsker
from tests.helpers.faults import fill
from tests.helpers.ui import begin


def wait_for(app: QApplication, done, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    data, mountpoint, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    app = QApplication([])
    window = create_window(["--data-dir", data, "--audio-output", "null"])
    window.asker = AutoAsker()  # adds back what an earlier run kept
    recorder = window.runner.recorder
    if mode == "first":
        begin(window)
        db = Path(data) / "pap-guide.db"

        def saved() -> bool:
            with sqlite3.connect(db) as conn:
                return conn.execute("SELECT count(*) FROM plays").fetchone()[0] > 0

        wait_for(app, saved)
        fill(Path(mountpoint))
        window.findChild(object, "noteEdit").setText("typed while full")
        window.findChild(object, "addNoteButton").click()
        wait_for(app, lambda: bool(recorder.pending))
    else:  # the offer, and the track played again, come on the event loop
        wait_for(app, lambda: bool(window.asker.questions))
        wait_for(app, lambda: any(action.plays for action in recorder.pending))
    print(f"WAITING {len(recorder.pending)}", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
