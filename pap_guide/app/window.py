"""Composition root: the one place that builds and wires the window's parts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow

from pap_guide.app.fhir import FhirPushes
from pap_guide.app.levels import LevelBook
from pap_guide.app.music import Music, build_music, measure_library
from pap_guide.app.startup import (
    check_chain,
    check_clock,
    record_restart,
    recovery_offer,
    resume,
    waiting,
)
from pap_guide.config.arguments import build_parser
from pap_guide.config.locations import Locations, load_protocols, locations_for
from pap_guide.config.patient_codes import load_patient_codes
from pap_guide.core.action_file import RecoveryFile
from pap_guide.core.clinical import SessionDesk
from pap_guide.core.clock import Clock, SystemClock
from pap_guide.core.controller import SessionController, session_clock
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.play_log import RecordedPlays
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.private_files import remove_leftovers
from pap_guide.core.program import intentions_of, program_lines
from pap_guide.core.recorder import Recorder
from pap_guide.core.runner import SessionRunner
from pap_guide.core.session import SessionRecord
from pap_guide.core.summary import session_lines
from pap_guide.export.writers import export
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_records
from pap_guide.store.entries import EntryRepository
from pap_guide.store.outbox import Outbox
from pap_guide.store.plays import PlayRepository
from pap_guide.store.records import RecordLoader
from pap_guide.store.sessions import SessionRepository
from pap_guide.store.settings import Settings
from pap_guide.store.track_levels import TrackLevels
from pap_guide.ui.log_panel import LogPanel
from pap_guide.ui.main_window import MainWindow
from pap_guide.ui.music_panel import MusicPanel
from pap_guide.ui.passphrase_dialog import unlock_check
from pap_guide.ui.playlist_editor import PlaylistEditor
from pap_guide.ui.ticker import Ticker

PREVIEW_LEVEL = 0.2  # previews play quietly


@dataclass
class Parts:
    """What the window is made of."""

    locations: Locations
    records: RecordLoader
    recorder: Recorder
    desk: SessionDesk
    book: LogBook
    settings: Settings
    music: Music | None
    runner: SessionRunner
    recovery: RecoveryFile
    problems: list[str]


def build_parts(
    args: argparse.Namespace, clock: Clock | None = None, passphrase: str | None = None
) -> Parts:
    locations = locations_for(args.data_dir)
    catalog = load_protocols(locations)
    problems = [f"Protocol not loaded: {error}" for error in catalog.errors]
    db = open_records(args.db or locations.database, passphrase)
    for folder in (locations.data_dir, locations.data_dir / "playlists"):
        remove_leftovers(folder)  # what a crash left half-written
    check_chain(db.conn, problems)
    sessions = SessionRepository(db)
    settings = Settings(db)
    actions = ActionRepository(db)
    recovery = RecoveryFile(*locations.recovery(Path(args.db or locations.database)))
    recorder = Recorder(actions, keep=recovery.keep)
    recorder.reserve(waiting(recovery, problems))  # their ids stay theirs
    base = clock or SystemClock()
    session_time, problem = session_clock(base, sessions.open_session(), args.speed)
    problems += [problem] if problem else []
    controller = SessionController(session_time, sessions, catalog.protocols, recorder)
    resume(controller, sessions, args.protocol, catalog, problems)
    last = actions.last_stamp(controller.session.id) if controller.session else None
    doubt = check_clock(controller, last, problems)
    record_restart(controller, last, PlayRepository(db), recorder)
    library = PlaylistLibrary(locations.playlist_folders)
    plays = RecordedPlays(recorder, PlayRepository(db), session_time)
    levels = LevelBook(TrackLevels(db))
    music = build_music(args.audio_output, session_time, plays, settings, library, problems, levels)
    if music is not None and args.audio_output != "null":  # 'null' plays nothing to even out
        measure_library(levels, library, catalog.protocols.values())
    book = LogBook(session_time, EntryRepository(db), _context(controller, music), recorder)
    runner = SessionRunner(controller, recorder, book, music.conductor if music else None)
    patient_codes, codes_problem = load_patient_codes(locations.data_dir)
    problems += [codes_problem] if codes_problem else []
    desk = SessionDesk(controller, patient_codes)
    desk.clock_doubt = doubt
    records = RecordLoader(db, catalog.protocols)
    return Parts(
        locations,
        records,
        recorder,
        desk,
        book,
        settings,
        music,
        runner,
        recovery,
        problems,
    )


def _context(controller: SessionController, music: Music | None) -> Callable[[], Context | None]:
    """Where the session is when the monitor logs something (with the track playing)."""

    def context() -> Context | None:
        state = controller.state()
        if controller.session is None or controller.protocol is None or state is None:
            return None
        play = music.conductor.now_playing() if music is not None else None
        title = play.title if play is not None else None
        return Context(controller.session.id, controller.protocol, state, title)

    return context


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
    people = [p for p in (parts.settings.get("people", "") or "").split(",") if p.strip()]
    panel = LogPanel(parts.book, people)
    panel.people_changed.connect(lambda names: parts.settings.set("people", ",".join(names)))
    fahrenheit = panel.forms.fahrenheit
    fahrenheit.setChecked(parts.settings.get("temperature_unit") == "F")
    fahrenheit.toggled.connect(
        lambda on: parts.settings.set("temperature_unit", "F" if on else "C")
    )
    return panel


def _record_text(parts: Parts, session_id: int) -> list[str]:
    """A past session's whole record, with the patient's program after it."""
    report = parts.records.report(session_id)
    if report is None:
        return ["No such session."]
    lines = session_lines(report)
    patient = report.record.patient
    return (
        lines + program_lines(patient, parts.records.patient_reports(patient)) if patient else lines
    )


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
        desk = parts.desk
        protocol = desk.protocol if desk.is_open() else window.session_panel.chosen_protocol()
        if protocol is None:
            return
        editor = PlaylistEditor(
            protocol,
            music.library,
            parts.locations.data_dir / "playlists",
            music.backend.media_length,
            None if desk.is_open() else preview,
            window,
            loudness=music.levels,
        )
        editor.exec()

    window.music.edit_playlists.connect(open_editor)


def _with_push_states(records: RecordLoader) -> list[tuple[SessionRecord, str]]:
    """Each session's status, with what became of its push when it was pushed."""
    states = Outbox(records.db).states()
    return [
        (record, status + (f", FHIR {states[record.id].describe()}" if record.id in states else ""))
        for record, status in records.statuses()
    ]


