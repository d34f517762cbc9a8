"""Starting the window: the one-writer lock, the passphrase, the event loop."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from pap_guide.app.errors import LOG_NAME, install, open_log
from pap_guide.app.window import create_window
from pap_guide.config.arguments import PASSPHRASE_ENV, build_parser
from pap_guide.config.locations import locations_for
from pap_guide.store.database import (
    DatabaseProblem,
    WrongPassphrase,
    is_encrypted,
    open_database,
    problem_text,
)
from pap_guide.store.lock import DatabaseInUse, DatabaseLock
from pap_guide.ui.passphrase_dialog import ask_passphrase
from pap_guide.ui.theme import THEMES, stylesheet


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
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("pap-guide")
    args = build_parser().parse_args(argv)
    app.setStyleSheet(stylesheet(THEMES[args.theme]))  # dim from the very first dialog
    database = Path(args.db or locations_for(args.data_dir).database)
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
        passphrase = ask_passphrase(database, encrypted, lambda typed: _opens(database, typed))
    if passphrase == "":
        return 4  # the guide gave up on the passphrase: nothing was opened
    try:
        window = create_window(argv, passphrase=passphrase)
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
    for problem in getattr(window, "problems", []):
        print(problem, file=sys.stderr)
    window.show()
    return int(app.exec())
