"""The app under the crash test: a rehearsal with a note written every 20 ms.

Each note goes through the window's own note field and Add button. Once the
field has cleared (the entry is recorded) it prints ``TYPED <id>``, and
``SAVED <id>`` once it is on disk (at once, or later when a full disk frees).
An offer of entries left by an earlier run is accepted (the asker says yes).
    python bench/crash_writer.py DATA_DIR
"""

from __future__ import annotations

import itertools
import os
import sys

from common import ROOT

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from pap_guide.app import create_window
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin

SPEED = "200"


def main() -> None:
    app = QApplication([])
    window = create_window(["--data-dir", sys.argv[1], "--audio-output", "null", "--speed", SPEED])
    window.asker = AutoAsker()
    if window.desk.session is None:
        begin(window)
    edit = window.findChild(QWidget, "noteEdit")
    button = window.findChild(QWidget, "addNoteButton")
    counter = itertools.count()
    book = window.log_panel.book

    recorder = window.runner.recorder
    waiting: list[int] = []

    def write() -> None:
        edit.setText(f"crash-test note {next(counter)} pid {os.getpid()}")
        button.click()
        if edit.text() == "":  # recorded: on disk, or waiting and kept off the disk
            entry = book.lines()[0].original.id
            assert entry is not None
            print(f"TYPED {entry}", flush=True)
            waiting.append(entry)
        recorder.flush()
        for entry in [e for e in waiting if not recorder.is_pending("entries", e)]:
            waiting.remove(entry)
            print(f"SAVED {entry}", flush=True)

    timer = QTimer()
    timer.timeout.connect(write)
    timer.start(20)
    print(f"READY {window.desk.session.id} {ROOT}", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
