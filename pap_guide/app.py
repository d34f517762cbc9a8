"""Composition root: the one place that builds and wires everything."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QProgressDialog

from pap_guide.cli import build_parser
from pap_guide.core.clinical import SessionDesk
from pap_guide.core.clock import Clock, RehearsalClock, SystemClock
from pap_guide.core.controller import SessionController
from pap_guide.core.entries import INTENTION, NOTE, build_log, describe
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.protocol import ProtocolCatalog, load_catalog
from pap_guide.core.session import ENDED, SessionRecord
from pap_guide.core.summary import session_lines
from pap_guide.export.writers import FORMATS, default_name, export, load_report
from pap_guide.music import Music, build_music
from pap_guide.passphrase import ask_passphrase, unlock_check
from pap_guide.resources import Locations
from pap_guide.store.database import open_database
from pap_guide.store.entries import EntryRepository
from pap_guide.store.lock import DatabaseInUse, DatabaseLock
from pap_guide.store.plays import PlayRepository
from pap_guide.store.sessions import SessionRepository
from pap_guide.store.settings import Settings
from pap_guide.ui.log_panel import LogPanel
from pap_guide.ui.main_window import MainWindow
from pap_guide.ui.music_panel import MusicPanel
from pap_guide.ui.playlist_editor import PlaylistEditor
from pap_guide.ui.sessions_dialog import SessionsDialog
from pap_guide.ui.theme import THEMES, stylesheet
from pap_guide.ui.ticker import Ticker

PREVIEW_LEVEL = 0.2  # previews play quietly


@dataclass
class Parts:
    """What the app is made of, for the window and for the command line."""

    locations: Locations
    catalog: ProtocolCatalog
    repository: SessionRepository
    controller: SessionController
    settings: Settings
    music: Music | None
    problems: list[str]


def _locations(args: argparse.Namespace) -> Locations:
    return Locations(args.data_dir) if args.data_dir else Locations.default()


def _catalog(locations: Locations) -> ProtocolCatalog:
    return load_catalog(locations.protocol_folders, locations.playlist_folders)


def _session_clock(
    base: Clock, repository: SessionRepository, speed: float, problems: list[str]
) -> Clock:
    """The real clock, or a rehearsal clock (resumed from the open rehearsal)."""
    open_session = repository.open_session()
    if open_session is not None and open_session.rehearsal and open_session.anchor:
        return RehearsalClock(base, open_session.speed, open_session.anchor)
    if open_session is not None:
        if speed != 1.0:
            problems.append("A real session is open, so --speed is ignored until it ends.")
        return base
    if speed != 1.0:
        return RehearsalClock(base, speed, base.now())
    return base


def build_parts(
    args: argparse.Namespace, clock: Clock | None = None, passphrase: str | None = None
) -> Parts:
    locations = _locations(args)
    catalog = _catalog(locations)
    problems = [f"Protocol not loaded: {error}" for error in catalog.errors]
    db = open_database(args.db or locations.database, passphrase)
    repository = SessionRepository(db)
    settings = Settings(db)
    session_clock = _session_clock(clock or SystemClock(), repository, args.speed, problems)
    controller = SessionController(session_clock, repository, catalog.protocols)
    open_session = repository.open_session()
    if not controller.resume() and open_session is not None:
        problems.append(
            f"Session {open_session.id} is open but its protocol "
            f"{open_session.protocol_key!r} could not be loaded."
        )
    if args.protocol and args.protocol not in catalog.protocols:
        problems.append(
            f"Protocol {args.protocol!r} not found; "
            f"known: {', '.join(sorted(catalog.protocols)) or 'none'}."
        )
    library = PlaylistLibrary(locations.playlist_folders)
    music = build_music(
        args.audio_output, session_clock, PlayRepository(db), settings, library, problems
    )
    return Parts(locations, catalog, repository, controller, settings, music, problems)


def _music_panel(parts: Parts) -> MusicPanel | None:
    music = parts.music
    if music is None:
        return None
    volume = int(parts.settings.get("volume", "50") or 50)
    panel = MusicPanel(
        music.conductor,
        music.player,
        volume,
        music.backend.output_devices(),
        parts.settings.get("audio_device", "") or "",
    )
    panel.volume_changed.connect(lambda value: parts.settings.set("volume", str(value)))

    def choose_device(device: str) -> None:
        parts.settings.set("audio_device", device)
        music.player.set_output_device(device or None)

    panel.device_changed.connect(choose_device)
    return panel


def _log_panel(parts: Parts) -> LogPanel:
    controller, music = parts.controller, parts.music

    def context() -> Context | None:
        state = controller.state()
        if controller.session is None or controller.protocol is None or state is None:
            return None
        play = music.conductor.now_playing() if music is not None else None
        return Context(
            controller.session.id,
            controller.protocol,
            state,
            play.title if play is not None else None,
        )

    book = LogBook(controller.clock, EntryRepository(parts.repository.db), context)
    people = [p for p in (parts.settings.get("people", "") or "").split(",") if p.strip()]
    panel = LogPanel(book, people)
    panel.people_changed.connect(lambda names: parts.settings.set("people", ",".join(names)))
    fahrenheit = panel.forms.fahrenheit
    fahrenheit.setChecked(parts.settings.get("temperature_unit") == "F")
    fahrenheit.toggled.connect(
        lambda on: parts.settings.set("temperature_unit", "F" if on else "C")
    )
    return panel


def _intentions(parts: Parts) -> Callable[[str], list[str]]:
    """Intentions a patient recorded in preparation sessions (read once per patient)."""
    entries = EntryRepository(parts.repository.db)
    known: dict[str, list[str]] = {}

    def intentions(patient: str) -> list[str]:
        if patient not in known:
            found = []
            for session in parts.repository.patient_sessions(patient):
                if session.session_type != "preparation":
                    continue
                for line in build_log(entries.entries(session.id)):
                    if line.original.kind == INTENTION and not line.struck:
                        found.append(str(line.current.data["text"]))
            known[patient] = found
        return known[patient]

    return intentions


def session_status(repository: SessionRepository, record: SessionRecord) -> str:
    ended = any(e.kind == ENDED for e in repository.events(record.id))
    status = "ended" if ended else "open"
    return status + (", rehearsal" if record.rehearsal else "")


def _sessions_opener(parts: Parts, window: MainWindow) -> None:
    """The Sessions… button: every session, each record readable, read-only."""
    repository = parts.repository
    entries, plays = EntryRepository(repository.db), PlayRepository(repository.db)

    def lines(session_id: int) -> list[str]:
        record = repository.session(session_id)
        if record is None:
            return ["No such session."]
        found = session_lines(
            record,
            parts.catalog.protocols.get(record.protocol_key),
            repository.events(session_id),
            entries.entries(session_id),
            plays.plays(session_id),
        )
        return found + program_lines(record.patient) if record.patient else found

    def program_lines(patient: str) -> list[str]:
        """The patient's program in order, with the integration notes kept with it."""
        lines = [f"Program of {patient}:"]
        for other in repository.patient_sessions(patient):
            lines.append(
                f"  {other.created.astimezone():%Y-%m-%d} {other.session_type} "
                f"(session {other.id}, {session_status(repository, other)})"
            )
            if other.session_type == "integration":
                lines += [
                    f"    integration note: {describe(line.current)}"
                    for line in reversed(build_log(entries.entries(other.id)))
                    if line.original.kind == NOTE and not line.struck
                ]
        return lines

    def open_list() -> None:
        records = [(r, session_status(repository, r)) for r in reversed(repository.sessions())]
        SessionsDialog(records, lines, window).exec()

    window.sessions_button.clicked.connect(open_list)


