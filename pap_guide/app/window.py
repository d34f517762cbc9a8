"""Composition root: the one place that builds and wires the window's parts."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from pap_guide.app.environment import settle as settle_environment
from pap_guide.app.gui_gc import collect_on_gui_thread
from pap_guide.app.startup import (
    Restart,
    check_clock,
    last_moment,
    record_restart,
    recovery_offer,
    resume,
    waiting,
)
from pap_guide.app.window_music import music_or_why_not, saved_volume
from pap_guide.config.arguments import MUSIC_OFF, build_parser
from pap_guide.config.locations import Locations, load_protocols, locations_for
from pap_guide.config.patient_codes import load_patient_codes
from pap_guide.config.theme_choice import ThemeChoice, saved_theme
from pap_guide.core.action_file import RecoveryFile
from pap_guide.core.alive import AliveNotes, alive_file, last_alive
from pap_guide.core.clinical import NeedsReason, SessionDesk
from pap_guide.core.clock import Clock, SystemClock
from pap_guide.core.controller import SessionController, session_clock
from pap_guide.core.facts import person_key
from pap_guide.core.logbook import Context, LogBook
from pap_guide.core.private_files import remove_leftovers
from pap_guide.core.protocol import ProtocolCatalog
from pap_guide.core.recorder import Recorder
from pap_guide.core.report import Report
from pap_guide.core.runner import SessionRunner
from pap_guide.core.session import SessionRecord
from pap_guide.store.actions import ActionRepository
from pap_guide.store.database import open_records
from pap_guide.store.entries import EntryRepository
from pap_guide.store.plays import PlayRepository
from pap_guide.store.records import RecordLoader
from pap_guide.store.sessions import SessionRepository
from pap_guide.store.settings import Settings
from pap_guide.ui.log_panel import LogPanel, short_name
from pap_guide.ui.main_window import MainWindow
from pap_guide.ui.passphrase_dialog import unlock_check
from pap_guide.ui.ticker import Ticker

if TYPE_CHECKING:
    from pap_guide.app.music import Music
    from pap_guide.playback.starting import BackendStart
    from pap_guide.store.connection import Records

JOINED_SAID_MS = 20_000  # news, not a state: a step-out later must not read under it


@dataclass
class Parts:
    """What the window is made of. ``music`` comes once the window is on screen."""

    locations: Locations
    catalog: ProtocolCatalog
    db: Records
    records: RecordLoader
    recorder: Recorder
    desk: SessionDesk
    book: LogBook
    settings: Settings
    runner: SessionRunner
    recovery: RecoveryFile
    problems: list[str]
    audio_output: str | None
    music: Music | None = None
    libvlc: BackendStart | None = None  # libVLC already starting, for audio_output
    restart: Restart = field(default_factory=Restart)  # the last run: its end, its tracks ended


def build_parts(
    args: argparse.Namespace, clock: Clock | None = None, passphrase: str | None = None
) -> Parts:
    """Everything but the music (libVLC, the loudness scanner): see
    :func:`pap_guide.app.window_music.start_music`."""
    locations = locations_for(args.data_dir)
    catalog = load_protocols(locations)
    problems = [f"Protocol not loaded: {error}" for error in catalog.errors]
    db = open_records(args.db or locations.database, passphrase)
    for folder in (locations.data_dir, locations.data_dir / "playlists"):
        remove_leftovers(folder)  # what a crash left half-written
    sessions = SessionRepository(db)
    settings = Settings(db)
    actions = ActionRepository(db)
    recovery = RecoveryFile(*locations.recovery(Path(args.db or locations.database)))
    recorder = Recorder(actions, keep=recovery.keep)
    kept = waiting(recovery, problems)
    recorder.reserve(kept)  # their ids stay theirs
    base = clock or SystemClock()
    session_time, problem = session_clock(base, sessions.open_session(), args.speed)
    problems += [problem] if problem else []
    controller = SessionController(session_time, sessions, catalog.protocols, recorder)
    resume(controller, sessions, args.protocol, catalog, problems)
    last = last_moment(controller, actions, kept)
    doubt = check_clock(controller, last, problems)
    database = Path(args.db or locations.database)
    alive = last_alive(alive_file(database), controller.session.id) if controller.session else None
    restart = record_restart(controller, last, PlayRepository(db), recorder, kept, alive, doubt)
    if args.audio_output == "off":
        problems.append(MUSIC_OFF)
    parts: Parts | None = None  # the log asks it for the track playing, once there is music
    book = LogBook(
        session_time,
        EntryRepository(db),
        _context(controller, lambda: parts.music if parts is not None else None),
        recorder,
    )
    runner = SessionRunner(controller, recorder, book, None)  # the conductor joins later
    patient_codes, codes_problem = load_patient_codes(locations.data_dir)
    problems += [codes_problem] if codes_problem else []
    desk = SessionDesk(controller, patient_codes)
    desk.clock_doubt = doubt
    records = RecordLoader(db, catalog.protocols)
    parts = Parts(
        locations,
        catalog,
        db,
        records,
        recorder,
        desk,
        book,
        settings,
        runner,
        recovery,
        problems,
        args.audio_output,
        restart=restart,
    )
    return parts


def _context(
    controller: SessionController, music_now: Callable[[], Music | None]
) -> Callable[[], Context | None]:
    """Where the session is when the monitor logs something (with the track playing)."""

    def context() -> Context | None:
        state = controller.state()
        if controller.session is None or controller.protocol is None or state is None:
            return None
        music = music_now()
        play = music.conductor.now_playing() if music is not None else None
        title = play.title if play is not None else None
        timeline = controller.timeline
        dose = (timeline.dose_at, timeline.dose_entered) if timeline else (None, None)
        return Context(controller.session.id, controller.protocol, state, title, *dose)

    return context


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


def _people_joined(parts: Parts, window: MainWindow, names: list[str]) -> None:
    """Names new to the People… list while a session runs join the record's room."""
    joined = parts.desk.joined(names)
    if joined:
        window.refresh()
        message = f"{_who(joined)} joined the people in the room."
        window.statusBar().showMessage(_recorded(parts, message), JOINED_SAID_MS)


