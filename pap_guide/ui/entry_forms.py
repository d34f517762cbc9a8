"""Entry forms: a note in one line, one-click observations, vitals, ratings.

Every form keeps what was typed when it is refused, shows the reason next to
the field, and clears once the entry is recorded (on disk, or queued in order
while the disk refuses: the window shows how many wait).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pap_guide.core.entries import Entry
from pap_guide.core.logbook import EntryRefused, LogBook
from pap_guide.core.protocol import SessionProtocol
from pap_guide.core.vitals import VITAL_SIGNS
from pap_guide.ui.flow_layout import flow_widget
from pap_guide.ui.single_press import single_press
from pap_guide.ui.widgets import named, plain, plain_tip

# objectNames of the vitals edits (fixed, see docs/ui.md); labels come from VITAL_SIGNS
VITAL_EDITS = {
    "systolic": "systolicEdit",
    "diastolic": "diastolicEdit",
    "heart_rate": "heartRateEdit",
    "spo2": "spo2Edit",
    "resp_rate": "respRateEdit",
    "temperature_c": "temperatureEdit",
}


def _placeholder(key: str, short: str, fahrenheit: bool) -> str:
    if key == "temperature_c":
        return "°F" if fahrenheit else "°C"
    return short


def error_label(name: str, what: str) -> QLabel:
    """Where a refusal is said, beside its form: in the alert colour (the style sheet's
    ``QLabel[error="true"]``), whichever form it is in."""
    label = plain(named(QLabel(""), name, what))
    label.setProperty("error", True)
    label.setWordWrap(True)
    label.hide()
    return label


def _hide_unless(text: str, error: QLabel) -> None:
    if not text:
        error.hide()


class EntryForms(QWidget):
    """The monitor's entry forms.

    Signals:
        saved(object): an Entry was recorded (committed, or queued for the disk).
        refused(object): what was typed was refused (the EntryRefused); it stays typed.
    """

    saved = Signal(object)
    refused = Signal(object)

    def __init__(
        self, book: LogBook, author: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.book, self.author = book, author
        self.note_edit = named(QLineEdit(), "noteEdit", "Note")
        self.note_edit.setPlaceholderText("Note… (Enter saves, Esc clears)  Ctrl+1")
        self.note_button = named(QPushButton("Add note"), "addNoteButton", "Add note")
        self.intention_button = named(
            QPushButton("As intention"), "addIntentionButton", "Save as the patient's intention"
        )
        self.intention_button.setToolTip(
            "Save the text as the patient's intention; it is shown again at their dosing sessions"
        )
        self.note_error = error_label("noteError", "Note problem")
        self.observation_box, self.observations = flow_widget("observationButtons", "Observations")
        self.vital_edits = {
            sign.key: named(QLineEdit(), VITAL_EDITS[sign.key], sign.label) for sign in VITAL_SIGNS
        }
        self.fahrenheit = named(QCheckBox("°F"), "fahrenheitCheck", "Temperature in Fahrenheit")
        self.vitals_button = named(QPushButton("Save vitals"), "saveVitalsButton", "Save vitals")
        self.vitals_error = error_label("vitalsError", "Vitals problem")
        self.scale = named(QComboBox(), "ratingScaleCombo", "Rating scale")
        self.scale.setMinimumContentsLength(10)
        self.rating_edit = named(QLineEdit(), "ratingEdit", "Rating value")
        self.rating_edit.setMaximumWidth(70)
        self.rating_button = named(QPushButton("Save rating"), "saveRatingButton", "Save rating")
        self.rating_error = error_label("ratingError", "Rating problem")
        self._build()
        self._connect()
        self.protocol: SessionProtocol | None = None
        self.last_errors: dict[str, str] = {}

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.note_button)
        row.addWidget(self.intention_button)
        layout.addLayout(row)
        layout.addWidget(self.note_error)
        layout.addWidget(self.observation_box)
        # one row: each field says what it is until typed in (its tooltip has the
        # unit), so the log keeps the height a row of captions would take
        row = QHBoxLayout()
        for sign in VITAL_SIGNS:
            edit = self.vital_edits[sign.key]
            edit.setPlaceholderText(_placeholder(sign.key, sign.short, False))
            edit.setToolTip(f"{sign.label} ({sign.unit}); Enter saves the vitals")
            edit.setMaximumWidth(90)
            row.addWidget(edit, 1)
        row.addWidget(self.fahrenheit)
        row.addWidget(self.vitals_button)
        layout.addLayout(row)
        layout.addWidget(self.vitals_error)
        row = QHBoxLayout()
        row.addWidget(QLabel("Rating"))
        row.addWidget(self.scale)
        row.addWidget(self.rating_edit)
        row.addWidget(self.rating_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.rating_error)

    def _connect(self) -> None:
        self.note_edit.returnPressed.connect(self.save_note)
        self.note_button.clicked.connect(self.save_note)
        self.intention_button.clicked.connect(self.save_intention)
        for edit in self.vital_edits.values():
            edit.returnPressed.connect(self.save_vitals)
        self.vitals_button.clicked.connect(self.save_vitals)
        # A form emptied by hand loses its refusal: it spoke of what is no longer there
        for edit in self.vital_edits.values():
            edit.textChanged.connect(self._vitals_changed)
        self.note_edit.textChanged.connect(lambda text: _hide_unless(text, self.note_error))
        self.rating_edit.textChanged.connect(lambda text: _hide_unless(text, self.rating_error))
        self.rating_edit.returnPressed.connect(self.save_rating)
        self.rating_button.clicked.connect(self.save_rating)
        self.fahrenheit.toggled.connect(
            lambda on: self.vital_edits["temperature_c"].setPlaceholderText(
                _placeholder("temperature_c", "Temp", on)
            )
        )
        keys = {
            "Ctrl+1": self.note_edit,
            "Ctrl+2": self.vital_edits["systolic"],
            "Ctrl+3": self.rating_edit,
        }
        for key, widget in keys.items():
            QShortcut(QKeySequence(key), self, widget.setFocus)
        # Tab from the note goes straight through a vitals set, then the rating;
        # the buttons (which have their own keys or one click) come after
        chain = [
            self.note_edit,
            *self.vital_edits.values(),
            self.fahrenheit,
            self.vitals_button,
            self.scale,
            self.rating_edit,
            self.rating_button,
            self.note_button,
            self.intention_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        escape = QShortcut(QKeySequence("Esc"), self, self.clear_focused_form)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_protocol(self, protocol: SessionProtocol | None) -> None:
        """Show the observation tags and rating scales of ``protocol``."""
        if protocol is self.protocol:
            return
        self.protocol = protocol
        for item in [self.observations.itemAt(i) for i in range(self.observations.count())]:
            widget = item.widget() if item is not None else None
            if widget is not None and widget.objectName().startswith("observation_"):
                self.observations.removeWidget(widget)
                widget.hide()  # hidden first: a parentless widget is a window of its own
                widget.setParent(None)  # gone from findChild at once
                widget.deleteLater()
        self.scale.clear()
        if protocol is None:
            return
        for tag in protocol.monitor.observations:
            button = named(
                QPushButton(tag), f"observation_{tag.replace(' ', '_')}", f"Observation: {tag}"
            )
            button.setToolTip(plain_tip(f"Log '{tag}' now, in one click"))
            button.clicked.connect(lambda _=False, t=tag: self.save_observation(t))
            self.observations.addWidget(single_press(button))  # a double click: one entry
        for scale in protocol.monitor.ratings:
            self.scale.addItem(f"{scale.name} {scale.low}–{scale.high}", scale.name)
            self.scale.setToolTip(plain_tip(scale.description) if scale.description else "")

    # -- saving

    def _save(self, action: Callable[[], Entry], error: QLabel) -> Entry | None:
        """Record what was typed; a refusal is shown next to the form, the text kept.

        The disk is not this form's business: the recorder keeps an entry it
        cannot write yet in its queue, and the window says so.
        """
        self.last_errors = {}
        try:
            entry = action()
        except EntryRefused as refused:
            self.last_errors = refused.errors
            error.setText(str(refused))
            error.show()
            self.refused.emit(refused)
            return None
        error.hide()
        self.saved.emit(entry)
        return entry

    def save_intention(self) -> None:
        """The note field's text, saved as the patient's intention."""
        self._save_text(self.book.intention)

    def save_note(self) -> None:
        self._save_text(self.book.note)

    def _save_text(self, save: Callable[[str, str], Entry]) -> None:
        if self._save(lambda: save(self.note_edit.text(), self.author()), self.note_error):
            self.note_edit.clear()

    def save_observation(self, tag: str) -> None:
        self._save(lambda: self.book.observation(tag, self.author()), self.note_error)

    def save_vitals(self) -> None:
        typed = {name: edit.text() for name, edit in self.vital_edits.items()}
        entry = self._save(
            lambda: self.book.vitals(typed, self.fahrenheit.isChecked(), self.author()),
            self.vitals_error,
        )
        self._mark_invalid(set(self.last_errors))
        if entry is None:
            return
        for edit in self.vital_edits.values():
            edit.clear()
        self.vital_edits["systolic"].setFocus()  # the next set starts where a set starts

    def _mark_invalid(self, names: set[str]) -> None:
        """Outline in red the vitals fields a refusal names (and only those)."""
        for name, edit in self.vital_edits.items():
            edit.setProperty("invalid", name in names)
            edit.style().unpolish(edit)
            edit.style().polish(edit)

    def _vitals_changed(self) -> None:
        emptied = not any(edit.text() for edit in self.vital_edits.values())
        if emptied and not self.vitals_error.isHidden():
            self.vitals_error.hide()
            self._mark_invalid(set())

    def save_rating(self) -> None:
        scale = self.scale.currentData() or ""
        if self._save(
            lambda: self.book.rating(scale, self.rating_edit.text(), self.author()),
            self.rating_error,
        ):
            self.rating_edit.clear()

    def typed(self) -> list[str]:
        """What is typed in the forms and not saved, each in a few words."""
        found = []
        note = self.note_edit.text().strip()
        if note:
            found.append(f"a note ({note[:40]}{'…' if len(note) > 40 else ''})")
        signs = {sign.key: sign.short for sign in VITAL_SIGNS}
        vitals = [
            f"{signs[key]} {edit.text().strip()}"
            for key, edit in self.vital_edits.items()
            if edit.text().strip()
        ]
        if vitals:
            found.append(f"vitals ({', '.join(vitals)})")
        if self.rating_edit.text().strip():
            found.append(f"a rating ({self.scale.currentText()} {self.rating_edit.text().strip()})")
        return found

    def clear_focused_form(self) -> None:
        """Esc: clear the form that has the focus (and its message)."""
        focused = self.focusWidget()
        if focused is self.note_edit:
            self.note_edit.clear()
            self.note_error.hide()
        elif focused in self.vital_edits.values():
            for edit in self.vital_edits.values():
                edit.clear()
            self.vitals_error.hide()
            self._mark_invalid(set())
        elif focused is self.rating_edit:
            self.rating_edit.clear()
            self.rating_error.hide()
