"""Runs the real app in its own process for kill-and-resume tests.

    python -m tests.helpers.app_driver [pap-guide options] [--advance]

Starts a session (and moves to the next phase with ``--advance``), prints
``READY <session id>`` once that is saved, then runs the event loop until killed.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QWidget

from pap_guide.app import create_window


def main() -> None:
    argv = [a for a in sys.argv[1:] if a != "--advance"]
    app = QApplication([])
    window = create_window(argv)
    if not window.controller.is_open():
        window.findChild(QWidget, "startSessionButton").click()
    if "--advance" in sys.argv:
        window.findChild(QWidget, "nextPhaseButton").click()
    print(f"READY {window.controller.session.id}", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
