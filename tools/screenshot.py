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


def start_sample_session(window, protocol: str, dose: bool) -> None:  # type: ignore[no-untyped-def]
    """A set-up session: patient, people, checklist (ticked once dosed), the dose."""
    desk = window.desk
    people = {"Mara Lind": "guide", "Jon Okafor": "co-guide", "Ana Reyes": "monitor"}
    desk.start(protocol, "P-0142", "dosing", people)
    window.session_panel.session_changed.emit()
    checklist = desk.protocol.setup.checklist
    for item in checklist if dose else checklist[:2]:
        desk.tick(item, "Ana Reyes")
    if dose:
        amounts = desk.protocol.setup.doses.amounts
        desk.dose(amounts[0] if amounts else 25, "Mara Lind")
    window.refresh()


def add_sample_log(window, clock, elapsed: float) -> None:  # type: ignore[no-untyped-def]
    """A plausible monitor log up to ``elapsed``, so the picture shows one."""
    panel = window.log_panel
    book, who = panel.book, "Ana Reyes"
    readings = [
        (0, "126", "82", "72"),
        (1800, "134", "86", "84"),
        (3600, "148", "90", "96"),
        (5400, "164", "94", "104"),
        (6300, "152", "90", "92"),
        (7200, "138", "86", "86"),
        (9000, "132", "84", "80"),
    ]
    notes = {
        600: "Settled, eyeshades on, breathing slow",
        2700: "Some nausea, water given",
        6000: "Crying quietly, then calm; guide sitting close",
    }
    done = 0.0
    for at, sys_, dia, hr in readings:
        if at > elapsed:
            break
        clock.advance(at - done)
        done = at
        book.vitals(
            {"systolic": sys_, "diastolic": dia, "heart_rate": hr, "spo2": "98"}, False, who
        )
        for note_at, text in notes.items():
            if at < note_at <= at + 1800 and note_at <= elapsed:
                clock.advance(note_at - done)
                done = note_at
                book.note(text, who)
    book.rating("SUDS", "3", who)
    clock.advance(elapsed - done)


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
    parser.add_argument("--protocol", default="standard-6h")
    parser.add_argument("--size", default="1366x728", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--stage", choices=["pre-dose", "mid-session"], default="mid-session")
    parser.add_argument("--tab", type=int, default=0, help="monitor tab: 0 log, 1 chart")
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
        width, height = (int(n) for n in args.size.split("x"))
        window.resize(width, height)
        window.show()
        start_sample_session(window, args.protocol, args.stage == "mid-session")
        if args.stage == "mid-session":
            add_sample_log(window, clock, args.elapsed)
        window.log_panel.tabs.setCurrentIndex(args.tab)
        window.refresh()
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(args.out))
        window.close()
    print(args.out)


if __name__ == "__main__":
    main()