def _export_opener(parts: Parts, window: MainWindow) -> None:
    """Export…: the current session's PDF, CSV and FHIR files, with progress."""

    def export_all() -> None:
        session = parts.controller.session
        if session is None:
            window.statusBar().showMessage("No session to export yet.")
            return
        folder = window.asker.export_folder(Path.home())
        if folder is None:
            return
        report = load_report(parts.repository, parts.catalog.protocols, session.id)
        if report is None:
            return
        progress = QProgressDialog("Writing the session record…", "", 0, len(FORMATS), window)
        progress.setObjectName("exportProgress")
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        written = []
        try:
            for step, fmt in enumerate(FORMATS):
                progress.setValue(step)
                progress.setLabelText(f"Writing {fmt.upper()}…")
                written.append(export(report, fmt, folder / default_name(report, fmt)))
        except OSError as exc:
            window.statusBar().showMessage(f"Export failed: {exc.strerror or exc}")
            return
        finally:
            progress.close()
        window.asker.offer_folder(folder, written)

    window.export_button.clicked.connect(export_all)


def _editor_opener(parts: Parts, window: MainWindow) -> None:
    """Let the music panel open the playlist editor for the current protocol."""
    music = parts.music
    if music is None or window.music is None:
        return

    def preview(path: Path | None) -> None:
        if path is None:
            music.player.stop(fade=0.3)
        else:
            music.player.play(path, PREVIEW_LEVEL, fade=0.5)

    def open_editor() -> None:
        protocol = (
            parts.controller.protocol
            if parts.controller.is_open()
            else window.session_panel.chosen_protocol()
        )
        if protocol is None:
            return
        editor = PlaylistEditor(
            protocol,
            music.library,
            parts.locations.data_dir / "playlists",
            music.backend.media_length,
            None if parts.controller.is_open() else preview,
            window,
        )
        editor.exec()

    window.music.edit_playlists.connect(open_editor)


def create_window(
    argv: list[str], *, clock: Clock | None = None, passphrase: str | None = None
) -> QMainWindow:
    """Parse ``argv`` as ``pap-guide`` does, build everything, return the window.

    The window is not shown and the event loop is not started; a QApplication
    must already exist. ``clock`` replaces the system clock (tests).
    """
    args = build_parser().parse_args(argv)
    parts = build_parts(args, clock, passphrase)
    ticker = Ticker()
    window = MainWindow(
        SessionDesk(parts.controller),
        ticker,
        problems=parts.problems,
        theme=args.theme,
        default_protocol=args.protocol or "standard-6h",
        default_patient=args.patient or "",
        music=_music_panel(parts),
        log_panel=_log_panel(parts),
        intentions=_intentions(parts),
        lock_minutes=args.lock_after,
    )
    window.enable_idle_lock(args.lock_after, unlock_check(passphrase))
    _editor_opener(parts, window)
    _sessions_opener(parts, window)
    _export_opener(parts, window)
    ticker.setParent(window)
    ticker.start()
    return window


def run_gui(argv: list[str]) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("pap-guide")
    args = build_parser().parse_args(argv)
    app.setStyleSheet(stylesheet(THEMES[args.theme]))  # dim from the very first dialog
    lock = DatabaseLock(Path(args.db or _locations(args).database))
    try:
        lock.acquire()
    except DatabaseInUse as exc:
        print(exc, file=sys.stderr)
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # a screen for it
            QMessageBox.critical(None, "pap-guide is already open", str(exc))
        return 3
    passphrase = ask_passphrase(Path(args.db or _locations(args).database))
    if passphrase == "":
        return 4  # the guide gave up on the passphrase: nothing was opened
    window = create_window(argv, passphrase=passphrase)
    for problem in getattr(window, "problems", []):
        print(problem, file=sys.stderr)
    window.show()
    return int(app.exec())
