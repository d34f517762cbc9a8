"""The main window: the session panel, banners and the theme switch."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
)

from pap_guide.core.action_file import RecoveryFile
from pap_guide.core.clinical import SessionDesk
from pap_guide.core.dosing import hours_after_first
from pap_guide.core.entries import VITALS, Entry
from pap_guide.core.facts import Absence, person_key
from pap_guide.core.report import Report
from pap_guide.core.runner import SessionRunner, Tick
from pap_guide.core.session import SessionRecord
from pap_guide.core.timefmt import clock_text
from pap_guide.ui.asker import Asker
from pap_guide.ui.close_check import may_close
from pap_guide.ui.cursor_rest import CursorRest
from pap_guide.ui.export_flow import Write, export_until_written
from pap_guide.ui.idle_lock import IdleLock
from pap_guide.ui.log_panel import LogPanel
from pap_guide.ui.music_panel import MusicPanel
from pap_guide.ui.record_panel import RecordPanel
from pap_guide.ui.session_panel import SessionPanel
from pap_guide.ui.shortcuts import ShortcutsEverywhere
from pap_guide.ui.single_press import single_presses
from pap_guide.ui.theme import THEMES, stylesheet
from pap_guide.ui.ticker import Ticker
from pap_guide.ui.title_line import TitleLine
from pap_guide.ui.widgets import FirstPaint, named, plain
from pap_guide.ui.window_layout import (
    drop_music_room,
    keep_music_room,
    lay_out,
    place_music,
    top_row,
)

NOBODY_OUT: dict[str, Absence] = {}  # no session: one mapping, so a tick is an identity check


class MainWindow(QMainWindow):
    """pap-guide's one window. It subscribes to the session runner's ticks.

    Signals:
        first_frame(): once, just after the window's first frame was painted
            (what the start waits for before libVLC and the rest).
        closing(): the window is closing (asked and answered): the last saves are made.

    Its panels carry the other signals.
    """

    first_frame = Signal()
    closing = Signal()
    theme_chosen = Signal(str)  # the guide switched the theme: kept for the next start

    def __init__(
        self,
        desk: SessionDesk,
        runner: SessionRunner,
        *,
        problems: Sequence[str] = (),
        theme: str = "night",
        default_protocol: str | None = None,
        default_patient: str = "",
        music: MusicPanel | None = None,
        music_volume: int | None = None,
        log_panel: LogPanel | None = None,
        intentions: Callable[[str], list[str]] = lambda patient: [],
        lock_minutes: float = 0,
        sessions: Callable[[], list[tuple[SessionRecord, str]]] = list,
        record_text: Callable[[int], list[str]] = lambda session_id: [],
        report: Callable[[int], Report | None] = lambda session_id: None,
        write: Write | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("pap-guide")
        self.desk = desk
        self.runner = runner
        self.ticker: Ticker | None = None  # the Qt ticker that drives the runner
        self.sessions, self.record_text = sessions, record_text
        self.report, self.write = report, write
        self.recovery: RecoveryFile | None = None  # where unsaved actions go at close
        # set when the clinic has a FHIR server: Sessions… offers Push for ended sessions
        self.push_session: Callable[[int], str] | None = None
        self.pushes: object | None = None  # keeps the background pusher alive
        # replaced by tests and QA scripts to answer without dialogs
        self.asker = Asker(self, desk.patient_codes)
        self.stopped_by = ""  # the signal a close without asking is for (close_unasked)
        self.session_panel = SessionPanel(
            desk,
            lambda: self.asker,
            self.author,
            default_protocol,
            default_patient,
            room=lambda: self.log_panel.people() if self.log_panel is not None else [],
        )
        self.record_panel = RecordPanel(desk, lambda: self.asker, self.author, intentions)
        self.info_label, self.export_button, self.sessions_button, self.theme_button = top_row()
        self.music = music
        # the saved volume of the music that comes after the first frame (None: no music)
        self.music_volume = music_volume
        self.log_panel = log_panel
        self.banner = plain(named(QLabel(""), "problemBanner", "Problems"))
        self.banner.setWordWrap(True)
        self.problems = list(problems)
        self.pending_label = plain(named(QLabel(""), "pendingLabel", "Entries not yet saved"))
        self.pending_label.setWordWrap(True)
        self.pending_label.hide()
        self.lock_minutes = lock_minutes
        self.idle_lock: IdleLock | None = None
        self.title_line = TitleLine(desk)
        self._people_of: int | None = None  # the session whose people were last shown
        self._set_problems(self.problems)
        self._build()
        self.theme_name = ""
        self.apply_theme(theme)
        self.theme_button.clicked.connect(self.toggle_theme)
        QShortcut(QKeySequence("Ctrl+T"), self, self.toggle_theme)
        QShortcut(QKeySequence("F1"), self, self.show_shortcuts)
        self.help_dialog: QDialog | None = None
        self._first_frame_watch = FirstPaint(self, self.first_frame.emit)
        self.session_panel.problem.connect(self._said)
        self.session_panel.session_changed.connect(self._session_changed)
        self.record_panel.problem.connect(self.statusBar().showMessage)
        self.record_panel.changed.connect(self._record_changed)
        if self.log_panel is not None:
            self.log_panel.ask = lambda: self.asker
            self.log_panel.recorded_names = lambda: list(self.desk.facts().people)
            self.log_panel.forms.saved.connect(self._entry_saved)
            # a correction saved, the keys go back to the note: on the log they only search
            self.log_panel.log.amended.connect(lambda _entry: self._first_focus())
        self.sessions_button.clicked.connect(self.open_sessions)
        self.export_button.clicked.connect(self.export_record)
        runner.subscribe(self.show_tick)
        self.shortcuts = ShortcutsEverywhere(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.shortcuts.follow_focus)
            self.cursor_rest = CursorRest(app, self)
        self.resize(1366, 768)
        if desk.is_open():
            self._show_people(restart=True)  # back: who is in the room, who was logging
        self.refresh()

    def _build(self) -> None:
        top = [self.info_label, self.export_button, self.sessions_button, self.theme_button]
        self.layout_parts = lay_out(
            top,
            self.session_panel,
            self.record_panel,
            self.log_panel,
            [self.banner, self.pending_label],
            self.lock_minutes,
            self,
        )
        if self.layout_parts.lock_overlay is not None:
            self.lock_overlay = self.layout_parts.lock_overlay
        self.setCentralWidget(self.layout_parts.central)
        single_presses(self)  # a double click on Next phase moved two phases
        if self.music is not None:
            self._place_music(self.music)
        elif self.music_volume is not None:
            keep_music_room(self.layout_parts, self.music_volume)

    def _place_music(self, music: MusicPanel) -> None:
        place_music(self.layout_parts, music, self.export_button, self.pending_label)

    def attach_music(self, music: MusicPanel | None) -> None:
        """The music panel, built once the window is on screen (libVLC starts late);
        None: there will be none."""
        if music is None:
            drop_music_room(self.layout_parts)
        if music is None or self.music is not None:
            return
        self.music = music
        self._place_music(music)
        single_presses(music)  # a double click on Skip skipped two tracks
        self.shortcuts.update_keys()  # the music's keys win over text fields too

    def show_problem(self, problem: str) -> None:
        """One more problem in the banner (one found after the window was built)."""
        self.problems.append(problem)
        self._set_problems(self.problems)

    def _clock_fixed(self, tick: Tick) -> None:
        """The clock the restart could not check was set: its doubt goes from the banner."""
        doubt = self.desk.clock_doubt
        self.desk.clock_doubt = ""
        self.problems = [problem for problem in self.problems if problem != doubt]
        now = f" (now T+{clock_text(tick.state.elapsed)})" if tick.state is not None else ""
        self.show_problem(
            f"The computer's clock was set by {clock_text(tick.jump)} after the restart; "
            f"the session clock follows it{now} and the change is recorded. Entries "
            "saved between the restart and the change keep the times they were given."
        )

    def _said(self, text: str) -> None:
        """The session panel's word (a refusal, a moved end), in the status line; the
        log's "saved" under it no longer speaks of the last thing done."""
        self.statusBar().showMessage(text)
        if self.log_panel is not None:
            self.log_panel.log.clear_confirmation()

    def _set_problems(self, problems: list[str]) -> None:
        self.banner.setText("\n".join(problems))
        self.banner.setVisible(bool(problems))

    def author(self) -> str:
        """Who actions are recorded as: the one logging, or the first person listed."""
        if self.log_panel is not None and self.log_panel.author():
            return self.log_panel.author()
        people = list(self.desk.facts().people)
        return people[0] if people else "Guide"

    def _dose_hours(self) -> list[float]:
        timeline = self.desk.timeline
        first = timeline.dose_at if timeline is not None else None
        return hours_after_first(first, [dose.given for dose in self.desk.facts().doses])

    def _entry_saved(self, entry: Entry) -> None:
        self.statusBar().clearMessage()
        if entry.kind == VITALS:
            self.desk.vitals_saved(entry.author)  # baseline vitals tick their checklist item
        self.refresh()

    def _record_changed(self) -> None:
        """A tick, a step out or back: shown, and the keys back where notes are typed."""
        self.refresh()
        self._first_focus()

    def _session_changed(self) -> None:
        """After a start or a change of people, offer them as the ones logging."""
        self.statusBar().clearMessage()  # a refusal shown before no longer applies
        self._show_people()
        self.refresh()
        self._first_focus()  # back to the log: Space must not record another dose

    def _show_people(self, restart: bool = False) -> None:
        """A new session's people as the ones logging; after a restart, the last one logging.

        Otherwise the list stays as the monitor left it: a dose or a phase move
        put the record's people back in it, so a name taken off came back.
        """
        roles = self.desk.facts().people
        people = list(roles)
        session = self.desk.session.id if self.desk.session is not None else None
        new_session, self._people_of = session != self._people_of, session
        if self.log_panel is None or not people or not (new_session or restart):
            return
        kept = self.log_panel.kept_people()  # as the monitor last kept it, perhaps emptied
        known = {person_key(name) for name in people}
        if restart and all(person_key(name) in known for name in kept):
            people = kept  # names taken off stay off; a list from elsewhere does not
        lines = self.log_panel.book.lines() if restart else []
        last = lines[0].current.author if lines else ""
        if not last:
            # a new session or new people: the one with the monitor role logs, not
            # whoever logged the last session (the same names may have other roles)
            last = next((name for name, role in roles.items() if role == "monitor"), "")
        self.log_panel.people_edit.setText(", ".join(people))
        self.log_panel.people_edit.setCursorPosition(0)  # the first names in view, not the last
        self.log_panel.set_people(people, logging=last)
        self.log_panel.people_changed.emit(people)  # kept: a restart starts from this list

    def apply_theme(self, name: str) -> None:
        theme = THEMES[name]
        self.theme_name = name
        app = QApplication.instance()
        sheet = stylesheet(theme)
        # run_gui sets it before the window is made (dim from the first dialog); setting
        # the same sheet again polishes every widget a second time (50 to 80 ms at start)
        if isinstance(app, QApplication) and app.styleSheet() != sheet:
            app.setStyleSheet(sheet)
        self.session_panel.timeline.set_theme(theme)
        if self.log_panel is not None:
            self.log_panel.apply_theme(theme)
        self.theme_button.setText("Day theme" if name == "night" else "Night theme")

    def show_shortcuts(self) -> None:
        """F1: every shortcut, in a window that does not stop the clock or the log."""
        if self.help_dialog is None:
            from pap_guide.ui.help_dialog import ShortcutHelp  # first use: not at start

            self.help_dialog = ShortcutHelp(self)
        self.help_dialog.show()
        self.help_dialog.raise_()

    def toggle_theme(self) -> None:
        self.apply_theme("day" if self.theme_name == "night" else "night")
        self.theme_chosen.emit(self.theme_name)

    def enable_idle_lock(self, minutes: float, check: Callable[[str], bool] | None) -> None:
        """Lock the record after ``minutes`` without input (0: never)."""
        if minutes <= 0 or self.log_panel is None:
            return
        self.idle_lock = IdleLock(
            minutes, [self.log_panel, self.record_panel], self.lock_overlay, check
        )
        self.idle_lock.locked_changed.connect(self._record_locked)
        QApplication.instance().installEventFilter(self.idle_lock)  # type: ignore[union-attr]

    def _record_locked(self, locked: bool) -> None:
        """Locked: nothing that shows or exports the record, open dialogs included."""
        self.export_button.setEnabled(not locked)
        self.sessions_button.setEnabled(not locked)
        self.record_panel.locked = self.session_panel.locked = locked
        QTimer.singleShot(0, self.refresh)  # the panels as the lock leaves them, now

    def record_hidden(self) -> bool:
        return self.idle_lock is not None and self.idle_lock.locked

    def on_tick(self) -> None:
        """One tick now, as the ticker would (the disk is asked again at once)."""
        self.runner.tick(retry=True)

    def refresh(self) -> None:
        """Redraw after an action: the runner ticks, so music and checks follow at once."""
        self.runner.tick()

    def show_tick(self, tick: Tick) -> None:
        """The runner's tick, shown: every panel from the same moment."""
        if self.idle_lock is not None:
            self.idle_lock.tick()
        if tick.fixed:
            self._clock_fixed(tick)
        elif tick.jump:
            self.statusBar().showMessage(
                f"The computer's clock jumped by {clock_text(tick.jump)}; the session clock "
                "is unaffected and the jump is logged."
            )
        if self.pending_label.text() != tick.pending_text:
            self.pending_label.setText(tick.pending_text)
        if self.pending_label.isHidden() == bool(tick.pending):  # only a change relays out
            self.pending_label.setVisible(bool(tick.pending))
        if self.music is not None:
            self.music.refresh()
        if self.log_panel is not None:
            self.log_panel.refresh(self.desk.protocol, tick, self._dose_hours)
            timeline = self.desk.timeline
            dose = (
                (timeline.dose_at, timeline.dose_entered) if timeline is not None else (None, None)
            )
            self.log_panel.log.set_dose(*dose)
            session = self.desk.session
            self.log_panel.set_out(self.desk.facts().out if session is not None else NOBODY_OUT)
        self.session_panel.show_state(tick.state)
        self.record_panel.refresh()
        info = self.title_line.text()
        if info != self.info_label.text():
            self.info_label.setText(info)

    def offer_recovery(self, said: str, add: Callable[[], str]) -> None:
        """Once the window is up: offer what was left unsaved at the last close
        (``said``: "3 changes (note ×2, restart)")."""

        def offer() -> None:
            path = self.recovery.folder if self.recovery is not None else "a recovery file"
            question = (
                f"{said} could not be saved when pap-guide last closed; they are "
                f"kept in {path}. Add them to the record now, with their original times?"
            )
            if self.asker.recover(question):
                self.problems.append(add())
            else:
                self.problems.append(f"Not saved, kept in {path}: {said}.")
            self._set_problems(self.problems)
            self.refresh()

        QTimer.singleShot(0, offer)

    def open_sessions(self) -> None:
        """Sessions…: every session, each record readable, read-only."""
        if not self.record_hidden():
            self.asker.sessions(self.sessions(), self.record_text)

    def export_record(self) -> None:
        if self.record_hidden():
            return
        session = self.desk.session
        if session is None or self.write is None:
            self.statusBar().showMessage("No session to export yet.")
            return
        report = self.report(session.id)
        if report is not None:
            export_until_written(self, self.asker, report, self.write)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        if self.focusWidget() is None:  # the first show: Qt would pick Export…, first in order
            self._first_focus()

    def _first_focus(self) -> None:
        """Typing lands in the note field; before a session on the protocol; after one,
        on the log (letters only search it), never on a button a space would press."""
        panel = self.log_panel
        if panel is not None and panel.forms.note_edit.isEnabled():
            panel.forms.note_edit.setFocus()
        elif panel is not None and self.desk.session is not None:
            panel.log.tree.setFocus()
        else:
            self.session_panel.protocol_combo.setFocus()

    def _running(self) -> str:
        """Where a dosed session under way is ('T+1:23:45, Peak'); '' when none is."""
        state = self.desk.state()
        if state is None or state.pre_dose or state.ended or not self.desk.is_open():
            return ""
        return f"T+{clock_text(state.elapsed)}, {state.phase_name}"

    def close_unasked(self, why: str) -> None:
        """Close as the close box does, without asking: the system is logging out or
        shutting down (``why`` names the signal), and no one may be there to answer.
        Actions the disk has not taken go to the recovery file; text typed in a form
        and not saved is lost, as it is when closing is confirmed."""
        if not self.stopped_by:  # a second signal: the first is closing it already
            self.stopped_by = why
            self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()  # a dialog open over the window has its own loop: that ends too

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        typed = self.log_panel.forms.typed() if self.log_panel is not None else []
        recorder = self.runner.recorder
        unsaved = bool(recorder.pending or recorder.broken or typed)
        ask: Callable[[str], bool] = (
            _yes
            if self.stopped_by
            else self.asker.close_unsaved
            if unsaved
            else self.asker.close_running
        )
        if not may_close(recorder, self.recovery, typed, ask, self._running()):
            event.ignore()
            return
        if self.ticker is not None:
            self.ticker.stop()
        self.closing.emit()
        app = QApplication.instance()
        if app is not None and self.idle_lock is not None:
            app.removeEventFilter(self.idle_lock)
        if self.music is not None:
            self.music.player.shutdown()
        super().closeEvent(event)


def _yes(_question: str) -> bool:
    return True