def _people_left(parts: Parts, window: MainWindow, names: list[str]) -> None:
    """Names the monitor took off the People… list while a session runs leave the
    record's room; when that leaves it short of what the protocol asks, it asks why,
    and with no reason they stay, on the list too. An emptied list is not everyone
    gone (entries still need a name): nobody is recorded as leaving then."""
    if not names or window.log_panel is None:
        return
    desk = parts.desk
    try:
        left = desk.left(names)
    except NeedsReason as needs:
        reason = window.asker.reason(needs.question)
        if reason is None:
            facts = desk.facts()
            listed = {person_key(name) for name in names}
            back = [p for p in facts.people if p not in facts.left and person_key(p) not in listed]
            panel = window.log_panel
            kept = [*names, *back]
            panel.people_edit.setText(", ".join(kept))
            panel.set_people(kept, logging=panel.author())
            panel.people_changed.emit(kept)
            window.statusBar().showMessage(
                f"Not recorded: no reason given, so {_who(back)} stay in the room.", JOINED_SAID_MS
            )
            return
        left = desk.left(names, reason)
    if left:
        window.refresh()
        message = f"{_who(left)} left the room."
        window.statusBar().showMessage(_recorded(parts, message), JOINED_SAID_MS)


def _recorded(parts: Parts, message: str) -> str:
    """'Recorded: …', unless the disk has not taken it yet (it waits behind the rest)."""
    if parts.recorder.pending:  # a full disk said "Recorded" over its own banner
        return f"{message} Not yet saved: kept, and saved as soon as the disk takes it."
    return f"Recorded: {message}"


def _who(names: list[str]) -> str:
    short = [short_name(name) for name in names]  # all of it in sight
    return " and ".join([", ".join(short[:-1]), short[-1]] if len(short) > 1 else short)


def _record_text(parts: Parts, session_id: int) -> list[str]:
    """A past session's whole record, with the patient's program after it."""
    from pap_guide.core.program import program_lines  # Sessions…: not at start
    from pap_guide.core.summary import session_lines

    report = parts.records.report(session_id)
    if report is None:
        return ["No such session."]
    lines = session_lines(report)
    patient = report.record.patient
    return (
        lines + program_lines(patient, parts.records.patient_reports(patient)) if patient else lines
    )


def _with_push_states(records: RecordLoader) -> list[tuple[SessionRecord, str]]:
    """Each session's status, with what became of its push when it was pushed."""
    from pap_guide.store.outbox import Outbox  # Sessions…: not at start

    states = Outbox(records.db).states()
    return [
        (record, status + (f", FHIR {states[record.id].describe()}" if record.id in states else ""))
        for record, status in records.statuses()
    ]


def _export(report: Report, fmt: str, path: Path) -> Path:
    """Export…: the writers (PDF, CSV, FHIR) are imported when first used."""
    from pap_guide.export.writers import export

    return export(report, fmt, path)


