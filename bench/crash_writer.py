"""The app under the crash test: a rehearsal with a note written every 20 ms.

Each note goes through the window's own note field and Add button; only when
the field has cleared (the entry was committed) does it print ``SAVED <id>``.
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

    def write() -> None:
        edit.setText(f"crash-test note {next(counter)} pid {os.getpid()}")
        button.click()
        if edit.text() == "":  # cleared only after the commit
            print(f"SAVED {book.lines()[0].original.id}", flush=True)

    timer = QTimer()
    timer.timeout.connect(write)
    timer.start(20)
    print(f"READY {window.desk.session.id} {ROOT}", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
