"""Entry forms: a note in one line, one-click observations, vitals, ratings.

Every form keeps what was typed when a save is refused or fails, shows the
reason next to the field, and clears only after the entry is committed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
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
from pap_guide.ui.widgets import named

VITAL_EDITS = {
    "systolic": ("systolicEdit", "Systolic", "mmHg"),
    "diastolic": ("diastolicEdit", "Diastolic", "mmHg"),
    "heart_rate": ("heartRateEdit", "Heart rate", "/min"),
    "spo2": ("spo2Edit", "SpO2", "%"),
    "resp_rate": ("respRateEdit", "Resp. rate", "/min"),
    "temperature_c": ("temperatureEdit", "Temperature", "°C"),
}
SHORT = {
    "systolic": "Sys",
    "diastolic": "Dia",
    "heart_rate": "HR",
    "spo2": "SpO2",
    "resp_rate": "RR",
    "temperature_c": "Temp",
}


def error_label(name: str, what: str) -> QLabel:
    label = named(QLabel(""), name, what)
    label.setWordWrap(True)
    label.hide()
    return label


class EntryForms(QWidget):
    """The monitor's entry forms.

    Signals:
        saved(object): an Entry was committed.
        failed(str): saving failed for a reason outside the input (disk, database).
    """

    saved = Signal(object)
    failed = Signal(str)

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
        self.observations = QHBoxLayout()
        self.vital_edits = {
            name: named(QLineEdit(), obj, label) for name, (obj, label, _) in VITAL_EDITS.items()
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
        self.pending: dict[str, Callable[[], None]] = {}  # saves to try again

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.note_button)
        row.addWidget(self.intention_button)
        layout.addLayout(row)
        layout.addWidget(self.note_error)
        layout.addLayout(self.observations)
        grid = QGridLayout()
        for column, (name, (_, label, unit)) in enumerate(VITAL_EDITS.items()):
            caption = QLabel(SHORT[name])
            caption.setToolTip(f"{label} ({unit})")
            grid.addWidget(caption, 0, column)
            edit = self.vital_edits[name]
            edit.setPlaceholderText(unit)
            edit.setToolTip(f"{label} ({unit}); Enter saves the vitals")
            edit.setMaximumWidth(80)
            grid.addWidget(edit, 1, column)
        grid.addWidget(self.fahrenheit, 0, len(VITAL_EDITS))
        grid.addWidget(self.vitals_button, 1, len(VITAL_EDITS))
        layout.addLayout(grid)
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
        self.rating_edit.returnPressed.connect(self.save_rating)
        self.rating_button.clicked.connect(self.save_rating)
        self.fahrenheit.toggled.connect(
            lambda on: self.vital_edits["temperature_c"].setPlaceholderText("°F" if on else "°C")
        )
        keys = {
            "Ctrl+1": self.note_edit,
            "Ctrl+2": self.vital_edits["systolic"],
            "Ctrl+3": self.rating_edit,
        }
        for key, widget in keys.items():
            QShortcut(QKeySequence(key), self, widget.setFocus)
        escape = QShortcut(QKeySequence("Esc"), self, self.clear_focused_form)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_protocol(self, protocol: SessionProtocol | None) -> None:
        """Show the observation tags and rating scales of ``protocol``."""
        if protocol is self.protocol:
            return
        self.protocol = protocol
        while self.observations.count():
            item = self.observations.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from findChild at once
                widget.deleteLater()
        self.scale.clear()
        if protocol is None:
            return
        for tag in protocol.monitor.observations:
            button = named(
                QPushButton(tag), f"observation_{tag.replace(' ', '_')}", f"Observation: {tag}"
            )
            button.setToolTip(f"Log '{tag}' now, in one click")
            button.clicked.connect(lambda _=False, t=tag: self.save_observation(t))
            self.observations.addWidget(button)
        self.observations.addStretch(1)
        for scale in protocol.monitor.ratings:
            self.scale.addItem(f"{scale.name} {scale.low}–{scale.high}", scale.name)
            self.scale.setToolTip(scale.description)

    # -- saving

    def _save(
        self, action: Callable[[], Entry], error: QLabel, key: str, retry: Callable[[], None]
    ) -> Entry | None:
        self.last_errors = {}
        try:
            entry = action()
        except EntryRefused as refused:
            self.pending.pop(key, None)
            self.last_errors = refused.errors
            error.setText(str(refused))
            error.show()
            return None
        except Exception as exc:  # the disk or database: keep the input, say why
            self.pending[key] = retry
            error.setText(
                f"Not saved yet ({exc}). What you typed is kept and is saved by "
                "itself as soon as it can be."
            )
            error.show()
            self.failed.emit(str(exc))
            return None
        self.pending.pop(key, None)
        error.hide()
        self.saved.emit(entry)
        return entry

    def retry_pending(self) -> None:
        """Try again every save that failed for a reason outside the input."""
        for retry in list(self.pending.values()):
            retry()

    def save_intention(self) -> None:
        """The note field's text, saved as the patient's intention."""
        self._save_text(self.book.intention, "intention", self.save_intention)

    def save_note(self) -> None:
        self._save_text(self.book.note, "note", self.save_note)

    def _save_text(
        self, save: Callable[[str, str], Entry], key: str, retry: Callable[[], None]
    ) -> None:
        if self._save(
            lambda: save(self.note_edit.text(), self.author()), self.note_error, key, retry
        ):
            self.note_edit.clear()

    def save_observation(self, tag: str) -> None:
        self._save(
            lambda: self.book.observation(tag, self.author()),
            self.note_error,
            f"observation:{tag}",
            lambda: self.save_observation(tag),
        )

    def save_vitals(self) -> None:
        typed = {name: edit.text() for name, edit in self.vital_edits.items()}
        entry = self._save(
            lambda: self.book.vitals(typed, self.fahrenheit.isChecked(), self.author()),
            self.vitals_error,
            "vitals",
            self.save_vitals,
        )
        for name, edit in self.vital_edits.items():
            edit.setProperty("invalid", name in self.last_errors)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        if entry is None:
            return
        for edit in self.vital_edits.values():
            edit.clear()

    def save_rating(self) -> None:
        scale = self.scale.currentData() or ""
        if self._save(
            lambda: self.book.rating(scale, self.rating_edit.text(), self.author()),
            self.rating_error,
            "rating",
            self.save_rating,
        ):
            self.rating_edit.clear()

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
        elif focused is self.rating_edit:
            self.rating_edit.clear()
            self.rating_error.hide()
