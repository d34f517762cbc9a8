"""The session record beside the clock: patient, people, checklist, reminders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core.clinical import SessionDesk
from pap_guide.core.controller import SessionError
from pap_guide.core.facts import SessionFacts
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.report import dose_seconds
from pap_guide.ui.asker import Asker
from pap_guide.ui.widgets import SteadyLabel, named, plain, plain_tip

CHECKLIST_AFTER_DOSE = 96  # px: the open items beside the log
CHECKLIST_ROWS = 7  # before the dose: this many items in view at once


class RecordPanel(QWidget):
    """Who is in the room, the pre-session checklist, reminders and step-outs.

    Signals:
        changed(): something was recorded.
        problem(str): an action was refused; the text says why.
    """

    changed = Signal()
    problem = Signal(str)

    def __init__(
        self,
        desk: SessionDesk,
        ask: Callable[[], Asker],
        author: Callable[[], str],
        intentions: Callable[[str], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.locked = False  # the idle lock hides the record; a tick must not show it again
        self.desk, self.ask, self.author, self.intentions = desk, ask, author, intentions
        self.summary = plain(named(QLabel(""), "sessionRecordLabel", "Session record"))
        self.summary.setWordWrap(True)
        self.intention_label = plain(named(QLabel(""), "intentionsLabel", "Intentions"))
        self.intention_label.setWordWrap(True)
        self.reminders = plain(named(QLabel(""), "remindersLabel", "Reminders"))
        self.reminders.setWordWrap(True)
        self.reminders_box = SteadyLabel(self.reminders)  # countdowns: repainted alone
        self.checklist = named(QListWidget(), "checklistList", "Pre-session checklist")
        self.checklist.setMaximumHeight(CHECKLIST_AFTER_DOSE)
        self._before_dose = False  # the checklist is sized for the dose's side of it
        self.checklist.installEventFilter(self)
        self.checklist.setWordWrap(True)  # a long item takes two lines, never a scroll bar
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checklist.setResizeMode(QListView.ResizeMode.Adjust)
        self.checklist.setToolTip("Click an item, or press Enter on it, to tick it")
        self.step_out_button = named(
            QPushButton("Step out…"), "stepOutButton", "Someone steps out of the room"
        )
        self.step_back_button = named(
            QPushButton("Back in"), "stepBackButton", "Someone is back in the room"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.intention_label)
        layout.addWidget(self.reminders_box)
        layout.addWidget(self.checklist)
        row = QHBoxLayout()  # the window may move these beside the people in the room
        row.addWidget(self.step_out_button)
        row.addWidget(self.step_back_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.checklist.itemChanged.connect(self._ticked)
        # the item's text ticks it too, not only its small box
        self.checklist.itemClicked.connect(self._clicked)
        self.checklist.itemActivated.connect(self._clicked)
        self.step_out_button.clicked.connect(self.ask_step_out)
        self.step_back_button.clicked.connect(self.ask_step_back)
        self._shown_items: tuple[str, ...] = ()
        self._shown_facts: tuple[SessionFacts, bool] | None = None  # the facts shown now
        self._intentions_of: tuple[int | None, str] | None = None  # (session id, patient)
        self._filling = False
        self._reminder_room: tuple[int | None, int] = (None, 0)  # (session, pixels kept)

    def refresh(self) -> None:
        """Show what changed: called on every tick, it asks the store only for a new session."""
        desk = self.desk
        session, protocol = desk.session, desk.protocol
        open_session = desk.is_open()
        self._set_visible(self, session is not None and not self.locked)
        if session is None or protocol is None:
            self.step_out_button.setEnabled(False)  # they may be shown elsewhere in the window
            self.step_back_button.setEnabled(False)
            return
        facts = desk.facts()
        shown = self._shown_facts
        if shown is None or shown[0] is not facts or shown[1] != open_session:
            self._shown_facts = (facts, open_session)  # the desk's object, new at each event
            self._show_facts(session.patient, session.session_type, protocol, facts)
            self._fill_checklist(protocol.setup.checklist, facts, open_session)
            self.step_out_button.setEnabled(open_session and bool(facts.people))
            self.step_back_button.setEnabled(open_session and bool(facts.out))
        key = (session.id, session.patient)
        if key != self._intentions_of:  # past sessions do not change: read once a session
            self._intentions_of = key
            intentions = self.intentions(session.patient) if session.patient else []
            self.intention_label.setText(
                "Intentions: " + " · ".join(intentions) if intentions else ""
            )
            self.intention_label.setVisible(bool(intentions))
        notes = "\n".join(r.text for r in desk.reminders(desk.clock.now()))
        self.reminders_box.set_text(notes)  # a countdown changes once a minute
        dosed = open_session and bool(facts.doses)  # the facts read above: no more work a tick
        self._keep_reminder_room(session.id, notes, one_line=dosed)

    def _keep_reminder_room(self, session_id: int, notes: str, *, one_line: bool) -> None:
        """The reminders keep the most room they took in this session, and from the
        dose on a line at least.

        A reminder that went (the supplemental window closed, someone came back)
        gave its line back, and the clock and the session's buttons above moved
        down by it (12 and 24 px at 1366x768); now the line stays, empty. The first
        reminder of a session (someone stepping out) moved them by its line too.
        """
        label, box = self.reminders, self.reminders_box
        lines = notes.count("\n") + 1 if notes else int(one_line)
        needed = lines * label.fontMetrics().lineSpacing()
        if notes and box.width() > 0:
            needed = max(needed, label.heightForWidth(box.width()))
        kept = self._reminder_room[1] if self._reminder_room[0] == session_id else 0
        room = (session_id, max(needed, kept))  # a new session starts from nothing kept
        if room != self._reminder_room:
            self._reminder_room = room
            box.setMinimumHeight(room[1])
        self._set_visible(box, room[1] > 0)

    @staticmethod
    def _set_visible(widget: QWidget, visible: bool) -> None:
        if widget.isHidden() == visible:  # only a change is a relayout
            widget.setVisible(visible)

    def _dose_times(self, facts: SessionFacts) -> list[datetime]:
        """When each dose was given by the session's clock: the first's time and the
        session time since (a later dose's stamp is off by any move of the laptop's
        clock since the first: set back 2 h, it read as given 2 h before it)."""
        timeline = self.desk.timeline
        first = timeline.dose_at if timeline is not None else None
        if first is None:
            return [dose.given for dose in facts.doses]
        seconds = dose_seconds(self.desk.events, first)
        return [
            first + timedelta(seconds=s) if s is not None else dose.given
            for dose, s in zip(facts.doses, seconds, strict=True)
        ]

    def _show_facts(
        self, patient: str, session_type: str, protocol: SessionProtocol, facts: SessionFacts
    ) -> None:
        people = ", ".join(f"{name} ({role})" for name, role in facts.people.items())
        doses = (
            "; ".join(
                f"{d.amount:g} {d.unit} {d.substance} at {at.astimezone():%H:%M}"
                for d, at in zip(facts.doses, self._dose_times(facts), strict=True)
            )
            or "no dose yet"
        )
        checklist = protocol.setup.checklist
        ticked = sum(1 for item in checklist if item in facts.checklist)
        progress = f" · checklist {ticked}/{len(checklist)}" if checklist else ""
        # the people are on the author buttons; their roles are a hover away
        self.summary.setText(
            f"{patient or 'no patient code'} · {session_type} · doses: {doses}{progress}"
        )
        self.summary.setToolTip(plain_tip(f"In the room: {people or 'nobody listed'}"))

    def _fill_checklist(self, items: tuple[str, ...], facts: SessionFacts, editable: bool) -> None:
        """Each item set to what the record says; an item that did not change is left alone."""
        done = facts.checklist
        self._filling = True
        if items != self._shown_items:
            self.checklist.clear()
            for item in items:
                fresh = QListWidgetItem(item)
                # set, not left unset: a row with no check state has no box drawn, and
                # _show_item leaves an Unchecked it reads back (the default) as it is
                fresh.setCheckState(Qt.CheckState.Unchecked)
                self.checklist.addItem(fresh)
            self._shown_items = items
        for row in range(self.checklist.count()):
            entry = self.checklist.item(row)
            if entry is not None:
                self._show_item(entry, items[row], done, editable)
        complete = all(item in done for item in items)
        self.checklist.setVisible(bool(items) and not (bool(facts.doses) and complete))
        self._before_dose = not facts.doses
        self._size_checklist()
        self._filling = False

    def _size_checklist(self) -> None:
        """Before the dose the checklist is the work in hand: every item in view (up to
        CHECKLIST_ROWS; the room comes from the space around the clock). After it, a
        few rows: what is left open, beside the log. Measured as laid out at its width
        (a long item wraps onto two lines), again whenever that width changes."""
        checklist, rows = self.checklist, self.checklist.count()
        if not self._before_dose or rows == 0:
            checklist.setMinimumHeight(0)
            checklist.setMaximumHeight(CHECKLIST_AFTER_DOSE)
            return
        checklist.doItemsLayout()
        shown = min(rows, CHECKLIST_ROWS)
        wanted = 2 * checklist.frameWidth() + 2 * checklist.spacing() * shown + 2
        for row in range(shown):
            wanted += checklist.visualItemRect(checklist.item(row)).height()
        if wanted != checklist.maximumHeight():
            checklist.setMaximumHeight(max(wanted, CHECKLIST_AFTER_DOSE))
            checklist.setMinimumHeight(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            watched is self.checklist
            and isinstance(event, QResizeEvent)
            and event.oldSize().width() != event.size().width()
        ):
            self._size_checklist()  # rows wrap differently at another width
        return False

    @staticmethod
    def _show_item(
        entry: QListWidgetItem, item: str, done: Mapping[str, tuple[str, object]], editable: bool
    ) -> None:
        ticked = item in done
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if entry.checkState() != state:
            entry.setCheckState(state)
        flags = Qt.ItemFlag.ItemIsEnabled
        if editable and not ticked:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if entry.flags() != flags:
            entry.setFlags(flags)
        if ticked:  # the first name keeps the row on its line; the tooltip has it whole
            who = done[item][0]
            text = f"{item}  ✓ {who.split()[0] if who.split() else who}"
            if entry.text() != text:
                entry.setText(text)
                entry.setToolTip(plain_tip(f"Ticked by {who}"))
        elif entry.text() != item:  # a new session's list: the last one's ticks go
            entry.setText(item)
            entry.setToolTip("")

    def _clicked(self, entry: QListWidgetItem) -> None:
        """A click on the text (or Enter): tick it, as a click on the box would."""
        editable = bool(entry.flags() & Qt.ItemFlag.ItemIsUserCheckable)
        if editable and entry.checkState() != Qt.CheckState.Checked:
            entry.setCheckState(Qt.CheckState.Checked)  # itemChanged records the tick

    def _ticked(self, entry: QListWidgetItem) -> None:
        if self._filling or entry.checkState() != Qt.CheckState.Checked:
            return
        item = self._shown_items[self.checklist.row(entry)]
        self._do(lambda: self.desk.tick(item, self.author()))

    def ask_step_out(self) -> None:
        facts = self.desk.facts()  # those in the room now: not those who left, or are out
        here = [p for p in facts.people if p not in facts.left and p not in facts.out]
        answer = self.ask().step_out(here)
        if answer is not None:
            name, cover = answer
            self._do(lambda: self.desk.step_out(name, cover))

    def ask_step_back(self) -> None:
        name = self.ask().step_back(list(self.desk.facts().out))
        if name is not None:
            self._do(lambda: self.desk.step_back(name))

    def _do(self, action: Callable[[], None]) -> None:
        try:
            action()
        except SessionError as exc:
            self.problem.emit(str(exc))
        else:
            self.changed.emit()
        self._shown_facts = None  # a refused tick leaves its box ticked: show the record again
        self.refresh()
