"""Start one window and say when it is on screen: pap-guide's or a bare one.

    python bench/start_probe.py bare                  # a bare PySide6 window
    python bench/start_probe.py app DATA_DIR [opts]   # pap-guide, as the command starts it
    python bench/start_probe.py setup DATA_DIR [opts] # a session in progress, for 'app'
    python bench/start_probe.py store DATA_DIR        # a bare window, its clock from the records
    python bench/start_probe.py timeline DATA_DIR     # + pap-guide's timeline, no sqlite-utils
    python bench/start_probe.py music DATA_DIR [opts] # a bare window, then libVLC playing
    python bench/start_probe.py look DATA_DIR         # the least a real first look needs

Each prints ``FRAME <t>`` once its main window's first frame has been painted
(the event after the window's first paint event, so the whole frame: for
pap-guide the clock and the timeline) with ``t`` the CLOCK_MONOTONIC second
it happened (``time.monotonic()``, the clock the parent times the spawn on).
``app`` runs the real start path (``pap_guide.main``, as the command) and then
prints ``READY <t>`` once the session restored from the database is usable:
the log shows its entries and the music has started (the player reported
its first track playing, through libVLC unless the options say ``null``),
then quits. ``setup`` makes the session that ``app`` restores: it starts
one, gives the dose, logs two notes, waits until the music plays and the
library's loudness is measured (so no run measures it again), and closes.
``store`` is the bare window with what any window drawing the session clock
from the records through sqlite-utils does first: sqlite-utils imported (with
NumPy hidden, as pap-guide's store imports it), the database opened, the
first dose's time read and the label set to the time since it. ``timeline`` is
the least a first frame drawn before the store could cost: the clock read
through the standard library's sqlite3 (no sqlite-utils), the session's
protocol loaded with pap-guide's own parser and pap-guide's phase timeline
drawn at the session's place, nothing else of pap-guide imported. ``music`` is
the least "restored and usable" could cost: the bare window, and after its
first frame python-vlc imported, a libVLC instance made (pap-guide's options)
and the track the session last started played into the same output; it
prints ``READY`` once libVLC says it is playing. ``look`` is ``timeline`` with
what pap-guide's own start could not leave out of a first look drawn before the
store: its arguments parsed, its folders found, the saved theme's style sheet
applied, the protocols loaded as the catalog loads them (every file, the
clinic's too) and the window's top line over the two columns.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # not bench/common: pytest

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTreeWidget, QWidget


class FirstFrame(QObject):
    """Prints FRAME after the first paint of a main window (the same for both windows)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.seen, self.printed = name, False, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QMainWindow)
            and watched.objectName() == self.name
        ):
            self.seen = True
            # a zero timer runs once the whole frame (every child) is painted and flushed
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        print(f"FRAME {time.monotonic():.6f}", flush=True)
        self.printed = True


def main_window() -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "mainWindow":
            return widget
    return None


def watch_ready(app: QApplication, frames: FirstFrame) -> None:
    """READY once on screen, the log shows entries and the player reported a track playing."""
    started: list[str] = []

    def poll() -> None:
        window = main_window()
        music = getattr(window, "music", None)
        if music is not None and not hasattr(music, "bench_watched"):
            music.bench_watched = True
            music.player.track_started.connect(started.append)
            if music.player.state == "playing" and music.conductor.now_playing():
                started.append("already")  # reported before we looked (not expected)
        tree = window.findChild(QTreeWidget, "logView") if window is not None else None
        shown = tree is not None and tree.topLevelItemCount() > 0
        if frames.printed and started and shown:
            print(f"READY {time.monotonic():.6f}", flush=True)
            app.quit()
            return
        QTimer.singleShot(2, poll)

    QTimer.singleShot(0, poll)


