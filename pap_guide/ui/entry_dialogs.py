"""Dialogs about log entries: an adverse event, a correction or strike-out.

The window's ``Asker`` opens them; tests answer through their own asker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit, QWidget

from pap_guide.core import entries as kinds
from pap_guide.core.entries import SEVERITIES, Entry, describe, when
from pap_guide.core.logbook import FAHRENHEIT, EntryRefused
from pap_guide.core.vitals import SIGNS, VITAL_SIGNS, Reading
from pap_guide.ui.dialog_fit import FitDialog, wrapped
from pap_guide.ui.entry_forms import error_label
from pap_guide.ui.widgets import named


def _save_buttons(dialog: AmendDialog | AdverseDialog) -> None:
    """Save runs the dialog's own save (which may refuse and stay open); Cancel closes."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    dialog.add_buttons(buttons)


SaveAmendment = Callable[[dict[str, str], str], object]  # values, reason; raises EntryRefused


class AmendDialog(FitDialog):
    """Asks for the corrected value (if any) and the reason; stays open, as typed, when refused."""

    def __init__(
        self,
        entry: Entry,
        strike: bool,
        save: SaveAmendment | None = None,
        parent: QWidget | None = None,
        first: Entry | None = None,
    ) -> None:
        super().__init__("Strike out entry" if strike else "Correct entry", parent)
        self.save_amendment = save
        form = self.form
        # when and by whom it was logged, as its row in the log: a corrected entry's
        # heading gave the correction's time, which the log shows nowhere
        logged = entry if first is None else first
        form.addRow(wrapped(f"{when(logged)} · {logged.author}: {describe(entry)}"))
        self.fields: dict[str, QLineEdit] = {}
        self.fahrenheit: QCheckBox | None = None
        if not strike:
            if entry.kind in (kinds.NOTE, kinds.INTENTION):
                self.fields["text"] = QLineEdit(entry.data["text"])
            elif entry.kind == kinds.RATING:
                self.fields["value"] = QLineEdit(str(entry.data["value"]))
            elif entry.kind == kinds.VITALS:
                reading = Reading.from_data(entry.data)
                for sign in VITAL_SIGNS:
                    value = reading.values.get(sign.key)
                    self.fields[sign.key] = QLineEdit("" if value is None else f"{value:g}")
                # a temperature typed in °F is offered in °F, as it was typed
                typed = reading.entered.get("temperature_c", "")
                if typed.endswith("°F"):
                    self.fields["temperature_c"].setText(typed.removesuffix("°F").strip())
                self.fahrenheit = named(
                    QCheckBox("°F"), "amendFahrenheitCheck", "Temperature in Fahrenheit"
                )
                self.fahrenheit.setChecked(typed.endswith("°F"))
                self.fahrenheit.setToolTip("Ticked: the temperature is in °F (saved in °C)")
            for name, edit in self.fields.items():
                label = SIGNS[name].label if name in SIGNS else name.capitalize()
                # the temperature's unit is the °F box below it
                unit = f" ({SIGNS[name].unit})" if name in SIGNS and name != "temperature_c" else ""
                form.addRow(label + unit, edit)
            if self.fahrenheit is not None:  # under the fields it is the unit of
                form.addRow("", self.fahrenheit)
        self.reason = named(QLineEdit(), "amendReasonEdit", "Reason for the amendment")
        form.addRow("Why", self.reason)
        # typing at once lands in the first field (it was lost, with no field focused)
        self.opening = next(iter(self.fields.values()), self.reason)
        self.opening.setFocus()
        self.error = error_label("amendError", "Amendment problem")
        form.addRow(self.error)
        _save_buttons(self)

    def setVisible(self, visible: bool) -> None:  # Qt override
        super().setVisible(visible)
        if visible:
            # QDialog gives its focus a Tab focus-in on show, and a line edit selects
            # all on that: the first key typed would replace what is being corrected
            self.opening.deselect()
            self.opening.end(False)

    def values(self) -> dict[str, str]:
        """What is typed; with FAHRENHEIT set when the temperature is in °F."""
        typed = {name: edit.text() for name, edit in self.fields.items()}
        if self.fahrenheit is not None and self.fahrenheit.isChecked():
            typed[FAHRENHEIT] = "yes"
        return typed

    def save(self) -> None:
        """Saved and closed, or refused: the reason beside the fields, what was typed kept."""
        if self.save_amendment is not None:
            try:
                self.save_amendment(self.values(), self.reason.text())
            except EntryRefused as refused:
                self.error.setText(str(refused))
                self.error.show()
                self.refit()
                for name, edit in [*self.fields.items(), ("reason", self.reason)]:
                    edit.setProperty("invalid", name in refused.errors)
                    edit.style().unpolish(edit)
                    edit.style().polish(edit)
                return
        self.accept()


SaveAdverse = Callable[[str, str, str], object]  # what, severity, action; raises EntryRefused


class AdverseDialog(FitDialog):
    """What happened, how severe, what was done. Keeps the input when refused."""

    def __init__(self, save: SaveAdverse, parent: QWidget | None = None) -> None:
        super().__init__("Adverse event", parent)
        self.save_adverse = save
        form = self.form
        self.what = named(QLineEdit(), "adverseWhatEdit", "What happened")
        self.first_field = self.what  # typing at once lands in the first field
        self.severity = named(QComboBox(), "adverseSeverityCombo", "Severity")
        self.severity.addItems(list(SEVERITIES))
        self.action = named(QLineEdit(), "adverseActionEdit", "Action taken")
        self.error = error_label("adverseError", "Adverse event problem")
        form.addRow("What happened", self.what)
        form.addRow("Severity", self.severity)
        form.addRow("Action taken", self.action)
        form.addRow(self.error)
        _save_buttons(self)

    def save(self) -> None:
        try:
            self.save_adverse(self.what.text(), self.severity.currentText(), self.action.text())
        except EntryRefused as refused:
            self.error.setText(str(refused))
            self.error.show()
            self.refit()
            return
        self.accept()
