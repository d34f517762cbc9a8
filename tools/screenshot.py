"""Save a screenshot of the main window mid-session, for the README.

Run under a real X server (for example ``xvfb-run -s "-screen 0 1366x768x24"``)
or with ``QT_QPA_PLATFORM=offscreen``:

    python tools/screenshot.py docs/screenshot.png --elapsed 9000
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from pap_guide.app import create_window
from pap_guide.core.clock import FakeClock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--elapsed",
        type=float,
        default=2 * 3600 + 41 * 60 + 7,
        help="session seconds since the dose",
    )
    parser.add_argument("--theme", default="night")
    parser.add_argument(
        "--audio-output",
        default="null",
        help="libVLC output module; 'null' (default) plays nothing",
    )
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        window = create_window(
            ["--data-dir", tmp, "--theme", args.theme, "--audio-output", args.audio_output],
            clock=clock,
        )
        window.resize(1366, 768)
        window.show()
        window.findChild(object, "startSessionButton").click()
        clock.advance(args.elapsed)
        window.refresh()
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(args.out))
        window.close()
    print(args.out)


if __name__ == "__main__":
    main()
