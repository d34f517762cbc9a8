"""The session panel: big clock, phase, timeline and the session's buttons."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core.clinical import NeedsReason, SessionDesk
from pap_guide.core.controller import SessionError
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.session import SessionState
from pap_guide.core.state_text import clock_line, detail_line, overrun_line
from pap_guide.core.timefmt import clock_text, duration_text
from pap_guide.ui.asker import Asker, DoseRequest, EndRequest
from pap_guide.ui.flow_layout import flow_widget
from pap_guide.ui.glyph_label import GlyphLabel
from pap_guide.ui.timeline import PhaseTimeline
from pap_guide.ui.widgets import SteadyLabel, named, plain

UNDO_SECONDS = 10.0  # how long a phase move can be taken back with one click
UNDO_TEXT = "Undo phase move"
# B for back: Ctrl+Shift+Z is Redo in a text field, and the window's keys win there
UNDO_KEY = "Ctrl+Shift+B"


class SessionPanel(QWidget):
    """Shows where the session is and lets the guide start, move and end it.

    Signals:
        session_changed(): a session was started, moved or ended.
        problem(str): an action was refused; the text says why.
    """

    session_changed = Signal()
    problem = Signal(str)

    def __init__(
        self,
        desk: SessionDesk,
        ask: Callable[[], Asker],
        author: Callable[[], str],
        default_protocol: str | None,
        default_patient: str = "",
        parent: QWidget | None = None,
        room: Callable[[], list[str]] = list,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.room = room  # the people in the room as the log lists them
        self.ask = ask
        self.author = author
        self.default_patient = default_patient
        self._end_draft: tuple[int | None, EndRequest] | None = None  # session, typed end
        # a dose typed and not recorded (its reason not given): session, form, when given
        self._dose_draft: tuple[int | None, DoseRequest, datetime] | None = None
        self.clock_label = plain(named(GlyphLabel("Pre-dose"), "sessionClock", "Session clock"))
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label = plain(named(QLabel(""), "phaseName", "Current phase"))
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label = plain(named(QLabel(""), "phaseDetail", "Phase progress"))
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.overrun_label = plain(named(QLabel(""), "overrunLabel", "Overrun past planned end"))
        self.overrun_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # the labels that change with the clock: a new text repaints them alone
        self.clock_box = SteadyLabel(self.clock_label)
        self.detail_box = SteadyLabel(self.detail_label)
        self.overrun_box = SteadyLabel(self.overrun_label)
        self.timeline = PhaseTimeline()
        self.protocol_combo = named(QComboBox(), "protocolCombo", "Protocol")
        for key, protocol in sorted(desk.protocols.items()):
            self.protocol_combo.addItem(protocol.name, key)
        if default_protocol is not None:
            index = self.protocol_combo.findData(default_protocol)
            self.protocol_combo.setCurrentIndex(max(0, index))
        self.start_button = named(
            QPushButton("Start session"), "startSessionButton", "Start session"
        )
        self.start_button.setToolTip("Set up a session: patient code, type, people in the room")
        self.dose_button = named(QPushButton("Record dose"), "recordDoseButton", "Record dose")
        self.dose_button.setToolTip("Record a dose; the first one starts the session clock (T0)")
        self.next_button = named(QPushButton("Next phase"), "nextPhaseButton", "Next phase now")
        self.next_button.setToolTip(
            "Start the next phase now; later phases move earlier (Ctrl+Shift+N)"
        )
        self.next_button.setShortcut("Ctrl+Shift+N")
        self.extend_spin = named(QSpinBox(), "extendMinutesSpin", "Minutes to extend")
        self.extend_spin.setRange(1, 240)
        self.extend_spin.setValue(15)
        self.extend_spin.setSuffix(" min")
        self.extend_button = named(QPushButton("Extend phase"), "extendPhaseButton", "Extend phase")
        self.extend_button.setToolTip(
            "Make this phase longer by the minutes beside it; later "
            "phases move later (Ctrl+Shift+E)"
        )
        self.extend_button.setShortcut("Ctrl+Shift+E")
        self.end_button = named(QPushButton("End session"), "endSessionButton", "End session")
        self.undo_button = named(
            QPushButton(UNDO_TEXT), "undoPhaseButton", "Undo the last phase move"
        )
        self.undo_button.setShortcut(UNDO_KEY)
        # its place is kept while it is hidden, and its text never changes: shown for
        # ten seconds, it wrapped onto a row of its own, every button above moved up
        # a row and Undo sat where Record dose had been, under the guide's habit
        policy = self.undo_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.undo_button.setSizePolicy(policy)
        self.undo_button.hide()
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(int(UNDO_SECONDS * 1000))
        self.undo_timer.timeout.connect(self.undo_button.hide)
        self._undoable: int | None = None  # the phase move Undo would move back
        self._shown: tuple[object, ...] | None = None  # what the buttons were set for
        self.locked = False  # the idle lock: the clock runs on, nothing changes the record
        self._build_layout()
        self.start_button.clicked.connect(self.start_session)
        self.dose_button.clicked.connect(self.record_dose)
        self.next_button.clicked.connect(self.next_phase)
        self.extend_button.clicked.connect(self.extend_phase)
        self.end_button.clicked.connect(self.end_session)
        self.undo_button.clicked.connect(self.undo_move)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        for label in (self.clock_box, self.phase_label, self.detail_box, self.overrun_box):
            layout.addWidget(label)
        layout.addSpacing(8)
        layout.addWidget(self.timeline)
        layout.addStretch(1)
        box, flow = flow_widget("sessionButtons", "Session actions")
        for widget in (
            self.protocol_combo,
            self.start_button,
            self.dose_button,
            self.end_button,
            self.next_button,
            self.extend_spin,
            self.extend_button,
            self.undo_button,
        ):
            flow.addWidget(widget)
        layout.addWidget(box)

    def refresh(self) -> None:
        """Redraw from the controller's current state."""
        self.show_state(self.desk.state())

    def show_state(self, state: SessionState | None) -> None:
        """Redraw for ``state``, the one a tick just worked out (cheap; each tick).

        Each tick touches only what changed: the clock's text every second, the
        phase's progress now and then; the buttons only when the session, its
        phase or the Undo offer changes.
        """
        desk = self.desk
        self.timeline.show_state(desk.protocol if state else self.chosen_protocol(), state)
        self.clock_box.set_text(clock_line(state))
        self.detail_box.set_text(detail_line(state))
        overrun = overrun_line(state)
        self.overrun_box.set_text(overrun)
        if self.overrun_box.isHidden() == bool(overrun):  # no empty line's height
            self.overrun_box.setVisible(bool(overrun))
        session, is_open = desk.session, desk.is_open()
        moving = is_open and state is not None and not state.pre_dose
        shown = (
            None if state is None else state.phase_name,
            None if session is None else (session.id, session.protocol_key),
            is_open,
            moving,
            moving and state is not None and state.time_to_next is not None,
            self._undoable is not None,
            self.protocol_combo.currentIndex(),
            self.protocol_combo.count(),
            self.locked,
        )
        if shown == self._shown:
            return
        self._shown = shown
        self.phase_label.setText("" if state is None else state.phase_name)
        if session is not None and self.protocol_combo.currentData() != session.protocol_key:
            # the box shows the session's own protocol, after a restart too
            self.protocol_combo.setCurrentIndex(
                max(0, self.protocol_combo.findData(session.protocol_key))
            )
            self._shown = None  # its index is part of what was shown: look again next time
        self.protocol_combo.setEnabled(not is_open)
        self.start_button.setEnabled(not is_open and self.protocol_combo.count() > 0)
        # while a session runs its protocol is in the title line: the room for the rest
        self.protocol_combo.setVisible(not is_open)
        self.start_button.setVisible(not is_open)
        self.next_button.setEnabled(shown[4])
        self.extend_button.setEnabled(moving)
        self.extend_spin.setEnabled(moving)
        self.end_button.setEnabled(is_open and not self.locked)
        self.dose_button.setEnabled(is_open and not self.locked)
        self.undo_button.setEnabled(is_open and self._undoable is not None)

    def chosen_protocol(self) -> SessionProtocol | None:
        key = self.protocol_combo.currentData()
        return self.desk.protocols.get(key) if key else None

    def _act(self, action: Callable[[], None]) -> str:
        """Run ``action``; a refusal is said in the status bar and returned ("": done)."""
        refused = ""
        try:
            action()
        except SessionError as exc:
            refused = str(exc)
            self.problem.emit(refused)
        else:
            self.session_changed.emit()
        self.refresh()
        return refused

    def with_reason(self, action: Callable[[str], object]) -> str:
        """Run ``action``; when a rule asks for a reason, ask the guide and run it again."""

        def attempt() -> None:
            try:
                action("")
            except NeedsReason as needs:
                reason = self.ask().reason(needs.question)
                if reason is None:
                    raise SessionError("Not done: no reason given.") from None
                action(reason)

        return self._act(attempt)

    def start_session(self) -> None:
        key = self.protocol_combo.currentData()
        protocol = self.chosen_protocol()
        if protocol is None:
            return
        # the last session's set-up people with their roles; else who the log has in the room
        roles = self.desk.last_team()
        names = list(roles) or self.room()
        request = self.ask().setup(protocol, self.default_patient, names, roles)
        if request is None:
            return
        self.with_reason(
            lambda reason: self.desk.start(
                key, request.patient, request.session_type, request.people, reason
            )
        )

    def record_dose(self) -> None:
        protocol = self.desk.protocol
        if protocol is None:
            return
        given = [dose.amount for dose in self.desk.facts().doses]
        session = self.desk.session.id if self.desk.session is not None else None
        offered = self._dose_typed(session)
        request = self.ask().dose(protocol, given, offered, self._dose_earliest())
        if request is None:
            return
        when = self.desk.clock.now() - timedelta(minutes=request.minutes_ago)
        draft = self._dose_draft
        if offered is not None and draft is not None and request == offered:
            # left as it was: to the second, as first typed (the form counts whole
            # minutes, and 240 at most)
            when = draft[2]
        refused = self.with_reason(
            lambda reason: self.desk.dose(request.amount, self.author(), when, request.lot, reason)
        )
        if not refused:
            self._dose_draft = None
            return
        # a dose really given and not recorded: its amount, lot and time come back in
        # the form, the time still when it was given (the minutes ago as they are then)
        self._dose_draft = (session, request, when)
        why = refused.removeprefix("Not done: ")
        self.problem.emit(f"Dose not recorded: {why} Record dose opens again as typed.")

    def _dose_earliest(self) -> tuple[float, str] | None:
        """A later dose cannot go before the first, a first before the session began."""
        earliest = self.desk.controller.earliest_dose()
        return None if earliest is None else (earliest[0] / 60, earliest[1])

    def _dose_typed(self, session: int | None) -> DoseRequest | None:
        if self._dose_draft is None or self._dose_draft[0] != session:
            return None
        _, request, when = self._dose_draft
        ago = round((self.desk.clock.now() - when).total_seconds() / 60)
        return dataclasses.replace(request, minutes_ago=min(max(ago, 0), 240))

    def next_phase(self) -> None:
        before = self.desk.state()
        if self._act(self.desk.advance_phase):
            return  # refused: said in the status bar
        self._offer_undo("Undo next phase")
        state, minimum = self.desk.state(), self.desk.minimum_seconds()
        if state is not None and minimum is not None and state.planned_end < minimum:
            self.problem.emit(
                f"The planned end is now T+{clock_text(state.planned_end, seconds=False)}, "
                f"before the minimum length ({duration_text(minimum)}): ending before "
                f"T+{clock_text(minimum, seconds=False)} will need a reason."
            )
        else:
            self._say_planned_end(before, state)

    def extend_phase(self) -> None:
        minutes = self.extend_spin.value()
        before = self.desk.state()
        if self._act(lambda: self.desk.extend_phase(minutes)):
            return
        self._offer_undo(f"Undo +{minutes} min")
        self._say_planned_end(before, self.desk.state())

    def _say_planned_end(self, before: SessionState | None, after: SessionState | None) -> None:
        """A phase move moves the phases after it, and the planned end with them: said
        once, in the status bar (the end going from 8:00 to 7:13 was left unexplained)."""
        if before is None or after is None or before.planned_end == after.planned_end:
            return
        moved = after.planned_end - before.planned_end
        way = "later" if moved > 0 else "earlier"
        self.problem.emit(
            f"The later phases move {duration_text(abs(moved))} {way}: the planned end is "
            f"now T+{clock_text(after.planned_end, seconds=False)}."
        )

    def _offer_undo(self, text: str) -> None:
        """For ten seconds, the move just made can be moved back."""
        move = self.desk.last_phase_move()
        if move is None or move == self._undoable:
            return  # refused: nothing new to undo
        self._undoable = move
        self.undo_button.setToolTip(
            f"{text}: the phases back as they were; the move and its undo are both "
            f"recorded ({UNDO_KEY})"
        )
        self.undo_button.setEnabled(True)
        self.undo_button.show()
        self.undo_timer.start()

    def undo_move(self) -> None:
        move, self._undoable = self._undoable, None
        self.undo_timer.stop()
        self.undo_button.hide()
        if move is not None:
            self._act(lambda: self.desk.move_back(move))

    def end_session(self) -> None:
        protocol = self.desk.protocol
        if protocol is None:
            return
        done = list(self.desk.facts().discharge)
        session = self.desk.session.id if self.desk.session is not None else None
        draft = self._end_draft[1] if self._end_draft and self._end_draft[0] == session else None
        request = self.ask().end(protocol, done, draft)
        if request is None:
            return
        author = self.author()
        self.with_reason(
            lambda reason: self.desk.end(author, request.outcome, reason, request.discharge_ticked)
        )
        # not ended (no reason given): the outcome and ticks come back in the form next time
        self._end_draft = (session, request) if self.desk.is_open() else None
