"""Runs the real app in its own process for kill-and-resume tests.

    python -m tests.helpers.app_driver [pap-guide options] [--advance]

Starts a session (and moves to the next phase with ``--advance``), prints
``READY <session id>`` once that is saved, then runs the event loop until killed.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtWidgets import QApplication, QWidget

from pap_guide.app import create_window
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin


def main() -> None:
    flags = {"--advance", "--records", "--state", "--hush"}
    argv = [a for a in sys.argv[1:] if a not in flags]
    app = QApplication([])
    window = create_window(argv)
    window.asker = AutoAsker()
    if not window.desk.is_open():
        begin(window)
    if "--records" in sys.argv:
        desk = window.desk
        desk.tick(desk.protocol.setup.checklist[-1], "Ana")
        desk.dose(5, "Mara", reason="a rescue dose, as the test says")
        desk.step_out("Mara", "Jon")
        window.log_panel.book.vitals({"systolic": "150", "diastolic": "90"}, False, "Ana")
    if "--advance" in sys.argv:
        window.findChild(QWidget, "nextPhaseButton").click()
    if "--hush" in sys.argv:  # the guide hushes the music (the patient wants to talk)
        window.findChild(QWidget, "hushButton").click()
    print(f"READY {window.desk.session.id}", flush=True)
    if "--state" in sys.argv:  # what the restarted app shows, for clock tests
        window.on_tick()  # the label as its next tick draws it: the build may take seconds
        print(f"CLOCK {window.findChild(QWidget, 'sessionClock').text()}", flush=True)
        # when the clock was read: CLOCK_MONOTONIC is the machine's, whatever faketime does
        print(f"MONO {time.monotonic():.6f}", flush=True)
        for problem in window.problems:
            print(f"PROBLEM {problem}", flush=True)
        print("END", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
