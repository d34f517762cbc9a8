"""Starting the window: the one-writer lock, the passphrase, the event loop.

The window is shown as soon as the clock, the timeline and the log can be
drawn. libVLC loads on a thread of its own from the moment Qt is up (mostly C
code, done while the window is built); the music and the loudness scanner
join the window right after its first frame (``first_frame``), or after
FINISH_AT_THE_LATEST_MS if no frame is ever painted (a window that is never
exposed still gets its music); the hash chain's check and the FHIR pushes a
turn of the event loop after them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from pap_guide.app.environment import settle as settle_environment
from pap_guide.app.errors import LOG_NAME, install, open_log
from pap_guide.app.gui_gc import collect_on_gui_thread
from pap_guide.app.stop_signals import StopSignals
from pap_guide.app.window import Finish, build_window
from pap_guide.config.arguments import PASSPHRASE_ENV, build_parser
from pap_guide.config.locations import icon_file, locations_for
from pap_guide.config.theme_choice import saved_theme
from pap_guide.playback.starting import BackendStart
from pap_guide.store.database import (
    DatabaseProblem,
    WrongPassphrase,
    is_encrypted,
    open_database,
    problem_text,
)
from pap_guide.store.lock import DatabaseInUse, DatabaseLock
from pap_guide.ui.main_window import MainWindow
from pap_guide.ui.theme import THEMES, stylesheet

FINISH_AT_THE_LATEST_MS = 1000


def _opens(path: Path, passphrase: str) -> bool:
    try:
        open_database(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True


def _cannot_open(message: str) -> int:
    """One plain message, on screen and on the terminal; exit status 2."""
    print(message, file=sys.stderr)
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "pap-guide cannot open the records", message)
    return 2


def run_gui(argv: list[str]) -> int:
    settle_environment()  # before Qt starts its threads
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    collect_on_gui_thread()  # before libVLC's thread: no collection ever runs there
    stops = StopSignals(app)  # a logout or shutdown closes as the close box does
    try:
        return _run(app, argv, stops)
    finally:
        stops.restore()


def _run(app: QApplication, argv: list[str], stops: StopSignals) -> int:
    args = build_parser().parse_args(argv)
    # Qt is up (it changes the environment while it starts: no thread may read it
    # then) and the window is not: libVLC loads meanwhile, on the other core
    music = args.audio_output not in ("off", "null")
    libvlc = BackendStart(args.audio_output) if music else None
    try:
        return _open(app, argv, args, stops, libvlc)
    finally:
        if libvlc is not None:
            libvlc.settle()  # a start given up on (the lock, the passphrase) ends cleanly


def _open(
    app: QApplication,
    argv: list[str],
    args: argparse.Namespace,
    stops: StopSignals,
    libvlc: BackendStart | None,
) -> int:
    app.setApplicationName("pap-guide")  # also the X11 window class: StartupWMClass
    app.setDesktopFileName("pap-guide")  # Wayland finds the desktop entry, and its icon
    app.setWindowIcon(QIcon(str(icon_file())))
    database = Path(args.db or locations_for(args.data_dir).database)
    theme = args.theme or saved_theme(database)
    app.setStyleSheet(stylesheet(THEMES[theme]))  # dim from the very first dialog
    lock = DatabaseLock(database)
    try:
        lock.acquire()
    except OSError as exc:  # a read-only disk, a folder that cannot be made
        return _cannot_open(problem_text(database, exc))
    except DatabaseInUse as exc:
        print(exc, file=sys.stderr)
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # a screen for it
            QMessageBox.critical(None, "pap-guide is already open", str(exc))
        return 3
    encrypted = is_encrypted(database)
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        # no screen to ask on: scripts give the passphrase, and nothing is offered
        passphrase = os.environ.get(PASSPHRASE_ENV) if encrypted else None
    else:
        from pap_guide.ui.passphrase_dialog import ask_passphrase  # only with a screen

        passphrase = ask_passphrase(database, encrypted, lambda typed: _opens(database, typed))
    if stops.pending:
        return 0  # stopped while asked: nothing was opened
    if passphrase == "":
        return 4  # the guide gave up on the passphrase: nothing was opened
    try:
        window, finish = build_window(argv, passphrase=passphrase, libvlc=libvlc)
    except (DatabaseProblem, WrongPassphrase) as exc:
        message = (
            str(exc) if isinstance(exc, DatabaseProblem) else f"Cannot open {database}: {exc}."
        )
        print(message, file=sys.stderr)
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            QMessageBox.critical(None, "pap-guide cannot open the records", message)
        return 2
    logger = open_log(database.parent)
    install(logger, database.parent / LOG_NAME, window.statusBar().showMessage)
    for problem in window.problems:
        print(problem, file=sys.stderr)
    _finish_after_first_frame(window, finish)
    stops.close_with(window.close_unasked)
    window.show()
    status = int(app.exec())
    stops.done()  # a second signal would end the process before the records close
    finish.close()  # the -wal file folded into the database
    if window.stopped_by:
        logger.info("closed on %s, without asking (an open session resumes at the next start)",
                    window.stopped_by)  # fmt: skip
    return status


def _finish_after_first_frame(window: MainWindow, finish: Finish) -> None:
    """Music and the rest once the first frame is on screen (or a second at the latest);
    the records' checks a turn after the music, while libVLC opens the track."""
    done = False

    def said(problems: list[str]) -> None:
        for problem in problems:
            print(problem, file=sys.stderr)

    def later() -> None:
        nonlocal done
        if done:
            return
        done = True
        said(finish.music())
        QTimer.singleShot(0, window, lambda: said(finish.records()))  # not once it is gone

    window.first_frame.connect(later)
    QTimer.singleShot(FINISH_AT_THE_LATEST_MS, window, later)  # not once the window is gone