def create_window(
    argv: list[str], *, clock: Clock | None = None, passphrase: str | None = None
) -> QMainWindow:
    """Parse ``argv`` as ``pap-guide`` does, build everything, return the window.

    The window is not shown and the event loop is not started; a QApplication
    must already exist. ``clock`` replaces the system clock (tests).
    """
    args = build_parser().parse_args(argv)
    parts = build_parts(args, clock, passphrase)
    records = parts.records
    window = MainWindow(
        parts.desk,
        parts.runner,
        problems=parts.problems,
        theme=args.theme,
        default_protocol=args.protocol or "standard-6h",
        default_patient=args.patient or "",
        music=_music_panel(parts),
        log_panel=_log_panel(parts),
        intentions=lambda patient: intentions_of(records.patient_reports(patient)),
        lock_minutes=args.lock_after,
        sessions=lambda: _with_push_states(records),
        record_text=lambda session_id: _record_text(parts, session_id),
        report=records.report,
        write=export,
    )
    window.recovery = parts.recovery
    database = Path(args.db or parts.locations.database)
    pushes = FhirPushes(
        records, parts.locations.data_dir, parts.desk.is_open, [], database, passphrase
    )
    if pushes.configured():
        window.push_session = pushes.push_now  # Sessions… offers Push
        window.pushes = pushes
        pushes.push_pending_later()
    offer = recovery_offer(parts.recovery, parts.recorder, parts.desk.controller, parts.book)
    if offer is not None:
        window.offer_recovery(*offer)
    window.enable_idle_lock(args.lock_after, unlock_check(passphrase))
    _editor_opener(parts, window)
    ticker = Ticker(parts.runner, window)
    window.ticker = ticker
    ticker.start()
    if parts.music is not None:  # the loudness worker ends with the window
        window.destroyed.connect(parts.music.levels.stop)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(parts.music.levels.stop)
    return window
