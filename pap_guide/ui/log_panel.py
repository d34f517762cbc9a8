"""The monitor's side of the window: who logs, entry forms, due checks, log, chart."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core import entries as kinds
from pap_guide.core.entries import Entry, LogLine
from pap_guide.core.facts import Absence, person_key, tidy_names
from pap_guide.core.logbook import LogBook
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.runner import Tick
from pap_guide.ui.asker import Asker
from pap_guide.ui.entry_forms import EntryForms
from pap_guide.ui.flow_layout import flow_widget
from pap_guide.ui.log_view import LogView
from pap_guide.ui.theme import Theme
from pap_guide.ui.widgets import named, plain, plain_tip

if TYPE_CHECKING:
    from pap_guide.ui.vitals_chart import VitalsChart

NAME_CHARS = 24  # a longer name is shortened on its button (whole in the tooltip and record)


UNKEPT = "Not kept yet: press Enter."  # one line beside the field: nothing moves
EMPTIED = "Not kept: keep at least one name."  # entries need someone's name
PEOPLE = "People…"
PEOPLE_UNKEPT = "People… (not kept)"  # the row closed over names typed and not kept
PEOPLE_TIP = "Add or remove people in the room (names, by commas)"
PEOPLE_UNKEPT_TIP = "Names typed and not kept: open People… and press Enter to keep them"


def short_name(person: str) -> str:
    return person if len(person) <= NAME_CHARS else person[: NAME_CHARS - 1].rstrip() + "…"


class LogPanel(QWidget):
    """Everything the monitor uses.

    Signals:
        people_changed(list): the people in the room were edited.
        people_edited(list): the monitor edited the list (after people_changed).
    """

    people_changed = Signal(list)
    people_edited = Signal(list)  # the same, typed by the monitor (not a restart's list)

    def __init__(self, book: LogBook, people: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.ask: Callable[[], Asker] | None = None  # set by the window
        self.people_edit = named(QLineEdit(", ".join(people)), "peopleEdit", "People in the room")
        self.people_edit.setPlaceholderText("Names, separated by commas; Enter keeps them")
        self.people_hint = plain(named(QLabel(UNKEPT), "peopleHint", "People not kept yet"))
        self.people_hint.hide()
        self._kept: list[str] = []  # the list as last kept (Enter, a new session)
        self._out: dict[str, str] = {}  # person_key -> who covers, of those out of the room
        # person_key of one who stepped out while logging -> person_key logging went to
        self._handed: dict[str, str] = {}
        self._out_read: object = None  # the record's step-outs last read (asked every tick)
        # the names the session's record holds: a name typed otherwise ("ana smith")
        # is kept as the record writes it, so entries carry one spelling of a person
        self.recorded_names: Callable[[], list[str]] = list
        self.people_button = named(
            QPushButton(PEOPLE), "editPeopleButton", "Edit the people in the room"
        )
        self.people_button.setCheckable(True)
        self.people_button.setToolTip(PEOPLE_TIP)
        self.authors, self.author_row = flow_widget("authorButtons", "Who is logging")
        self.author_group = QButtonGroup(self)
        self.author_group.setExclusive(True)
        self.forms = EntryForms(book, self.author)
        self.adverse_button = named(
            QPushButton("Adverse event…"), "adverseEventButton", "Log an adverse event"
        )
        self.adverse_button.setToolTip("Log an adverse event (Ctrl+4)")
        # a QShortcut, not the button's: a button's shortcut clicks it 100 ms later, and
        # what was typed meanwhile went into the note field, not the adverse event
        QShortcut(QKeySequence("Ctrl+4"), self, self._adverse_key)
        self.next_check = plain(named(QLabel(""), "nextCheckLabel", "Next vitals check"))
        self.next_check.setWordWrap(True)  # a longer message takes a line, not the clock's width
        self.log = LogView(book, self.author, lambda: self.ask() if self.ask else None)
        # made by make_chart once the window is on screen (QtCharts is slow to load);
        # it follows the log only while in front (see _follow_chart)
        self._chart: VitalsChart | None = None
        self._chart_page = QWidget()
        self._chart_layout = QVBoxLayout(self._chart_page)
        self._chart_layout.setContentsMargins(0, 0, 0, 0)
        # what the last tick showed; the doses' hours are worked out only for the chart
        self._shown_args: tuple[SessionProtocol | None, Tick, Callable[[], list[float]]] | None = (
            None
        )
        self.tabs = named(QTabWidget(), "logTabs", "Log and chart")
        self.tabs.addTab(self.log, "Log")
        self.tabs.addTab(self._chart_page, "Vitals chart")
        # the log's filter and amend buttons sit beside the tabs: a row more for the log
        self.tabs.setCornerWidget(self.log.tools, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._build()
        self.set_people(people)
        # kept on Enter only: a name someone joins the record with is a deliberate act,
        # and leaving the field half-typed recorded "Jo" for good
        self.people_edit.returnPressed.connect(self._people_edited)
        self.people_edit.editingFinished.connect(self._people_left)
        self.people_button.toggled.connect(self._show_people_edit)
        self.adverse_button.clicked.connect(self.open_adverse)
        self.forms.saved.connect(lambda _entry: self.refresh_log())
        self.forms.saved.connect(self._saved)
        self.forms.refused.connect(lambda _refused: self.log.clear_confirmation())

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # who logs, with the room's people buttons beside; long names take more
        # lines, never more width. The names are edited in a line shown on demand.
        self.people_row = QHBoxLayout()
        self.people_row.addWidget(QLabel("Logging"), 0, Qt.AlignmentFlag.AlignTop)
        self.people_row.addWidget(self.authors, 1)
        self.people_row.addWidget(self.people_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(self.people_row)
        self.edit_row = QWidget()
        row = QHBoxLayout(self.edit_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("In the room"))
        row.addWidget(self.people_edit, 1)
        row.addWidget(self.people_hint)
        self.edit_row.hide()
        layout.addWidget(self.edit_row)
        layout.addWidget(self.next_check)  # the whole width: read from the chair, on one line
        layout.addWidget(self.forms)
        self.forms.observations.insertWidget(0, self.adverse_button)  # first of the one-click
        layout.addWidget(self.tabs, 1)

    def author(self) -> str:
        button = self.author_group.checkedButton()
        return str(button.property("person") or "").strip() if button else ""

    def shown_people(self) -> list[str]:
        """The names on the author buttons, in order."""
        return [str(b.property("person")) for b in self.author_group.buttons()]

    def kept_people(self) -> list[str]:
        """The list as last kept, [] when emptied (one "Monitor" button stands in)."""
        return list(self._kept)

    def set_people(self, people: list[str], logging: str = "") -> None:
        """One button per person; ``logging`` (or whoever was) stays the one logging."""
        current = logging if logging in people else self.author()
        self._kept = list(people)
        self.people_hint.hide()
        self.people_hint.setText(UNKEPT)
        self._mark_people_button(unkept=False)
        for button in self.author_group.buttons():
            self.author_group.removeButton(button)
            self.author_row.removeWidget(button)
            button.hide()  # hidden first: a parentless widget is a window of its own
            button.setParent(None)  # gone from findChild at once, not at the next loop
            button.deleteLater()
        for index, person in enumerate(people or ["Monitor"]):
            button = named(
                QPushButton(short_name(person).replace("&", "&&")),
                f"author_{index}",
                f"Logging as {person}",
            )
            button.setProperty("person", person)
            button.setCheckable(True)
            button.setToolTip(plain_tip(f"Entries from now on are logged as {person}"))
            self.author_group.addButton(button)
            self.author_row.addWidget(button)
            button.setChecked(person == current or (index == 0 and current not in people))
        self._show_out()

    def set_out(self, out: Mapping[str, Absence]) -> None:
        """Who is out of the room logs nothing until back: an entry logged under a
        name the record has out of the room is an entry nobody in the room made. The
        one logging, stepping out, hands over to the cover. ``out`` is the record's
        own mapping, new at each event: the same one again (every tick) costs nothing."""
        if out is self._out_read:
            return
        self._out_read = out
        keyed = {person_key(name): away.cover for name, away in out.items()}
        if keyed != self._out:
            self._out = keyed
            self._show_out()

    def _show_out(self) -> None:
        buttons = self.author_group.buttons()
        self._hand_back(buttons)
        for button in buttons:
            person = str(button.property("person"))
            cover = self._out.get(person_key(person))
            button.setEnabled(cover is None)
            tip = f"Entries from now on are logged as {person}"
            if cover is not None:
                tip = f"{person} is out of the room (covered by {cover}): back in to log"
            button.setToolTip(plain_tip(tip))
        checked = self.author_group.checkedButton()
        if checked is None or checked.isEnabled():
            return
        away = str(checked.property("person"))
        cover = person_key(self._out.get(person_key(away), ""))
        in_room = [b for b in buttons if b.isEnabled()]
        chosen = next((b for b in in_room if person_key(str(b.property("person"))) == cover), None)
        if chosen is None and in_room:
            chosen = in_room[0]
        if chosen is None:  # everyone on the list is out: the entries need a name still
            checked.setEnabled(True)
            self.log.message.setText(
                f"Everyone on the list is out of the room: entries are logged as {away}"
                " (add who is in the room with People…)"
            )
            return
        chosen.setChecked(True)
        self._handed[person_key(away)] = person_key(str(chosen.property("person")))
        self.log.message.setText(
            f"{away} is out of the room: logging as {chosen.property('person')}."
        )

    def _hand_back(self, buttons: list[QAbstractButton]) -> None:
        """One who stepped out while logging is back: the log stays the cover's (it
        is handed back by a click, never under someone typing), and the screen says
        so: entries went in under the cover's name after Back in, and nothing said it."""
        checked = self.author_group.checkedButton()
        for away, cover in list(self._handed.items()):
            if away in self._out:
                continue
            del self._handed[away]
            back = next((b for b in buttons if person_key(str(b.property("person"))) == away), None)
            logging = str(checked.property("person")) if checked else ""
            if back is None or person_key(logging) != cover:
                continue
            who = back.property("person")
            self.log.message.setText(
                f"{who} is back in the room; still logging as {logging}: press {who} to log as"
                f" {who}."
            )

    def _show_people_edit(self, shown: bool) -> None:
        self.edit_row.setVisible(shown)
        if shown:
            self.people_edit.setFocus()
            # after the last name: typing adds a person; at the start it renamed the first
            self.people_edit.end(False)
        # closed over names not kept: the hint went with the row, so the button says it
        self._mark_people_button(unkept=not shown and self.people() != self._kept)

    def _mark_people_button(self, *, unkept: bool) -> None:
        self.people_button.setText(PEOPLE_UNKEPT if unkept else PEOPLE)
        self.people_button.setToolTip(PEOPLE_UNKEPT_TIP if unkept else PEOPLE_TIP)

    def people(self) -> list[str]:
        """The people in the room as typed, each once (none: one "Monitor" button stands in)."""
        return tidy_names(self.people_edit.text().split(","))

    def _people_edited(self) -> None:
        if self.recorded_names() and not self.people():
            # emptied during a session: entries were logged as "Monitor", no one in the
            # room, and those listed left only when names were typed again, at that time
            self.people_hint.setText(EMPTIED)
            self.people_hint.show()
            return
        spelled = {person_key(name): name for name in self.recorded_names()}
        people = [spelled.get(person_key(name), name) for name in self.people()]
        self.people_edit.setText(", ".join(people))  # as kept: tidied, each person once
        was = self.author()
        self.set_people(people)
        self.people_changed.emit(people)
        self.people_edited.emit(people)  # may put someone back (no reason to go on without)
        now = self.author()
        if was and now != was and person_key(was) not in map(person_key, self._kept):
            # taken off the list (a slip in the field, too): every entry from now on goes
            # in under another name, and only the status line said that someone had left
            self.log.message.setText(f"{was} is no longer on the list: logging as {now}.")

    def _people_left(self) -> None:
        """Left with names not kept: they stay typed, and the hint says so."""
        self.people_hint.setText(EMPTIED if self.recorded_names() and not self.people() else UNKEPT)
        self.people_hint.setVisible(self.people() != self._kept)

    def _adverse_key(self) -> None:
        if self.adverse_button.isEnabled():  # as the button: only while there is a log
            self.open_adverse()

    def open_adverse(self) -> None:
        if self.ask is None:
            return

        def save(what: str, severity: str, action: str) -> object:
            return self.book.adverse(what, severity, action, self.author())

        if self.ask().adverse(save):
            self.refresh_log()

    @property
    def chart(self) -> VitalsChart:
        """The vitals chart, made the first time it is wanted."""
        if self._chart is None:
            from pap_guide.ui.vitals_chart import VitalsChart

            self._chart = VitalsChart()
            self._chart.apply_theme(self.log.theme)
            self._chart_layout.addWidget(self._chart)
            self._follow_chart()
        return self._chart

    def make_chart(self) -> None:
        """Make the chart now (after the first frame; create_window makes it at once)."""
        _ = self.chart

    def _clear_message(self) -> None:
        if self.log.message.text():  # clearing an empty label still lays the panel out again
            self.log.message.clear()

    def _saved(self, entry: Entry) -> None:
        """No stale 'Not saved'; and a word when the log's filter hides what was saved,
        so a save never looks as if nothing happened."""
        if self.log.shows(LogLine(entry, entry, (entry,))):  # the forms save new entries
            self._clear_message()
            self.log.show_newest()  # typed with the log scrolled down: seen saved
            return
        label = kinds.KIND_LABELS[entry.kind]
        shown = self.log.filter.currentText()
        self.log.confirm(f"{label} saved. The log shows {shown.lower()} only.")

    def _tab_changed(self, index: int) -> None:
        self.log.tools.setVisible(index == 0)
        self._follow_chart()

    def _follow_chart(self) -> None:
        """The chart follows the log only while it is in front; it catches up when shown."""
        if self.tabs.currentWidget() is not self._chart_page or self._shown_args is None:
            return
        protocol, tick, dose_hours = self._shown_args
        self.chart.follow(protocol, tick.state, self.book, dose_hours())

    def refresh_log(self) -> None:
        self.log.update_rows()

    def refresh(
        self, protocol: SessionProtocol | None, tick: Tick, dose_hours: Callable[[], list[float]]
    ) -> None:
        """Each tick: the due check, and the forms and chart when things changed."""
        self.forms.set_protocol(protocol)
        # nothing to log into before a session is set up or after it ended
        self.forms.setEnabled(tick.state is not None and not tick.state.ended)
        self.adverse_button.setEnabled(self.forms.isEnabled())
        self.log.set_open(self.forms.isEnabled())
        status = tick.check
        overdue = bool(status and status.overdue)
        ended = tick.state is not None and tick.state.ended
        text = status.text if status else ("Session ended" if ended else "No session open")
        if self.next_check.text() != text:
            self.next_check.setText(text)
        if self.next_check.property("overdue") != overdue:
            self.next_check.setProperty("overdue", overdue)
            self.next_check.style().unpolish(self.next_check)
            self.next_check.style().polish(self.next_check)
        self.log.update_rows()
        self._shown_args = (protocol, tick, dose_hours)
        self._follow_chart()

    def apply_theme(self, theme: Theme) -> None:
        self.log.theme = theme
        self.log.set_widths()
        if self._chart is not None:
            self._chart.apply_theme(theme)
        self.log.refresh()