def setup(data_dir: str, options: list[str]) -> None:
    app = QApplication(sys.argv[:1])
    from pap_guide.app import create_window
    from pap_guide.app.levels import LevelBook
    from tests.helpers.asker import AutoAsker
    from tests.helpers.ui import begin, child

    window = create_window(["--data-dir", data_dir, *options])
    window.asker = AutoAsker()
    window.show()
    if not window.desk.is_open():
        begin(window)
    for text in ("calm, eyes closed", "asked for a blanket"):
        child(window, "noteEdit").setText(text)
        child(window, "addNoteButton").click()
    # the window keeps its LevelBook out of reach; as in bench/music_probe.py
    books = [obj for obj in gc.get_objects() if isinstance(obj, LevelBook)]

    def done() -> None:
        playing = window.music is None or window.music.player.state == "playing"
        if not playing or any(book.busy() for book in books):
            QTimer.singleShot(100, done)
            return
        print(f"SETUP {window.desk.session.id}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, done)
    app.exec()


def clock_from_records(data_dir: str) -> str:
    """T+H:MM:SS since the first dose, read as the store reads: through sqlite-utils."""
    import json
    from datetime import UTC, datetime

    sys.modules["numpy"] = None  # type: ignore[assignment]  # as pap_guide.store does
    import sqlite_utils

    del sys.modules["numpy"]
    db = sqlite_utils.Database(str(Path(data_dir) / "pap-guide.db"))
    row = next(db.query("SELECT data FROM events WHERE kind = 'dose' ORDER BY id LIMIT 1"))
    dosed = datetime.fromisoformat(json.loads(row["data"])["dose_utc"])
    seconds = int((datetime.now(UTC) - dosed).total_seconds())
    return f"T+{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def clock_and_timeline(data_dir: str) -> QWidget:
    """A label with T+H:MM:SS and pap-guide's PhaseTimeline, from plain sqlite3."""
    import json
    import sqlite3
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QVBoxLayout

    from pap_guide.core.protocol import load_protocol
    from pap_guide.core.session import Event, EventKind, Timeline
    from pap_guide.core.timefmt import clock_text
    from pap_guide.ui.timeline import PhaseTimeline

    path = Path(data_dir) / "pap-guide.db"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    session, key = conn.execute(
        "SELECT id, protocol_key FROM sessions ORDER BY id DESC LIMIT 1"
    ).fetchone()
    rows = conn.execute(
        "SELECT kind, utc, session_seconds, phase, data FROM events WHERE session_id = ?"
        " ORDER BY id",
        (session,),
    ).fetchall()
    conn.close()
    events = [
        Event(EventKind(kind), datetime.fromisoformat(utc), seconds, phase, json.loads(data))
        for kind, utc, seconds, phase, data in rows
    ]
    shipped = Path(__file__).resolve().parents[1] / "pap_guide" / "protocols"
    protocol = load_protocol(shipped / f"{key}.toml")
    state = Timeline(protocol, events).state(datetime.now(UTC))
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.addWidget(QLabel(clock_text(state.elapsed)))
    timeline = PhaseTimeline()
    layout.addWidget(timeline)
    layout.addStretch(1)
    timeline.show_state(protocol, state)
    return body


def first_look(data_dir: str) -> QWidget:
    """``clock_and_timeline`` as pap-guide's start would have to draw it."""
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout

    from pap_guide.config.arguments import build_parser
    from pap_guide.config.locations import load_protocols, locations_for
    from pap_guide.config.theme_choice import saved_theme
    from pap_guide.ui.theme import THEMES, stylesheet

    args = build_parser().parse_args(["--data-dir", data_dir])
    locations = locations_for(args.data_dir)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(stylesheet(THEMES[saved_theme(locations.database)]))
    load_protocols(locations)  # what the clinic's folder holds may replace a shipped one
    central = QWidget()
    layout = QVBoxLayout(central)
    top = QHBoxLayout()
    top.addWidget(QLabel("Session 1"), 1)
    for text in ("Export…", "Sessions…", "Day"):
        top.addWidget(QPushButton(text))
    layout.addLayout(top)
    split = QSplitter()
    split.addWidget(clock_and_timeline(data_dir))
    split.addWidget(QWidget())
    layout.addWidget(split, 1)
    return central


def play_after_frame(app: QApplication, frames: FirstFrame, data_dir: str, output: str) -> None:
    """After the first frame: libVLC, as pap-guide starts it, playing the session's track."""
    import sqlite3

    path = Path(data_dir) / "pap-guide.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        (track,) = conn.execute(
            "SELECT file FROM plays WHERE kind = 'start' ORDER BY id DESC LIMIT 1"
        ).fetchone()
    kept: list[object] = []

    def start() -> None:
        if not frames.printed:
            QTimer.singleShot(1, start)
            return
        import vlc

        args = ["--quiet", "--no-video", "--intf=dummy", "--no-media-library", f"--aout={output}"]
        instance = vlc.Instance(args)
        player = instance.media_player_new()
        player.set_media(instance.media_new_path(track))
        player.play()
        kept.extend([instance, player])

        def playing() -> None:
            if player.get_state() == vlc.State.Playing:
                print(f"READY {time.monotonic():.6f}", flush=True)
                app.quit()
            else:
                QTimer.singleShot(2, playing)

        playing()

    QTimer.singleShot(0, start)


def main() -> None:
    mode = sys.argv[1]
    if mode == "setup":
        setup(sys.argv[2], sys.argv[3:])
        return
    app = QApplication(sys.argv[:1])
    frames = FirstFrame("mainWindow")
    app.installEventFilter(frames)
    if mode == "app":
        from pap_guide.main import main as pap_guide  # the command's own path

        watch_ready(app, frames)
        raise SystemExit(pap_guide(["--data-dir", sys.argv[2], *sys.argv[3:]]))
    window = QMainWindow()
    window.setObjectName("mainWindow")
    if mode == "timeline":
        window.setCentralWidget(clock_and_timeline(sys.argv[2]))
    elif mode == "look":
        window.setCentralWidget(first_look(sys.argv[2]))
    else:
        clock = clock_from_records(sys.argv[2]) if mode == "store" else "T+00:00:00"
        window.setCentralWidget(QLabel(clock))
    window.resize(1366, 768)
    window.show()

    def quit_after_frame() -> None:
        if frames.printed:
            QTimer.singleShot(0, app.quit)
        else:
            QTimer.singleShot(1, quit_after_frame)

    if mode == "music":
        output = (
            sys.argv[sys.argv.index("--audio-output") + 1]
            if "--audio-output" in sys.argv
            else "pulse"
        )
        play_after_frame(app, frames, sys.argv[2], output)
    else:
        quit_after_frame()
    app.exec()


if __name__ == "__main__":
    main()