@dataclass(frozen=True)
class Finish:
    """What follows the first frame, in two steps, each returning the problems found.

    ``music``: libVLC, the player and its panel (:func:`window_music.start_music`),
    then the chart; ``records``: the whole hash chain checked and its pin kept,
    then the FHIR pushes. ``pap-guide`` takes the music at the first frame and the
    records on the event loop's next turn, while libVLC opens the track on its own
    threads; calling the object takes both at once (:func:`create_window`).
    """

    music: Callable[[], list[str]]
    records: Callable[[], list[str]]
    # once the event loop has ended: the records closed, which folds the -wal file in
    # (left to the interpreter's exit, the connection of a session under way was not)
    close: Callable[[], None] = lambda: None

    def __call__(self) -> list[str]:
        return self.music() + self.records()


def build_window(
    argv: list[str],
    *,
    clock: Clock | None = None,
    passphrase: str | None = None,
    libvlc: BackendStart | None = None,
) -> tuple[MainWindow, Finish]:
    """The window with everything but the music, and what finishes it (:class:`Finish`).

    ``libvlc`` is libVLC already starting for the arguments' audio output
    (started with the music if None)."""
    settle_environment()  # before the loudness and libVLC threads exist
    collect_on_gui_thread()  # never a QObject destroyed on their threads
    args = build_parser().parse_args(argv)
    parts = build_parts(args, clock, passphrase)
    parts.libvlc = libvlc
    records = parts.records
    log_panel = _log_panel(parts)
    database = Path(args.db or parts.locations.database)
    window = MainWindow(
        parts.desk,
        parts.runner,
        problems=parts.problems,
        theme=args.theme or saved_theme(database),
        default_protocol=args.protocol or "standard-6h",
        default_patient=args.patient or "",
        music_volume=None if args.audio_output == "off" else saved_volume(parts),
        log_panel=log_panel,
        intentions=records.intentions,
        lock_minutes=args.lock_after,
        sessions=lambda: _with_push_states(records),
        record_text=lambda session_id: _record_text(parts, session_id),
        report=records.report,
        write=_export,
    )
    window.recovery = parts.recovery
    log_panel.people_changed.connect(lambda names: _people_joined(parts, window, names))
    log_panel.people_edited.connect(lambda names: _people_left(parts, window, names))
    offer = recovery_offer(
        parts.recovery, parts.recorder, parts.desk.controller, parts.book, parts.restart
    )
    if offer is not None:
        window.offer_recovery(*offer)
    window.enable_idle_lock(args.lock_after, unlock_check(passphrase))
    controller = parts.desk.controller
    notes = AliveNotes(alive_file(database), controller.clock, time.monotonic)
    parts.runner.subscribe(
        lambda tick: notes.tick(controller.session.id if controller.session else None, tick.state)
    )
    # a preference the disk refused (Settings keeps it) is written once there is room
    parts.runner.subscribe(lambda _tick: parts.settings.retry())
    ticker = Ticker(parts.runner, window)
    window.ticker = ticker
    ticker.start()
    themes = ThemeChoice(database)
    window.theme_chosen.connect(themes.choose)
    parts.runner.subscribe(lambda _tick: themes.retry())  # as the settings: once there is room

    def music() -> list[str]:
        # the music first: a restart mid-session is silent until it plays. The chart
        # waits on the tab behind the log, so it is made on the event loop's next
        # turn: the player's first report (now playing, the play recorded) need not
        # wait for QtCharts and NumPy. Asked for sooner, the tab makes it at once.
        problems = music_or_why_not(parts, window)
        panel = window.log_panel
        if panel is not None:
            QTimer.singleShot(0, panel, panel.make_chart)  # not once the panel is gone
        return problems

    def check_records() -> list[str]:
        from pap_guide.app.window_records import check_records  # after the first frame

        return check_records(parts, window, database, passphrase)

    return window, Finish(music, check_records, parts.records.db.close)


def create_window(
    argv: list[str], *, clock: Clock | None = None, passphrase: str | None = None
) -> QMainWindow:
    """Parse ``argv`` as ``pap-guide`` does, build everything, return the window.

    The window is not shown and the event loop is not started; a QApplication
    must already exist. ``clock`` replaces the system clock (tests).
    """
    window, finish = build_window(argv, clock=clock, passphrase=passphrase)
    finish()
    if window.log_panel is not None:
        window.log_panel.make_chart()  # at once: no event loop may run before it is used
    return window
