"""A whole six-hour rehearsal at high speed, or a bare ticking window.

    python bench/soak_probe.py app DATA_DIR SPEED   # pap-guide, notes and vitals as it goes
    python bench/soak_probe.py app-quiet DATA_DIR SPEED   # the same with nothing logged
    python bench/soak_probe.py bare                 # a label redrawn 4 times a second
Prints READY, then runs until killed.
"""

from __future__ import annotations

import itertools
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget


def main() -> None:
    app = QApplication(sys.argv[:1])
    timers = []
    if sys.argv[1] in ("app", "app-quiet"):
        from pap_guide.app import create_window
        from tests.helpers.asker import AutoAsker
        from tests.helpers.ui import begin

        window = create_window(
            ["--data-dir", sys.argv[2], "--audio-output", "dummy", "--speed", sys.argv[3]]
        )
        window.asker = AutoAsker()
        begin(window)
        edit = window.findChild(QWidget, "noteEdit")
        button = window.findChild(QWidget, "addNoteButton")
        counter = itertools.count()
        book = window.log_panel.book

        def log() -> None:  # a note and a set of vitals every real second
            edit.setText(f"soak note {next(counter)}")
            button.click()
            book.vitals({"systolic": "128", "diastolic": "82", "heart_rate": "76"}, False, "Ana")

        if sys.argv[1] == "app":
            timer = QTimer()
            timer.timeout.connect(log)
            timer.start(1000)
            timers.append(timer)
    else:
        window = QMainWindow()
        label = QLabel()
        window.setCentralWidget(label)
        ticks = itertools.count()
        timer = QTimer()
        timer.timeout.connect(lambda: label.setText(f"T+{next(ticks)}"))
        timer.start(250)
        timers.append(timer)
    window.resize(1366, 768)
    window.show()
    print("READY", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
