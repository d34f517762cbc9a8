"""A real app that types notes while its disk is full, then waits to be killed.

    python -m tests.helpers.queue_driver DATA_DIR MOUNTPOINT COUNT

Prints ``QUEUED <session seconds> ...`` once every note is typed (and waiting).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from pap_guide.app import create_window
from tests.helpers.asker import AutoAsker
from tests.helpers.faults import fill
from tests.helpers.ui import begin


def main() -> None:
    data, mountpoint, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    app = QApplication([])
    window = create_window(["--data-dir", data, "--audio-output", "null"])
    window.asker = AutoAsker()
    begin(window)
    window.ticker.stop()
    fill(Path(mountpoint))
    edit = window.findChild(QWidget, "noteEdit")
    button = window.findChild(QWidget, "addNoteButton")
    times = []
    for number in range(count):
        edit.setText(f"typed while full {number}")
        button.click()
        times.append(window.log_panel.book.lines()[0].original.session_seconds)
    assert len(window.runner.recorder.pending) >= count
    print("QUEUED " + " ".join(repr(t) for t in times), flush=True)
    app.exec()


if __name__ == "__main__":
    main()
