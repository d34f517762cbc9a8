"""A third baseline: the least a window that plays as pap-guide does can cost.

libVLC crossfading the same files as pap-guide's player does
(bench/bare_crossfade.py, on a thread of its own) beside a bare PySide6
window (1366x768) that shows what pap-guide's window changes every second:
an 80 px session clock and the track's "left" countdown, two plain QLabels
of fixed size, set once a second on the whole second. No records, no
panels, no protocol: what any window pays to show a ticking clock while
this music plays, which the design asks for and a looping player never pays.

    python bench/bare_clock.py [--hidden] FILE...
"""

from __future__ import annotations

import sys
import threading
import time

from bare_crossfade import play
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

CLOCK_PX = 80  # pap-guide's session clock (ui/theme.py)
NOW_PLAYING_PX = 18
TRACK_SECONDS = 45  # the demo tracks: the countdown starts again after each


def label(px: int, width: int, height: int) -> QLabel:
    shown = QLabel("")
    font = QFont(shown.font())
    font.setPixelSize(px)
    shown.setFont(font)
    shown.setFixedSize(width, height)  # a new text never lays the window out again
    return shown


def main() -> None:
    app = QApplication(sys.argv[:1])
    files = [a for a in sys.argv[1:] if a != "--hidden"]
    window = QWidget()
    layout = QVBoxLayout(window)
    clock = label(CLOCK_PX, 420, 100)
    countdown = label(NOW_PLAYING_PX, 420, 30)
    layout.addWidget(clock)
    layout.addWidget(countdown)
    layout.addStretch()
    window.resize(1366, 768)
    if "--hidden" not in sys.argv:
        window.show()
    began = time.time()

    def tick() -> None:
        seconds = int(time.time() - began)
        clock.setText(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")
        left = TRACK_SECONDS - seconds % TRACK_SECONDS
        countdown.setText(f"♪ Introspection · 0:{left:02d} left")
        QTimer.singleShot(int((1.0 - time.time() % 1.0) * 1000) + 5, tick)

    tick()
    music = threading.Thread(
        target=play, args=(files, lambda: print("READY", flush=True)), daemon=True
    )
    music.start()
    app.exec()


if __name__ == "__main__":
    main()
