"""Start one window and say when it is on screen: pap-guide's or a bare one.

    python bench/start_probe.py app DATA_DIR     # pap-guide's main window
    python bench/start_probe.py bare             # a bare PySide6 window
Prints SHOWN once the window has been exposed, then quits.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> None:
    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "app":
        from pap_guide.app import create_window

        window = create_window(["--data-dir", sys.argv[2], "--audio-output", "dummy"])
    else:
        window = QMainWindow()
        window.setCentralWidget(QLabel("T+00:00:00"))
    window.resize(1366, 768)
    window.show()

    def shown() -> None:
        print("SHOWN", flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()


if __name__ == "__main__":
    main()
