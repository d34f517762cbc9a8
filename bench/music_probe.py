"""pap-guide's window shown, a session open and music playing, for bench/music_cpu.py.

    python bench/music_probe.py [--hidden] [pap-guide options]

Shows the main window (1366x768; offscreen unless QT_QPA_PLATFORM says
otherwise; never shown with ``--hidden``), starts a session and gives the
dose, waits until the music has started and faded in and the background
loudness scan of the library has finished (a first start measures every
track, seconds of CPU that are not the music's), prints ``READY`` and runs
the event loop until killed.
"""

from __future__ import annotations

import gc
import sys

from common import ROOT  # noqa: F401  (puts the repository on sys.path)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pap_guide.app import create_window
from pap_guide.app.levels import LevelBook
from tests.helpers.asker import AutoAsker
from tests.helpers.ui import begin


def main() -> None:
    app = QApplication(sys.argv[:1])
    hidden = "--hidden" in sys.argv
    window = create_window([a for a in sys.argv[1:] if a != "--hidden"])
    window.asker = AutoAsker()
    window.resize(1366, 768)
    if not hidden:
        window.show()
    if not window.desk.is_open():
        begin(window)
    player = getattr(getattr(window, "music", None), "player", None)
    # the window keeps its LevelBook out of reach; the benchmark only needs to see it
    books = [obj for obj in gc.get_objects() if isinstance(obj, LevelBook)]

    def ready() -> None:
        # the session's first track fades in over seconds: its steady state is measured
        playing = player is None or (player.state == "playing" and not player.fading())
        if not playing or any(book.busy() for book in books):
            QTimer.singleShot(100, ready)
            return
        print(f"READY {window.desk.session.id}", flush=True)

    QTimer.singleShot(0, ready)
    app.exec()


if __name__ == "__main__":
    main()
